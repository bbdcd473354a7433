import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct NGramTests {
    private func counts(
        _ text: String, _ language: Language = .en, word: ClosedRange<Int>? = nil, char: ClosedRange<Int>? = nil,
        charWB: ClosedRange<Int>? = nil
    ) -> [String: Int] {
        let configuration = FeatureConfiguration(wordNGrams: word, charNGrams: char, charWB: charWB)
        return FeatureExtractor(configuration: configuration).nGramCounts(in: featureTestText(text, language))
    }

    @Test func englishWordNGramsStopAtSentenceEnds() {
        let expected = [
            "w:the": 2, "w:cold": 2, "w:war": 1, "w:peace": 1,
            "w:the cold": 2, "w:cold war": 1, "w:cold peace": 1,
        ]
        #expect(counts("the cold war. the cold, peace", word: 1...2) == expected)
        #expect(counts("the cold war", word: 3...3) == ["w:the cold war": 1])
        #expect(counts("the cold", word: 3...4) == [:])
    }

    @Test func vietnameseSyllableNGrams() {
        let expected = [
            "w:trung": 2, "w:quốc": 2, "w:và": 1,
            "w:trung quốc": 2, "w:quốc và": 1, "w:và trung": 1,
        ]
        #expect(counts("trung quốc và trung quốc", .vi, word: 1...2) == expected)
    }

    @Test func chineseCharacterNGramsStayInsideRuns() {
        let expected = [
            "c:中": 2, "c:国": 2, "c:共": 1, "c:产": 1, "c:党": 1,
            "c:中国": 2, "c:国共": 1, "c:共产": 1, "c:产党": 1,
            "c:中国共": 1, "c:国共产": 1, "c:共产党": 1,
        ]
        #expect(counts("中国共产党,中国", .zhHans, char: 1...3) == expected)
        #expect(counts("中国共产党,中国", .zhHans, char: 1...3).values.reduce(0, +) == 15)
    }

    @Test func mixedTextSplitsWordsAtHanRuns() {
        let expected = [
            "w:and": 1, "w:china": 1, "w:and china": 1, "w:cold": 1, "w:war": 1, "w:cold war": 1,
            "c:美": 1, "c:国": 2, "c:中": 1, "c:美国": 1, "c:中国": 1,
        ]
        #expect(counts("美国 and china 中国 cold war", .zhHans, word: 1...2, char: 1...2) == expected)
    }

    /// Checked against scikit-learn 1.9 `CountVectorizer(analyzer="char_wb", ngram_range=(2, 5))` on "a cen".
    @Test func paddedCharacterNGramsInsideWords() {
        let expected = [
            "wb: a": 1, "wb:a ": 1, "wb: a ": 1,
            "wb: c": 1, "wb:ce": 1, "wb:en": 1, "wb:n ": 1, "wb: ce": 1, "wb:cen": 1, "wb:en ": 1,
            "wb: cen": 1, "wb:cen ": 1, "wb: cen ": 1,
        ]
        #expect(counts("a cen", charWB: 2...5) == expected)
        // Multi-byte letters count as one character each.
        #expect(counts("đi", .vi, charWB: 3...3) == ["wb: đi": 1, "wb:đi ": 1])
    }

    /// The interning table behind n-gram counting: many keys (sharing prefixes, of every length, some empty) get
    /// dense ids in insertion order, and every key is found again with its own id and bytes.
    @Test func byteStringTableInternsAndFinds() {
        var generator = SeededGenerator(seed: 99)
        var table = ByteStringTable(capacity: 4)
        var keys: [[UInt8]] = [[]]
        var seen: Set<[UInt8]> = [[]]
        while keys.count < 20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let key = (0..<length).map { _ in UInt8.random(in: 0x61...0x64, using: &generator) }
            if seen.insert(key).inserted { keys.append(key) }
        }
        for (id, key) in keys.enumerated() {
            #expect(table.intern(bytes: key) == Int32(id))
        }
        #expect(table.count == keys.count)
        var mismatches = 0
        for (id, key) in keys.enumerated() {
            if table.find(bytes: key) != Int32(id) || Array(table.key(id)) != key
                || table.intern(bytes: key) != Int32(id)
            {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(table.count == keys.count)
        #expect(table.find(bytes: Array("zzz".utf8)) == -1)
        #expect(table.keyPrecedes(table.find(bytes: Array("ab".utf8)).int, table.find(bytes: Array("abc".utf8)).int))
    }

    /// Keys one bit apart get hashes that differ in many bits (the finaliser mixes every input bit everywhere).
    @Test func hashSeparatesNearbyKeys() {
        let empty = [UInt8]().withUnsafeBufferPointer { ByteStringTable.hash($0) }
        let word = Array("w:cold war".utf8).withUnsafeBufferPointer { ByteStringTable.hash($0) }
        let other = Array("w:cold waR".utf8).withUnsafeBufferPointer { ByteStringTable.hash($0) }
        #expect(empty != word && word != other)
        #expect((word ^ other).nonzeroBitCount > 16)
    }

    @Test func configurationDecodesOldFilesWithDefaults() throws {
        let decoded = try JSONDecoder().decode(
            FeatureConfiguration.self, from: Data(#"{"wordNGrams": [1, 3], "minDF": 2}"#.utf8))
        // Older files matched lexicons by majority language only.
        #expect(
            decoded == FeatureConfiguration(wordNGrams: 1...3, charNGrams: nil, minDF: 2, mixedLanguageLexicon: false))
        let configuration = FeatureConfiguration(charWB: 2...5, maxFeatures: 10, sublinearTF: false)
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(FeatureConfiguration.self, from: data) == configuration)
    }
}

extension Int32 {
    fileprivate var int: Int { Int(self) }
}
