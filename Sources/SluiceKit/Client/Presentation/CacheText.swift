import Foundation
import SluiceCore
import SluiceWire

/// How the CLI shows cache statuses and entries.
package enum CacheText {
    /// The status by its name ("HIT", "LOOKUP_FAILURE", …): one word, as the docs spell it,
    /// so that a script can match it and split a table's columns on spaces. "WAITING" with the
    /// holder while a serialized key is held; "-" when the node has none (not a task).
    package static func status(_ info: CacheInfo?) -> String {
        guard let info, info.status != .unspecified || !info.waitingOnReservation.isEmpty else { return "-" }
        if !info.waitingOnReservation.isEmpty { return "WAITING for \(info.waitingOnReservation)" }
        return info.status.name
    }

    /// `sluice cache inspect`: one row per node that runs a task (task and dynamic nodes: a
    /// dynamic task caches its subgraph), then the summary line, then a line per map node
    /// summing up its elements' hits and misses (its elements are not rows).
    package static func inspection(_ nodes: [NodeExecution]) -> String {
        let tasks = MapText.withoutElements(nodes).filter(runsATask)
        let table = TextTable(
            header: ["NODE", "CACHE", "KEY", "FROM EXECUTION", "FROM NODE"],
            rows: tasks.map { node in
                let hit = node.cache?.status == .hit ? node.cache?.source : nil
                return [node.nodeID, status(node.cache), node.cache.map { CacheKeys.shortDigest($0.key) }.flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                        hit?.executionID ?? "", hit.map { "\($0.nodeID) (attempt \($0.attempt))" } ?? ""]
            })
        var text = table.rendered + "\n" + summary(tasks)
        for map in nodes where map.kind == .map {
            let elements = nodes.filter { MapText.isElement($0, of: map.nodeID) }
            text += "\nmap \(map.nodeID), " + summary(elements, noun: "element")
        }
        return text
    }

    /// Whether the node runs attempts of a task of its own, and so has a cache status.
    package static func runsATask(_ node: NodeExecution) -> Bool {
        node.kind == .task || node.kind == .dynamic
    }

    /// "3 hits, 1 miss, 2 disabled" (statuses that occur, in a fixed order).
    package static func summary(_ tasks: [NodeExecution], noun: String = "node") -> String {
        let order: [(CacheStatus, String, String)] = [
            (.hit, "hit", "hits"), (.populated, "populated", "populated"), (.miss, "miss", "misses"),
            (.skipped, "skipped", "skipped"), (.lookupFailure, "lookup failure", "lookup failures"),
            (.putFailure, "put failure", "put failures"), (.disabled, "disabled", "disabled"),
        ]
        let counts = Dictionary(grouping: tasks, by: { $0.cache?.status ?? .unspecified }).mapValues(\.count)
        let parts = order.compactMap { status, one, many -> String? in
            guard let count = counts[status], count > 0 else { return nil }
            return "\(count) \(count == 1 ? one : many)"
        }
        return "\(tasks.count) \(noun)\(tasks.count == 1 ? "" : "s"): " + (parts.isEmpty ? "no cache status yet" : parts.joined(separator: ", "))
    }

    /// `sluice cache ls`.
    package static func entries(_ entries: [CacheEntry]) -> String {
        TextTable(
            header: ["KEY", "TASK", "VERSION", "CREATED", "HITS", "FROM EXECUTION"],
            rows: entries.map { entry in
                [CacheKeys.shortDigest(entry.digest), entry.key?.taskName ?? "", entry.key?.cacheVersion ?? "",
                 entry.createdAt.map(TimeText.iso8601) ?? "", "\(entry.hits)", entry.provenance?.executionID ?? ""]
            }).rendered
    }

    /// `sluice cache show`.
    package static func entry(_ entry: CacheEntry) -> String {
        var lines = [
            "key        \(entry.digest)",
            "task       \(entry.key?.taskName ?? "")  cache version \(entry.key?.cacheVersion ?? "")",
            "interface  \(entry.key?.interfaceHash ?? "")",
            "inputs     \(entry.key?.inputHash ?? "")",
            "from       execution \(entry.provenance?.executionID ?? "?"), node \(entry.provenance?.nodeID ?? "?"), attempt \(entry.provenance?.attempt ?? 0)",
            "created    \(entry.createdAt.map(TimeText.iso8601) ?? "")",
            "hits       \(entry.hits)" + (entry.lastHitAt.map { ", last \(TimeText.iso8601($0))" } ?? ""),
            "outputs",
        ]
        lines.append(ExecutionText.outputs(entry.outputs))
        return lines.joined(separator: "\n")
    }

    package static func json(_ entry: CacheEntry, withOutputs: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("key", .string(entry.digest)),
            ("task", .string(entry.key?.taskName ?? "")),
            ("cache_version", .string(entry.key?.cacheVersion ?? "")),
            ("interface_hash", .string(entry.key?.interfaceHash ?? "")),
            ("input_hash", .string(entry.key?.inputHash ?? "")),
            ("execution", .string(entry.provenance?.executionID ?? "")),
            ("node", .string(entry.provenance?.nodeID ?? "")),
            ("attempt", .integer(Int64(entry.provenance?.attempt ?? 0))),
            ("created_at", entry.createdAt.map { .string(TimeText.iso8601($0)) } ?? .null),
            ("hits", .integer(Int64(clamping: entry.hits))),
            ("last_hit_at", entry.lastHitAt.map { .string(TimeText.iso8601($0)) } ?? .null),
        ]
        if withOutputs { fields.append(("outputs", .literals(entry.outputs))) }
        return .object(fields)
    }
}
