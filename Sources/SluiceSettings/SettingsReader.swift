import Configuration
import SluiceCore

/// Reads one service's settings in one order everywhere: a flag wins over a `SLUICE_*`
/// environment variable, which wins over the configuration file (`--config FILE`), which wins
/// over the default in code. swift-configuration's providers hold each layer; this reader asks
/// them in turn, so that a bad value is reported with the one place it came from.
///
/// Read every setting, then call ``refuseUnknownKeys()``: a key in the file, or a
/// `SLUICE_<SERVICE>_` variable, that no setting read is a misspelling, and an error.
public final class SettingsReader {
    public let service: String
    public let filePath: String?
    private let flags: InMemoryProvider
    private let flagNames: [String: String]
    private let environment: EnvironmentVariablesProvider
    private let environmentNames: Set<String>
    private let file: SettingsFile?
    /// Keys read so far, with their environment variables, in reading order.
    public private(set) var known: [(key: String, environmentVariable: String)] = []
    /// Where each key read got its value: a flag, a variable, the file, or "default".
    public private(set) var sources: [String: String] = [:]

    /// - Parameters:
    ///   - flags: values given on the command line, by key, with the flag that gave each.
    ///   - configFile: the file given with `--config`; when nil, `SLUICE_<SERVICE>_CONFIG` names it.
    public init(
        service: String, flags: [String: FlagValue] = [:], environment: [String: String], configFile: String? = nil
    ) async throws {
        self.service = service
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, flag) in flags {
            values[AbsoluteConfigKey(Self.components(key))] = ConfigValue(flag.content, isSecret: false)
        }
        self.flags = InMemoryProvider(name: "flags", values: values)
        self.flagNames = flags.mapValues(\.flag)
        self.environment = EnvironmentVariablesProvider(environmentVariables: environment)
        let prefix = SettingName.environmentPrefix(service: service)
        self.environmentNames = Set(environment.keys.filter { $0.hasPrefix(prefix) })
        let configVariable = SettingName.environmentVariable(service: service, key: "config")
        let path = configFile ?? environment[configVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.filePath = path
        if let path { self.file = try await SettingsFile.open(path) } else { self.file = nil }
        known.append((key: "config", environmentVariable: configVariable))
    }

    /// A value given on the command line.
    public struct FlagValue: Sendable {
        public var flag: String
        var content: ConfigContent

        public init(flag: String, _ value: String) {
            self.flag = flag
            self.content = .string(value)
        }

        public init(flag: String, _ values: [String]) {
            self.flag = flag
            self.content = .stringArray(values)
        }
    }

    // MARK: Typed settings

    public func string(_ key: String, default value: String, environmentVariable: String? = nil) throws -> String {
        try lookUp(key, environmentVariable: environmentVariable, list: false)?.value.first ?? value
    }

    /// A value made from text by `make`; what it throws is refused naming where the text came
    /// from (`--database: …`, `environment variable SLUICE_ADMIN_DATABASE: …`).
    public func string<Value>(_ key: String, default value: String, _ make: (String) throws -> Value) throws -> Value {
        let text = try string(key, default: value)
        do {
            return try make(text)
        } catch {
            throw SettingsError("\(sources[key] ?? key): \(error)")
        }
    }

    /// A list: a YAML sequence (or one value), a comma-separated variable, or a repeated flag.
    public func strings(_ key: String, default value: [String], environmentVariable: String? = nil) throws -> [String] {
        guard let found = try lookUp(key, environmentVariable: environmentVariable, list: true) else { return value }
        return found.value.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        try parsed(key, default: value) { text in
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")) else {
                return .failure("'\(text)' is not a whole number")
            }
            guard range.contains(number) else {
                return .failure("\(number) is out of range; use \(range.lowerBound) to \(range.upperBound)")
            }
            return .success(number)
        }
    }

    /// A duration with a unit: "250ms", "30s", "5m", "1h30m".
    public func duration(_ key: String, default value: Duration, in range: ClosedRange<Duration>) throws -> Duration {
        try parsed(key, default: value) { text in
            guard Double(text) == nil, let duration = DurationText.parse(text) else {
                return .failure("'\(text)' is not a duration with a unit, such as 250ms, 30s or 5m")
            }
            guard range.contains(duration) else {
                return .failure("\(text) is out of range; use \(DurationText.format(range.lowerBound)) to \(DurationText.format(range.upperBound))")
            }
            return .success(duration)
        }
    }

    public func bool(_ key: String, default value: Bool, environmentVariable: String? = nil) throws -> Bool {
        try parsed(key, default: value, environmentVariable: environmentVariable) { text in
            switch text.lowercased() {
            case "true", "yes", "on", "1": .success(true)
            case "false", "no", "off", "0": .success(false)
            default: .failure("'\(text)' is not true or false")
            }
        }
    }

    /// One of a few words, such as a log format.
    public func choice(_ key: String, default value: String, among choices: [String]) throws -> String {
        try parsed(key, default: value) { text in
            choices.contains(text.lowercased())
                ? .success(text.lowercased())
                : .failure("'\(text)' is not one of \(choices.joined(separator: ", "))")
        }
    }

    // MARK: Unknown keys

    /// Throws naming the first key in the file, or `SLUICE_<SERVICE>_` variable, that no
    /// setting of this service read.
    public func refuseUnknownKeys() throws {
        // The file cannot name another file.
        let keys = known.map(\.key).filter { $0 != "config" }
        if let file, let unknown = file.keys.first(where: { !keys.contains($0) }) {
            throw SettingsError("unknown key '\(unknown)' in \(file.path); \(service) reads \(keys.joined(separator: ", "))")
        }
        let variables = Set(known.map(\.environmentVariable))
        if let unknown = environmentNames.sorted().first(where: { !variables.contains($0) }) {
            let ours = known.map(\.environmentVariable).filter { $0.hasPrefix(SettingName.environmentPrefix(service: service)) }
            throw SettingsError(
                "unknown environment variable \(unknown); \(service) reads \(ours.joined(separator: ", "))")
        }
    }

    // MARK: Layers

    private enum Parsed<Value> {
        case success(Value)
        case failure(String)
    }

    private func parsed<Value>(
        _ key: String, default value: Value, environmentVariable: String? = nil, _ parse: (String) -> Parsed<Value>
    ) throws -> Value {
        guard let found = try lookUp(key, environmentVariable: environmentVariable, list: false), let text = found.value.first else { return value }
        switch parse(text.trimmingCharacters(in: .whitespaces)) {
        case .success(let parsedValue): return parsedValue
        case .failure(let problem): throw SettingsError("\(found.source): \(problem)")
        }
    }

    /// The first layer's value for `key`, as text, with a description of where it came from.
    private func lookUp(_ key: String, environmentVariable: String?, list: Bool) throws -> (value: [String], source: String)? {
        let variable = environmentVariable ?? SettingName.environmentVariable(service: service, key: key)
        known.append((key: key, environmentVariable: variable))
        let configKey = AbsoluteConfigKey(Self.components(key))
        var layers: [(provider: any ConfigProvider, key: AbsoluteConfigKey, source: String)] = [
            (flags, configKey, flagNames[key] ?? key),
            // The variable's name is given whole, which the provider's key encoding keeps as it is.
            (environment, AbsoluteConfigKey([variable]), "environment variable \(variable)"),
        ]
        if let provider = file?.provider, let path = file?.path {
            layers.append((provider, configKey, "'\(key)' in \(path)"))
        }
        for layer in layers {
            if let value = try Self.value(of: layer.provider, at: layer.key, list: list, source: layer.source) {
                sources[key] = layer.source
                return (value, layer.source)
            }
        }
        sources[key] = "default"
        return nil
    }

    private static func value(of provider: any ConfigProvider, at key: AbsoluteConfigKey, list: Bool, source: String) throws -> [String]? {
        do {
            if list, case .stringArray(let values)? = try? provider.value(forKey: key, type: .stringArray).value?.content {
                return values
            }
            switch try provider.value(forKey: key, type: .string).value?.content {
            case .string(let text)?: return list ? text.split(separator: ",").map(String.init) : [text]
            case .stringArray(let values)?: return list ? values : nil
            default: return nil
            }
        } catch {
            throw SettingsError("\(source): \(list ? "expects a value or a list of values" : "expects a single value, not a list or a mapping")")
        }
    }

    private static func components(_ key: String) -> [String] {
        key.split(separator: ".").map(String.init)
    }
}
