import Foundation
import SluiceAdmin
import SluiceCatalog
import SluiceSettings
import Testing

/// The order settings are read in, and the errors an operator gets for what is wrong.
@Suite struct SettingsReaderTests {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFlagWinsOverAVariableWhichWinsOverTheFileWhichWinsOverTheDefault() async throws {
        let path = try file("a: 1\nb: 1\nc: 1\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(
            service: "admin", flags: ["a": .init(flag: "--a", "3")],
            environment: ["SLUICE_ADMIN_A": "2", "SLUICE_ADMIN_B": "2"], configFile: path)
        #expect(try settings.int("a", default: 0, in: 0...9) == 3)
        #expect(try settings.int("b", default: 0, in: 0...9) == 2)
        #expect(try settings.int("c", default: 0, in: 0...9) == 1)
        #expect(try settings.int("d", default: 0, in: 0...9) == 0)
        #expect(settings.sources["a"] == "--a")
        #expect(settings.sources["b"] == "environment variable SLUICE_ADMIN_B")
        #expect(settings.sources["c"] == "'c' in \(path)")
        #expect(settings.sources["d"] == "default")
        try settings.refuseUnknownKeys()
    }

    @Test func nestedAndDottedKeysInTheFileAreTheSameAndCamelCaseMapsToUpperSnakeVariables() async throws {
        let path = try file("catalog:\n  deadline: 250ms\ntuning.eventsPerBatch: 7\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(
            service: "scheduler", environment: ["SLUICE_SCHEDULER_TUNING_STARTS_PER_TURN": "9"], configFile: path)
        #expect(try settings.duration("catalog.deadline", default: .seconds(1), in: .zero...(.seconds(9))) == .milliseconds(250))
        #expect(try settings.int("tuning.eventsPerBatch", default: 1, in: 1...10) == 7)
        #expect(try settings.int("tuning.startsPerTurn", default: 1, in: 1...10) == 9)
        try settings.refuseUnknownKeys()
    }

    @Test func theFileCanBeNamedByAVariable() async throws {
        let path = try file("pool: gpu\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(service: "executor", environment: ["SLUICE_EXECUTOR_CONFIG": path])
        #expect(try settings.string("pool", default: "") == "gpu")
        try settings.refuseUnknownKeys()
    }

    @Test func listsComeFromASequenceAScalarACommaListOrARepeatedFlag() async throws {
        let sequence = try file("listen:\n  - tcp://a:1\n  - ipc:///tmp/b\n")
        let scalar = try file("listen: tcp://a:1\n")
        defer { for path in [sequence, scalar] { try? FileManager.default.removeItem(atPath: path) } }
        let fromSequence = try await SettingsReader(service: "admin", environment: [:], configFile: sequence)
        #expect(try fromSequence.strings("listen", default: []) == ["tcp://a:1", "ipc:///tmp/b"])
        let fromScalar = try await SettingsReader(service: "admin", environment: [:], configFile: scalar)
        #expect(try fromScalar.strings("listen", default: []) == ["tcp://a:1"])
        let fromVariable = try await SettingsReader(service: "admin", environment: ["SLUICE_ADMIN_LISTEN": "tcp://a:1, tcp://b:2"])
        #expect(try fromVariable.strings("listen", default: []) == ["tcp://a:1", "tcp://b:2"])
        let fromFlags = try await SettingsReader(service: "admin", flags: ["listen": .init(flag: "--listen", ["x", "y"])], environment: [:])
        #expect(try fromFlags.strings("listen", default: []) == ["x", "y"])
    }

    @Test func aBadValueNamesTheKeyAndWhereItCameFrom() async throws {
        let path = try file("limits:\n  longestWait: 300\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(
            service: "admin", environment: ["SLUICE_ADMIN_LIMITS_MOST_LISTED": "lots", "SLUICE_ADMIN_LOG_LEVEL": "loud"],
            configFile: path)
        #expect(throws: SettingsError("'limits.longestWait' in \(path): '300' is not a duration with a unit, such as 250ms, 30s or 5m")) {
            try settings.duration("limits.longestWait", default: .seconds(1), in: .zero...(.seconds(600)))
        }
        #expect(throws: SettingsError("environment variable SLUICE_ADMIN_LIMITS_MOST_LISTED: 'lots' is not a whole number")) {
            try settings.int("limits.mostListed", default: 1, in: 1...10)
        }
        #expect(throws: SettingsError("environment variable SLUICE_ADMIN_LOG_LEVEL: 'loud' is not one of info, debug")) {
            try settings.choice("log.level", default: "info", among: ["info", "debug"])
        }
    }

    @Test func aValueOutOfRangeSaysTheRange() async throws {
        let settings = try await SettingsReader(service: "catalog", flags: ["n": .init(flag: "--n", "0")], environment: [:])
        #expect(throws: SettingsError("--n: 0 is out of range; use 1 to 5")) { try settings.int("n", default: 1, in: 1...5) }
        let wait = try await SettingsReader(service: "catalog", environment: ["SLUICE_CATALOG_WAIT": "2h"])
        #expect(throws: SettingsError("environment variable SLUICE_CATALOG_WAIT: 2h is out of range; use 1s to 3600s")) {
            try wait.duration("wait", default: .seconds(1), in: .seconds(1)...(.seconds(3600)))
        }
    }

    @Test func aMisspeltKeyInTheFileIsAnError() async throws {
        let path = try file("log:\n  levl: debug\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(service: "admin", environment: [:], configFile: path)
        _ = try settings.choice("log.level", default: "info", among: ["info", "debug"])
        #expect(throws: SettingsError("unknown key 'log.levl' in \(path); admin reads log.level")) { try settings.refuseUnknownKeys() }
    }

    @Test func anUnknownVariableOfTheServiceIsAnErrorAndOtherServicesVariablesAreNot() async throws {
        let settings = try await SettingsReader(
            service: "catalog",
            environment: ["SLUICE_CATALOG_DATABSE": "/x", "SLUICE_ADMIN_DATABASE": "/y", "SLUICE_CATALOG": "tcp://c:1"])
        _ = try settings.string("database", default: "")
        #expect(throws: SettingsError(
            "unknown environment variable SLUICE_CATALOG_DATABSE; catalog reads SLUICE_CATALOG_CONFIG, SLUICE_CATALOG_DATABASE"
        )) { try settings.refuseUnknownKeys() }
    }

    @Test func aFileOfCommentsIsEmptyAndAFileThatIsNotAMappingIsRefused() async throws {
        let comments = try file("# nothing set\n")
        let list = try file("- a\n- b\n")
        defer { for path in [comments, list] { try? FileManager.default.removeItem(atPath: path) } }
        let empty = try await SettingsReader(service: "admin", environment: [:], configFile: comments)
        #expect(try empty.string("database", default: "d") == "d")
        await #expect(throws: SettingsError("the configuration file \(list) must be a mapping of settings (key: value)")) {
            _ = try await SettingsReader(service: "admin", environment: [:], configFile: list)
        }
    }

    @Test func aMissingOrBrokenFileIsAnErrorNamingIt() async throws {
        let broken = try file("log: [unclosed\n")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        do {
            _ = try await SettingsReader(service: "admin", environment: [:], configFile: "/no/such/admin.yaml")
            Issue.record("a missing file was accepted")
        } catch let error as SettingsError {
            #expect(error.description.hasPrefix("cannot read the configuration file /no/such/admin.yaml"), "\(error)")
        }
        do {
            _ = try await SettingsReader(service: "admin", environment: [:], configFile: broken)
            Issue.record("broken YAML was accepted")
        } catch let error as SettingsError {
            #expect(error.description.hasPrefix("the configuration file \(broken) is not valid YAML"), "\(error)")
        }
    }

    @Test func aSingleValueSettingRefusesAList() async throws {
        let path = try file("database:\n  - a\n  - b\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await SettingsReader(service: "admin", environment: [:], configFile: path)
        #expect(throws: SettingsError("'database' in \(path): expects a single value, not a list or a mapping")) {
            try settings.string("database", default: "")
        }
    }
}

/// A PostgreSQL URL in `database` is checked at start-up, and its password never shows.
@Suite struct DatabaseURLSettingTests {
    @Test func aMalformedURLNamesItsSourceWithoutThePassword() async throws {
        for url in ["postgres://ada:pa/ss@db.example/sluice", "postgres://ada:s3cret:more@db.example", "postgres://ada:s3cret@db.example:5432"] {
            let settings = try await SettingsReader(service: "admin", environment: ["SLUICE_ADMIN_DATABASE": url])
            do {
                _ = try AdminConfiguration(reading: settings)
                Issue.record("\(url) was accepted")
            } catch let error as SettingsError {
                #expect(error.description.hasPrefix("environment variable SLUICE_ADMIN_DATABASE: "), "\(error)")
                #expect(!error.description.contains("pa/ss") && !error.description.contains("s3cret"), "\(error)")
            }
        }
    }

    @Test func aWellFormedURLIsKeptAsGiven() async throws {
        let url = "postgres://ada:p%40ss@db.example:6543/sluice?sslmode=require"
        let settings = try await SettingsReader(service: "catalog", flags: ["database": .init(flag: "--database", url)], environment: [:])
        #expect(try CatalogConfiguration(reading: settings).database == url)
    }
}
