/// A labeled corpus read for training and cross-validation without keeping its texts: records stream in, and each
/// batch is cleaned, labelled from its outlets when asked, normalised and counted (``CountedCorpus/Builder``), and
/// its texts are dropped. What the later stages need of a text is taken while it is there: its language (grouping by
/// `lang`), its fingerprint (identical texts stay in one fold), its language shares, its size, and its part of the
/// model's input hash.
///
/// Memory then follows the counts (the n-gram table and each text's distinct n-grams) and the records' other fields,
/// not the corpus's text. Everything is read once, so standard input and FIFOs work as files do.
public struct CountedDocuments: Sendable {
    /// The documents, in input order, with their texts dropped (`text` is empty): labels, sources, targets, dates,
    /// ids, locations and kept fields.
    public internal(set) var documents: [Document]
    /// The language of each text, decided when it was normalised.
    public internal(set) var languages: [Language]
    /// The fingerprint of each (cleaned) text.
    public internal(set) var fingerprints: [TextFingerprint]
    /// How each (cleaned) text's letters divide among languages, for the `lang_shares` of scored articles.
    public internal(set) var languageShares: [LanguageShares]
    /// The UTF-8 bytes of all the (cleaned) texts.
    public internal(set) var textBytes: Int
    /// ``StanceTrainer/inputHash(_:)`` of the documents, taken while their texts were there.
    public internal(set) var inputHash: String
    /// Every text's n-grams, counted once.
    let corpus: CountedCorpus

    /// About this many bytes of text are cleaned, normalised and counted at a time.
    public static let batchBytes = 16 << 20

    /// Reads, cleans, labels, normalises and counts the corpus `paths`, a batch at a time.
    ///
    /// - Parameters:
    ///   - selections: input fields to keep and check, as ``CorpusReader/collect(paths:options:checking:warnings:)``
    ///     checks them.
    ///   - cleaner: cleans each text first (`--clean`), or `nil`.
    ///   - boilerplate: then cuts the lines recurring across each source's documents (`--clean`), or `nil`: the
    ///     corpus is then read twice (``RecurringLines``), so `paths` must be files or directories
    ///     (``RecurringLines/canReadTwice(_:)``).
    ///   - outletLabelling: labels each document by its outlet (`--label-from-source`), or `nil`.
    ///   - normalization: how texts are normalised.
    ///   - extractor: the feature settings and lexicon the texts are counted with.
    ///   - batchBytes: about how many bytes of text are counted at a time (``batchBytes``).
    ///   - progress: called with a line of progress now and then.
    /// - Throws: the errors of ``CorpusReader``, ``FieldError`` for a field no record carries, the errors of
    ///   ``OutletLabelling`` and ``TextNormalizer``, and ``FeatureError`` for feature settings out of range.
    public static func read(
        paths: [String], options: CorpusOptions, checking selections: [FieldSelection], cleaner: DocumentCleaner?,
        boilerplate: SourceBoilerplate? = nil, outletLabelling: OutletLabelling?, normalization: TextNormalizer.Options,
        extractor: FeatureExtractor,
        threads: ThreadBudget, warnings: WarningSink, batchBytes batchLimit: Int = CountedDocuments.batchBytes,
        progress: ((String) -> Void)? = nil
    ) throws -> CountedDocuments {
        var reading = options
        for selection in selections { reading.keptFields.formUnion(selection.keptFields) }
        var recurringLines = try boilerplate.map { rule in
            try RecurringLines(
                rule: rule, paths: paths, options: reading, cleaner: cleaner, threads: threads, batchBytes: batchLimit)
        }
        if let recurringLines { progress?("found the recurring lines of \(recurringLines.recurring.count) sources") }
        let reader = try CorpusReader(paths: paths, options: reading)
        let normalizer = try TextNormalizer(options: normalization)
        let outlets = try outletLabelling.map { try OutletLabels(contentsOfFile: $0.path) }
        var builder = try CountedCorpus.Builder(extractor: extractor)
        var kept: [Document] = []
        var languages: [Language] = []
        var fingerprints: [TextFingerprint] = []
        var languageShares: [LanguageShares] = []
        var textBytes = 0
        var hash = TextFingerprint(high: 0, low: 0)
        var missingOutlets: Set<String> = []
        var unlabeled = 0
        var batch: [Document] = []
        var pendingBytes = 0

        func countBatch() {
            var documents = cleanDocuments(batch, cleaner: cleaner, threads: threads)
            if recurringLines != nil { documents = recurringLines!.cut(documents, threads: threads) }
            batch = []
            pendingBytes = 0
            if let outlets {
                documents = documents.compactMap { document in
                    var document = document
                    guard let source = document.source, let label = outlets.labels[source] else {
                        missingOutlets.insert(document.source ?? "(no source)")
                        unlabeled += 1
                        return nil
                    }
                    document.label = label
                    return document
                }
            }
            let cleaned = documents
            let taken = parallelMap(count: cleaned.count, threads: threads) { index in
                let text = cleaned[index].text
                let normalized = normalizer.normalize(text)
                return (
                    normalized: normalized, fingerprint: TextFingerprint(text),
                    shares: LanguageShares(of: text, language: normalized.language),
                    part: StanceTrainer.inputPart(cleaned[index])
                )
            }
            builder.add(taken.map(\.normalized), threads: threads)
            for (document, facts) in zip(cleaned, taken) {
                var document = document
                hash = StanceTrainer.combine(hash, facts.part)
                textBytes += document.text.utf8.count
                languages.append(facts.normalized.language)
                fingerprints.append(facts.fingerprint)
                languageShares.append(facts.shares)
                document.text = ""
                kept.append(document)
            }
            progress?("counted \(kept.count) documents")
        }

        try reader.forEach { document in
            pendingBytes += document.text.utf8.count
            batch.append(document)
            if pendingBytes >= batchLimit { countBatch() }
        }
        if !batch.isEmpty { countBatch() }
        reader.reportSkipped(to: warnings)
        for var selection in selections {
            try selection.check(carried: reader.fieldNames)
            guard !selection.option.hasSuffix("-field") else { continue }
            let values = try kept.map { try selection.values(of: $0, language: nil) }
            for note in selection.missingNotes(values) { warnings.note(note) }
        }
        if let outletLabelling, !missingOutlets.isEmpty {
            if !outletLabelling.skipUnlabeled {
                throw TrainingError.unlabeledOutlets(codePointSorted(missingOutlets), file: outletLabelling.path)
            }
            warnings.note(
                "skipped \(unlabeled) articles of \(missingOutlets.count) outlets not in \(outletLabelling.path)")
        }
        return CountedDocuments(
            documents: kept, languages: languages, fingerprints: fingerprints, languageShares: languageShares,
            textBytes: textBytes,
            inputHash: hash.description, corpus: builder.finish(threads: threads))
    }
}
