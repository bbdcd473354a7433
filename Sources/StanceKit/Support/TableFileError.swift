/// A malformed line of a tab-separated table the project reads — a lexicon, a cleaning list
/// (`labels/cleaning/*.tsv`) or a mask-term file: exit status 65, with the file, the 1-based line and the problem.
///
/// One type for every such reader, in Support so that each stage can use it without depending on another stage.
public struct TableFileError: StanceFailure, Equatable, Sendable {
    /// The file and 1-based line (line 0: the file as a whole, e.g. not UTF-8).
    public var location: SourceLocation
    /// What is wrong, in one lower-case sentence.
    public var problem: String
    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "\(location): \(problem)" }

    public init(location: SourceLocation, problem: String) {
        (self.location, self.problem) = (location, problem)
    }
}
