/// `--label-from-source`: labels every article by its outlet, from an outlet-label TSV (``OutletLabels``).
public struct OutletLabelling: Sendable, Equatable {
    /// The outlet-label TSV (`source<TAB>label<TAB>note`).
    public var path: String
    /// Drop articles whose outlet is not in the file (with a note) instead of stopping.
    public var skipUnlabeled: Bool

    public init(path: String, skipUnlabeled: Bool = false) {
        self.path = path
        self.skipUnlabeled = skipUnlabeled
    }

    /// `documents`, each labelled with its outlet's label.
    ///
    /// - Parameter warnings: receives a note with the number of articles dropped under ``skipUnlabeled``.
    /// - Throws: ``TrainingError/unlabeledOutlets(_:file:)`` when outlets are missing from the file and
    ///   ``skipUnlabeled`` is off, and the errors of ``OutletLabels/init(contentsOfFile:)``.
    public func apply(to documents: [Document], warnings: WarningSink) throws -> [Document] {
        let outlets = try OutletLabels(contentsOfFile: path)
        var missing: Set<String> = []
        var labeled: [Document] = []
        for var document in documents {
            if let source = document.source, let label = outlets.labels[source] {
                document.label = label
                labeled.append(document)
            } else {
                missing.insert(document.source ?? "(no source)")
            }
        }
        if !missing.isEmpty {
            if !skipUnlabeled { throw TrainingError.unlabeledOutlets(codePointSorted(missing), file: path) }
            warnings.note(
                "skipped \(documents.count - labeled.count) articles of \(missing.count) outlets not in \(path)")
        }
        return labeled
    }
}
