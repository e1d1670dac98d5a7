import PropertyBased
import Testing

/// PropertyBased's `propertyCheck`, suspending after every iteration. A body that never suspends
/// would otherwise hold a thread of Swift's cooperative pool for the whole run (thousands of
/// iterations); on a 2-core machine that starves the transport and service tests running beside it.
func cooperativePropertyCheck<InputValue, ResultValue>(
    count: Int = 100,
    input: Generator<ResultValue, some Sequence<InputValue>>,
    perform body: (ResultValue) async throws -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(count: count, input: input, perform: { value in
        try await body(value)
        await Task.yield()
    }, sourceLocation: sourceLocation)
}
