import RealModule

/// Learns a vocabulary from training texts and turns texts into TF-IDF rows (see ``FittedVocabulary``):
/// ``fitTransform(_:threads:)``, ``countTexts(_:threads:)`` and ``countCorpus(_:threads:)``.
///
/// The vocabulary keeps the terms with `minDF ≤ df ≤ maxDF · n` (no n-gram holding the mask token); keeps the
/// `maxFeatures` of them with the highest total count (ties by the column name's bytes); orders the columns by
/// name (code point order); and sets
/// ```
/// idf(t) = ln((1 + n) / (1 + df(t))) + 1
/// ```
/// (scikit-learn's smoothed idf: as if one extra document held every term once; a term in every document still
/// gets weight 1).
public struct FeatureExtractor: Sendable {
    public var configuration: FeatureConfiguration
    /// The lexicon whose features form the second block, when ``FeatureConfiguration/useLexicons`` is set.
    public var lexicon: Lexicon?

    public init(configuration: FeatureConfiguration = FeatureConfiguration(), lexicon: Lexicon? = nil) {
        self.configuration = configuration
        self.lexicon = lexicon
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
