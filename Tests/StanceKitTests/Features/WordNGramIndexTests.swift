import Testing
import _StanceTestSupport

@testable import StanceKit

/// ``WordNGramIndex`` counts exactly the word n-gram columns that looking each n-gram up by name finds.
@Suite struct WordNGramIndexTests {
    static let words = [
        "the", "talks", "would", "continue", "so-called", "china's", "don't", "reform", "giá", "vàng", "tăng",
        "người", "dân", "1,000", "#hashtag", "@mention", "москва", "中", "共", "a",
    ]
    static let separators = [" ", " ", " ", ". ", ", ", "\n", " 中共 ", "! "]

    static func randomText(_ random: inout SeededGenerator) -> String {
        random.text(pieces: words, gaps: separators, maxPieces: 60)
    }

    /// Collects n-gram names with their counts.
    struct NameCounts: NGramSink {
        var counts: [String: Int] = [:]
        mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
            counts[String(decoding: key, as: UTF8.self), default: 0] += 1
        }
    }

    struct ColumnCounts: ColumnSink {
        var counts: [Int32: Int] = [:]
        mutating func tally(_ column: Int32) { counts[column, default: 0] += 1 }
    }

    static func names(of text: String, lengths: ClosedRange<Int>) -> [String: Int] {
        let configuration = FeatureConfiguration(wordNGrams: lengths, charNGrams: 1...2, charWB: 2...3)
        var string = text
        var sink = NameCounts()
        string.withUTF8 { bytes in
            var tokens: [Token] = []
            Tokenizer().tokenize(bytes, into: &tokens)
            tokens.withUnsafeBufferPointer {
                NGramGenerator(configuration).forEachNGram(in: bytes, tokens: $0, into: &sink)
            }
        }
        return sink.counts
    }

    @Test(arguments: [1...1, 1...2, 2...3, 1...3, 2...2])
    func countsWhatNamesFind(lengths: ClosedRange<Int>) throws {
        var random = SeededGenerator(seed: 22, stream: UInt64(lengths.lowerBound * 4 + lengths.upperBound))
        // The terms: a random half of the n-grams of some texts (so that many n-grams of a word outside the
        // vocabulary, and many bigrams of words whose unigram is not a column, occur), with character n-grams.
        var all: [String: Int] = [:]
        for _ in 0..<40 { all.merge(Self.names(of: Self.randomText(&random), lengths: 1...3)) { $0 + $1 } }
        let terms = all.keys.sortedByCodePoint().filter { _ in random.nextIndex(below: 2) == 0 }
        #expect(terms.contains { $0.hasPrefix("c:") } && terms.contains { $0.hasPrefix("wb:") })
        let index = try #require(WordNGramIndex(terms: terms, lengths: lengths))
        let columns = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, Int32($0)) })
        var counted = 0
        var scratch = WordNGramIndex.Scratch()
        for _ in 0..<60 {
            let text = Self.randomText(&random)
            var expected: [Int32: Int] = [:]
            for (name, count) in Self.names(of: text, lengths: lengths) where name.hasPrefix("w:") {
                if let column = columns[name] { expected[column] = count }
            }
            var sink = ColumnCounts()
            var string = text
            string.withUTF8 { bytes in
                var tokens: [Token] = []
                Tokenizer().tokenize(bytes, into: &tokens)
                tokens.withUnsafeBufferPointer { index.count(bytes, tokens: $0, scratch: &scratch, into: &sink) }
            }
            #expect(sink.counts == expected, "\(text.debugDescription)")
            counted += expected.count
        }
        #expect(counted > 100)
    }

    @Test func longerNGramsAreLeftToTheNameTable() {
        #expect(WordNGramIndex(terms: ["w:a b c d"], lengths: 1...4) == nil)
        #expect(WordNGramIndex(terms: ["w:a b c"], lengths: 1...3) != nil)
    }

    @Test func transformIsTheSameThroughEitherPath() throws {
        // Word 1-2-grams go through the index; word 1-4-grams through the names: the rows of the n-grams both
        // count are the same.
        var random = SeededGenerator(seed: 5)
        let texts = (0..<50).map { _ in Self.randomText(&random) }
        let normalizer = try TextNormalizer()
        let normalized = texts.map { normalizer.normalize($0) }
        var all: [String: Int] = [:]
        for text in normalized { all.merge(Self.names(of: text.text, lengths: 1...2)) { $0 + $1 } }
        let terms = all.keys.filter { $0.hasPrefix("w:") }.sortedByCodePoint()
        let idf = terms.map { _ in 1 + Double(random.nextIndex(below: 100)) / 10 }
        func vocabulary(_ lengths: ClosedRange<Int>) throws -> FittedVocabulary {
            try FittedVocabulary(
                configuration: FeatureConfiguration(wordNGrams: lengths, charNGrams: nil), terms: terms, idf: idf,
                documentCount: 50, lexicon: nil)
        }
        let byWord = try vocabulary(1...2).transform(normalized)
        let byName = try vocabulary(1...4).transform(normalized)
        #expect(byWord.nonZeroCount > 500)
        #expect(byWord.rowOffsets == byName.rowOffsets)
        #expect(byWord.columnIndices == byName.columnIndices)
        #expect(byWord.values == byName.values)
    }
}
