import Logging
import SluiceSettings

/// How a service logs: `log.level` and `log.format` (text for a terminal, JSON lines for a
/// container's log collector).
public struct LogSettings: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    public var level: Logger.Level = .info
    public var format: Format = .text

    public init(level: Logger.Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }

    public init(reading settings: SettingsReader) throws {
        let levels = Logger.Level.allCases.map(\.rawValue)
        level = Logger.Level(rawValue: try settings.choice("log.level", default: "info", among: levels)) ?? .info
        format = Format(rawValue: try settings.choice("log.format", default: "text", among: Format.allCases.map(\.rawValue))) ?? .text
    }
}
