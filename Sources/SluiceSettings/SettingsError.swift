/// A setting a service cannot start with: an unknown key, a value of the wrong kind or out of
/// range, or a configuration file it cannot read. The message names the key and where it came
/// from (a flag, an environment variable or a file), so that an operator knows what to fix.
public struct SettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
