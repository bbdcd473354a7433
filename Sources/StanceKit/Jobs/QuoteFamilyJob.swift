/// `stance quotes`: every quotation of a corpus with the family ``QuoteFamilyClassifier`` gives it, one JSON line
/// each, `{"id", "start", "end", "family"}`, where `start..<end` are UTF-8 byte offsets of the quoted words (marks
/// excluded) in the document's text as read. The offsets are what `labels/quotes/` stores, so that the rule can be
/// measured against hand labels without the texts ever entering the repository.
public struct QuoteFamilyJob: Sendable {
    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    public var normalization: TextNormalizer.Options
    public var threads: ThreadBudget

    public init(
        files: [String], corpus: CorpusOptions, normalization: TextNormalizer.Options = TextNormalizer.Options(),
        threads: ThreadBudget = .single
    ) {
        self.files = files
        self.corpus = corpus
        self.normalization = normalization
        self.threads = threads
    }

    /// One quotation and its family.
    public struct Quote: Sendable, Equatable {
        public var id: String
        /// UTF-8 offsets in the document's text.
        public var start: Int
        public var end: Int
        public var family: QuoteFamily
    }

    /// The quotations of already normalised documents, in document and text order.
    public static func quotes(documents: [Document], texts: [NormalizedText]) -> [Quote] {
        let classifier = QuoteFamilyClassifier.shared
        var result: [Quote] = []
        for (document, text) in zip(documents, texts) {
            let bytes = Array(text.text.utf8)
            for range in text.quotedRanges {
                result.append(
                    Quote(
                        id: document.id, start: text.originalOffset(at: range.lowerBound),
                        end: text.originalOffset(at: range.upperBound),
                        family: classifier.family(of: range, in: bytes)))
            }
        }
        return result
    }

    /// Reads the corpus and writes one JSON line per quotation to `output`.
    ///
    /// - Throws: the errors of reading the corpus, ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink) throws {
        let read = try NormalizedCorpus(
            paths: files, options: corpus, normalization: normalization, threads: threads, warnings: warnings)
        for quote in Self.quotes(documents: read.documents, texts: read.texts) {
            let line = JSON.object([
                ("id", .string(quote.id)), ("start", .int(quote.start)), ("end", .int(quote.end)),
                ("family", .string(quote.family.rawValue)),
            ])
            try output.write(line.rendered() + "\n")
        }
        try output.flush()
    }
}
