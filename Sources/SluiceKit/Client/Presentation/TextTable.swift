import Foundation

/// A plain text table: columns as wide as their widest cell, two spaces apart, the last column
/// unpadded so that lines carry no trailing spaces.
package struct TextTable: Sendable {
    package var header: [String]?
    package var rows: [[String]]

    package init(header: [String]? = nil, rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    package var rendered: String {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trailingSpacesRemoved
        }.joined(separator: "\n")
    }

    /// `text` on one line and at most `limit` characters, ending in "…" when cut.
    package static func cell(_ text: String, limit: Int = 60) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= limit ? line : String(line.prefix(max(0, limit - 1))) + "…"
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
