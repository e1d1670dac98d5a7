extension WorkflowDefinition {
    /// The workflow compiled as registration would compile it, against its own tasks and
    /// sub-workflows: checked (types of every binding included) and pinned. Throws
    /// ``WorkflowCompilationError`` listing every problem: the builder's, those of the tasks and
    /// sub-workflows it uses, and the compiler's.
    public func compiled() throws(WorkflowCompilationError) -> CompiledWorkflow {
        var problems = self.problems
        func add(_ problem: WorkflowProblem) {
            if !problems.contains(problem) { problems.append(problem) }
        }
        var registry = DefinitionRegistry()
        for task in tasks {
            let name = WorkflowBuilder.display(task.taskID)
            do {
                let spec = try task.spec
                registry.tasks.append(spec)
                for problem in TaskValidator.problems(in: spec) {
                    add(WorkflowProblem(nodeID: "", message: "task \(name): \(problem)"))
                }
            } catch {
                add(WorkflowProblem(nodeID: "", message: "task \(name): \(error)"))
            }
        }
        for workflow in subWorkflows {
            do {
                registry.workflows.append(try workflow.compiled())
            } catch {
                let name = WorkflowBuilder.display(workflow.workflowID)
                for problem in error.problems {
                    add(WorkflowProblem(nodeID: "", message: "sub-workflow \(name): \(problem)"))
                }
            }
        }
        do {
            let compiled = try WorkflowCompiler.compile(spec, registry: registry)
            if problems.isEmpty { return compiled }
        } catch let error as WorkflowCompilationError {
            error.problems.forEach(add)
        } catch {
            add(WorkflowProblem(nodeID: "", message: "\(error)"))
        }
        throw WorkflowCompilationError(workflow: workflowID, problems: problems)
    }
}

/// The tasks and compiled sub-workflows a workflow built in Swift brings with it, as the
/// compiler's registry.
struct DefinitionRegistry: WorkflowRegistry {
    var tasks: [TaskSpec] = []
    var workflows: [CompiledWorkflow] = []

    func task(_ id: Identifier) -> TaskSpec? {
        tasks.last { $0.id?.name == id.name && (id.version.isEmpty || $0.id?.version == id.version) }
    }

    func workflow(_ id: Identifier) -> CompiledWorkflow? {
        workflows.last { $0.spec?.id?.name == id.name && (id.version.isEmpty || $0.spec?.id?.version == id.version) }
    }
}

extension DefinitionRegistry {
    /// Every task and sub-workflow `workflow` brings, those its dynamic tasks may call included.
    init(bringing workflow: some WorkflowDefinition) throws {
        self.init(
            tasks: try workflow.allTasks.map { try $0.spec },
            workflows: try workflow.allSubWorkflows.map { try $0.compiled() })
    }
}
