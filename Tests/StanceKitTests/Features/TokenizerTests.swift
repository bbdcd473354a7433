import StanceKit
import Testing

/// A normalised text whose original is itself (identity offsets), for feature tests.
func featureTestText(_ text: String, _ language: Language = .en, quoted: [Range<Int>] = []) -> NormalizedText {
    NormalizedText(
        text: text, quotedRanges: quoted, language: language,
        originalOffsets: (0...text.utf8.count).map { Int32($0) })
}

/// The UTF-8 range of the first occurrence of `part` in `text`.
func featureTestRange(of part: String, in text: String) -> Range<Int> {
    let bytes = Array(text.utf8)
    let needle = Array(part.utf8)
    for start in 0...(bytes.count - needle.count) where Array(bytes[start..<(start + needle.count)]) == needle {
        return start..<(start + needle.count)
    }
    return 0..<0
}

@Suite struct TokenizerTests {
    private func words(_ text: String, _ language: Language = .en) -> [String] {
        let bytes = Array(text.utf8)
        return Tokenizer().tokens(in: featureTestText(text, language)).map {
            String(decoding: bytes[$0.range], as: UTF8.self)
        }
    }

    @Test func englishWordsKeepInnerApostrophesButNotQuotes() {
        #expect(
            words("china's leaders don't 'reform' the economy.")
                == ["china's", "leaders", "don't", "reform", "the", "economy"])
    }

    @Test func hyphensNumbersHashtagsAndMentions() {
        #expect(
            words("anti-china #hongkong @xinhua rose 1,000 points, 3.5% - then fell--")
                == ["anti-china", "#hongkong", "@xinhua", "rose", "1,000", "points", "3.5", "then", "fell"])
        // An @ after a word character is not a mention; a lone # is not a token.
        #expect(words("mail a@b or # alone") == ["mail", "a", "b", "or", "alone"])
        // Underscores belong to hashtags and mentions only.
        #expect(words("@xi_jinping #hong_kong_ snake_case") == ["@xi_jinping", "#hong_kong_", "snake", "case"])
    }

    @Test func hanIsOneTokenPerCharacter() {
        #expect(words("中国共产党说。", .zhHans) == ["中", "国", "共", "产", "党", "说"])
        #expect(words("iphone手机 in 北京", .zhHans) == ["iphone", "手", "机", "in", "北", "京"])
        #expect(words("カタカナ", .other) == ["カ", "タ", "カ", "ナ"])
    }

    @Test func vietnameseSyllablesAreTokens() {
        #expect(words("đảng cộng sản trung quốc", .vi) == ["đảng", "cộng", "sản", "trung", "quốc"])
    }

    @Test func rangesAndBreaks() {
        let text = "a b. c; d\ne 中 f"
        let tokens = Tokenizer().tokens(in: featureTestText(text))
        #expect(tokens.map(\.range) == [0..<1, 2..<3, 5..<6, 8..<9, 10..<11, 12..<15, 16..<17])
        #expect(tokens.map(\.followsBreak) == [false, false, true, true, true, false, false])
        #expect(tokens.map(\.kind) == [.word, .word, .word, .word, .word, .unspaced, .word])
        #expect(Tokenizer().tokenCount(in: featureTestText(text)) == 7)
        #expect(Tokenizer().tokenCount(in: featureTestText("  ... !!")) == 0)
    }
}
