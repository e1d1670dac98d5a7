/// `cache: true`, or `cache: {version, serialize, ignored_inputs}`. The version is part of the
/// cache key: change it to stop reusing earlier outputs. The task's own version is not.
enum CacheReader {
    static func settings(_ entry: YAMLEntry, inputs: Set<String>) throws(WorkflowFileError) -> CacheSettings? {
        if case .scalar = entry.node {
            return try entry.boolean(what: "cache") ? CacheSettings(enabled: true, version: "1") : nil
        }
        let mapping = try entry.mapping(allowed: ["version", "serialize", "ignored_inputs", "enabled"], what: "cache")
        var settings = CacheSettings(enabled: true, version: "1")
        if let enabled = mapping["enabled"] { settings.enabled = try enabled.boolean(what: "enabled") }
        if let version = mapping["version"] { settings.version = try version.nonEmptyText(what: "cache version") }
        if let serialize = mapping["serialize"] { settings.serialize = try serialize.boolean(what: "serialize") }
        if let ignored = mapping["ignored_inputs"] {
            settings.ignoredInputs = try ignored.textList(what: "ignored_inputs")
            for name in settings.ignoredInputs where !inputs.contains(name) {
                throw ignored.error("ignored_inputs names \(name), which is not an input of the task (inputs: \(inputs.sorted().joined(separator: ", ")))")
            }
        }
        return settings.enabled ? settings : nil
    }
}
