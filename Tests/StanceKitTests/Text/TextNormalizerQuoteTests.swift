import Testing

@testable import StanceKit

@Suite struct TextNormalizerQuoteTests {
    @Test(arguments: [
        ("He said “we will win” today.", "he said \"we will win\" today.", ["we will win"]),
        ("a \"b c\" d \"e f\" g", "a \"b c\" d \"e f\" g", ["b c", "e f"]),
        ("他说「我们会赢」。", "他说\"我们会赢\".", ["我们会赢"]),
        ("「他说『好』然后走了」", "\"他说\"好\"然后走了\"", ["他说\"好\"然后走了"]),
        ("«Oui» dit-il", "\"oui\" dit-il", ["oui"]),
        ("Er sagte „Ja“ heute", "er sagte \"ja\" heute", ["ja"]),
        ("China’s leaders don’t ‘hesitate’ now", "china's leaders don't 'hesitate' now", ["hesitate"]),
        ("‘It’s fine,’ he said", "'it's fine,' he said", ["it's fine,"]),
        ("“ spaced ”", "\" spaced \"", ["spaced"]),
        ("x “” y", "x \"\" y", []),
        ("“unclosed quote\nnext paragraph", "\"unclosed quote next paragraph", ["unclosed quote"]),
        ("a \"open to the end", "a \"open to the end", ["open to the end"]),
        ("stray ” closer and » too", "stray \" closer and \" too", []),
        // Tokenised clitics are joined to their word (machine-translation spacing) and quotes still found.
        ("They 're `` engaged '' with work", "they're \" engaged \" with work", ["engaged"]),
        ("`` Do n't '' , he said . `` No", "\" don't \" , he said . \" no", ["don't", "no"]),
        ("rock 'n' roll '' and `x`", "rock 'n' roll '' and `x`", []),
        ("“outer ‘inner’ still outer” after", "\"outer 'inner' still outer\" after", ["outer 'inner' still outer"]),
    ])
    func findsQuotedSpans(input: String, expected: String, quoted: [String]) throws {
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == expected)
        #expect(quotedStrings(normalized) == quoted)
        checkOffsets(normalized, original: input)
    }

    @Test func quotedRangesAreSortedAndDisjoint() throws {
        let input = "“one” two «three» 「四」 \"five\" ‘six’"
        let normalized = try makeNormalizer().normalize(input)
        #expect(quotedStrings(normalized) == ["one", "three", "四", "five", "six"])
        let ranges = normalized.quotedRanges
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound })
        #expect(normalized.isQuoted(utf8Offset: 1))
        #expect(!normalized.isQuoted(utf8Offset: 6))
    }

    @Test func unclosedQuoteEndsAfterSixHundredCharacters() throws {
        let input = "“" + String(repeating: "x", count: 1000) + "”"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.quotedRanges == [1..<601])
    }

    @Test func quotedRangesFollowConversionAndMasking() throws {
        let normalizer = try makeNormalizer(.init(maskTerms: ["Reuters"]))
        let normalized = normalizer.normalize("「頭髮」 and “Reuters said” ok")
        #expect(normalized.text == "\"头发\" and \"xxmask said\" ok")
        #expect(quotedStrings(normalized) == ["头发", "xxmask said"])
    }
}
