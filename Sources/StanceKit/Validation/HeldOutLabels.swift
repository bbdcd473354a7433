/// Gold labels of a held-out set put into a model's vocabulary, before `stance eval --model` measures anything.
///
/// A gold label the model does not have can never be predicted: accuracy 0 and a huge log-loss say nothing about the
/// model, only that the vocabularies differ (coders' `pro_beijing` against a model's `state_media`). So every gold
/// label must be one of the model's labels or be mapped to one by a ``LabelMap``; a label mapped to `_drop` leaves
/// its documents out.
///
/// - Returns: the documents with mapped labels, dropped ones left out, in input order.
/// - Throws: ``CodingError/unknownGoldLabels(labels:modelLabels:)`` naming every gold label with no counterpart,
///   ``CodingError/usage(_:)`` when the map names a label the model does not have.
public func mapGoldLabels(_ documents: [Document], modelLabels: [String], labelMap: LabelMap) throws -> [Document] {
    try labelMap.check(modelLabels: modelLabels)
    var unknown: Set<String> = []
    var mapped: [Document] = []
    mapped.reserveCapacity(documents.count)
    for var document in documents {
        guard let gold = document.label else {
            mapped.append(document)
            continue
        }
        switch labelMap.resolve(gold, modelLabels: modelLabels) {
        case .label(let label):
            document.label = label
            mapped.append(document)
        case .dropped: continue
        case .unmapped: unknown.insert(gold)
        }
    }
    if !unknown.isEmpty {
        throw CodingError.unknownGoldLabels(labels: unknown.sortedByCodePoint(), modelLabels: modelLabels)
    }
    return mapped
}
