/// A warning when labels are nearly constant within sources, so that ungrouped cross-validation would reward a
/// model for recognising the outlet rather than the stance.
///
/// A source is *label-pure* when it has at least two articles and its majority label covers at least 95% of them
/// (a source with one article cannot be recognised across folds, so it never counts as pure). The warning fires when
/// at least 90% of all documents sit in label-pure sources:
///
/// ```
/// share = Σ_{pure s} n_s / n ≥ 0.90,   pure s ⇔ n_s ≥ 2 ∧ max_l n_{s,l} / n_s ≥ 0.95
/// ```
///
/// Documents without a source count in `n` but in no source. When no document has a source, nothing is checked.
/// This is the failure mode described for media-bias corpora by Baly et al., "We Can Detect Your Bias: Predicting
/// the Political Ideology of News Articles" (EMNLP 2020), who split by outlet for that reason.
///
/// - Parameters:
///   - labels: the gold label of each document.
///   - sources: the source of each document, `nil` where unknown; must have the same length as `labels`.
/// - Returns: the warning text, or `nil` when labels vary within sources enough (or no source is known).
public func leakageWarning(labels: [String], sources: [String?]) -> String? {
    guard labels.count == sources.count, !labels.isEmpty else { return nil }
    var perSource: [String: [String: Int]] = [:]
    for (label, source) in zip(labels, sources) {
        guard let source else { continue }
        perSource[source, default: [:]][label, default: 0] += 1
    }
    guard !perSource.isEmpty else { return nil }
    var documentsInPureSources = 0
    var pureSources = 0
    for counts in perSource.values {
        let size = counts.values.reduce(0, +)
        let majority = counts.values.max() ?? 0
        if size >= 2 && Double(majority) >= 0.95 * Double(size) {
            documentsInPureSources += size
            pureSources += 1
        }
    }
    let share = Double(documentsInPureSources) / Double(labels.count)
    guard share >= 0.90 else { return nil }
    let percent = Int((share * 100).rounded(.down))
    return "\(percent)% of documents are in sources whose articles nearly all carry one label "
        + "(\(pureSources) of \(perSource.count) sources); ungrouped cross-validation then measures outlet "
        + "recognition rather than stance; use --group-by source to keep each source within one fold"
}
