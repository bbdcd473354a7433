import Foundation
import StanceKit
import Testing

@Suite struct VietnameseToneTests {
    /// Old-style and new-style spellings (and the common misspelling qủa) become one word.
    @Test(arguments: [
        ("hòa", "hoà"), ("hoà", "hoà"), ("thúy", "thuý"), ("thuý", "thuý"), ("khỏe", "khoẻ"), ("khoẻ", "khoẻ"),
        ("qủa", "quả"), ("quả", "quả"), ("HÒA BÌNH", "hoà bình"), ("Thủy", "thuỷ"), ("hóa", "hoá"),
        ("lòe", "loè"), ("tùy", "tuỳ"),
    ])
    func placesToneByOneConvention(input: String, expected: String) throws {
        let normalized = try TextNormalizer(options: .init()).normalize(input)
        #expect(normalized.text == expected)
        #expect(normalized.originalOffsets.count == normalized.text.utf8.count + 1)
    }

    /// Syllables whose mark is already where both conventions put it, and words that are not Vietnamese syllables.
    @Test(arguments: [
        "người", "hoàng", "toán", "của", "mía", "ngoài", "tuổi", "cửa", "giữa", "quý", "gì", "thuyền", "khuya",
        "café", "josé", "việt nam", "mái", "xoắn",
    ])
    func leavesCanonicalSyllablesAlone(word: String) throws {
        #expect(try TextNormalizer(options: .init()).normalize(word).text == word)
    }

    @Test func composesDecomposedInput() throws {
        let normalizer = try TextNormalizer(options: .init())
        let decomposed = "Ho\u{0300}a bi\u{0300}nh, kho\u{0309}e"
        let normalized = normalizer.normalize(decomposed)
        #expect(normalized.text == "hoà bình, khoẻ")
        #expect(normalized.text == normalizer.normalize("Hòa bình, khỏe").text)
        let offsets = normalized.originalOffsets
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(offsets.last == Int32(decomposed.utf8.count))
    }

    @Test func offsetsFollowTheMovedMark() throws {
        // t h ú(2 bytes) y → t h u ý(2 bytes): each output character maps to the input character at its position.
        let normalized = try TextNormalizer(options: .init()).normalize("thúy")
        #expect(normalized.text == "thuý")
        #expect(normalized.originalOffsets == [0, 1, 2, 4, 4, 5])
    }

    @Test func sentenceWithBothStyles() throws {
        let normalizer = try TextNormalizer(options: .init())
        let old = normalizer.normalize("Hòa bình và sức khỏe cho mọi người, thủy lợi.")
        let new = normalizer.normalize("Hoà bình và sức khoẻ cho mọi người, thuỷ lợi.")
        #expect(old.text == new.text)
        #expect(old.language == .vi)
    }
}
