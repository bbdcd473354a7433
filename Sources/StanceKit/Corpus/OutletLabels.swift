import Foundation

/// Labels given to outlets (`source<TAB>label<TAB>note`), spread to every article of the outlet for training on
/// outlet labels. A header line whose first cell is `source`, blank lines and `#` comments are skipped.
public struct OutletLabels: Sendable, Equatable {
    public private(set) var labels: [String: String] = [:]

    public init(labels: [String: String]) {
        self.labels = labels
    }

    /// Reads an outlet-label TSV file.
    ///
    /// - Throws: ``CorpusError`` naming the file and line for a line without a label or an outlet listed twice
    ///   with different labels.
    public init(contentsOfFile path: String) throws {
        _ = try InputFile.examine(path, what: "the outlet labels")
        let (documents, _) = try CorpusReader.readAll(
            paths: [path],
            options: {
                var options = CorpusOptions()
                options.format = .txt
                return options
            }())
        let lines = documents[0].text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if index == 0 || labels.isEmpty, cells[0].lowercased() == "source" { continue }
            let location = SourceLocation(file: path, line: index + 1)
            guard cells.count >= 2, !cells[0].isEmpty, !cells[1].isEmpty else {
                throw CorpusError.brokenFile(location: location, message: "expected 'source<TAB>label<TAB>note'")
            }
            if let previous = labels[cells[0]], previous != cells[1] {
                throw CorpusError.brokenFile(
                    location: location,
                    message: "outlet '\(cells[0])' is labelled '\(previous)' earlier and '\(cells[1])' here")
            }
            labels[cells[0]] = cells[1]
        }
    }
}
