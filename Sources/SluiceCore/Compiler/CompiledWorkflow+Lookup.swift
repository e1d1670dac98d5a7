import SluiceWire

extension CompiledWorkflow {
    /// The task the workflow runs under this identifier. Ids in a compiled spec are pinned, so
    /// the match is exact; an empty version matches the last task of that name.
    public func task(_ id: Identifier) -> TaskSpec? {
        if id.version.isEmpty { return tasks.last { $0.id?.name == id.name } }
        return tasks.first { $0.id == id }
    }

    /// The sub-workflow the workflow runs under this identifier, matched as ``task(_:)`` is.
    public func subWorkflow(_ id: Identifier) -> CompiledWorkflow? {
        if id.version.isEmpty { return subWorkflows.last { $0.spec?.id?.name == id.name } }
        return subWorkflows.first { $0.spec?.id == id }
    }
}
