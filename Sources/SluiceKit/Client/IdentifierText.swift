extension Identifier {
    /// "name" or "name:version" as typed on a command line (`sluice run demo:3`); an empty
    /// version means the latest. Throws an INVALID_ARGUMENT ``ServiceError`` for "" or ":x".
    public init(parsing text: String) throws(ServiceError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw ServiceError(.invalidArgument, "'\(text)' names no task or workflow; write NAME or NAME:VERSION")
        }
        self.init(name: name, version: parts.count == 2 ? parts[1] : "")
    }

    /// "name:version", or "name" when the version is empty (the latest).
    public var versionedName: String {
        version.isEmpty ? name : "\(name):\(version)"
    }
}
