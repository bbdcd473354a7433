import Foundation
import StanceKit
import Testing
import _StanceTestSupport

@Suite struct LexiconTests {
    private let lower: (String) -> String = { $0.lowercased() }

    private let source = """
        concept\tterm\tlang\tnote
        # who rules China
        #contrast ccp_naming prc_naming
        party\t中国共产党\tzh\tthe full name
        china\t中国\t\t
        ccp_naming\tCCP\ten\tabbreviation
        ccp_naming\t中共\tzh
        prc_naming\t中华人民共和国
        sea\tchina sea
        china\tchina\ten,vi

        """

    private func lexicon() throws -> Lexicon {
        try Lexicon(parsing: source, file: "frames.tsv", normalizer: lower)
    }

    @Test func parsesEntriesContrastsAndLanguages() throws {
        let lexicon = try lexicon()
        #expect(lexicon.entries.count == 7)
        #expect(
            lexicon.entries[0]
                == Lexicon.Entry(
                    concept: "party", term: "中国共产党", languages: [.zhHans, .zhHant], note: "the full name", tag: .framing
                ))
        #expect(lexicon.entries[2].term == "ccp" && lexicon.entries[2].languages == [.en])
        #expect(lexicon.entries[4].languages.isEmpty && lexicon.entries[4].note == "")
        #expect(lexicon.entries[6].languages == [.en, .vi])
        #expect(lexicon.contrasts == [Lexicon.Contrast(first: "ccp_naming", second: "prc_naming")])
        #expect(lexicon.concepts == ["ccp_naming", "china", "party", "prc_naming", "sea"])
        let decoded = try JSONDecoder().decode(Lexicon.self, from: JSONEncoder().encode(lexicon))
        #expect(decoded == lexicon)
    }

    @Test(arguments: [
        ("party\t中共\tzh\tnote\tframing\textra\n", 1, "expected 2 to 5 tab-separated columns"),
        ("concept\tterm\nparty\n", 2, "expected 2 to 5 tab-separated columns"),
        ("party\t中共\n#contrast party nobody\n", 2, "unknown concept 'nobody'"),
        ("party\t中共\n\nparty\t  \n", 3, "empty term"),
        ("party\t中共\tklingon\n", 1, "unknown language 'klingon'"),
        ("\t中共\n", 1, "empty concept name"),
        ("#contrast a\n", 1, "expected '#contrast A B'"),
    ])
    func errorsNameFileAndLine(text: String, line: Int, problem: String) throws {
        let error = try #require(throws: TableFileError.self) {
            try Lexicon(parsing: text, file: "bad.tsv", normalizer: lower)
        }
        #expect(error.location == SourceLocation(file: "bad.tsv", line: line))
        #expect(error.problem.contains(problem))
        #expect(error.description.hasPrefix("bad.tsv:\(line): "))
        #expect(error.exitStatus == .dataError)
    }

    @Test func readsFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID()).tsv").path
        try source.write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Lexicon(contentsOfFile: path, normalizer: lower) == lexicon())
        #expect(throws: IOFailure.self) { try Lexicon(contentsOfFile: path + ".missing", normalizer: lower) }
    }

    @Test func longestTermWinsOverItsPrefix() throws {
        let matcher = LexiconMatcher(try lexicon())
        let text = "中国共产党和中国"
        let hits = matcher.hits(in: featureTestText(text, .zhHans))
        #expect(hits.map(\.concept) == ["party", "china"])
        #expect(hits.map(\.range) == [0..<15, 18..<24])
        #expect(hits.map(\.term) == ["中国共产党", "中国"])
    }

    @Test func traditionalEntriesMatchConvertedText() throws {
        // A stand-in for the real normaliser: lower-cases and converts the three Traditional characters used here.
        let toSimplified: (String) -> String = {
            String($0.lowercased().map { ["國": "国", "產": "产", "黨": "党"][$0] ?? $0 })
        }
        let lexicon = try Lexicon(parsing: "party\t中國共產黨\n", file: "t.tsv", normalizer: toSimplified)
        #expect(lexicon.entries.map(\.term) == ["中国共产党"])
        let hits = LexiconMatcher(lexicon).hits(in: featureTestText("他说中国共产党", .zhHant))
        #expect(hits.map(\.range) == [6..<21])
    }

    @Test func hitsMapBackToTheOriginalText() {
        // Original "the  CCP" (two spaces) normalised to "the ccp": offsets 0 1 2 3 5 6 7, end 8.
        let text = NormalizedText(
            text: "the ccp", quotedRanges: [], language: .en, originalOffsets: [0, 1, 2, 3, 5, 6, 7, 8])
        let hits = LexiconMatcher(Lexicon(entries: [Lexicon.Entry(concept: "ccp", term: "ccp")])).hits(in: text)
        #expect(hits.map(\.range) == [4..<7])
        #expect(hits.first?.originalRange(in: text) == 5..<8)
    }

    @Test func mergedLexiconsKeepEveryEntryAndEachContrastOnce() throws {
        let first = try lexicon()
        let second = Lexicon(
            entries: [Lexicon.Entry(concept: "ccp_naming", term: "chicoms")],
            contrasts: [Lexicon.Contrast(first: "ccp_naming", second: "prc_naming")])
        let merged = first.merged(with: second)
        #expect(merged.entries.count == first.entries.count + 1)
        #expect(merged.contrasts == first.contrasts)
        #expect(LexiconMatcher(merged).hits(in: featureTestText("the chicoms", .en)).map(\.concept) == ["ccp_naming"])
    }

    @Test func leftmostTermWinsOverALongerLaterOne() {
        let lexicon = Lexicon(entries: [
            Lexicon.Entry(concept: "a", term: "中国"), Lexicon.Entry(concept: "b", term: "国共产党"),
        ])
        let hits = LexiconMatcher(lexicon).hits(in: featureTestText("中国共产党", .zhHans))
        #expect(hits.map(\.concept) == ["a"])
    }

    @Test func latinTermsMatchWholeWordsOnly() throws {
        let matcher = LexiconMatcher(try lexicon())
        let text = "accprint ccpx ccp's rise (ccp) and pro-ccp views on the china seas"
        let hits = matcher.hits(in: featureTestText(text, .en))
        #expect(hits.map(\.concept) == ["ccp_naming", "ccp_naming", "ccp_naming", "china"])
        #expect(hits.first?.range == featureTestRange(of: "ccp'", in: text).lowerBound..<17)
        // "china sea" is followed by "s", so only "china" is found there.
        #expect(hits.last?.term == "china")
    }

    @Test func languageColumnLimitsTerms() throws {
        let matcher = LexiconMatcher(try lexicon())
        #expect(matcher.hits(in: featureTestText("中共", .zhHant)).map(\.concept) == ["ccp_naming"])
        #expect(matcher.hits(in: featureTestText("中共", .en)).isEmpty)
        #expect(matcher.hits(in: featureTestText("ccp", .zhHans)).isEmpty)
        #expect(matcher.hits(in: featureTestText("china", .vi)).map(\.concept) == ["china"])
        #expect(matcher.hits(in: featureTestText("china", .zhHans)).isEmpty)
        // A term without a language applies everywhere.
        #expect(matcher.hits(in: featureTestText("中国", .en)).map(\.concept) == ["china"])
    }

    @Test func quotedHitsAreMarked() throws {
        let text = "he said \"the ccp lies\" but the ccp"
        let inside = featureTestRange(of: "the ccp lies", in: text)
        let hits = LexiconMatcher(try lexicon()).hits(in: featureTestText(text, .en, quoted: [inside]))
        #expect(hits.map(\.isQuoted) == [true, false])
    }

    @Test func oneTermUnderTwoConceptsGivesTwoHits() {
        let lexicon = Lexicon(entries: [
            Lexicon.Entry(concept: "x", term: "beijing"), Lexicon.Entry(concept: "a", term: "beijing"),
        ])
        let hits = LexiconMatcher(lexicon).hits(in: featureTestText("in beijing today"))
        #expect(hits.map(\.concept) == ["a", "x"])
        #expect(hits.allSatisfy { $0.range == 3..<10 })
    }

    /// On random Han strings the automaton keeps exactly what a naive leftmost-longest scan keeps.
    @Test func agreesWithANaiveLeftmostLongestScan() {
        let terms = ["中国", "中国共产党", "国共", "共产党", "产", "党党", "国"]
        let lexicon = Lexicon(entries: terms.map { Lexicon.Entry(concept: "c", term: $0) })
        let matcher = LexiconMatcher(lexicon)
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("中国共产党")
        for _ in 0..<200 {
            let characters = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            let text = String(characters)
            var expected: [Range<Int>] = []
            var index = 0
            while index < characters.count {
                let rest = String(characters[index...])
                let longest = terms.filter { rest.hasPrefix($0) }.max { $0.count < $1.count }
                if let longest {
                    expected.append(3 * index..<(3 * (index + longest.count)))
                    index += longest.count
                } else {
                    index += 1
                }
            }
            #expect(matcher.hits(in: featureTestText(text, .zhHans)).map(\.range) == expected, "\(text)")
        }
    }
}
