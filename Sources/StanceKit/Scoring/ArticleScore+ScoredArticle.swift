extension ArticleScore {
    /// The aggregation input of a rated article: its group keys, probabilities (aligned with the aggregation's
    /// labels), prediction, evidence strength, and a duplicate key from its text's fingerprint (or its near-duplicate
    /// cluster's).
    ///
    /// - Parameters:
    ///   - article: the rated article.
    ///   - keys: the article's value of each grouping field (``keys(of:fields:)``).
    ///   - probabilities: the probabilities to aggregate, when not the article's own (aligned with other labels).
    public init(_ article: ScoredArticle, keys: [String: String], probabilities: [Double]? = nil) {
        self.init(
            keys: keys, probabilities: probabilities ?? article.probabilities, predicted: article.label,
            evidence: article.evidenceStrength, duplicateKey: article.duplicateKey,
            target: article.document.target)
    }

    /// The value of each of `fields` for `article` (``groupValue(_:of:language:)``); fields without a value are left
    /// out, and aggregate as `(none)`.
    public static func keys(of article: ScoredArticle, fields: [String]) -> [String: String] {
        var keys: [String: String] = [:]
        for field in fields {
            if let value = groupValue(field, of: article.document, language: article.language) { keys[field] = value }
        }
        return keys
    }
}
