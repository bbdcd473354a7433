import Foundation

/// Everything the `C` search of `eval --C auto` saw, so that any rule for choosing `C` can be scored afterwards
/// without refitting (`eval --c-trace FILE`, read by `scripts/c-rules`).
///
/// Per outer fold: every inner fold's score at every grid value (not only their mean), and the held-out documents'
/// predicted classes at every grid value, from a warm-started path fitted on the whole outer training part as the
/// inner folds fit theirs. A rule's pooled metric is then the metric of, for each outer fold, the predictions at the
/// `C` the rule picks from that fold's inner scores. The file is one JSON object:
///
/// ```
/// {"format": "stance-c-trace", "version": 1, "metric": "f_avg" | "macro_f1", "labels": [...],
///  "averaged_labels": [...] | null, "inner_folds": 3, "group_by": "source" | null, "gold": [label index per document],
///  "folds": [{"repeat": 0, "fold": 0, "grid": [...], "inner_scores": [[score per inner fold] per C],
///             "chosen": C, "training_documents": n, "documents": [document index...],
///             "predicted": [[label index per held-out document] per C], "run_predicted": [...]}, ...]}
/// ```
///
/// `run_predicted` is the class the run itself predicted for each held-out document (its model at the chosen `C`,
/// fitted without a warm start): the path's predictions at that `C` agree with it up to the solver's tolerance. A
/// predicted class is the most probable one, the lowest label index on ties (as ``ClassificationMetrics``); −1 marks
/// a document no sub-model covers.
public struct CTrace: Sendable, Equatable {
    /// One outer fold's search and path.
    public struct Fold: Sendable, Equatable {
        public var repetition: Int
        public var fold: Int
        /// The grid, ascending.
        public var grid: [Double]
        /// `innerScores[c][j]`: the score of inner fold `j` at `grid[c]`.
        public var innerScores: [[Double]]
        /// The `C` the run chose.
        public var chosen: Double
        /// The number of outer training documents.
        public var trainingDocuments: Int
        /// The held-out documents, as indices into the run's documents.
        public var documents: [Int]
        /// `predicted[c][i]`: the class of held-out document `documents[i]` under the path's model at `grid[c]`.
        public var predicted: [[Int]]
        /// The class the run's own model predicted for each held-out document.
        public var runPredicted: [Int]

        public init(
            repetition: Int, fold: Int, grid: [Double], innerScores: [[Double]], chosen: Double,
            trainingDocuments: Int, documents: [Int], predicted: [[Int]], runPredicted: [Int]
        ) {
            self.repetition = repetition
            self.fold = fold
            self.grid = grid
            self.innerScores = innerScores
            self.chosen = chosen
            self.trainingDocuments = trainingDocuments
            self.documents = documents
            self.predicted = predicted
            self.runPredicted = runPredicted
        }
    }

    /// The format version this build writes and reads.
    public static let version = 1

    /// `f_avg` when averaged labels are set, else `macro_f1`.
    public var metric: String
    public var labels: [String]
    public var averagedLabels: [String]?
    public var innerFolds: Int
    public var groupBy: String?
    /// The gold label index of every document.
    public var gold: [Int]
    public var folds: [Fold]

    public init(
        metric: String, labels: [String], averagedLabels: [String]?, innerFolds: Int, groupBy: String?, gold: [Int],
        folds: [Fold]
    ) {
        self.metric = metric
        self.labels = labels
        self.averagedLabels = averagedLabels
        self.innerFolds = innerFolds
        self.groupBy = groupBy
        self.gold = gold
        self.folds = folds
    }

    /// The most probable class of each row, the lowest index on ties; −1 for an empty row.
    static func predictedClasses(_ rows: [[Double]]) -> [Int] {
        rows.map { row in
            guard !row.isEmpty else { return -1 }
            var best = 0
            for k in row.indices where row[k] > row[best] { best = k }
            return best
        }
    }

    /// The trace as JSON (the format in the type's discussion).
    public var json: JSON {
        .object([
            ("format", .string("stance-c-trace")), ("version", .int(Self.version)), ("metric", .string(metric)),
            ("labels", .array(labels.map(JSON.string))),
            ("averaged_labels", averagedLabels.map { .array($0.map(JSON.string)) } ?? .null),
            ("inner_folds", .int(innerFolds)), ("group_by", .optional(groupBy)),
            ("gold", .array(gold.map(JSON.int))),
            (
                "folds",
                .array(
                    folds.map { fold in
                        .object([
                            ("repeat", .int(fold.repetition)), ("fold", .int(fold.fold)),
                            ("grid", .array(fold.grid.map(JSON.double))),
                            ("inner_scores", .array(fold.innerScores.map { .array($0.map(JSON.double)) })),
                            ("chosen", .double(fold.chosen)), ("training_documents", .int(fold.trainingDocuments)),
                            ("documents", .array(fold.documents.map(JSON.int))),
                            ("predicted", .array(fold.predicted.map { .array($0.map(JSON.int)) })),
                            ("run_predicted", .array(fold.runPredicted.map(JSON.int))),
                        ])
                    })
            ),
        ])
    }

    /// Writes the trace to `path` atomically, one line of JSON.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) when the file cannot be written.
    public func write(to path: String) throws {
        try AtomicFile.write(json.rendered() + "\n", to: path)
    }

    /// Reads a trace written by ``write(to:)``.
    ///
    /// - Throws: ``IOFailure`` when the file cannot be read; ``EvaluationError/invalidTrace(file:reason:)`` (exit
    ///   status 65) when it is not a trace of this version.
    public init(contentsOfFile path: String) throws {
        let data = Data(try InputFile.readBytes(path, what: "the C trace"))
        func fail(_ reason: String) -> EvaluationError { .invalidTrace(file: path, reason: reason) }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == "stance-c-trace" else {
            throw fail(#"no "format": "stance-c-trace""#)
        }
        guard header.version <= Self.version else {
            throw fail("version \(header.version) is newer than this build reads (\(Self.version))")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw fail("\(error)")
        }
        self.metric = file.metric
        self.labels = file.labels
        self.averagedLabels = file.averaged_labels
        self.innerFolds = file.inner_folds
        self.groupBy = file.group_by
        self.gold = file.gold
        self.folds = try file.folds.enumerated().map { position, fold in
            let result = Fold(
                repetition: fold.repeat, fold: fold.fold, grid: fold.grid, innerScores: fold.inner_scores,
                chosen: fold.chosen, trainingDocuments: fold.training_documents, documents: fold.documents,
                predicted: fold.predicted, runPredicted: fold.run_predicted)
            guard result.innerScores.count == result.grid.count, result.predicted.count == result.grid.count,
                result.predicted.allSatisfy({ $0.count == result.documents.count }),
                result.runPredicted.count == result.documents.count
            else { throw fail("fold \(position + 1): arrays of unequal lengths") }
            return result
        }
    }

    /// The members that say what a file is.
    private struct Header: Decodable {
        var format: String
        var version: Int
    }

    /// The file's members, named as written.
    private struct File: Decodable {
        struct Fold: Decodable {
            var `repeat`: Int
            var fold: Int
            var grid: [Double]
            var inner_scores: [[Double]]
            var chosen: Double
            var training_documents: Int
            var documents: [Int]
            var predicted: [[Int]]
            var run_predicted: [Int]
        }
        var metric: String
        var labels: [String]
        var averaged_labels: [String]?
        var inner_folds: Int
        var group_by: String?
        var gold: [Int]
        var folds: [Fold]
    }
}
