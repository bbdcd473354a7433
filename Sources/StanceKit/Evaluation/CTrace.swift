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
        let data = try InputFile.readBytes(path, what: "the C trace")
        func fail(_ reason: String) -> EvaluationError { .invalidTrace(file: path, reason: reason) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard object["format"] as? String == "stance-c-trace" else { throw fail("no \"format\": \"stance-c-trace\"") }
        guard let version = object["version"] as? Int, version <= Self.version else {
            throw fail("version \(object["version"] ?? "none") is newer than this build reads (\(Self.version))")
        }
        func numbers(_ value: Any?, _ name: String) throws -> [Double] {
            guard let items = value as? [Any] else { throw fail("\"\(name)\" is not an array") }
            return try items.map {
                guard let number = $0 as? NSNumber else { throw fail("\"\(name)\" holds a non-number") }
                return number.doubleValue
            }
        }
        func integers(_ value: Any?, _ name: String) throws -> [Int] {
            try numbers(value, name).map { number in
                guard let integer = Int(exactly: number) else { throw fail("\"\(name)\" holds a non-integer") }
                return integer
            }
        }
        func matrix<T>(_ value: Any?, _ name: String, _ row: (Any?, String) throws -> [T]) throws -> [[T]] {
            guard let items = value as? [Any] else { throw fail("\"\(name)\" is not an array") }
            return try items.map { try row($0, name) }
        }
        guard let metric = object["metric"] as? String, let labels = object["labels"] as? [String],
            let innerFolds = object["inner_folds"] as? Int, let folds = object["folds"] as? [[String: Any]]
        else { throw fail("\"metric\", \"labels\", \"inner_folds\" or \"folds\" missing") }
        self.metric = metric
        self.labels = labels
        self.averagedLabels = object["averaged_labels"] as? [String]
        self.innerFolds = innerFolds
        self.groupBy = object["group_by"] as? String
        self.gold = try integers(object["gold"], "gold")
        self.folds = try folds.enumerated().map { position, fold in
            guard let repetition = fold["repeat"] as? Int, let number = fold["fold"] as? Int,
                let chosen = (fold["chosen"] as? NSNumber)?.doubleValue,
                let training = fold["training_documents"] as? Int
            else {
                throw fail("fold \(position + 1): \"repeat\", \"fold\", \"chosen\" or \"training_documents\" missing")
            }
            let result = Fold(
                repetition: repetition, fold: number, grid: try numbers(fold["grid"], "grid"),
                innerScores: try matrix(fold["inner_scores"], "inner_scores", numbers), chosen: chosen,
                trainingDocuments: training, documents: try integers(fold["documents"], "documents"),
                predicted: try matrix(fold["predicted"], "predicted", integers),
                runPredicted: try integers(fold["run_predicted"], "run_predicted"))
            guard result.innerScores.count == result.grid.count, result.predicted.count == result.grid.count,
                result.predicted.allSatisfy({ $0.count == result.documents.count }),
                result.runPredicted.count == result.documents.count
            else { throw fail("fold \(position + 1): arrays of unequal lengths") }
            return result
        }
    }
}
