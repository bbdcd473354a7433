import Foundation

/// One feature's part in an article's rating.
public struct Evidence: Sendable, Equatable {
    /// The column name: `w:cold war`, `c:中共`, `lex:hegemony`, `lex:hegemony@quoted`, `contrast:a/b`, ...
    public var feature: String
    /// The feature's contribution `w_cj · x_j` to the logit of the predicted class `c`.
    public var contribution: Double
    /// Whether the feature counts quoted text (a `@quoted` or `@quote:F` lexicon feature).
    public var quoted: Bool
    /// For an n-gram, its first occurrence in the article in the original script (before case folding and
    /// Traditional-to-Simplified conversion), when it can be found.
    public var text: String?
}

/// The rating of one article.
public struct ScoredArticle: Sendable {
    public var document: Document
    public var language: Language
    /// Probability of each of the model's labels, in the model's (code-point) label order.
    public var probabilities: [Double]
    /// The predicted label, or `"abstain"` when the evidence is weaker than the threshold.
    public var label: String
    /// The share of the decision that comes from features rather than intercepts (see ``ArticleScorer``).
    public var evidenceStrength: Double
    /// No feature of the model's vocabulary or lexicon fired: the rating is the intercepts' prior alone.
    public var noFeatures: Bool
    /// The strongest features behind the predicted class, most first (empty unless asked for).
    public var evidence: [Evidence]
    /// Both sides of the margin over the runner-up (with `--explain`).
    public var explanation: Explanation?
    /// The intercept of the predicted class's logit and the logit itself (`intercept + Σ contribution` over every
    /// feature, not only those shown). For two classes both are taken against the other class, as the
    /// contributions are: the log-odds `z` of `labels[1]` and its intercept `b` when `labels[1]` is predicted,
    /// `−z` and `−b` when `labels[0]` is.
    public var intercept: Double
    public var logit: Double
    /// Fingerprint of the text, for dropping duplicates when aggregating: computed from the text when asked for (a
    /// pass over the whole text), unless set, as it is for articles whose texts were dropped once counted or read
    /// back from article lines.
    public var fingerprint: TextFingerprint {
        get { storedFingerprint ?? TextFingerprint(document.text) }
        set { storedFingerprint = newValue }
    }
    var storedFingerprint: TextFingerprint? = nil
    /// How the text's letters divide among languages; reported (`lang_shares`) by models that match lexicons across
    /// languages (format version 2 on), so that a version-1 model's output stays byte for byte as it was.
    public var languageShares: LanguageShares? = nil
    /// The fingerprint of the representative of the article's near-duplicate cluster, when near-duplicate detection
    /// ran and put the article in one (``articleLine(labels:explain:)``, `near_duplicate_cluster`).
    public var nearDuplicateCluster: TextFingerprint? = nil

    /// The JSON Lines record of `stance score`.
    public func json(labels: [String], explain: Bool) -> JSON {
        var members: [(String, JSON)] = [
            ("id", .string(document.id)),
            ("source", .optional(document.source)),
            ("target", .optional(document.target)),
            ("date", .optional(document.date)),
            ("lang", .string(language.rawValue)),
        ]
        if let languageShares { members.append(("lang_shares", languageShares.json)) }
        members += [
            ("label", .string(label)),
            ("probabilities", .object(zip(labels, probabilities).map { ($0, JSON.double($1)) })),
            ("evidence_strength", .double(evidenceStrength)),
        ]
        if let gold = document.label { members.append(("gold", .string(gold))) }
        if noFeatures { members.append(("no_features", .bool(true))) }
        if explain {
            members.append(("intercept", .double(intercept)))
            members.append(("logit", .double(logit)))
            members.append(
                (
                    "evidence",
                    .array(
                        evidence.map { item in
                            var fields: [(String, JSON)] = [
                                ("feature", .string(item.feature)), ("contribution", .double(item.contribution)),
                                ("quoted", .bool(item.quoted)),
                            ]
                            if let text = item.text { fields.append(("text", .string(text))) }
                            return .object(fields)
                        })
                ))
            if let explanation { members.append(contentsOf: explanation.jsonMembers) }
        }
        return .object(members)
    }
}

/// Why an article cannot be scored (exit status 65; skipped under `--skip-invalid`).
public enum ScoringError: StanceFailure, Equatable {
    case unknownTarget(location: SourceLocation, target: String?, known: [String])

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .unknownTarget(let location, let target, let known):
            let name = target.map { "'\($0)'" } ?? "no target"
            return
                "\(location): the per-target model has no sub-model for \(name) (it knows \(known.map { "'\($0)'" }.joined(separator: ", ")))"
        }
    }
}

/// Rates articles with a trained model.
///
/// ## Evidence strength
/// For the predicted class `c` and the runner-up `r` (for two classes, the other class, whose logit is 0), the
/// decision margin `z_c − z_r` splits into a part from the features and a part from the intercepts:
///
/// ```
/// z_c − z_r = (b_c − b_r) + Σ_j (w_cj − w_rj) · x_j  =  B + F
/// evidence_strength = |F| / (|F| + |B|)          (0 when both are 0)
/// ```
///
/// It is 1 when the intercepts are equal and the text alone decides, and 0 when no feature fired, so that the
/// rating is only the training data's class balance. A model trained on English sees few features in a Vietnamese
/// article: its rating then leans on the intercepts and its evidence strength is low; `--min-evidence` turns such
/// ratings into `abstain`.
public struct ArticleScorer: Sendable {
    public static let abstain = "abstain"

    public let model: StanceModel
    public var explain: Int
    public var minimumEvidence: Double?
    public var threads: ThreadBudget
    /// Whether ``ScoredArticle/evidence`` also lists features that push against the predicted class (negative
    /// contributions, after the positive ones), so that `intercept + Σ contribution = logit` can be checked.
    public let includesOpposingEvidence: Bool
    /// Cleans each text before it is normalised: by default the model's own cleaning (a model trained with
    /// `--clean`), else none. Only per-document rules, so that a rating never depends on the rest of the batch.
    public var cleaner: DocumentCleaner?
    private let normalizer: TextNormalizer
    private let columnNames: [[String]]
    /// Each sub-model's weights in feature-major order (``LogisticModel/featureMajorWeights``), transposed once.
    private let featureMajorWeights: [[Double]]

    public init(
        model: StanceModel, explain: Int = 0, minimumEvidence: Double? = nil, threads: ThreadBudget = .single,
        includesOpposingEvidence: Bool = false
    ) throws {
        self.model = model
        self.includesOpposingEvidence = includesOpposingEvidence
        self.explain = explain
        self.minimumEvidence = minimumEvidence
        self.threads = threads
        normalizer = try TextNormalizer(options: model.settings.normalization)
        cleaner = model.settings.cleaning.map(DocumentCleaner.init(settings:))
        columnNames = explain > 0 ? model.subModels.map { $0.vocabulary.columnNames } : []
        featureMajorWeights = model.subModels.map { $0.classifier.featureMajorWeights }
    }

    /// Throws ``ScoringError/unknownTarget(location:target:known:)`` when `document` has no sub-model.
    public func check(_ document: Document) throws {
        if let failure = failure(of: document) { throw failure }
    }

    /// Why `document` cannot be rated (it has no sub-model), or `nil` when it can.
    func failure(of document: Document) -> ScoringError? {
        guard model.subModel(for: document.target) == nil else { return nil }
        return ScoringError.unknownTarget(
            location: document.location, target: document.target, known: model.subModels.compactMap(\.target))
    }

    /// Rates `documents`, in input order.
    ///
    /// - Throws: ``ScoringError`` for a document whose target has no sub-model.
    public func score(_ documents: [Document]) throws -> [ScoredArticle] {
        for document in documents { try check(document) }
        let documents = cleanDocuments(documents, cleaner: cleaner, threads: threads)
        guard model.settings.features.mixedLanguageLexicon else {
            let normalized = parallelMap(count: documents.count, threads: threads) { index in
                normalizer.normalize(documents[index].text)
            }
            return try score(documents, normalized: normalized)
        }
        // The language shares come from the normaliser's own language identification (one pass, not two).
        let normalized = parallelMap(count: documents.count, threads: threads) { index in
            Self.normalizeWithShares(documents[index].text, normalizer: normalizer)
        }
        return try score(documents, normalized: normalized.map(\.text), shares: normalized.map(\.shares), rows: nil)
    }

    /// `text` normalised, and its ``LanguageShares`` under the language the normaliser found, from the same
    /// identification (``LanguageIdentifier/identifyWithShares(utf8:skipping:)``): the same shares as
    /// ``LanguageShares/init(of:language:)`` gives.
    static func normalizeWithShares(
        _ text: String, normalizer: TextNormalizer
    ) -> (text: NormalizedText, shares: LanguageShares) {
        var text = text
        var shares = LanguageShares()
        let normalized = text.withUTF8 { bytes in
            normalizer.normalize(utf8: bytes) { input, skipping in
                let identified = LanguageIdentifier.identifyWithShares(utf8: input, skipping: skipping)
                shares = identified.shares
                return identified.language
            }
        }
        return (normalized, shares)
    }

    /// Rates `documents` whose texts were already normalised with the model's normalisation settings (as
    /// cross-validation does once for all folds), in input order.
    ///
    /// - Throws: ``ScoringError`` for a document whose target has no sub-model.
    public func score(_ documents: [Document], normalized: [NormalizedText]) throws -> [ScoredArticle] {
        try score(documents, normalized: normalized, rows: nil)
    }

    /// As ``score(_:normalized:)``; `rows(s, indices)`, when given, returns the feature rows of
    /// `indices.map { documents[$0] }` under sub-model `s`'s vocabulary, bit for bit what its `transform` would
    /// build (cross-validation has every text's n-grams counted already: ``CountedCorpus/matrix(_:under:threads:)``).
    /// `shares`, when given, holds each text's language shares (``normalizeWithShares(_:normalizer:)``), computed
    /// here otherwise when the model reports them.
    func score(
        _ documents: [Document], normalized: [NormalizedText], shares: [LanguageShares]? = nil,
        rows: ((_ subModel: Int, _ indices: [Int]) -> SparseMatrix)?
    ) throws -> [ScoredArticle] {
        precondition(documents.count == normalized.count, "one normalised text per document")
        precondition(shares.map { $0.count == documents.count } ?? true, "language shares per document")
        for document in documents { try check(document) }
        var results = [ScoredArticle?](repeating: nil, count: documents.count)
        for (subIndex, sub) in model.subModels.enumerated() {
            let indices = documents.indices.filter { index in
                model.settings.perTarget ? documents[index].target == sub.target : true
            }
            if indices.isEmpty { continue }
            let matrix =
                rows?(subIndex, indices) ?? sub.vocabulary.transform(indices.map { normalized[$0] }, threads: threads)
            let classifier = sub.classifier
            let z = classifier.decisionValues(
                matrix, featureMajorWeights: featureMajorWeights[subIndex], threads: threads)
            let rows = classifier.weightRowCount
            let labelPositions = classifier.labels.map { model.labels.firstIndex(of: $0)! }
            let names = explain > 0 ? columnNames[subIndex] : []
            // Each article's rating reads only its own row, so the articles are rated on all threads (the text's
            // fingerprint and language shares are a pass over its whole text each); results in input order.
            let rated = parallelMap(count: indices.count, threads: threads) { row -> ScoredArticle in
                let index = indices[row]
                // Class logits: for two classes (0, z).
                let logits = rows == 1 ? [0, z[row]] : Array(z[row * rows..<(row + 1) * rows])
                let intercepts = rows == 1 ? [0, classifier.intercepts[0]] : classifier.intercepts
                let maximum = logits.max()!
                let exps = logits.map { Double.exp($0 - maximum) }
                let total = exps.reduce(0, +)
                var probabilities = [Double](repeating: 0, count: model.labels.count)
                for (k, position) in labelPositions.enumerated() { probabilities[position] = exps[k] / total }
                let predicted = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
                let runnerUp = logits.indices.filter { $0 != predicted }.max {
                    logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1)
                }!
                let interceptPart = intercepts[predicted] - intercepts[runnerUp]
                let featurePart = (logits[predicted] - logits[runnerUp]) - interceptPart
                let denominator = abs(featurePart) + abs(interceptPart)
                let strength = denominator > 0 ? abs(featurePart) / denominator : 0
                var label = classifier.labels[predicted]
                if let minimumEvidence, strength < minimumEvidence { label = Self.abstain }
                let noFeatures = matrix.rowOffsets[row] == matrix.rowOffsets[row + 1]
                var evidence: [Evidence] = []
                var explanation: Explanation?
                if explain > 0 {
                    evidence = self.evidence(
                        matrix: matrix, row: row, classifier: classifier, predicted: predicted,
                        names: names, normalized: normalized[index], original: documents[index].text)
                    explanation = Explanation.split(
                        matrix: matrix, row: row, classifier: classifier, logits: logits, predicted: predicted,
                        runnerUp: runnerUp, top: explain
                    ) { feature, contribution in
                        let name = names[feature]
                        return Evidence(
                            feature: name, contribution: contribution,
                            quoted: name.hasSuffix("@quoted") || name.contains("@quote:"),
                            text: Self.originalText(
                                of: name, normalized: normalized[index], original: documents[index].text))
                    }
                }
                var article = ScoredArticle(
                    document: documents[index], language: normalized[index].language, probabilities: probabilities,
                    label: label, evidenceStrength: strength, noFeatures: noFeatures, evidence: evidence,
                    explanation: explanation,
                    intercept: rows == 1 && predicted == 0 ? -intercepts[1] : intercepts[predicted],
                    logit: rows == 1 && predicted == 0 ? -logits[1] : logits[predicted])
                if model.settings.features.mixedLanguageLexicon {
                    article.languageShares =
                        shares?[index]
                        ?? LanguageShares(of: documents[index].text, language: normalized[index].language)
                }
                return article
            }
            for (row, index) in indices.enumerated() { results[index] = rated[row] }
        }
        return results.map { $0! }
    }

    /// The `explain` features that raise the predicted class's logit most (then those that lower it least, with
    /// ``includesOpposingEvidence``).
    private func evidence(
        matrix: SparseMatrix, row: Int, classifier: LogisticModel, predicted: Int, names: [String],
        normalized: NormalizedText, original: String
    ) -> [Evidence] {
        let contributions = classifier.contributions(of: matrix, row: row).map { item -> (Int, Double) in
            let value =
                classifier.weightRowCount == 1
                ? (predicted == 1 ? item.logits[0] : -item.logits[0]) : item.logits[predicted]
            return (item.feature, value)
        }
        let strongest = contributions.filter { includesOpposingEvidence || $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(explain)
        return strongest.map { feature, contribution in
            let name = names[feature]
            return Evidence(
                feature: name, contribution: contribution,
                quoted: name.hasSuffix("@quoted") || name.contains("@quote:"),
                text: Self.originalText(of: name, normalized: normalized, original: original))
        }
    }

    /// The first occurrence of an n-gram feature in the original text, found in the normalised text and mapped back.
    static func originalText(of name: String, normalized: NormalizedText, original: String) -> String? {
        guard let colon = name.firstIndex(of: ":"), !name.hasPrefix("lex:"), !name.hasPrefix("contrast:") else {
            return nil
        }
        var needle = String(name[name.index(after: colon)...])
        if name.hasPrefix("wb:") { needle = needle.trimmingCharacters(in: .whitespaces) }
        guard !needle.isEmpty, let range = normalized.text.range(of: needle) else { return nil }
        let utf8 = normalized.text.utf8
        let lower = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
        let upper = utf8.distance(from: utf8.startIndex, to: range.upperBound)
        return String(original[normalized.originalRange(of: lower..<upper, in: original)])
    }
}
