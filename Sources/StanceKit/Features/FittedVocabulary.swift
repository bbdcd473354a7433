import CSupport
import Foundation
import RealModule

/// A fitted feature space: the n-gram columns with their idf weights, and the lexicon columns after them.
///
/// Columns come in two blocks (``blocks``):
/// 1. **n-grams** (`ngram`): one column per kept term (``terms``: `c:…`, `w:…`, `wb:…`), in code point order of
///    the column name. A document's value in column t is
///    ```
///    x_t = tf'(t) · idf(t) / ‖tf' · idf‖₂,    tf'(t) = 1 + ln tf(t) (sublinear) or tf(t)
///    ```
///    where tf(t) is the count of t in the document and the norm runs over the n-gram block only, so every
///    non-empty n-gram row has unit length (scikit-learn's `TfidfVectorizer(sublinear_tf=True, norm="l2")`).
/// 2. **lexicon** (`lexicon`, only with a lexicon and ``FeatureConfiguration/useLexicons``): for each concept C
///    (``LexiconMatcher`` counts hits in the own voice `o` and inside quotations `q`) and each `#contrast A B`,
///    in code point order of the column name:
///    ```
///    lex:C          = ln(1 + o_C)
///    lex:C@quoted   = ln(1 + q_C)
///    lex:rate:C     = (1000 · (o_C + q_C) / tokens) / 10        (0 for a text without tokens)
///    contrast:A/B   = A / (A + B) − 1/2,  A = o_A + q_A, B = o_B + q_B   (0 when both are 0)
///    ```
///    The scaling keeps each feature roughly in [0, 3] for news text, comparable to the unit-length n-gram block:
///    log counts are used as they are, rates per 1,000 tokens (``Tokenizer``) are divided by 10 (a rate of 10 per
///    1,000 is already a dense use of a term), and contrasts are centred so that "neither named" is 0 and stays
///    out of the sparse row. Zero values are not stored.
///
/// The fitted state is plain data (``configuration``, ``terms``, ``idf``, ``documentCount``, ``lexicon``), so a
/// model file can store it and ``init(configuration:terms:idf:documentCount:lexicon:)`` restore it exactly; the
/// block layout and the lexicon column names follow from it.
public struct FittedVocabulary: Sendable {
    public let configuration: FeatureConfiguration
    /// The n-gram column names, in column order.
    public let terms: [String]
    /// The idf weight of each n-gram column.
    public let idf: [Double]
    /// The number of training documents.
    public let documentCount: Int
    /// The lexicon of the lexicon block, or `nil` when there is none.
    public let lexicon: Lexicon?

    /// The lookup table of the terms, built on first use: fitting for training or export never needs it.
    private let index: TermIndex
    /// The word n-gram columns by word, built on first use (``WordNGramIndex``).
    private let wordIndex: LazyWordIndex
    private let matcher: LexiconMatcher?
    private let lexiconLayout: LexiconFeatureLayout

    /// Restores a fitted vocabulary from its parts (as stored in a model file).
    ///
    /// - Throws: ``FeatureError/inconsistentVocabulary(_:)`` when the arrays do not fit together (different
    ///   lengths, unsorted or repeated terms, an idf below 1), ``FeatureError/invalidConfiguration(_:)`` for settings
    ///   out of range.
    public init(
        configuration: FeatureConfiguration, terms: [String], idf: [Double], documentCount: Int, lexicon: Lexicon?
    ) throws(FeatureError) {
        try configuration.validate()
        try configuration.validateReference(for: lexicon)
        guard terms.count == idf.count else {
            throw .inconsistentVocabulary("\(terms.count) terms but \(idf.count) idf weights")
        }
        for index in terms.indices.dropFirst() where !utf8Precedes(terms[index - 1], terms[index]) {
            throw .inconsistentVocabulary("terms not in strictly increasing code point order at column \(index)")
        }
        if let bad = idf.firstIndex(where: { !($0 >= 1 && $0.isFinite) }) {
            throw .inconsistentVocabulary("idf weight \(idf[bad]) of column \(bad) is not a finite number ≥ 1")
        }
        if documentCount < 0 { throw .inconsistentVocabulary("negative document count \(documentCount)") }
        self.init(
            validatedConfiguration: configuration, terms: terms, idf: idf, documentCount: documentCount,
            lexicon: lexicon)
    }

    init(
        validatedConfiguration configuration: FeatureConfiguration, terms: [String], idf: [Double],
        documentCount: Int, lexicon: Lexicon?
    ) {
        self.configuration = configuration
        self.terms = terms
        self.idf = idf
        self.documentCount = documentCount
        self.lexicon = lexicon
        index = TermIndex(terms)
        wordIndex = LazyWordIndex(terms: terms, lengths: configuration.wordNGrams)
        let matcher =
            configuration.useLexicons
            ? lexicon.map { LexiconMatcher($0, mixedLanguages: configuration.mixedLanguageLexicon) } : nil
        self.matcher = matcher
        lexiconLayout = LexiconFeatureLayout(
            matcher: matcher, firstColumn: terms.count, kinds: configuration.lexiconFeatures,
            quoteFamilies: configuration.quoteFamilies, rateReference: configuration.rateReference)
    }

    /// A named range of columns.
    public struct Block: Sendable, Hashable {
        /// `ngram` or `lexicon`.
        public var name: String
        public var columns: Range<Int>

        public init(name: String, columns: Range<Int>) {
            self.name = name
            self.columns = columns
        }
    }

    /// The column blocks: `ngram` (every vocabulary term), then `lexicon` when there is a lexicon.
    public var blocks: [Block] {
        var result = [Block(name: "ngram", columns: 0..<terms.count)]
        if matcher != nil {
            result.append(Block(name: "lexicon", columns: terms.count..<columnCount))
        }
        return result
    }

    /// The number of columns of ``transform(_:threads:)``'s matrix.
    public var columnCount: Int { terms.count + lexiconLayout.names.count }

    /// The name of every column: the n-gram terms, then `lex:C`, `lex:C@quoted` (or `lex:C@quote:F` per
    /// ``QuoteFamily``), `lex:rate:C`, `contrast:A/B`.
    public var columnNames: [String] { terms + lexiconLayout.names }

    /// The column of a name, or `nil`.
    public func column(named name: String) -> Int? {
        let id = index.table.find(bytes: name.utf8)
        if id >= 0 { return Int(id) }
        return lexiconLayout.names.firstIndex(of: name).map { terms.count + $0 }
    }

    /// The feature rows of `texts`, using only the fitted vocabulary and idf weights.
    ///
    /// - Parameters:
    ///   - texts: the documents, one row each.
    ///   - threads: the number of threads; the matrix is bit-identical for every value.
    /// - Returns: a ``SparseMatrix`` with ``columnCount`` columns.
    /// - Complexity: O(total text length · n-gram lengths).
    public func transform(_ texts: [NormalizedText], threads: ThreadBudget = .single) -> SparseMatrix {
        // Word n-grams are found by word (``WordNGramIndex``); other n-grams, or word n-grams the index cannot
        // hold, by name in the term table.
        var byName = NGramGenerator(configuration)
        let words = wordIndex.index
        if words != nil { byName.wordNGrams = nil }
        let generator = byName
        let tokenizer = Tokenizer()
        let needsTable = byName.wordNGrams != nil || byName.charNGrams != nil || byName.charWB != nil
        let table = needsTable ? index.table : ByteStringTable()
        let columns = terms.count
        var matrix = SparseMatrix(columnCount: columnCount)
        ParallelChunks.mapReduce(
            chunks: ParallelChunks.chunkCount(texts.count), threads: threads,
            state: { RowState(table: table, columnCount: columns) },
            { chunk, state -> SparseMatrix in
                var part = SparseMatrix(columnCount: columnCount)
                for document in ParallelChunks.range(of: chunk, count: texts.count) {
                    part.appendRow(
                        row(texts[document], words: words, generator: generator, tokenizer: tokenizer, state: &state))
                }
                return part
            },
            reduce: { matrix.appendRows(of: $0) })
        return matrix
    }

    /// Scratch space of one worker.
    private struct RowState {
        var tokens: [Token] = []
        var counter: TermCounter
        var wordScratch = WordNGramIndex.Scratch()
        var entries: [(Int32, Double)] = []
        /// `column << 32 | count` of the row's columns, and the radix sort's working space.
        var pairs: [UInt64] = []
        var scratch: [UInt64] = []
        /// The bits a column needs.
        let columnBits: Int

        init(table: ByteStringTable, columnCount: Int) {
            counter = TermCounter(table: table)
            columnBits = Int.bitWidth - columnCount.leadingZeroBitCount
        }
    }

    private func row(
        _ text: NormalizedText, words: WordNGramIndex?, generator: NGramGenerator, tokenizer: Tokenizer,
        state: inout RowState
    ) -> [(Int32, Double)] {
        state.tokens.removeAll(keepingCapacity: true)
        state.counter.occurrences.removeAll(keepingCapacity: true)
        state.entries.removeAll(keepingCapacity: true)
        var string = text.text
        string.withUTF8 { bytes in
            tokenizer.tokenize(bytes, into: &state.tokens)
            state.tokens.withUnsafeBufferPointer {
                words?.count(bytes, tokens: $0, scratch: &state.wordScratch, into: &state.counter)
                generator.forEachNGram(in: bytes, tokens: $0, into: &state.counter)
            }
        }
        state.counter.finish()
        // The columns in order with their counts: every occurrence's `column << 32`, radix sorted, then counted run
        // by run. (A count per column in an array as long as the vocabulary missed the cache on nearly every
        // occurrence: 9 % of `stance score`.) The columns come out in increasing order, as a sort of the distinct
        // columns gave them, so the sums below add the same terms in the same order.
        RadixSort.sortByHighHalf(
            &state.counter.occurrences, scratch: &state.scratch, significantBits: state.columnBits)
        state.pairs.removeAll(keepingCapacity: true)
        state.counter.occurrences.withUnsafeBufferPointer { occurrences in
            var start = 0
            while start < occurrences.count {
                let column = occurrences[start] >> 32
                var end = start + 1
                while end < occurrences.count && occurrences[end] >> 32 == column { end += 1 }
                state.pairs.append(column << 32 | UInt64(UInt32(truncatingIfNeeded: end - start)))
                start = end
            }
        }
        var squares = 0.0
        // The idf weights of the columns a few places ahead are prefetched: the columns are sparse in a table as
        // long as the vocabulary.
        let ahead = 8
        idf.withUnsafeBufferPointer { weights in
            state.pairs.withUnsafeBufferPointer { pairs in
                for position in pairs.indices {
                    if position + ahead < pairs.count {
                        stance_prefetch_for_write(weights.baseAddress! + Int(pairs[position + ahead] >> 32))
                    }
                    let pair = pairs[position]
                    let column = Int32(truncatingIfNeeded: pair >> 32)
                    let weight = nGramWeight(count: Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF), column: column)
                    squares += weight * weight
                    state.entries.append((column, weight))
                }
            }
        }
        if squares > 0 {
            let scale = 1 / squares.squareRoot()
            for index in state.entries.indices { state.entries[index].1 *= scale }
        }
        state.entries.append(contentsOf: lexiconEntries(text, tokenCount: state.tokens.count))
        return state.entries
    }

    /// `tf'(t) · idf(t)` for a term occurring `count` times in a document, before the row is normalised: the one
    /// place that weighs n-grams, for ``transform(_:threads:)`` and ``FeatureExtractor/fitTransform(_:threads:)``.
    @inline(__always)
    func nGramWeight(count: Int32, column: Int32) -> Double {
        let tf: Double
        if !configuration.sublinearTF {
            tf = Double(count)
        } else if count < Self.sublinearTable.count {
            tf = Self.sublinearTable[Int(count)]
        } else {
            tf = 1 + Double.log(Double(count))
        }
        return tf * idf[Int(column)]
    }

    /// `1 + ln c` for the small counts that make up nearly every entry (the same values `Double.log` gives).
    private static let sublinearTable: [Double] = (0..<64).map { 1 + Double.log(Double($0)) }

    /// The non-zero lexicon-block entries of `text` (with `tokenCount` tokens), sorted by column; empty without a
    /// lexicon block.
    func lexiconEntries(_ text: NormalizedText, tokenCount: Int) -> [(Int32, Double)] {
        guard let matcher else { return [] }
        // Rates per word-equivalent need the token kinds: tokenise again (only models with that setting do).
        let length: Double
        if let unit = configuration.rateUnit, unit != .tokens, configuration.lexiconFeatures.rates {
            length = unit.length(of: text)
        } else {
            length = Double(tokenCount)
        }
        if configuration.quoteFamilies {
            return lexiconLayout.values(
                matcher.familyCounts(in: text, classifier: QuoteFamilyClassifier.shared), length: length,
                language: text.language)
        }
        return lexiconLayout.values(matcher.counts(in: text), length: length, language: text.language)
    }
}

/// The terms of a vocabulary in a ``ByteStringTable`` (id = column), built once on first use.
///
/// `@unchecked Sendable`: the table is built and read under the lock, and never changes once built.
private final class TermIndex: @unchecked Sendable {
    private let terms: [String]
    private let lock = NSLock()
    private var built: ByteStringTable?

    init(_ terms: [String]) { self.terms = terms }

    var table: ByteStringTable {
        lock.withLock {
            if let built { return built }
            var table = ByteStringTable(capacity: terms.count)
            for var term in terms { _ = term.withUTF8 { table.intern($0, hash: ByteStringTable.hash($0)) } }
            built = table
            return table
        }
    }
}

/// Counts the occurrences of the vocabulary's n-grams in one document; other n-grams are ignored.
///
/// A model's term table is larger than the caches, so nearly every lookup waits on memory (40 % of `stance score`'s
/// time went there). Each key's first slot is therefore prefetched when the key comes, and the lookup itself is made
/// ``lag`` keys later, from a copy of the key, so that several misses are in flight at once. For the same reason the
/// occurrences are only listed (``occurrences``), not counted in an array as long as the vocabulary. The order of the
/// lookups changes no count, and ``occurrences`` are sorted before use; ``finish()`` looks up the keys still waiting.
private struct TermCounter: NGramSink, ColumnSink {
    let table: ByteStringTable
    /// `column << 32` of every occurrence found, in order of lookup (the caller sorts and counts them).
    var occurrences: [UInt64] = []
    /// Keys waiting for their lookup, ``keyRoom`` bytes each, in a ring of ``lag`` places.
    private var waitingKeys = [UInt8](repeating: 0, count: lag * keyRoom)
    private var waitingLengths = [Int](repeating: 0, count: lag)
    private var waitingHashes = [UInt64](repeating: 0, count: lag)
    /// Keys taken and keys looked up since the last ``finish()``; the ring holds the difference.
    private var taken = 0
    private var lookedUp = 0

    /// How many keys a lookup trails its prefetch by (a power of two).
    private static let lag = 8
    /// The longest key that waits; a longer one (rare: a word 1-2-gram of long words) is looked up at once.
    private static let keyRoom = 64

    /// A counter whose n-grams are looked up by name in `table`.
    init(table: ByteStringTable) {
        self.table = table
    }

    mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        guard key.count <= Self.keyRoom else {
            count(key, hash: hash)
            return
        }
        table.prefetch(hash: hash)
        if taken - lookedUp == Self.lag { lookUpOldest() }
        let place = taken & (Self.lag - 1)
        waitingKeys.withUnsafeMutableBufferPointer { keys in
            UnsafeMutableRawPointer(keys.baseAddress! + place * Self.keyRoom).copyMemory(
                from: key.baseAddress!, byteCount: key.count)
        }
        waitingLengths[place] = key.count
        waitingHashes[place] = hash
        taken += 1
    }

    /// Looks up every key still waiting: call after the last ``add(_:hash:)`` of a document.
    mutating func finish() {
        while lookedUp < taken { lookUpOldest() }
        taken = 0
        lookedUp = 0
    }

    private mutating func lookUpOldest() {
        let place = lookedUp & (Self.lag - 1)
        let column = waitingKeys.withUnsafeBufferPointer { keys in
            table.find(
                UnsafeBufferPointer(start: keys.baseAddress! + place * Self.keyRoom, count: waitingLengths[place]),
                hash: waitingHashes[place])
        }
        lookedUp += 1
        tally(column)
    }

    private mutating func count(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        tally(table.find(key, hash: hash))
    }

    @inline(__always)
    mutating func tally(_ column: Int32) {
        guard column >= 0 else { return }
        occurrences.append(UInt64(UInt32(column)) << 32)
    }
}

/// The ``WordNGramIndex`` of a vocabulary's terms, built once on first use (`nil` when the index cannot hold them
/// or no word n-grams are counted).
///
/// `@unchecked Sendable`: the index is built and read under the lock, and never changes once built.
private final class LazyWordIndex: @unchecked Sendable {
    private let terms: [String]
    private let lengths: ClosedRange<Int>?
    private let lock = NSLock()
    private var built: WordNGramIndex??

    init(terms: [String], lengths: ClosedRange<Int>?) {
        self.terms = terms
        self.lengths = lengths
    }

    var index: WordNGramIndex? {
        lock.withLock {
            if let built { return built }
            let index = lengths.flatMap { WordNGramIndex(terms: terms, lengths: $0) }
            built = .some(index)
            return index
        }
    }
}

extension FittedVocabulary: Equatable {
    public static func == (lhs: FittedVocabulary, rhs: FittedVocabulary) -> Bool {
        lhs.configuration == rhs.configuration && lhs.terms == rhs.terms && lhs.idf == rhs.idf
            && lhs.documentCount == rhs.documentCount && lhs.lexicon == rhs.lexicon
    }
}
