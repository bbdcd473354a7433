import Foundation

extension CrossValidation {
    /// Chooses `C` for training on all of `documents` by the same inner cross-validation `eval --C auto` runs inside
    /// every outer training fold: ``CrossValidationSettings/innerFolds`` folds over the documents (stratified by
    /// label, identical texts together, no ``CrossValidationSettings/groupBy`` group on both sides), features fitted
    /// on each inner training part, and the grid fitted in ascending order with warm starts; the rule of
    /// ``CrossValidationSettings/cRule`` picks `C` from the inner scores (``CSelectionRule``).
    ///
    /// - Parameters:
    ///   - documents: the labeled training documents.
    ///   - normalized: their texts normalised with the trainer's settings.
    /// - Returns: the grid, the mean inner score of each value and the chosen `C`.
    /// - Throws: ``EvaluationError`` for an impossible fold assignment or grid, ``TrainingError`` for unusable labels.
    public func chooseC(for documents: [Document], normalized: [NormalizedText]) throws -> CChoice {
        guard documents.count == normalized.count else {
            throw EvaluationError.invalidInput("\(normalized.count) normalised texts for \(documents.count) documents")
        }
        return try chooseC(
            for: documents, languages: normalized.map(\.language),
            fingerprints: documents.map { TextFingerprint($0.text) }
        ) {
            try FeatureExtractor(configuration: trainer.settings.features, lexicon: trainer.lexicon)
                .countCorpus(normalized, threads: trainer.threads)
        }
    }

    /// ``chooseC(for:normalized:)`` for documents read without their texts (``CountedDocuments``): the same choice.
    ///
    /// - Throws: ``EvaluationError`` for an impossible fold assignment or grid, ``TrainingError`` for unusable labels.
    public func chooseC(for counted: CountedDocuments) throws -> CChoice {
        try chooseC(for: counted.documents, languages: counted.languages, fingerprints: counted.fingerprints) {
            counted.corpus
        }
    }

    /// The choice for `documents`, whose texts are known by their languages and fingerprints and whose n-grams
    /// `counting` gives.
    private func chooseC(
        for documents: [Document], languages: [Language], fingerprints: [TextFingerprint],
        counting: () throws -> CountedCorpus
    ) throws -> CChoice {
        try trainer.validate(documents)
        let grid = (settings.cGrid ?? CrossValidationSettings.defaultCGrid).sorted()
        if grid.isEmpty || grid.contains(where: { !($0 > 0) }) {
            throw EvaluationError.invalidInput("the C grid must hold positive values")
        }
        let labels = codePointSorted(Set(documents.map { $0.label! }))
        let duplicateKeys = fingerprints.map { $0.high ^ $0.low }
        let corpus = try counting()
        return try chooseC(
            grid: grid, documents: documents, groups: groups(of: documents, languages: languages),
            duplicateKeys: duplicateKeys, corpus: (corpus, Array(documents.indices)), labels: labels,
            seed: settings.seed, repetition: 0, fold: 0, trainer: trainer)
    }
}

extension CChoice {
    /// `C=score` for each grid value, e.g. `0.01=0.512 0.0316=0.530 …`, for a progress line: the figure the rule
    /// ranked (the pooled metric, log-loss or Brier score), or the mean inner score for the rules that rank it.
    public var describedScores: String {
        zip(grid, ruleCurve ?? meanScore).map { "\($0.0)=\(String(format: "%.3f", $0.1))" }.joined(separator: " ")
    }
}
