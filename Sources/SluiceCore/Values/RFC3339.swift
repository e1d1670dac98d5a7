import SluiceWire

/// Datetimes as RFC 3339 text ("2026-01-01T12:30:00.25Z"), exact to the nanosecond. Written in
/// integer arithmetic on the civil calendar rather than through Foundation's date formatters,
/// which round to microseconds.
public enum RFC3339 {
    /// UTC, with as many fraction digits as the nanoseconds need (none for a whole second).
    public static func format(_ timestamp: Timestamp) -> String {
        var seconds = timestamp.seconds
        var nanos = Int64(timestamp.nanos)
        // Normalise so that nanos lie in 0..<1e9 even for a Timestamp built by hand.
        seconds &+= nanos / 1_000_000_000
        nanos %= 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds &-= 1
        }
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanos > 0 {
            var fraction = pad(nanos, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// Reads "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)". Fractions beyond nanoseconds are cut.
    /// Nil when the text is not such a datetime or names a day or time that does not exist.
    public static func parse(_ text: String) -> Timestamp? {
        let chars = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int64? {
            guard position + width <= chars.count else { return nil }
            var value: Int64 = 0
            for byte in chars[position..<position + width] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            position += width
            return value
        }
        func take(_ allowed: String) -> Bool {
            guard position < chars.count, allowed.utf8.contains(chars[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2),
              take("Tt "), let hour = number(2), take(":"), let minute = number(2), take(":"), let second = number(2)
        else { return nil }
        var nanos: Int64 = 0
        if take(".") {
            var digits = 0
            while position < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[position]) {
                if digits < 9 { nanos = nanos * 10 + Int64(chars[position] - UInt8(ascii: "0")) }
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if take("Zz") {
            offsetSeconds = 0
        } else if position < chars.count, chars[position] == UInt8(ascii: "+") || chars[position] == UInt8(ascii: "-") {
            let sign: Int64 = chars[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let offsetHours = number(2), take(":"), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard position == chars.count, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61
        else { return nil }
        // A leap second is read as the last second of its minute: Timestamp has no room for it.
        let wholeSeconds = days(fromCivilYear: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        let timestamp = Timestamp(seconds: wholeSeconds, nanos: Int32(nanos))
        return timestamp.isValid ? timestamp : nil
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era-based algorithm).
    private static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
