import RealModule

/// Learns a vocabulary from training texts and turns texts into TF-IDF rows (see ``FittedVocabulary``).
public struct FeatureExtractor: Sendable {
    public var configuration: FeatureConfiguration
    /// The lexicon whose features form the second block, when ``FeatureConfiguration/useLexicons`` is set.
    public var lexicon: Lexicon?

    public init(configuration: FeatureConfiguration = FeatureConfiguration(), lexicon: Lexicon? = nil) {
        self.configuration = configuration
        self.lexicon = lexicon
    }

    /// Fits the n-gram vocabulary and idf weights on the training texts.
    ///
    /// Counts, for each n-gram, the number of training documents it occurs in (df) and its total count; keeps the
    /// terms with `minDF ≤ df ≤ maxDF · n`; keeps the `maxFeatures` of them with the highest total count (ties by
    /// the column name's bytes); orders the columns by name (code point order); and sets
    /// ```
    /// idf(t) = ln((1 + n) / (1 + df(t))) + 1
    /// ```
    /// (scikit-learn's smoothed idf: as if one extra document held every term once; a term in every document still
    /// gets weight 1).
    ///
    /// - Parameters:
    ///   - texts: the training documents.
    ///   - threads: the number of threads; the result is the same for every value.
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
    /// - Complexity: O(total text length · n-gram lengths) time; memory proportional to the distinct n-grams.
    public func fit(_ texts: [NormalizedText], threads: ThreadBudget = .single) throws(FeatureError) -> FittedVocabulary
    {
        try configuration.validate()
        let generator = NGramGenerator(configuration)
        let tokenizer = Tokenizer()
        // Count each chunk of documents on its own, then merge the chunks in order.
        var table = ByteStringTable(capacity: 1 << 14)
        var df: [Int] = []
        var total: [Int] = []
        ParallelChunks.mapReduce(
            chunks: ParallelChunks.chunkCount(texts.count), threads: threads, state: { [Token]() },
            { chunk, tokens -> DocumentFrequencyCounter in
                var counter = DocumentFrequencyCounter()
                for document in ParallelChunks.range(of: chunk, count: texts.count) {
                    counter.document = document
                    var string = texts[document].text
                    string.withUTF8 { bytes in
                        tokens.removeAll(keepingCapacity: true)
                        tokenizer.tokenize(bytes, into: &tokens)
                        tokens.withUnsafeBufferPointer { generator.forEachNGram(in: bytes, tokens: $0, into: &counter) }
                    }
                }
                counter.finish()
                return counter
            },
            reduce: { partial in
                for local in 0..<partial.table.count {
                    let id = Int(table.intern(keyOf: local, in: partial.table))
                    if id == df.count {
                        df.append(0)
                        total.append(0)
                    }
                    df[id] += partial.df[local]
                    total[id] += partial.total[local]
                }
            })
        let n = texts.count
        let kept = selectColumns(table: table, documentFrequency: df, total: total, documentCount: n)
        let terms = kept.map { table.string($0) }
        let idf = kept.map { Self.idf(documentFrequency: df[$0], documentCount: n) }
        return FittedVocabulary(
            validatedConfiguration: configuration, terms: terms, idf: idf, documentCount: n,
            lexicon: configuration.useLexicons ? lexicon : nil)
    }

    /// The raw count of every n-gram of `text` by column name (`w:cold war`, `c:中共`, `wb: cen`), before any
    /// vocabulary limit: for inspection and explanations, not for hot loops.
    public func nGramCounts(in text: NormalizedText) -> [String: Int] {
        var counter = DocumentFrequencyCounter()
        var tokens: [Token] = []
        var string = text.text
        string.withUTF8 { bytes in
            Tokenizer().tokenize(bytes, into: &tokens)
            tokens.withUnsafeBufferPointer {
                NGramGenerator(configuration).forEachNGram(in: bytes, tokens: $0, into: &counter)
            }
        }
        var result: [String: Int] = [:]
        for id in counter.total.indices { result[counter.table.string(id)] = counter.total[id] }
        return result
    }

    /// The ids of the `table` keys that become columns, in column order: the document-frequency limits, then the
    /// `maxFeatures` most frequent terms (ties by bytes), then code point (byte) order of the keys.
    func selectColumns(
        table: ByteStringTable, documentFrequency df: [Int], total: [Int], documentCount n: Int,
        threads: ThreadBudget = .single
    ) -> [Int] {
        let maxDocuments = configuration.maxDF * Double(n)
        var kept = (0..<table.count).filter {
            df[$0] >= configuration.minDF && Double(df[$0]) <= maxDocuments
                && !MaskTokenFilter.holdsMask(table.string($0))
        }
        if let maxFeatures = configuration.maxFeatures, kept.count > maxFeatures {
            kept.sort {
                total[$0] != total[$1] ? total[$0] > total[$1] : table.keyPrecedes($0, $1)
            }
            kept.removeLast(kept.count - maxFeatures)
        }
        return table.sortedByKey(kept, threads: threads)
    }

    /// `ln((1 + n) / (1 + df)) + 1`.
    static func idf(documentFrequency df: Int, documentCount n: Int) -> Double {
        Double.log(Double(1 + n) / Double(1 + df)) + 1
    }
}

/// Counts, for each distinct n-gram of a run of documents, the documents it occurs in and its occurrences.
struct DocumentFrequencyCounter: NGramSink, Sendable {
    var table = ByteStringTable(capacity: 4096)
    var df: [Int] = []
    var total: [Int] = []
    /// The last document each n-gram was seen in.
    private var lastDocument: [Int] = []
    /// The document being counted.
    var document = 0

    mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let id = Int(table.intern(key, hash: hash))
        if id == df.count {
            df.append(0)
            total.append(0)
            lastDocument.append(-1)
        }
        if lastDocument[id] != document {
            lastDocument[id] = document
            df[id] += 1
        }
        total[id] += 1
    }

    /// Frees what only counting needs (the table's slots, the last-document marks); keys and counts stay.
    mutating func finish() {
        table.releaseIndex()
        lastDocument = []
    }
}
