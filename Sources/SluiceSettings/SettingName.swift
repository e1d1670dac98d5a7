/// How a setting's key is spelled in each place it can be set. Keys are dotted and camelCased
/// (`catalog.deadline`, `longPoll.longest`), as in a configuration file; the environment
/// variable is the service's prefix and the key in upper snake case
/// (`SLUICE_SCHEDULER_CATALOG_DEADLINE`, `SLUICE_ADMIN_LONG_POLL_LONGEST`).
public enum SettingName {
    /// `SLUICE_<SERVICE>_`: every variable a service reads starts with it, unless a setting
    /// names its own (the addresses shared with the CLI, such as `SLUICE_ADMIN`).
    public static func environmentPrefix(service: String) -> String {
        "SLUICE_" + upperSnake(service) + "_"
    }

    public static func environmentVariable(service: String, key: String) -> String {
        environmentPrefix(service: service) + upperSnake(key)
    }

    /// "longPoll.longest" → "LONG_POLL_LONGEST".
    static func upperSnake(_ key: String) -> String {
        var words: [String] = []
        for component in key.split(separator: ".") {
            var word = ""
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase || previous.isNumber, character.isUppercase {
                    words.append(word)
                    word = ""
                }
                word.append(character == "-" ? "_" : character)
                previous = character
            }
            words.append(word)
        }
        return words.joined(separator: "_").uppercased()
    }
}
