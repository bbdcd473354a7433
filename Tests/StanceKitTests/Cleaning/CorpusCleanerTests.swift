import Testing

@testable import StanceKit

/// Both kinds of rules over a corpus: the per-document rules, then boilerplate lines recurring across a source, with
/// every removal in offsets of the input text.
@Suite struct CorpusCleanerTests {
    static let bodies = [
        "河谷地区的农民今年春天少种了水稻，因为水库水位一直偏低。",
        "職業學院的教師投票接受加薪方案，結束了一場爭議。",
        "The harbour authority said container traffic had fallen for a third month.",
        "Thư viện công cộng kéo dài giờ mở cửa vào Chủ nhật.",
    ]

    /// The input rebuilt from the kept text and the removed spans, interleaved in offset order.
    func rebuilt(_ input: String, _ cleaned: CleanedText) -> String {
        let scalars = Array(input.unicodeScalars)
        var kept = Array(cleaned.text.unicodeScalars)[...]
        var result = String.UnicodeScalarView()
        var position = 0
        for removal in cleaned.removals {
            let gap = removal.start - position
            result.append(contentsOf: kept.prefix(gap))
            kept = kept.dropFirst(gap)
            result.append(contentsOf: scalars[removal.start..<removal.end])
            position = removal.end
        }
        result.append(contentsOf: kept)
        return String(result)
    }

    func corpus() -> (texts: [String], sources: [String?]) {
        var texts: [String] = []
        var sources: [String?] = []
        for document in 0..<5 {
            let body = Self.bodies[document % Self.bodies.count]
            var lines = ["晨報 · 早間版", body]
            // A post printed twice (a per-document removal before the recurring footer).
            if document == 1 { lines.append(body) }
            lines.append("中共中央宣傳部供稿")
            lines.append("Share Facebook Twitter Email")
            lines.append("© Morning Herald")
            texts.append(lines.joined(separator: "\n") + "\n")
            sources.append("Morning Herald")
        }
        texts.append("晨報 · 早間版\n" + Self.bodies[0])
        sources.append(nil)
        return (texts, sources)
    }

    @Test func boilerplateFollowsThePerDocumentRulesInInputOffsets() throws {
        let (texts, sources) = corpus()
        let lexicon: @Sendable (String) -> Bool = { $0.contains("中共") }
        let cleaner = CorpusCleaner(
            documentCleaner: DocumentCleaner(
                settings: CleaningSettings(labels: try CleaningLabels(directory: cleaningLabelsDirectory))),
            boilerplate: try SourceBoilerplate(containsLexiconHit: lexicon))
        for threads: ThreadBudget in [1, 2] {
            let cleaned = cleaner.clean(texts: texts, sources: sources, threads: threads)
            for (text, result) in zip(texts, cleaned) {
                #expect(rebuilt(text, result.text) == text)
            }
            // The masthead and the copyright line recur: cut; the line with a lexicon hit recurs: kept and flagged.
            #expect(cleaned[0].text.text == Self.bodies[0] + "\n中共中央宣傳部供稿\n")
            #expect(cleaned[1].text.text == Self.bodies[1] + "\n中共中央宣傳部供稿\n")
            #expect(
                cleaned[1].text.removals.map(\.reason) == [
                    .boilerplate, .repeatedParagraph, .interfaceString, .boilerplate,
                ])
            #expect(cleaned[0].flagged.map(\.reason) == [.boilerplateLexicon])
            let flagged = cleaned[0].flagged[0]
            #expect(flagged.text(in: texts[0]) == "中共中央宣傳部供稿\n")
            // A document without a source is left to the per-document rules.
            #expect(cleaned[5].text.text == texts[5])
        }
        var removing = try SourceBoilerplate(containsLexiconHit: lexicon)
        removing.settings.removeLexiconLines = true
        let cut = CorpusCleaner(documentCleaner: nil, boilerplate: removing).clean(
            texts: texts, sources: sources, threads: .single)
        // Without the per-document rules the share line recurs too.
        #expect(cut[0].text.text == Self.bodies[0] + "\n")
        #expect(
            cut[0].text.removals.map(\.reason) == [.boilerplate, .boilerplateLexicon, .boilerplate, .boilerplate])
        #expect(rebuilt(texts[0], cut[0].text) == texts[0])
    }
}
