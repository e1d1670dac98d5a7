import SluiceCore
import SluiceWire

/// Decides a branch case's condition on the branch node's resolved inputs.
enum ConditionEvaluator {
    struct Failure: Error { var description: String }

    static func holds(_ expression: BooleanExpression, inputs: [String: Literal]) throws(Failure) -> Bool {
        switch expression {
        case .negation(let inner):
            return try !holds(inner, inputs: inputs)
        case .conjunction(let conjunction):
            switch conjunction.op {
            case .or:
                for operand in conjunction.operands where try holds(operand, inputs: inputs) { return true }
                return false
            case .and, .unspecified:
                for operand in conjunction.operands where try !holds(operand, inputs: inputs) { return false }
                return true
            }
        case .comparison(let comparison):
            let left = try value(of: comparison.left, inputs: inputs)
            let right = try value(of: comparison.right, inputs: inputs)
            return try compare(left, comparison.op, right)
        }
    }

    private static func value(of operand: Operand?, inputs: [String: Literal]) throws(Failure) -> Literal {
        switch operand {
        case .literal(let literal): return literal
        case .input(let name):
            guard let value = inputs[name] else { throw Failure(description: "the condition reads input '\(name)', which has no value") }
            return value
        case nil: throw Failure(description: "a comparison is missing an operand")
        }
    }

    private static func compare(_ left: Literal, _ op: ComparisonOperator, _ right: Literal) throws(Failure) -> Bool {
        if op == .eq || op == .ne {
            let equal: Bool
            switch (left, right) {
            case (.int, .float), (.float, .int): equal = numeric(left) == numeric(right)
            default: equal = left == right
            }
            return op == .eq ? equal : !equal
        }
        let order: Int
        switch (left, right) {
        case (.int(let l), .int(let r)): order = l < r ? -1 : (l == r ? 0 : 1)
        case (.string(let l), .string(let r)): order = l < r ? -1 : (l == r ? 0 : 1)
        case (.datetime(let l), .datetime(let r)): order = l < r ? -1 : (l == r ? 0 : 1)
        case (.duration(let l), .duration(let r)): order = l < r ? -1 : (l == r ? 0 : 1)
        default:
            guard let l = numeric(left), let r = numeric(right) else {
                throw Failure(description: "cannot order a \(left.kindDescription) and a \(right.kindDescription)")
            }
            order = l < r ? -1 : (l == r ? 0 : 1)
        }
        switch op {
        case .gt: return order > 0
        case .ge: return order >= 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .eq, .ne, .unspecified: throw Failure(description: "a comparison has no operator")
        }
    }

    private static func numeric(_ literal: Literal) -> Double? {
        switch literal {
        case .int(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }
}
