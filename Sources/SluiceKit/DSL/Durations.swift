extension Duration {
    /// `minutes` minutes, for timeouts and sleeps (Swift's `Duration` stops at seconds).
    public static func minutes(_ minutes: Int64) -> Duration { .seconds(minutes * 60) }

    /// `hours` hours, for gates that wait for people.
    public static func hours(_ hours: Int64) -> Duration { .seconds(hours * 3_600) }

    /// `days` days.
    public static func days(_ days: Int64) -> Duration { .seconds(days * 86_400) }
}
