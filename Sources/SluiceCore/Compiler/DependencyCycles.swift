/// Finds the cycles in a graph of node dependencies.
enum DependencyCycles {
    /// Each cycle as a path that starts and ends at the same node (["a", "b", "a"]), found by a
    /// depth-first walk in `order`. Iterative, so a long chain of nodes cannot exhaust the stack.
    static func find(order: [String], dependencies: [String: [String]]) -> [[String]] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var cycles: [[String]] = []
        var reported: Set<Set<String>> = []

        for root in order where marks[root] == nil {
            // Each frame: a node and how many of its dependencies have been followed.
            var stack: [(node: String, next: Int)] = [(root, 0)]
            marks[root] = .visiting
            while let top = stack.last {
                let edges = dependencies[top.node] ?? []
                guard top.next < edges.count else {
                    marks[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = edges[top.next]
                switch marks[target] {
                case nil:
                    marks[target] = .visiting
                    stack.append((target, 0))
                case .visiting:
                    guard let start = stack.firstIndex(where: { $0.node == target }) else { continue }
                    let path = stack[start...].map(\.node) + [target]
                    if reported.insert(Set(path)).inserted { cycles.append(path) }
                case .done:
                    continue
                }
            }
        }
        return cycles
    }
}
