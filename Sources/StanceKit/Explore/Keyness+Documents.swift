extension Keyness {
    /// Runs the comparison on documents: side A holds the documents whose `group` field is one of `a`, side B those
    /// whose value is one of `b`; every document feeds the prior. Outlets are the documents' sources; periods, with
    /// `stableBy`, its value (`year`, `month` or any field).
    ///
    /// - Throws: ``CorpusError`` for an unreadable date where periods need one (unless `skipInvalid`, which leaves
    ///   the document out of the periods and counts it in the notes); ``KeynessError`` for an empty side.
    public func run(
        documents: [Document], texts: [NormalizedText], group: FieldSelection, a: Set<String>, b: Set<String>,
        stableBy: FieldSelection?, extractor: FeatureExtractor, lexicon: Lexicon?, skipInvalid: Bool
    ) throws -> Result {
        var sides: [Side?] = []
        var periods: [String?] = []
        var groupValues: [[String?]] = []
        var periodValues: [[String?]] = []
        var skipped = 0
        for (document, text) in zip(documents, texts) {
            let value = try group.value(group.names[0], of: document, language: text.language.rawValue)
            groupValues.append([value])
            sides.append(value.flatMap { a.contains($0) ? .a : b.contains($0) ? .b : nil })
            if let stableBy {
                do {
                    let period = try stableBy.value(stableBy.names[0], of: document, language: text.language.rawValue)
                    periods.append(period)
                    periodValues.append([period])
                } catch let error {
                    guard skipInvalid, case .invalidRecord(_, .unreadableDate) = error else { throw error }
                    skipped += 1
                    periods.append(nil)
                }
            }
        }
        var result = try run(
            texts: texts, sides: sides, outlets: documents.map(\.source), periods: stableBy == nil ? nil : periods,
            extractor: extractor, lexicon: lexicon)
        result.notes = group.missingNotes(groupValues) + (stableBy?.missingNotes(periodValues) ?? [])
        if skipped > 0 {
            result.notes.append(
                "skipped \(skipped) record\(skipped == 1 ? "" : "s") in the periods: unreadable date")
        }
        return result
    }
}
