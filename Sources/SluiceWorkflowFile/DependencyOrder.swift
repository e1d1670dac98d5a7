/// A stable topological order: items keep the order given unless one depends on a later one.
enum DependencyOrder {
    struct Cycle: Error {
        /// The names around the cycle, the first repeated at the end ("a → b → a").
        var names: [String]
    }

    static func sorted(_ items: [Int], key: (Int) -> String, dependencies: (Int) -> [String]) -> Result<[Int], Cycle> {
        var byName: [String: Int] = [:]
        for item in items { byName[key(item)] = byName[key(item)] ?? item }
        var done = Set<Int>()
        var visiting: [Int] = []
        var order: [Int] = []

        func visit(_ item: Int) -> Cycle? {
            if done.contains(item) { return nil }
            if let start = visiting.firstIndex(of: item) {
                return Cycle(names: (visiting[start...] + [item]).map(key))
            }
            visiting.append(item)
            for name in dependencies(item) {
                if let dependency = byName[name], let cycle = visit(dependency) { return cycle }
            }
            visiting.removeLast()
            done.insert(item)
            order.append(item)
            return nil
        }
        for item in items {
            if let cycle = visit(item) { return .failure(cycle) }
        }
        return .success(order)
    }
}
