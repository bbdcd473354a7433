import Foundation
import Testing

@testable import StanceKit

@Suite struct SourceBoilerplateTests {
    /// Bodies the project wrote, one per document, in the four languages.
    static let bodies = [
        "河谷地区的农民今年春天少种了水稻，因为水库水位一直偏低。",
        "職業學院的教師投票接受加薪方案，結束了一場爭議。",
        "The harbour authority said container traffic had fallen for a third month.",
        "Thư viện công cộng kéo dài giờ mở cửa vào Chủ nhật.",
        "国家博物馆明年将向巡回展览出借十二件青铜器。",
        "天文台預計週四山口將有大雪，建議駕駛人士攜帶防滑鏈。",
        "A chess club founded by retired railway workers celebrated its fiftieth year.",
        "Các kỹ sư bắt đầu thay cáp của cây cầu treo vào ban đêm.",
    ]

    /// The text of `spans` of `text`, by scalar offsets.
    func slice(_ text: String, _ span: BoilerplateSpan) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: Array(text.unicodeScalars)[span.start..<span.end])
        return String(view)
    }

    /// Kept text and removed spans put back together in offset order must give the original.
    func reassembles(_ text: String, _ spans: [BoilerplateSpan]) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var rebuilt = String.UnicodeScalarView()
        var position = 0
        let kept = SourceBoilerplate.apply(spans, to: text)
        var keptScalars = Array(kept.unicodeScalars)[...]
        for span in spans.filter(\.removed).sorted(by: { $0.start < $1.start }) {
            let gap = span.start - position
            rebuilt.append(contentsOf: keptScalars.prefix(gap))
            keptScalars = keptScalars.dropFirst(gap)
            rebuilt.append(contentsOf: scalars[span.start..<span.end])
            position = span.end
        }
        rebuilt.append(contentsOf: keptScalars)
        return String(rebuilt) == text
    }

    @Test func recurringEdgeLinesAreFoundPerSourceInFourLanguages() throws {
        let mastheads = ["新黎明时报 · 早间版", "《眾聲日報》訂閱熱線", "North Wire — morning edition", "Báo Bình Minh — bản tin sáng"]
        var texts: [String] = []
        var sources: [String?] = []
        for (sourceIndex, masthead) in mastheads.enumerated() {
            for document in 0..<5 {
                let body = Self.bodies[(sourceIndex + document) % Self.bodies.count]
                // Two spacing variants of the masthead, a CRLF document, and the masthead once inside the body.
                let head = document == 1 ? "  " + masthead.replacingOccurrences(of: " ", with: "  ") : masthead
                let newline = document == 2 ? "\r\n" : "\n"
                var lines = [head, body, "Share this story · 分享"]
                if document == 3 { lines.insert(masthead, at: 1) }
                texts.append(lines.joined(separator: newline) + (document == 4 ? "" : newline))
                sources.append("Source \(sourceIndex)")
            }
        }
        texts.append(mastheads[0] + "\n" + Self.bodies[0])
        sources.append(nil)

        let rule = try SourceBoilerplate()
        let spans = rule.spans(texts: texts, sources: sources, threads: 1)
        #expect(spans == rule.spans(texts: texts, sources: sources, threads: 2))
        #expect(spans.last == [], "a document without a source is left alone")
        for (index, documentSpans) in spans.dropLast().enumerated() {
            let text = texts[index]
            let removed = documentSpans.map { slice(text, $0).trimmingWhiteSpace }
            let masthead = mastheads[index / 5]
            let expectedHeads = index % 5 == 3 ? [masthead, masthead] : [masthead]
            #expect(
                removed.filter { $0 != "Share this story · 分享" }.map { $0.split(separator: " ").joined() }
                    == expectedHeads.map { $0.split(separator: " ").joined() })
            #expect(removed.contains("Share this story · 分享"))
            #expect(documentSpans.allSatisfy { $0.reason == BoilerplateSpan.boilerplate && $0.removed })
            #expect(reassembles(text, documentSpans))
            let kept = SourceBoilerplate.apply(documentSpans, to: text)
            #expect(kept.trimmingWhiteSpace == Self.bodies[(index / 5 + index % 5) % Self.bodies.count])
        }
        // The CRLF document: the span takes both terminator scalars.
        let crlf = spans[2]
        #expect(slice(texts[2], crlf[0]).hasSuffix("\r\n"))
    }

    @Test func thresholdsOnDocumentsAndShare() throws {
        func corpus(documents: Int, holding: Int) -> [String] {
            (0..<documents).map { index in
                let body = Self.bodies[index % Self.bodies.count] + " \(index)"
                return index < holding ? "Đọc thêm tại trang chủ\n" + body : body
            }
        }
        func found(_ texts: [String], _ settings: SourceBoilerplateSettings) throws -> Int {
            let sources = [String?](repeating: "S", count: texts.count)
            return try SourceBoilerplate(settings: settings).spans(texts: texts, sources: sources).joined().count
        }
        let defaults = SourceBoilerplateSettings()
        // Two documents of five: under the document floor.
        #expect(try found(corpus(documents: 5, holding: 2), defaults) == 0)
        #expect(try found(corpus(documents: 5, holding: 3), defaults) == 3)
        // Three of twenty (15%): under the share floor unless it is lowered.
        #expect(try found(corpus(documents: 20, holding: 3), defaults) == 0)
        #expect(try found(corpus(documents: 20, holding: 4), defaults) == 4)
        var lower = defaults
        lower.minimumShare = 0.1
        #expect(try found(corpus(documents: 20, holding: 3), lower) == 3)
        var fewer = defaults
        fewer.minimumDocuments = 2
        #expect(try found(corpus(documents: 5, holding: 2), fewer) == 2)
        var short = defaults
        short.maximumLineLength = 10
        #expect(try found(corpus(documents: 5, holding: 5), short) == 0)
    }

    @Test func onlyLinesNearTheEdgesCount() throws {
        // The recurring line sits in the middle of twenty body lines: not boilerplate.
        let texts = (0..<4).map { index -> String in
            var lines = (0..<20).map { "第\($0)段：" + Self.bodies[(index + $0) % Self.bodies.count] }
            lines.insert("本台記者報道", at: 10)
            return lines.joined(separator: "\n")
        }
        let sources = [String?](repeating: "S", count: texts.count)
        #expect(try SourceBoilerplate().spans(texts: texts, sources: sources).joined().isEmpty)
        var wide = SourceBoilerplateSettings()
        wide.edgeLines = 11
        #expect(try SourceBoilerplate(settings: wide).spans(texts: texts, sources: sources).joined().count == 4)
    }

    @Test func recurringLinesWithALexiconHitAreKeptUnlessAsked() throws {
        let lexicon = try Lexicon(
            parsing: "concept\tterm\tlang\tnote\nparty\t中共\tzh\tthe party\nparty\tccp\ten\tthe party\n", file: "t.tsv"
        ) { $0.lowercased() }
        let normalizer = try TextNormalizer()
        let check = LexiconMatcher(lexicon).lineCheck(normalizer: normalizer)
        let texts = (0..<4).map { index in
            "中共中央宣传部主管\n" + Self.bodies[index] + "\nFollow the CCP watch desk, 中共 watch\nNo hit in this footer"
        }
        let sources = [String?](repeating: "S", count: texts.count)
        let spans = try SourceBoilerplate(containsLexiconHit: check).spans(texts: texts, sources: sources)
        for (index, documentSpans) in spans.enumerated() {
            #expect(documentSpans.map(\.reason) == ["boilerplate_lexicon", "boilerplate_lexicon", "boilerplate"])
            #expect(documentSpans.map(\.removed) == [false, false, true])
            #expect(SourceBoilerplate.apply(documentSpans, to: texts[index]).hasPrefix("中共中央宣传部主管\n"))
            #expect(reassembles(texts[index], documentSpans))
        }
        var asked = SourceBoilerplateSettings()
        asked.removeLexiconLines = true
        let removed = try SourceBoilerplate(settings: asked, containsLexiconHit: check)
            .spans(texts: texts, sources: sources)
        #expect(removed.joined().allSatisfy { $0.removed })
        #expect(SourceBoilerplate.apply(removed[0], to: texts[0]) == Self.bodies[0] + "\n")
    }

    @Test func logLinesCarryOffsetsAndOriginalScript() throws {
        let texts = (0..<3).map { "眾新聞訊\n" + Self.bodies[$0] }
        let spans = try SourceBoilerplate().spans(texts: texts, sources: ["S", "S", "S"])
        let log = SourceBoilerplate.logLines(spans: spans, texts: texts, ids: ["a", "b", "c"])
        #expect(log.count == 3)
        #expect(
            log[1].rendered()
                == #"{"id": "b", "reason": "boilerplate", "text": "眾新聞訊\n", "start": 0, "end": 5, "removed": true}"#)
    }

    @Test func invalidSettingsAreRefused() {
        var settings = SourceBoilerplateSettings()
        settings.minimumDocuments = 1
        #expect(throws: SourceBoilerplateError.self) { try SourceBoilerplate(settings: settings) }
        settings = SourceBoilerplateSettings()
        settings.minimumShare = 1.5
        #expect(throws: SourceBoilerplateError.self) { try SourceBoilerplate(settings: settings) }
    }
}
