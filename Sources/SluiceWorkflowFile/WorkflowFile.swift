import Foundation
import Yams

/// Tasks and workflows written in YAML (docs/workflow-yaml.md), as the specs that are registered.
///
/// Reading checks everything that can be checked without the services: unknown keys, types,
/// references to inputs, nodes and outputs, branch conditions, templates. A task or workflow
/// without a `version:` gets one from its content, so an unchanged file registers as unchanged
/// and an edited one as a new version.
public struct WorkflowFile: Sendable, Hashable {
    /// In the order written.
    public var tasks: [TaskSpec]
    /// In an order they can be registered in: a sub-workflow defined in the file comes before
    /// the workflows that use it; otherwise in the order written.
    public var workflows: [WorkflowSpec]

    public init(tasks: [TaskSpec] = [], workflows: [WorkflowSpec] = []) {
        self.tasks = tasks
        self.workflows = workflows
    }

    /// Reads the file at `url`. Errors are ``WorkflowFileError``s naming the file by the path
    /// given.
    public static func load(contentsOf url: URL) throws(WorkflowFileError) -> WorkflowFile {
        let source = url.isFileURL ? url.relativePath : url.absoluteString
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw WorkflowFileError(source: source, line: nil, path: "", message: "cannot read the file: \(Self.reason(error))")
        }
        return try read(text, source: source)
    }

    /// Reads every file at `urls` and takes them as one (see ``combining(_:)``). The error
    /// carries the problems of all the files, not only of the first with any.
    public static func load(contentsOf urls: [URL]) throws(WorkflowFileError) -> WorkflowFile {
        var problems = ProblemList()
        let files = urls.compactMap { url in
            problems.attempt { () throws(WorkflowFileError) in try load(contentsOf: url) }
        }
        try problems.throwIfAny()
        return combining(files)
    }

    /// Reads YAML text; `source` names it in errors (a file name). Errors are
    /// ``WorkflowFileError``s.
    public static func parse(_ yaml: String, source: String) throws -> WorkflowFile {
        try read(yaml, source: source)
    }

    /// Several files as one: their tasks, then their workflows, in an order they can be
    /// registered in (each sub-workflow before its users, across files).
    public static func combining(_ files: [WorkflowFile]) -> WorkflowFile {
        let workflows = files.flatMap(\.workflows)
        let defined = Set(workflows.compactMap { $0.id?.name })
        let ordered = DependencyOrder.sorted(workflows.indices.map { $0 }, key: { workflows[$0].id?.name ?? "" }) { index in
            workflows[index].nodes.flatMap(Self.subWorkflowNames).filter(defined.contains)
        }
        // Cycles cannot span files that each read cleanly unless names repeat; keep the given order then.
        return WorkflowFile(tasks: files.flatMap(\.tasks), workflows: (try? ordered.get()).map { $0.map { workflows[$0] } } ?? workflows)
    }

    private static func subWorkflowNames(_ node: SluiceWire.Node) -> [String] {
        switch node.kind {
        case .workflow(let sub)?: return sub.workflow.map { [$0.name] } ?? []
        case .branch(let branch)?:
            return (branch.cases.compactMap { $0.thenNode } + (branch.elseNode.map { [$0] } ?? [])).flatMap(subWorkflowNames)
        default: return []
        }
    }

    /// The YAML document; `whenEmpty` says what an empty one should have held.
    static func document(_ yaml: String, source: String, whenEmpty: String) throws(WorkflowFileError) -> YAMLEntry {
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw WorkflowFileError(source: source, line: nil, path: "", message: whenEmpty)
            }
            if let holder = firstHolderOfNUL(composed) {
                throw WorkflowFileError(
                    source: source, line: holder.mark?.line, path: "",
                    message: "a value holds a NUL character (written \\0), which no Sluice value can hold")
            }
            return YAMLEntry(node: composed, path: "", source: source)
        } catch let error as WorkflowFileError {
            throw error
        } catch {
            throw syntaxError(error, source: source)
        }
    }

    /// The first scalar, key or value, holding a NUL character: YAML's "\0" escape writes one,
    /// and no string on Sluice's wire can carry it. Walked without recursion, however deep the
    /// document nests.
    private static func firstHolderOfNUL(_ root: Yams.Node) -> Yams.Node? {
        var pending = [root]
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                if scalar.string.utf8.contains(0) { return node }
            case .mapping(let mapping):
                for (key, value) in mapping { pending += [key, value] }
            case .sequence(let sequence):
                pending += sequence
            case .alias:
                break
            }
        }
        return nil
    }

    private static func read(_ yaml: String, source: String) throws(WorkflowFileError) -> WorkflowFile {
        let document = try document(yaml, source: source, whenEmpty: "the file is empty; it should define tasks: and/or workflows:")
        let mapping = try document.mapping(allowed: ["tasks", "workflows"], what: "the file")
        guard mapping.contains("tasks") || mapping.contains("workflows") else {
            throw document.error("the file defines nothing; it should have tasks: and/or workflows:")
        }
        var scope = FileScope()
        var file = WorkflowFile()
        var problems = ProblemList()
        // The file's tasks and workflows that did not read: a workflow using one cannot be
        // checked (it would only report that the task's outputs are unknown), so it waits for
        // the next read.
        var unreadTasks = Set<String>()
        var unreadWorkflows = Set<String>()
        if let tasks = mapping["tasks"], !tasks.isNull {
            for entry in try tasks.sequence(what: "tasks") {
                let task = problems.attempt { () throws(WorkflowFileError) in
                    try versionedTask(entry, in: scope, twice: "is defined twice in this file")
                }
                guard let task else {
                    // A second definition of a task leaves the first in place.
                    if let name = Self.lenientName(of: entry), scope.tasks[name] == nil { unreadTasks.insert(name) }
                    continue
                }
                scope.tasks[task.id?.name ?? ""] = task
                file.tasks.append(task)
            }
        }
        if let workflows = mapping["workflows"], !workflows.isNull {
            let entries = try workflows.sequence(what: "workflows")
            for entry in try registrationOrder(entries) {
                guard unreadTasks.isDisjoint(with: WorkflowReader.taskNames(entry)),
                      unreadWorkflows.isDisjoint(with: WorkflowReader.subWorkflowNames(entry)),
                      let workflow = problems.attempt({ () throws(WorkflowFileError) in
                          var workflow = try WorkflowReader.read(entry, scope: scope)
                          if workflow.id?.version.isEmpty == true {
                              let version = try version(of: workflow, entry)
                              workflow.id?.version = version
                          }
                          return workflow
                      })
                else {
                    if let name = Self.lenientName(of: entry) { unreadWorkflows.insert(name) }
                    continue
                }
                scope.workflows[workflow.id?.name ?? ""] = workflow
                file.workflows.append(workflow)
            }
        }
        try problems.throwIfAny()
        return file
    }

    /// The `name:` of a task or workflow entry, if it has one as plain text.
    private static func lenientName(of entry: YAMLEntry) -> String? {
        guard case .mapping(let mapping) = entry.node else { return nil }
        return mapping["name"]?.string
    }

    /// Workflow entries with each sub-workflow of the file before its users.
    private static func registrationOrder(_ entries: [YAMLEntry]) throws(WorkflowFileError) -> [YAMLEntry] {
        var names: [String] = []
        for entry in entries {
            let mapping = try entry.mapping(allowed: WorkflowReader.keys, what: "a workflow")
            let name = try mapping.required("name", what: "a workflow").nonEmptyText(what: "name")
            if let first = names.firstIndex(of: name) {
                throw entry.error("workflow '\(name)' is defined twice in this file (first at \(entries[first].path))")
            }
            names.append(name)
        }
        let defined = Set(names)
        let ordered = DependencyOrder.sorted(Array(entries.indices), key: { names[$0] }) { index in
            WorkflowReader.subWorkflowNames(entries[index]).filter(defined.contains)
        }
        switch ordered {
        case .success(let indices):
            return indices.map { entries[$0] }
        case .failure(let cycle):
            let first = names.firstIndex(of: cycle.names[0]) ?? 0
            throw entries[first].error("workflows use each other as sub-workflows: \(cycle.names.joined(separator: " → "))")
        }
    }

    /// The task `entry` defines, with a version from its content unless it gives one; `twice`
    /// ends the error when `scope` has a task of that name already.
    static func versionedTask(_ entry: YAMLEntry, in scope: FileScope, twice: String) throws(WorkflowFileError) -> TaskSpec {
        var task = try TaskReader.read(entry)
        let name = task.id?.name ?? ""
        if scope.tasks[name] != nil { throw entry.error("task '\(name)' \(twice)") }
        if task.id?.version.isEmpty == true {
            let version = try version(of: task, entry)
            task.id?.version = version
        }
        return task
    }

    private static func version(of task: TaskSpec, _ entry: YAMLEntry) throws(WorkflowFileError) -> String {
        do { return try ContentVersion.of(task) } catch { throw entry.error("the task cannot be encoded: \(error.message)") }
    }

    private static func version(of workflow: WorkflowSpec, _ entry: YAMLEntry) throws(WorkflowFileError) -> String {
        do { return try ContentVersion.of(workflow) } catch { throw entry.error("the workflow cannot be encoded: \(error.message)") }
    }

    static func syntaxError(_ error: any Error, source: String) -> WorkflowFileError {
        guard let yamlError = error as? YamlError else {
            return WorkflowFileError(source: source, line: nil, path: "", message: "not valid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return WorkflowFileError(source: source, line: mark.line, path: "", message: "not valid YAML: \(problem)\(while_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return WorkflowFileError(
                source: source, line: context.mark.line, path: "",
                message: "a key appears twice in one mapping: \(duplicates.sorted().joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return WorkflowFileError(source: source, line: nil, path: "", message: "not valid YAML: \(problem)")
        default:
            return WorkflowFileError(source: source, line: nil, path: "", message: "not valid YAML: \(yamlError)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
