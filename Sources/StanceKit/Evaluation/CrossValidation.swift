import Foundation

/// How a cross-validation is split and whether `C` is tuned.
public struct CrossValidationSettings: Sendable, Equatable {
    /// The number of outer folds `k` (at least 2).
    public var folds: Int
    /// The number of repetitions with different fold assignments (each from its own seed stream).
    public var repeats: Int
    /// A document field (`source`, `target`, `date`, `id`, `lang`, `month`, …) whose values never straddle the
    /// training and test side; `nil` for no grouping. Documents without the field each form their own group.
    public var groupBy: String?
    /// The seed of the fold assignments (and of the inner folds under `--C auto`).
    public var seed: UInt64
    /// The grid of `C` values searched by an inner cross-validation inside every outer training fold; `nil` to use
    /// the trainer's `C`.
    public var cGrid: [Double]?
    /// The number of inner folds under a `C` search.
    public var innerFolds: Int
    /// Labels whose mean F1 (`f_avg`) ranks the `C` values; `nil` ranks by macro-F1.
    public var averagedLabels: [String]?
    /// Keep every fold's model in the result (for inspection in tests); costs memory.
    public var keepModels: Bool
    /// Under a grid, record a ``CTrace`` fold per outer fold (``CrossValidationResult/cTrace``): a warm-started path
    /// over the grid fitted on every outer training part in addition to the run's own fit.
    public var recordsCTrace = false
    /// How the inner scores choose `C` (``CSelectionRule``).
    public var cRule: CSelectionRule

    /// Nine values from 0.01 to 100, evenly spaced in log₁₀: 10^(−2 + j/2), j = 0…8.
    public static let defaultCGrid: [Double] = (0..<9).map { Foundation.pow(10, -2 + Double($0) / 2) }

    /// The inner folds of a `C` search unless told otherwise: 5, by the decision fixed before round three of choosing
    /// C was measured (README, *Choosing C, round three*): with 3, every inner fit saw two thirds of a training part's
    /// outlets and the search over-shot the outer optimum on Article-Bias-Prediction in every outer fold (0.65 points
    /// below the best hand C); with 5 the default rule is within 0.5 points of the best hand C on all three shared
    /// sets (SemEval-2016 −0.39, NLPCC-2016 −0.28, ABP −0.37), for about twice the inner search's cost.
    public static let defaultInnerFolds = 5

    public init(
        folds: Int = 5, repeats: Int = 1, groupBy: String? = nil, seed: UInt64 = 1, cGrid: [Double]? = nil,
        innerFolds: Int = defaultInnerFolds, averagedLabels: [String]? = nil, keepModels: Bool = false,
        cRule: CSelectionRule = .standard
    ) {
        self.cRule = cRule
        self.folds = folds
        self.repeats = repeats
        self.groupBy = groupBy
        self.seed = seed
        self.cGrid = cGrid
        self.innerFolds = innerFolds
        self.averagedLabels = averagedLabels
        self.keepModels = keepModels
    }
}

/// The `C` chosen by the inner cross-validation of one outer training fold.
public struct CChoice: Sendable, Equatable {
    public var repetition: Int
    public var fold: Int
    /// The grid, ascending.
    public var grid: [Double]
    /// The mean inner score (macro-F1, or `f_avg` when averaged labels are set) of each grid value.
    public var meanScore: [Double]
    /// The grid value the rule (``CrossValidationSettings/cRule``) chose from the inner scores.
    public var chosen: Double
    /// `innerScores[c][j]`: the score of inner fold `j` at `grid[c]` (inner folds without a scored document left out).
    public var innerScores: [[Double]] = []
    /// `innerDetails[c][j]`: what the held-out documents of inner fold `j` gave at `grid[c]` (``InnerFoldScore``).
    public var innerDetails: [[InnerFoldScore]] = []
    /// The figure the rule ranked at each grid value when it is not the mean score (``CSelectionRule/pooledCurve``).
    public var ruleCurve: [Double]? = nil
}

/// One out-of-fold prediction.
public struct FoldPrediction: Sendable {
    /// The article as scored by the model of the fold that held it out.
    public var article: ScoredArticle
    public var repetition: Int
    public var fold: Int
    /// The probability of each of the result's labels (0 for a label the fold's model never saw).
    public var probabilities: [Double]
}

/// Everything a cross-validation produced.
public struct CrossValidationResult: Sendable {
    /// All gold labels, in code-point order.
    public var labels: [String]
    /// The fold of each document, per repetition.
    public var assignments: [[Int]]
    /// The out-of-fold predictions of each repetition, in document order.
    public var predictions: [[FoldPrediction]]
    /// Metrics of each held-out fold, repetition-major.
    public var foldMetrics: [ClassificationMetrics]
    /// The `C` choice per outer fold (empty without a grid).
    public var cChoices: [CChoice]
    /// The model of each fold, repetition-major (empty unless `keepModels`).
    public var models: [StanceModel]
    /// The group of each document (`nil` without `groupBy`).
    public var groups: [String]?
    /// With ``CrossValidationSettings/recordsCTrace``: each outer fold's search and path, repetition-major.
    public var cTrace: [CTrace.Fold] = []
}

/// K-fold cross-validation of the whole ``StanceTrainer`` pipeline, honest about what is fitted where.
///
/// Texts are normalised once (normalisation has no fitted state). Per outer fold, everything fitted on data —
/// vocabulary, document frequencies and idf, the weights, and under a grid the choice of `C` — is fitted on the
/// training documents of that fold only, then the held-out documents are scored with ``ArticleScorer``. Folds come
/// from ``assignRepeatedFolds(labels:groups:duplicateKeys:folds:repeats:seed:)``: stratified by label (by target
/// and label for per-target models), identical texts (equal ``TextFingerprint``) always in one fold, and no group of
/// `groupBy` on both sides (Kohavi, "A Study of Cross-Validation and Bootstrap for Accuracy Estimation and Model
/// Selection", IJCAI 1995, for stratification; Baly et al., EMNLP 2020, for grouping by outlet).
///
/// ## Choosing C
/// With a grid, every outer training fold is split again into `innerFolds` folds the same way. Per inner split the
/// features are fitted on the inner training part, then the logistic regression is fitted for each `C` in ascending
/// order, each fit starting from the previous solution (a warm-started regularisation path, Friedman, Hastie &
/// Tibshirani, "Regularization Paths for Generalized Linear Models via Coordinate Descent", JSS 2010). The `C` with
/// the best inner scores by ``CrossValidationSettings/cRule`` (``CSelectionRule``) is then used to train on the whole
/// outer training fold, so the outer test fold never
/// influences the choice (nested cross-validation; Varma & Simon, "Bias in error estimation when using
/// cross-validation for model selection", BMC Bioinformatics 2006).
public struct CrossValidation: Sendable {
    public var trainer: StanceTrainer
    public var settings: CrossValidationSettings

    /// Corpora of at most this many bytes of text train their folds concurrently.
    static let concurrentFoldLimit = 32 << 20

    public init(trainer: StanceTrainer, settings: CrossValidationSettings) {
        self.trainer = trainer
        self.settings = settings
    }

    /// The group of each document under `settings.groupBy`, `nil` without grouping.
    public func groups(of documents: [Document], normalized: [NormalizedText]) -> [String]? {
        groups(of: documents, languages: normalized.map(\.language))
    }

    /// The group of each document under `settings.groupBy`, given the language of each text; `nil` without grouping.
    func groups(of documents: [Document], languages: [Language]) -> [String]? {
        guard let field = settings.groupBy else { return nil }
        return documents.indices.map { index in
            ArticleScore.groupValue(field, of: documents[index], language: languages[index])
                ?? "\u{0}document \(index)"
        }
    }

    /// The key folds are stratified by: the label, or target and label for per-target models.
    func strata(_ documents: [Document]) -> [String] {
        documents.map { document in
            trainer.settings.perTarget
                ? (document.target ?? "") + "\u{1F}" + (document.label ?? "") : (document.label ?? "")
        }
    }

    /// Runs the cross-validation.
    ///
    /// - Parameters:
    ///   - documents: labeled documents (and with targets for per-target models).
    ///   - normalized: their texts normalised with the trainer's normalisation settings
    ///     (``StanceTrainer/normalize(_:options:threads:)``).
    ///   - progress: called with a line of progress now and then.
    /// - Returns: the out-of-fold predictions and per-fold metrics.
    /// - Throws: ``EvaluationError`` for impossible fold assignments (exit status 65), ``TrainingError`` when a
    ///   training fold cannot be trained on, and the errors of the stages.
    ///   - nearDuplicates: near-duplicate clusters of `documents` (``NearDuplicateDetector``), each kept inside one
    ///     fold as identical texts are; `nil` keeps only identical texts together.
    public func run(
        _ documents: [Document], normalized: [NormalizedText], nearDuplicates: NearDuplicateClustering? = nil,
        progress: ((String) -> Void)? = nil
    ) throws -> CrossValidationResult {
        guard documents.count == normalized.count else {
            throw EvaluationError.invalidInput("\(normalized.count) normalised texts for \(documents.count) documents")
        }
        return try run(
            documents, languages: normalized.map(\.language), fingerprints: documents.map { TextFingerprint($0.text) },
            languageShares: nil, textBytes: documents.reduce(0) { $0 + $1.text.utf8.count }, normalized: normalized,
            corpus: {
                try FeatureExtractor(configuration: trainer.settings.features, lexicon: trainer.lexicon)
                    .countCorpus(normalized, threads: trainer.threads)
            }, nearDuplicates: nearDuplicates, progress: progress)
    }

    /// Runs the cross-validation on documents read without their texts (``CountedDocuments``): the same folds,
    /// fits and predictions as ``run(_:normalized:nearDuplicates:progress:)`` on the documents with their texts.
    ///
    /// - Precondition: the trainer does not drop outlet features (that refits a vocabulary from the texts), and
    ///   `counted` was counted with the trainer's feature settings and lexicon.
    public func run(
        _ counted: CountedDocuments, nearDuplicates: NearDuplicateClustering? = nil, progress: ((String) -> Void)? = nil
    ) throws -> CrossValidationResult {
        precondition(trainer.settings.dropOutletFeatures == nil, "dropping outlet features needs the texts")
        return try run(
            counted.documents, languages: counted.languages, fingerprints: counted.fingerprints,
            languageShares: counted.languageShares, textBytes: counted.textBytes, normalized: nil,
            corpus: { counted.corpus }, nearDuplicates: nearDuplicates,
            progress: progress)
    }

    /// The cross-validation of `documents`, whose texts are known by their languages, fingerprints and total size,
    /// and (when still held) their normalised texts, and whose n-grams `corpus` counts (called once the folds are
    /// assigned).
    private func run(
        _ documents: [Document], languages: [Language], fingerprints: [TextFingerprint],
        languageShares: [LanguageShares]?, textBytes: Int, normalized: [NormalizedText]?,
        corpus counting: () throws -> CountedCorpus,
        nearDuplicates: NearDuplicateClustering?, progress: ((String) -> Void)?
    ) throws -> CrossValidationResult {
        try trainer.validate(documents)
        if let grid = settings.cGrid, grid.isEmpty || grid.contains(where: { !($0 > 0) }) {
            throw EvaluationError.invalidInput("the C grid must hold positive values")
        }
        let labels = codePointSorted(Set(documents.map { $0.label! }))
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let groups = self.groups(of: documents, languages: languages)
        var duplicateKeys = fingerprints.map { $0.high ^ $0.low }
        if let nearDuplicates {
            guard nearDuplicates.documentCount == documents.count else {
                throw EvaluationError.invalidInput(
                    "near-duplicate clusters of \(nearDuplicates.documentCount) documents for \(documents.count)")
            }
            duplicateKeys = nearDuplicates.mergedKeys(duplicateKeys)
        }
        let assignments = try assignRepeatedFolds(
            labels: strata(documents), groups: groups, duplicateKeys: duplicateKeys, folds: settings.folds,
            repeats: settings.repeats, seed: settings.seed)
        try Self.checkTrainingSets(
            strata: strata(documents), assignments: assignments, folds: settings.folds, grouped: groups != nil)

        var predictions: [[FoldPrediction]] = []
        var foldMetrics: [ClassificationMetrics] = []
        var choices: [CChoice] = []
        var models: [StanceModel] = []
        var traces: [CTrace.Fold] = []
        // Small corpora: folds run side by side (each on a share of the threads); their results are gathered in
        // fold order, and every fold's computation is the same at any thread count, so the output does not depend
        // on `threads`. Large corpora run one fold at a time on all threads: folds side by side would hold several
        // training matrices at once (measured on Article-Bias-Prediction, 220 MB: 7.9 GB peak instead of 4.7 GB).
        // When the folds do not divide evenly among the threads, the last ones share all threads (5 folds on 2
        // threads: two rounds of two folds on one thread each, then the fifth fold on two), instead of one thread
        // idling while the last fold runs alone.
        let foldThreads = textBytes <= Self.concurrentFoldLimit ? trainer.threads.limited(to: settings.folds) : .single
        let concurrentFolds = foldThreads.count
        let evenFolds = settings.folds - settings.folds % concurrentFolds
        func context(sharingAmong folds: Int) -> FoldContext {
            var foldTrainer = trainer
            foldTrainer.threads = trainer.threads.shared(among: folds)
            return FoldContext(
                documents: documents, normalized: normalized, languages: languages, fingerprints: fingerprints,
                languageShares: languageShares, labels: labels, labelIndex: labelIndex, groups: groups,
                duplicateKeys: duplicateKeys, corpus: corpus,
                trainer: foldTrainer)
        }
        // Every text's n-grams are counted once; each training fold fits its vocabulary and idf from its own rows'
        // counts (``CountedCorpus``), so a text is no longer tokenised and counted once per fold it trains in.
        let corpus = try counting()
        let evenContext = context(sharingAmong: concurrentFolds)
        let lastContext = context(sharingAmong: settings.folds - evenFolds)
        for (repetition, assignment) in assignments.enumerated() {
            var slots = [FoldPrediction?](repeating: nil, count: documents.count)
            let run = { @Sendable (fold: Int, context: FoldContext) in
                Result { try self.runFold(fold, repetition: repetition, assignment: assignment, context: context) }
            }
            let outcomes =
                parallelMap(count: evenFolds, threads: foldThreads) { run($0, evenContext) }
                + parallelMap(count: settings.folds - evenFolds, threads: foldThreads) {
                    run(evenFolds + $0, lastContext)
                }
            for (fold, outcome) in outcomes.enumerated() {
                let result = try outcome.get()
                if let choice = result.choice {
                    choices.append(choice)
                    progress?("repeat \(repetition + 1) fold \(fold + 1): C = \(choice.chosen)")
                }
                for prediction in result.predictions { slots[prediction.index] = prediction.prediction }
                foldMetrics.append(result.metrics)
                if settings.keepModels { models.append(result.model) }
                if let trace = result.trace { traces.append(trace) }
                progress?(
                    "repeat \(repetition + 1) fold \(fold + 1) of \(settings.folds): \(result.predictions.count) held out"
                )
            }
            predictions.append(slots.map { $0! })
        }
        return CrossValidationResult(
            labels: labels, assignments: assignments, predictions: predictions, foldMetrics: foldMetrics,
            cChoices: choices, models: models, groups: groups, cTrace: traces)
    }

    /// What every fold needs to see.
    struct FoldContext: Sendable {
        var documents: [Document]
        /// The normalised texts, or `nil` when the documents were read without their texts (``CountedDocuments``).
        var normalized: [NormalizedText]?
        var languages: [Language]
        var fingerprints: [TextFingerprint]
        /// The texts' language shares when the documents were read without their texts (the scorer takes them from
        /// the text otherwise).
        var languageShares: [LanguageShares]?
        var labels: [String]
        var labelIndex: [String: Int]
        var groups: [String]?
        var duplicateKeys: [UInt64]
        /// Every document's n-grams, counted once.
        var corpus: CountedCorpus
        /// The trainer with this fold's share of the threads.
        var trainer: StanceTrainer
    }

    /// What one fold produced.
    struct FoldOutcome: Sendable {
        var choice: CChoice?
        var model: StanceModel
        var predictions: [(index: Int, prediction: FoldPrediction)]
        var metrics: ClassificationMetrics
        var trace: CTrace.Fold? = nil
    }

    /// Trains on every fold but `fold` (choosing C first under a grid) and scores `fold`.
    func runFold(_ fold: Int, repetition: Int, assignment: [Int], context: FoldContext) throws -> FoldOutcome {
        let documents = context.documents
        let normalized = context.normalized
        let trainIndices = documents.indices.filter { assignment[$0] != fold }
        let testIndices = documents.indices.filter { assignment[$0] == fold }
        var foldTrainer = context.trainer
        var choice: CChoice?
        if let grid = settings.cGrid {
            let chosen = try chooseC(
                grid: grid.sorted(), documents: trainIndices.map { documents[$0] },
                groups: context.groups.map { all in trainIndices.map { all[$0] } },
                duplicateKeys: trainIndices.map { context.duplicateKeys[$0] }, corpus: (context.corpus, trainIndices),
                labels: context.labels,
                seed: innerSeed(repetition: repetition, fold: fold), repetition: repetition, fold: fold,
                trainer: foldTrainer)
            foldTrainer.settings.C = chosen.chosen
            choice = chosen
        }
        let (model, fits) = try foldTrainer.train(
            trainIndices.map { documents[$0] }, normalized: normalized.map { all in trainIndices.map { all[$0] } },
            corpus: (context.corpus, trainIndices))
        precondition(normalized != nil || !fits.isEmpty, "documents without their texts are scored from their counts")
        let scorer = try ArticleScorer(model: model, threads: foldTrainer.threads)
        // The held-out texts' rows come from their counts, as the training rows did, instead of tokenising them again:
        // of the normalised texts the scorer then reads only the language.
        let testTexts =
            normalized.map { all in testIndices.map { all[$0] } }
            ?? testIndices.map {
                NormalizedText(text: "", quotedRanges: [], language: context.languages[$0], originalOffsets: [0])
            }
        var scored = try scorer.score(
            testIndices.map { documents[$0] }, normalized: testTexts,
            rows: fits.isEmpty
                ? nil
                : { subModel, indices in
                    context.corpus.matrix(
                        indices.map { testIndices[$0] }, under: fits[subModel], threads: foldTrainer.threads)
                })
        // The fingerprint of the text, which documents read without their texts no longer carry.
        for (position, index) in testIndices.enumerated() {
            scored[position].fingerprint = context.fingerprints[index]
            if let shares = context.languageShares, scored[position].languageShares != nil {
                scored[position].languageShares = shares[index]
            }
        }
        let positions = model.labels.map { context.labelIndex[$0]! }
        var gold: [Int] = []
        var rows: [[Double]] = []
        var predictions: [(index: Int, prediction: FoldPrediction)] = []
        for (article, index) in zip(scored, testIndices) {
            var probabilities = [Double](repeating: 0, count: context.labels.count)
            for (k, position) in positions.enumerated() { probabilities[position] = article.probabilities[k] }
            predictions.append(
                (
                    index,
                    FoldPrediction(article: article, repetition: repetition, fold: fold, probabilities: probabilities)
                ))
            gold.append(context.labelIndex[documents[index].label!]!)
            rows.append(probabilities)
        }
        let metrics = try ClassificationMetrics(
            gold: gold, probabilities: rows, labels: context.labels, averagedLabels: settings.averagedLabels)
        var trace: CTrace.Fold?
        if settings.recordsCTrace, let choice {
            // The path over the whole grid on the outer training part, as each inner fold fits it.
            let path = try pathProbabilities(
                grid: choice.grid, documents: documents, trainIndices: trainIndices, testIndices: testIndices,
                corpus: (context.corpus, Array(documents.indices)), labels: context.labels,
                labelIndex: context.labelIndex, trainer: foldTrainer)
            trace = CTrace.Fold(
                repetition: repetition, fold: fold, grid: choice.grid, innerScores: choice.innerScores,
                innerDetails: choice.innerDetails, chosen: choice.chosen, trainingDocuments: trainIndices.count,
                documents: testIndices,
                predicted: path.map(CTrace.predictedClasses), runPredicted: CTrace.predictedClasses(rows))
        }
        return FoldOutcome(choice: choice, model: model, predictions: predictions, metrics: metrics, trace: trace)
    }

    private func innerSeed(repetition: Int, fold: Int) -> UInt64 {
        var random = StableRandom(seed: settings.seed, stream: 0x1_0000 + UInt64(repetition * settings.folds + fold))
        return random.next()
    }

    /// The inner cross-validation of one outer training fold (see the type's discussion); document `i` of
    /// `documents` is text `corpus.rows[i]` of the counted corpus.
    func chooseC(
        grid: [Double], documents: [Document], groups: [String]?,
        duplicateKeys: [UInt64], corpus: (counted: CountedCorpus, rows: [Int]), labels: [String], seed: UInt64,
        repetition: Int, fold: Int, trainer: StanceTrainer
    ) throws -> CChoice {
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let inner = try assignFolds(
            labels: strata(documents), groups: groups, duplicateKeys: duplicateKeys, folds: settings.innerFolds,
            seed: seed)
        var scores = [[Double]](repeating: [], count: grid.count)
        var details = [[InnerFoldScore]](repeating: [], count: grid.count)
        for innerFold in 0..<settings.innerFolds {
            let trainIndices = documents.indices.filter { inner[$0] != innerFold }
            let testIndices = documents.indices.filter { inner[$0] == innerFold }
            let rows = try pathProbabilities(
                grid: grid, documents: documents, trainIndices: trainIndices, testIndices: testIndices,
                corpus: corpus, labels: labels, labelIndex: labelIndex, trainer: trainer)
            let covered = testIndices.indices.filter { !rows[0][$0].isEmpty }
            guard !covered.isEmpty else { continue }
            let gold = covered.map { labelIndex[documents[testIndices[$0]].label!]! }
            for c in grid.indices {
                let probabilities = covered.map { rows[c][$0] }
                let metrics = try ClassificationMetrics(
                    gold: gold, probabilities: probabilities, labels: labels, averagedLabels: settings.averagedLabels)
                scores[c].append(metrics.fAvg ?? metrics.macroF1)
                details[c].append(InnerFoldScore(gold: gold, probabilities: probabilities, classCount: labels.count))
            }
        }
        let means = scores.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
        let averaged = settings.averagedLabels.map { $0.compactMap { labelIndex[$0] } }
        let chosen = settings.cRule.choose(
            grid: grid, scores: scores, details: details, averaged: averaged, innerFolds: settings.innerFolds)
        return CChoice(
            repetition: repetition, fold: fold, grid: grid, meanScore: means, chosen: grid[chosen], innerScores: scores,
            innerDetails: details, ruleCurve: settings.cRule.pooledCurve(details: details, averaged: averaged))
    }

    /// The probabilities of `testIndices` under every `C` of `grid` (ascending), each fitted on `trainIndices` with a
    /// warm start from the previous value's solution, the features fitted on the training part (per target under
    /// `perTarget`). Document `i` of `documents` is text `corpus.rows[i]` of the counted corpus. Indexed
    /// `[c][test position]`, each row over `labels`; a row is empty when no sub-model covers the document's target.
    func pathProbabilities(
        grid: [Double], documents: [Document], trainIndices: [Int], testIndices: [Int],
        corpus: (counted: CountedCorpus, rows: [Int]), labels: [String], labelIndex: [String: Int],
        trainer: StanceTrainer
    ) throws -> [[[Double]]] {
        let trainDocuments = trainIndices.map { documents[$0] }
        // Probabilities of every test document for every grid value.
        var rows = [[[Double]]](
            repeating: [[Double]](repeating: [], count: testIndices.count), count: grid.count)
        let trainGroups = trainer.groups(trainDocuments)
        let testTargets = testIndices.map { documents[$0].target }
        for (target, members) in trainGroups {
            let testRows = testIndices.indices.filter { !trainer.settings.perTarget || testTargets[$0] == target }
            if testRows.isEmpty { continue }
            let groupLabels = codePointSorted(Set(members.map { trainDocuments[$0].label! }))
            if groupLabels.count < 2 {
                // One class to learn from: every grid value predicts it with certainty.
                var row = [Double](repeating: 0, count: labels.count)
                if let only = groupLabels.first { row[labelIndex[only]!] = 1 }
                for c in grid.indices { for r in testRows { rows[c][r] = row } }
                continue
            }
            let trainRows = members.map { corpus.rows[trainIndices[$0]] }
            let fit = corpus.counted.fit(trainRows, threads: trainer.threads)
            let matrix = corpus.counted.matrix(trainRows, under: fit, threads: trainer.threads)
            let testMatrix = corpus.counted.matrix(
                testRows.map { corpus.rows[testIndices[$0]] }, under: fit, threads: trainer.threads)
            let groupIndex = Dictionary(uniqueKeysWithValues: groupLabels.enumerated().map { ($1, $0) })
            let y = members.map { groupIndex[trainDocuments[$0].label!]! }
            var previous: LogisticModel?
            for (c, value) in grid.enumerated() {
                let regression = LogisticRegression(
                    C: value, classWeight: trainer.settings.balancedClassWeights ? .balanced : .uniform,
                    tolerance: trainer.settings.tolerance, maxIterations: trainer.settings.maxIterations,
                    threads: trainer.threads)
                let model = try regression.fit(X: matrix, labels: y, labelNames: groupLabels, warmStart: previous)
                previous = model
                let probabilities = model.probabilities(testMatrix, threads: trainer.threads)
                let positions = model.labels.map { labelIndex[$0]! }
                for (row, r) in testRows.enumerated() {
                    var full = [Double](repeating: 0, count: labels.count)
                    for (k, position) in positions.enumerated() { full[position] = probabilities[row][k] }
                    rows[c][r] = full
                }
            }
        }
        return rows
    }

    /// Checks that no training set (all folds but one) holds a single document of a class, which training refuses:
    /// said here in terms of folds rather than as the trainer's "only this one example".
    ///
    /// - Throws: ``EvaluationError/singletonClassTrainingFold(fold:folds:label:documents:grouped:)``.
    static func checkTrainingSets(strata: [String], assignments: [[Int]], folds k: Int, grouped: Bool) throws {
        let names = codePointSorted(Set(strata))
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let stratumOf = strata.map { index[$0]! }
        var totals = [Int](repeating: 0, count: names.count)
        for s in stratumOf { totals[s] += 1 }
        for folds in assignments {
            var held = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: k)
            for (document, fold) in folds.enumerated() { held[fold][stratumOf[document]] += 1 }
            for fold in 0..<k {
                for s in names.indices where totals[s] - held[fold][s] == 1 {
                    throw EvaluationError.singletonClassTrainingFold(
                        fold: fold, folds: k, label: names[s], documents: totals[s], grouped: grouped)
                }
            }
        }
    }
}
