import SluiceCore
import SluiceWire

extension AdminService {
    /// Compiles the subgraph a dynamic task returned against the registry (see
    /// ``DynamicSubgraph``): the compiled subgraph, or INVALID_ARGUMENT listing every problem,
    /// each naming its node in the subgraph.
    func compileSubgraph(_ request: CompileSubgraphRequest) async throws -> CompileSubgraphResponse {
        guard let task = request.task, case .dynamic? = task.kind, let result = request.result else {
            throw ServiceError.invalidArgument("compile_subgraph needs the dynamic task (task) and what it returned (result)")
        }
        let nodeID = request.nodeID
        let policy = request.failurePolicy
        do {
            let subgraph = try await store.withRegistry { registry in
                try DynamicSubgraph.compile(result, task: task, nodeID: nodeID, failurePolicy: policy, registry: registry)
            }
            if let refusal = try DynamicSubgraph.sizeRefusal(of: subgraph) { throw ServiceError.invalidArgument(refusal) }
            return CompileSubgraphResponse(subgraph: subgraph)
        } catch let error as WorkflowCompilationError {
            throw ServiceError.invalidArgument(
                DynamicSubgraph.refusal(error),
                details: error.problems.map { ErrorDetail(message: $0.message, nodeID: $0.nodeID, input: $0.input) })
        }
    }
}
