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
/// {"format": "stance-c-trace", "version": 2, "metric": "f_avg" | "macro_f1", "labels": [...],
///  "averaged_labels": [...] | null, "inner_folds": 3, "group_by": "source" | null, "gold": [label index per document],
///  "folds": [{"repeat": 0, "fold": 0, "grid": [...], "inner_scores": [[score per inner fold] per C],
///             "inner_confusion": [[[[count per predicted label] per gold label] per inner fold] per C],
///             "inner_log_loss_sums": [[[sum per gold label] per inner fold] per C],
///             "inner_brier_sums": [[[sum per gold label] per inner fold] per C],
///             "chosen": C, "training_documents": n, "documents": [document index...],
///             "predicted": [[label index per held-out document] per C], "run_predicted": [...]}, ...]}
/// ```
///
/// The three `inner_*` members beyond the scores (version 2) are each inner fold's ``InnerFoldScore`` at each grid
/// value: its held-out documents' confusion counts, log-loss and Brier score summed per gold label, from which the
/// rules that read probabilities or pool the inner folds are scored. Version 1 files (without them) still read, with
/// ``Fold/innerDetails`` `nil`.
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
        /// `innerDetails[c][j]`: what inner fold `j`'s held-out documents gave at `grid[c]`; `nil` in a version 1
        /// file.
        public var innerDetails: [[InnerFoldScore]]?
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
            repetition: Int, fold: Int, grid: [Double], innerScores: [[Double]], innerDetails: [[InnerFoldScore]]?,
            chosen: Double, trainingDocuments: Int, documents: [Int], predicted: [[Int]], runPredicted: [Int]
        ) {
            self.repetition = repetition
            self.fold = fold
            self.grid = grid
            self.innerScores = innerScores
            self.innerDetails = innerDetails
            self.chosen = chosen
            self.trainingDocuments = trainingDocuments
            self.documents = documents
            self.predicted = predicted
            self.runPredicted = runPredicted
        }
    }

    /// The format version this build writes and reads.
    public static let version = 2

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
                        let details = fold.innerDetails ?? []
                        func perFold(_ member: (InnerFoldScore) -> JSON) -> JSON {
                            .array(details.map { .array($0.map(member)) })
                        }
                        return .object([
                            ("repeat", .int(fold.repetition)), ("fold", .int(fold.fold)),
                            ("grid", .array(fold.grid.map(JSON.double))),
                            ("inner_scores", .array(fold.innerScores.map { .array($0.map(JSON.double)) })),
                            (
                                "inner_confusion",
                                perFold { .array($0.confusion.map { .array($0.map(JSON.int)) }) }
                            ),
                            ("inner_log_loss_sums", perFold { .array($0.logLossSums.map(JSON.double)) }),
                            ("inner_brier_sums", perFold { .array($0.brierSums.map(JSON.double)) }),
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
        let labelCount = file.labels.count
        self.folds = try file.folds.enumerated().map { position, fold in
            var details: [[InnerFoldScore]]?
            if header.version >= 2 {
                guard let confusion = fold.inner_confusion, let logLoss = fold.inner_log_loss_sums,
                    let brier = fold.inner_brier_sums
                else { throw fail("fold \(position + 1): no inner_confusion, inner_log_loss_sums or inner_brier_sums") }
                guard confusion.count == fold.grid.count, logLoss.count == fold.grid.count,
                    brier.count == fold.grid.count, fold.inner_scores.count == fold.grid.count
                else {
                    throw fail("fold \(position + 1): inner details for \(confusion.count) of \(fold.grid.count) C")
                }
                details = try fold.grid.indices.map { c in
                    guard confusion[c].count == fold.inner_scores[c].count, logLoss[c].count == confusion[c].count,
                        brier[c].count == confusion[c].count
                    else { throw fail("fold \(position + 1): inner details of unequal lengths") }
                    return try confusion[c].indices.map { j in
                        guard confusion[c][j].count == labelCount,
                            confusion[c][j].allSatisfy({ $0.count == labelCount && $0.allSatisfy { $0 >= 0 } }),
                            logLoss[c][j].count == labelCount, brier[c][j].count == labelCount
                        else { throw fail("fold \(position + 1): inner details not over \(labelCount) labels") }
                        return InnerFoldScore(
                            confusion: confusion[c][j], logLossSums: logLoss[c][j], brierSums: brier[c][j])
                    }
                }
            }
            let result = Fold(
                repetition: fold.repeat, fold: fold.fold, grid: fold.grid, innerScores: fold.inner_scores,
                innerDetails: details, chosen: fold.chosen, trainingDocuments: fold.training_documents,
                documents: fold.documents,
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
            var inner_confusion: [[[[Int]]]]?
            var inner_log_loss_sums: [[[Double]]]?
            var inner_brier_sums: [[[Double]]]?
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
