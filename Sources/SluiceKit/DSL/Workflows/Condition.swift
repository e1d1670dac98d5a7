/// A branch case's condition: comparisons of futures with futures or constants, combined with
/// `&&`, `||` and `!`.
///
///     b.when(total > 10 && mode == "fast") { ... }
public struct Condition {
    indirect enum Expression {
        case comparison(ComparisonOperator, WorkflowBinding, WorkflowBinding)
        case all([Expression])
        case any([Expression])
        case not(Expression)
    }

    let expression: Expression

    init(_ expression: Expression) {
        self.expression = expression
    }

    /// Holds when the flag is true.
    public init(_ flag: Future<Bool>) {
        self.init(.comparison(.eq, flag.workflowBinding(), true.workflowBinding()))
    }

    public static func && (lhs: Condition, rhs: Condition) -> Condition {
        Condition(.all([lhs.expression, rhs.expression]))
    }

    public static func || (lhs: Condition, rhs: Condition) -> Condition {
        Condition(.any([lhs.expression, rhs.expression]))
    }

    public static prefix func ! (condition: Condition) -> Condition {
        Condition(.not(condition.expression))
    }
}

extension Future where Value: Equatable & Codable {
    public static func == (lhs: Future, rhs: Future) -> Condition { compare(.eq, lhs, rhs) }
    public static func == (lhs: Future, rhs: Value) -> Condition { compare(.eq, lhs, rhs) }
    public static func == (lhs: Value, rhs: Future) -> Condition { compare(.eq, lhs, rhs) }
    public static func != (lhs: Future, rhs: Future) -> Condition { compare(.ne, lhs, rhs) }
    public static func != (lhs: Future, rhs: Value) -> Condition { compare(.ne, lhs, rhs) }
    public static func != (lhs: Value, rhs: Future) -> Condition { compare(.ne, lhs, rhs) }
}

extension Future where Value: Comparable & Codable {
    public static func < (lhs: Future, rhs: Future) -> Condition { compare(.lt, lhs, rhs) }
    public static func < (lhs: Future, rhs: Value) -> Condition { compare(.lt, lhs, rhs) }
    public static func < (lhs: Value, rhs: Future) -> Condition { compare(.lt, lhs, rhs) }
    public static func <= (lhs: Future, rhs: Future) -> Condition { compare(.le, lhs, rhs) }
    public static func <= (lhs: Future, rhs: Value) -> Condition { compare(.le, lhs, rhs) }
    public static func <= (lhs: Value, rhs: Future) -> Condition { compare(.le, lhs, rhs) }
    public static func > (lhs: Future, rhs: Future) -> Condition { compare(.gt, lhs, rhs) }
    public static func > (lhs: Future, rhs: Value) -> Condition { compare(.gt, lhs, rhs) }
    public static func > (lhs: Value, rhs: Future) -> Condition { compare(.gt, lhs, rhs) }
    public static func >= (lhs: Future, rhs: Future) -> Condition { compare(.ge, lhs, rhs) }
    public static func >= (lhs: Future, rhs: Value) -> Condition { compare(.ge, lhs, rhs) }
    public static func >= (lhs: Value, rhs: Future) -> Condition { compare(.ge, lhs, rhs) }
}

extension Future where Value: Codable {
    static func compare(_ op: ComparisonOperator, _ lhs: Future, _ rhs: Future) -> Condition {
        Condition(.comparison(op, lhs.workflowBinding(), rhs.workflowBinding()))
    }

    static func compare(_ op: ComparisonOperator, _ lhs: Future, _ rhs: Value) -> Condition {
        Condition(.comparison(op, lhs.workflowBinding(), .constant(rhs)))
    }

    static func compare(_ op: ComparisonOperator, _ lhs: Value, _ rhs: Future) -> Condition {
        Condition(.comparison(op, .constant(lhs), rhs.workflowBinding()))
    }
}
