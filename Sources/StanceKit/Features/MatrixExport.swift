/// `stance export`: a corpus as a document-feature matrix with its feature names and document variables, for R
/// (quanteda, Matrix), SciPy and pandas.
///
/// Files, for an output prefix `P`:
/// - `P.mtx` (``MatrixMarketWriter``): one row per document in input order, one column per feature; or, with
///   ``Format/svmlight``, `P.svmlight` with `P.svmlight.names` and `P.svmlight.labels` (``SVMLightWriter``, the
///   writer of `stance features --export svmlight`; every document then needs a label);
/// - `P.features.txt`: the name of column j on line j (`w:cold war`, `c:中共`, `lex:C`);
/// - `P.docvars.csv` (``DocumentVariables``): row i's id and every input field but the text;
/// - `P.run` (``ExportRun``): the run id, and each file's size and checksum.
///
/// The files appear together (``AtomicFileGroup``): all are written under temporary names and renamed into place
/// last, the run file after the others; when anything fails, none replaces an older file. The `.mtx` file carries
/// the run id on its first comment line, so that a matrix and names from different runs can be told apart.
///
/// The vocabulary is fitted on all the documents with the feature options (`--min-df`, `--max-features`, n-gram
/// ranges, lexicon); n-gram cells are weighted by ``FeatureWeight``; lexicon columns, when a lexicon is given, hold
/// the lexicon block's values whatever the weight. The files are the same at any thread count.
public struct MatrixExport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case mtx, svmlight
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public var nonZeros: Int
        public var files: [String]
    }

    public var weight: FeatureWeight
    public var format: Format
    public var threads: ThreadBudget

    public init(weight: FeatureWeight = .count, format: Format = .mtx, threads: ThreadBudget = .single) {
        self.weight = weight
        self.format = format
        self.threads = threads
    }

    /// Writes the export of `documents` (read with ``CorpusOptions/keepAllFields``) and their normalised `texts`
    /// under `prefix`.
    ///
    /// - Throws: ``ExportError`` for a document without a label under ``Format/svmlight``; ``FeatureError`` for
    ///   feature settings out of range; ``IOFailure`` when a file cannot be written.
    public func write(
        documents: [Document], texts: [NormalizedText], extractor: FeatureExtractor, idField: String,
        labelField: String, prefix: String
    ) throws -> Summary {
        var labels: [String] = []
        if format == .svmlight {
            if let unlabeled = documents.first(where: { $0.label == nil }) {
                throw ExportError.missingLabel(location: unlabeled.location, id: unlabeled.id, field: labelField)
            }
            labels = documents.map { $0.label! }
        }
        let variables = DocumentVariables(documents: documents, idField: idField)
        let counted = try extractor.countTexts(texts, threads: threads)
        let names = counted.vocabulary.columnNames
        let weight = weight
        let nonZeros = counted.nonZeroCount(threads: threads)
        let group = AtomicFileGroup()
        let nameBytes = try SVMLightWriter.lineBytes(names)
        let variableBytes = Array(variables.csv.utf8)
        let shape = Array("\(format.rawValue) \(weight.rawValue) \(texts.count) \(names.count) \(nonZeros)".utf8)
        var files: [String]
        var companions: [(path: String, bytes: [UInt8])] = []
        let run: ExportRun
        switch format {
        case .mtx:
            let path = prefix + ".mtx"
            run = ExportRun(digesting: [shape, nameBytes, variableBytes])
            let comments = [
                run.matrixMarketComment,
                "written by stance export: rows = documents (\(prefix).docvars.csv), "
                    + "columns = features (\(prefix).features.txt), weight = \(weight.rawValue)",
            ]
            try MatrixMarketWriter(comments: comments).write(
                rowCount: texts.count, columnCount: names.count, nonZeroCount: nonZeros, to: path, threads: threads,
                group: group
            ) { rows in counted.rows(rows, weight: weight) }
            files = [path]
        case .svmlight:
            let path = prefix + ".svmlight"
            let written = try SVMLightWriter().write(
                rowCount: texts.count, labels: labels, columnNames: names, to: path, threads: threads, group: group
            ) { rows in counted.rows(rows, weight: weight) }
            run = ExportRun(digesting: [shape, nameBytes, variableBytes, written.labels])
            files = [path, path + ".names", path + ".labels"]
            companions = [(path + ".names", written.names), (path + ".labels", written.labels)]
        }
        try group.write(nameBytes, to: prefix + ".features.txt")
        try group.write(variableBytes, to: prefix + ".docvars.csv")
        files += [prefix + ".features.txt", prefix + ".docvars.csv"]
        companions += [(prefix + ".features.txt", nameBytes), (prefix + ".docvars.csv", variableBytes)]
        // A matrix written to a device (`--out /dev/null`) has no run file: there is nothing to tie together.
        if let size = group.size(of: files[0]) {
            let sidecar = ExportRun.sidecarPath(prefix)
            try group.write(run.sidecar(matrix: (files[0], size), companions: companions), to: sidecar)
            files.append(sidecar)
        }
        try group.commit()
        return Summary(rows: texts.count, columns: names.count, nonZeros: nonZeros, files: files)
    }
}

/// A corpus that cannot be exported as asked: exit status 65.
public enum ExportError: StanceFailure, Equatable {
    /// A document without a label, where the format needs one.
    case missingLabel(location: SourceLocation, id: String, field: String)

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .missingLabel(let location, let id, let field):
            "\(location): document '\(id)' has no label (field '\(field)'): svmlight needs one on every row; "
                + "--format mtx writes labels, when there are any, to the .docvars.csv file"
        }
    }
}
