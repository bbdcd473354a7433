import Foundation

/// Trains a ``StanceModel`` from labeled documents: normalise, fit the vocabulary and weighting, fit the logistic
/// regression — per target under `perTarget`. Everything fitted on data is fitted on the documents given here only,
/// so cross-validation can call it on each training fold.
public struct StanceTrainer: Sendable {
    public var settings: TrainingSettings
    public var lexicon: Lexicon?
    public var threads: ThreadBudget

    public init(settings: TrainingSettings, lexicon: Lexicon? = nil, threads: ThreadBudget = .single) {
        self.settings = settings
        self.lexicon = lexicon
        self.threads = threads
    }

    /// Reads a lexicon file, normalising its terms exactly as texts are normalised under `normalization`.
    public static func loadLexicon(path: String, normalization: TextNormalizer.Options) throws -> Lexicon {
        let normalizer = try TextNormalizer(
            options: TextNormalizer.Options(convertTraditional: normalization.convertTraditional))
        return try Lexicon(contentsOfFile: path) { normalizer.normalize($0).text }
    }

    /// Reads lexicon files and merges them into one (terms normalised as texts are), or `nil` for no files.
    public static func loadLexicons(paths: [String], normalization: TextNormalizer.Options) throws -> Lexicon? {
        var merged: Lexicon?
        for value in paths {
            // A value with no `/` and no extension names a shipped lexicon (``Installation/lexiconPath(_:)``).
            let loaded = try loadLexicon(
                path: try Installation.current.lexiconPath(value), normalization: normalization)
            merged = merged.map { $0.merged(with: loaded) } ?? loaded
        }
        return merged
    }

    /// Checks that `documents` can be trained on, before any work: every document has a label (and a target under
    /// `perTarget`); every model sees at least two classes, each with at least two examples.
    public func validate(_ documents: [Document], labelField: String = "label") throws {
        for document in documents {
            if document.label == nil {
                throw TrainingError.missingLabel(location: document.location, id: document.id, field: labelField)
            }
            if settings.perTarget && document.target == nil {
                throw TrainingError.missingTarget(location: document.location, id: document.id)
            }
        }
        for (target, indices) in groups(documents) {
            var counts: [String: (count: Int, first: SourceLocation)] = [:]
            for index in indices {
                let label = documents[index].label!
                counts[label, default: (0, documents[index].location)].count += 1
            }
            if counts.count < 2 {
                let only = counts.first!
                throw TrainingError.singleClass(label: only.key, count: only.value.count, target: target)
            }
            for label in codePointSorted(counts.keys) where counts[label]!.count < 2 {
                throw TrainingError.singletonClass(label: label, location: counts[label]!.first, target: target)
            }
        }
    }

    /// The documents of each sub-model: by target in code-point order under `perTarget`, else all in one group.
    func groups(_ documents: [Document]) -> [(target: String?, indices: [Int])] {
        guard settings.perTarget else { return [(nil, Array(documents.indices))] }
        var byTarget: [String: [Int]] = [:]
        for (index, document) in documents.enumerated() { byTarget[document.target ?? "", default: []].append(index) }
        return codePointSorted(byTarget.keys).map { ($0, byTarget[$0]!) }
    }

    /// Normalises every document's text, in parallel, in input order.
    public static func normalize(_ documents: [Document], options: TextNormalizer.Options, threads: ThreadBudget) throws
        -> [NormalizedText]
    {
        let normalizer = try TextNormalizer(options: options)
        return parallelMap(count: documents.count, threads: threads) { normalizer.normalize(documents[$0].text) }
    }

    /// Trains on `documents`.
    ///
    /// - Parameters:
    ///   - normalized: the documents' normalised texts when already computed (as cross-validation does once).
    ///   - progress: called with a line of progress now and then.
    /// - Throws: ``TrainingError`` for unusable labels, ``FeatureError`` and ``LogisticRegressionError`` from the
    ///   stages.
    public func train(
        _ documents: [Document], normalized: [NormalizedText]? = nil, progress: ((String) -> Void)? = nil
    ) throws -> StanceModel {
        try train(documents, normalized: normalized, corpus: nil, progress: progress).model
    }

    /// Trains on `documents`, whose n-grams, when `corpus` is given, are already counted: document `i` is text
    /// `corpus.rows[i]` of `corpus.counted`, which was counted with this trainer's feature settings and lexicon.
    /// The model is the same, bit for bit, as without `corpus` (``CountedCorpus/fitTransform(_:threads:)``).
    ///
    /// - Returns: the model and, with `corpus`, each sub-model's fit in the model's order, under which any text of
    ///   the corpus can be given its row (``CountedCorpus/matrix(_:under:threads:)``).
    ///
    /// - Parameter inputHash: ``inputHash(_:)`` of `documents`, when their texts are no longer there (counted
    ///   documents, ``CountedDocuments``: then `corpus` is required, and `normalized` is not read).
    func train(
        _ documents: [Document], normalized: [NormalizedText]?, corpus: (counted: CountedCorpus, rows: [Int])?,
        inputHash: String? = nil, progress: ((String) -> Void)? = nil
    ) throws -> (model: StanceModel, fits: [CountedCorpus.Fit]) {
        try validate(documents)
        // Dropping outlet features refits the vocabulary, which the counted corpus's fits would not follow.
        let corpus = settings.dropOutletFeatures == nil ? corpus : nil
        if let corpus {
            precondition(corpus.rows.count == documents.count)
            precondition(corpus.counted.extractor.configuration == settings.features)
        } else {
            precondition(inputHash == nil, "documents without their texts train only from their counts")
        }
        // The texts are normalised only when their n-grams are not counted already.
        let texts: [NormalizedText] =
            try corpus != nil
            ? [] : normalized ?? Self.normalize(documents, options: settings.normalization, threads: threads)
        if corpus == nil { progress?("normalised \(documents.count) documents") }
        var subModels: [StanceModel.SubModel] = []
        var fits: [CountedCorpus.Fit] = []
        var supplements: [SubModelSupplement] = []
        for (target, indices) in groups(documents) {
            var vocabulary: FittedVocabulary
            var matrix: SparseMatrix
            if let corpus {
                let rows = indices.map { corpus.rows[$0] }
                let fit = corpus.counted.fit(rows, threads: threads)
                fits.append(fit)
                (vocabulary, matrix) = (fit.vocabulary, corpus.counted.matrix(rows, under: fit, threads: threads))
            } else {
                (vocabulary, matrix) = try FeatureExtractor(configuration: settings.features, lexicon: lexicon)
                    .fitTransform(indices.map { texts[$0] }, threads: threads)
            }
            let labelNames = codePointSorted(Set(indices.map { documents[$0].label! }))
            let labelIndex = Dictionary(uniqueKeysWithValues: labelNames.enumerated().map { ($1, $0) })
            let y = indices.map { labelIndex[documents[$0].label!]! }
            if let ratio = settings.dropOutletFeatures {
                let kept = try OutletFeatureFilter(ratio: ratio).keptColumns(
                    matrix, labels: y, outlets: indices.map { documents[$0].source },
                    nGramColumns: vocabulary.terms.count)
                progress?(
                    "dropped \(vocabulary.terms.count - kept.count) of \(vocabulary.terms.count) n-grams as outlet features"
                )
                vocabulary = try FittedVocabulary(
                    configuration: vocabulary.configuration, terms: kept.map { vocabulary.terms[$0] },
                    idf: kept.map { vocabulary.idf[$0] }, documentCount: vocabulary.documentCount,
                    lexicon: vocabulary.lexicon)
                matrix = vocabulary.transform(indices.map { texts[$0] }, threads: threads)
            }
            if matrix.columnCount == 0 {
                throw TrainingError.noFeatures(
                    documents: indices.count, minDF: settings.features.minDF, target: target)
            }
            progress?(
                "\(target.map { "target '\($0)': " } ?? "")\(indices.count) documents, \(matrix.columnCount) features")
            let regression = LogisticRegression(
                C: settings.C, classWeight: settings.balancedClassWeights ? .balanced : .uniform,
                tolerance: settings.tolerance, maxIterations: settings.maxIterations, threads: threads,
                solver: settings.solver)
            let clock = ContinuousClock()
            let start = clock.now
            let classifier = try regression.fit(X: matrix, labels: y, labelNames: labelNames)
            let seconds = (clock.now - start) / .seconds(1)
            progress?(
                "fitted in \(classifier.iterations) iterations (\(String(format: "%.3f", seconds)) s), "
                    + "objective \(classifier.objective)")
            let counts = labelNames.map { label in (label, y.filter { labelNames[$0] == label }.count) }
            supplements.append(SubModelSupplement(unseenColumns: SubModelSupplement.unseenColumns(of: matrix)))
            subModels.append(
                StanceModel.SubModel(
                    target: target, vocabulary: vocabulary, classifier: classifier, classCounts: counts))
        }
        var classCounts: [String: Int] = [:]
        for document in documents { classCounts[document.label!, default: 0] += 1 }
        var model = StanceModel(
            settings: settings, lexicon: lexicon, labels: codePointSorted(classCounts.keys), subModels: subModels,
            summary: .init(
                documentCount: documents.count, classCounts: classCounts,
                inputHash: inputHash ?? Self.inputHash(documents)))
        model.supplement.subModels = supplements
        return (model, fits)
    }

    /// A fingerprint of the training inputs: each document's id, text, label and target, in order.
    static func inputHash(_ documents: [Document]) -> String {
        var combined = TextFingerprint(high: 0, low: 0)
        for document in documents { combined = combine(combined, inputPart(document)) }
        return combined.description
    }

    /// One document's part of ``inputHash(_:)``: the fingerprint of its id, text, label and target.
    static func inputPart(_ document: Document) -> TextFingerprint {
        let parts = [document.id, document.text, document.label ?? "", document.target ?? ""]
        return TextFingerprint(parts.joined(separator: "\u{1F}") + "\u{1E}")
    }

    /// ``inputHash(_:)`` so far, `combined`, followed by the next document's ``inputPart(_:)``.
    static func combine(_ combined: TextFingerprint, _ part: TextFingerprint) -> TextFingerprint {
        TextFingerprint(
            high: (combined.high ^ part.high) &* 0x0000_0100_0000_01B3 &+ 0x9E37,
            low: (combined.low &+ part.low) &* 0xFF51_AFD7_ED55_8CCD)
    }
}
