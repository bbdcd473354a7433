/// Source shares as estimates: adjusted classify-and-count (Forman, "Quantifying counts and costs via
/// classification", Data Mining and Knowledge Discovery 17, 2008).
///
/// The share of a group's articles that a classifier assigns to class `k` (classify and count, `p̂_k`) is biased
/// whenever the group's true mix differs from the training data's: with true share `p_k`,
/// `E[p̂_k] = tpr_k · p_k + fpr_k · (1 − p_k)`. Solving for `p_k` gives the adjusted share
///
/// ```
/// p_k = (p̂_k − fpr_k) / (tpr_k − fpr_k),   clipped to [0, 1]
/// ```
///
/// with the classifier's true- and false-positive rates measured by cross-validation when it was trained
/// (``ClassifierRates``). For two classes the two adjusted shares already add up to 1. For three or more classes each
/// class is adjusted one against the rest and the clipped shares are then divided by their sum (when it is
/// positive), so that they add up to 1 again. A class whose `tpr_k ≤ fpr_k` (a classifier no better than chance
/// for it) cannot be adjusted and keeps its raw share before that renormalisation.
///
/// `p̂_k` counts each article's most probable class, whether or not `--min-evidence` made it abstain.
///
/// A per-target model has rates per target (each target's sub-model measured on that target's documents). A group
/// of articles on several targets is then adjusted target by target and the adjusted shares are weighted by the
/// target's number of articles in the group: `p_k = Σ_t (m_t / m) · p_k,t`.
public enum Quantification {
    /// The adjusted shares of raw classify-and-count shares `raw` (one per label of `rates`).
    ///
    /// - Precondition: `raw.count == rates.labels.count`.
    public static func adjustedShares(_ raw: [Double], rates: ClassifierRates) -> [Double] {
        precondition(raw.count == rates.labels.count)
        var adjusted = raw.indices.map { k -> Double in
            let gap = rates.truePositive[k] - rates.falsePositive[k]
            guard gap > 0 else { return raw[k] }
            return min(1, max(0, (raw[k] - rates.falsePositive[k]) / gap))
        }
        let total = adjusted.reduce(0, +)
        if total > 0 { adjusted = adjusted.map { $0 / total } }
        return adjusted
    }

    /// The share of each class among articles' most probable classes (ties to the earlier label).
    public static func classifyAndCount(_ probabilities: [[Double]], classes: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: classes)
        for row in probabilities {
            let best = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
            counts[best] += 1
        }
        return counts.map { $0 / Double(max(1, probabilities.count)) }
    }

    /// The rates a model stores for adjusted shares: those of its one sub-model, or of each target's sub-model for a
    /// per-target model; `nil` for a model without rates (trained before format version 2, or with
    /// `--rate-folds 0`).
    public static func rates(of model: StanceModel) -> ModelRates? {
        guard model.settings.perTarget else {
            guard let rates = model.supplement.subModels.first?.rates, rates.labels == model.labels else { return nil }
            return .single(rates)
        }
        var byTarget: [String: ClassifierRates] = [:]
        for (sub, extra) in zip(model.subModels, model.supplement.subModels) {
            if let target = sub.target, let rates = extra.rates, rates.labels == sub.classifier.labels {
                byTarget[target] = rates
            }
        }
        return byTarget.isEmpty ? nil : .perTarget(byTarget)
    }

    /// Why a model has no rates, for the note `score --by` prints.
    public static func missingRatesNote(_ model: StanceModel) -> String {
        "no adjusted shares: the model stores no cross-validated true- and false-positive rates "
            + "(train it with format version 2 or later and --rate-folds 2 or more)"
    }

    /// Adjusted shares of the articles `rows` of a per-target model (see ``ModelRates/perTarget(_:)``):
    /// `nil` when one of them belongs to a target without rates.
    static func adjustedShares(
        _ probabilities: [[Double]], targets: [String?], rows: [Int], labels: [String],
        byTarget: [String: ClassifierRates]
    ) -> [Double]? {
        var members: [String: [Int]] = [:]
        for row in rows {
            guard let target = targets[row], byTarget[target] != nil else { return nil }
            members[target, default: []].append(row)
        }
        var shares = [Double](repeating: 0, count: labels.count)
        for target in members.keys.sortedByCodePoint() {
            let rates = byTarget[target]!, chosen = members[target]!
            let positions = rates.labels.map { labels.firstIndex(of: $0)! }
            let raw = classifyAndCount(
                chosen.map { row in positions.map { probabilities[row][$0] } }, classes: positions.count)
            let weight = Double(chosen.count) / Double(rows.count)
            for (k, share) in adjustedShares(raw, rates: rates).enumerated() { shares[positions[k]] += weight * share }
        }
        return shares
    }

    /// Adjusted shares of a group of articles under `rates` with a percentile bootstrap interval per class; `nil`
    /// when a per-target model has no rates for one of the group's targets.
    static func adjustedWithIntervals(
        _ probabilities: [[Double]], targets: [String?], labels: [String], rates: ModelRates,
        settings: BootstrapSettings, withIntervals: Bool
    ) throws -> (shares: [Double], intervals: [Interval]?)? {
        switch rates {
        case .single(let rates):
            return try adjustedWithIntervals(
                probabilities, rates: rates, settings: settings, withIntervals: withIntervals)
        case .perTarget(let byTarget):
            let all = Array(probabilities.indices)
            guard
                let shares = adjustedShares(
                    probabilities, targets: targets, rows: all, labels: labels, byTarget: byTarget)
            else { return nil }
            guard withIntervals else { return (shares, nil) }
            let resampler = try Resampler(documentCount: probabilities.count, groups: nil)
            let replicates = resampler.replicate(settings, placeholder: [Double]()) { rows in
                adjustedShares(probabilities, targets: targets, rows: rows, labels: labels, byTarget: byTarget)!
            }
            let intervals = labels.indices.map { c in
                percentileInterval(replicates.map { $0[c] }, confidence: settings.confidence)
            }
            return (shares, intervals)
        }
    }

    /// Adjusted shares of a group of articles with a percentile bootstrap interval per class.
    static func adjustedWithIntervals(
        _ probabilities: [[Double]], rates: ClassifierRates, settings: BootstrapSettings, withIntervals: Bool
    ) throws -> (shares: [Double], intervals: [Interval]?) {
        let k = rates.labels.count
        let shares = adjustedShares(classifyAndCount(probabilities, classes: k), rates: rates)
        guard withIntervals else { return (shares, nil) }
        let resampler = try Resampler(documentCount: probabilities.count, groups: nil)
        let replicates = resampler.replicate(settings, placeholder: [Double]()) { rows in
            adjustedShares(classifyAndCount(rows.map { probabilities[$0] }, classes: k), rates: rates)
        }
        let intervals = (0..<k).map { c in
            percentileInterval(replicates.map { $0[c] }, confidence: settings.confidence)
        }
        return (shares, intervals)
    }
}

/// The rates behind a model's adjusted shares: one set for all documents, or one per target.
public enum ModelRates: Sendable, Equatable {
    case single(ClassifierRates)
    /// Rates by target, for a per-target model; targets whose rates could not be measured are absent.
    case perTarget([String: ClassifierRates])
}
