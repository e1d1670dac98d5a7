import Foundation

/// A file holding one token, as `sluice up` writes them and as container secrets are mounted.
public enum TokenFile {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ path: String) throws(Problem) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read token file \(path)")
        }
        guard data.count <= 4096 else { throw Problem(description: "token file \(path) holds \(data.count) bytes; a token is one short line") }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw Problem(description: "token file \(path) is empty") }
        return token
    }
}
