import SluiceCore
import SluiceWire
import SluiceWorkflowFile

/// What each fuzz target (Fuzz/, `make fuzz`) does with one input: every place untrusted bytes or
/// text enter Sluice. Shared with `FuzzCorpusTests`, which replays the committed corpus (the
/// seeds, and every input a fuzzer found a crash with) in `make test`.
///
/// A body returns quietly for any input, accepted or refused; it throws ``InvariantBroken`` when
/// a value it accepted does not survive being written out and read back. The fuzz targets turn
/// that into a crash, so that libFuzzer keeps the input.
public enum FuzzBodies {
    public struct InvariantBroken: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The bodies by the name of their fuzz target and corpus folder.
    public static let all: [(name: String, body: @Sendable ([UInt8]) throws -> Void)] = [
        ("wire", wire),
        ("workflow-yaml", workflowYAML),
        ("json", json),
        ("literal-text", literalText),
        ("shell-outputs", shellOutputs),
    ]

    /// The first byte picks the types a value is read as, from these.
    static let types: [LiteralType] = [
        "int", "float", "string", "bool", "bytes", "datetime", "duration", "none", "struct",
        "list<int>", "map<float>", "optional<string>", "int | float", "list<map<list<string>>>",
        "map<int | string>", "blob(csv)",
    ].map(parsed)

    /// A type written in the workflow files' syntax; these are constants, so one that does not
    /// parse is a mistake here.
    static func parsed(_ text: String) -> LiteralType {
        do { return try TypeText.parse(text) } catch { preconditionFailure("\(text): \(error)") }
    }

    static func type(_ selector: UInt8?) -> LiteralType {
        types[Int(selector ?? 0) % types.count]
    }

    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension FuzzBodies {
    /// Runs the body of the fuzz target named `target`.
    public static func run(_ target: String, _ bytes: [UInt8]) throws {
        guard let body = all.first(where: { $0.name == target })?.body else {
            preconditionFailure("no fuzz body is named \(target)")
        }
        try body(bytes)
    }
}
