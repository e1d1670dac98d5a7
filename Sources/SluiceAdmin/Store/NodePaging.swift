/// How much of an execution's nodes one reply carries. A message is at most 16 MiB; half of
/// that leaves room for the rest of an execution's state (its workflow, its signals).
enum NodePaging {
    static let mostNodes = 10_000
    static let mostBytes = 8 << 20
}
