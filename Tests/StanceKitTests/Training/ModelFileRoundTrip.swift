import Foundation
import StanceKit

/// `vocabulary` and `classifier` stored in a model file and read back (``ModelFile/encode(_:)``, then
/// ``ModelFile/decode(_:path:)``), the one way the library stores them; returns the sub-model read back. Without
/// `classifier`, a two-class classifier with one weight per column stands in.
func throughModelFile(_ vocabulary: FittedVocabulary, classifier: LogisticModel? = nil) throws -> StanceModel.SubModel {
    let classifier =
        classifier
        ?? LogisticModel(
            labels: ["a", "b"], featureCount: vocabulary.columnCount,
            weights: (0..<vocabulary.columnCount).map { Double($0 % 7) / 8 - 0.375 }, intercepts: [0.25],
            objective: 1, iterations: 1, converged: true)
    let counts = classifier.labels.map { (label: $0, count: 1) }
    let model = StanceModel(
        settings: TrainingSettings(features: vocabulary.configuration), lexicon: vocabulary.lexicon,
        labels: classifier.labels,
        subModels: [
            StanceModel.SubModel(target: nil, vocabulary: vocabulary, classifier: classifier, classCounts: counts)
        ],
        summary: StanceModel.TrainingSummary(
            documentCount: vocabulary.documentCount,
            classCounts: Dictionary(uniqueKeysWithValues: counts.map { ($0.label, $0.count) }), inputHash: "0"))
    return try ModelFile.decode(ModelFile.encode(model), path: "memory").subModels[0]
}

/// A vocabulary of `columns` word unigrams (`w:t0000`, `w:t0001`, …), each with idf 1, for a classifier of that
/// many features.
func plainVocabulary(columns: Int) throws -> FittedVocabulary {
    try FittedVocabulary(
        configuration: FeatureConfiguration(), terms: (0..<columns).map { String(format: "w:t%04d", $0) },
        idf: Array(repeating: 1, count: columns), documentCount: 1, lexicon: nil)
}
