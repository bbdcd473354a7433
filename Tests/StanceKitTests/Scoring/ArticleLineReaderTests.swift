import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Article lines: the old members keep their bytes, the new ones follow, and ``ArticleLineReader`` reads back
/// everything aggregation and the report use, so that writing a read line again gives the same bytes.
@Suite struct ArticleLineReaderTests {
    @Test func linesReadBackToTheSameBytes() throws {
        let model = try ModelFile.read(path: fixturePath("model-v1.stance"))
        let scorer = try ArticleScorer(model: model, explain: 3)
        var documents = [
            Document(id: "1", text: "上游水坝截断河流，渔村受到破坏。", source: "East Daily", date: "2024-09-01"),
            Document(id: "2", text: "這項貿易協定打開了新市場。", label: "favor"),
            Document(id: "3", text: "The dams ruin the \"fishing\" villages\tdownstream.", target: "dams"),
            Document(id: "4", text: "Hiệp định thương mại mở ra thị trường mới.", source: "Mekong"),
            Document(id: "5", text: "12345 67890"),
        ]
        documents[3].fields = ["url": "https://example.org/4", "tỉnh": "Hà Nội"]
        var articles = try scorer.score(documents)
        articles[1].nearDuplicateCluster = articles[3].fingerprint
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = ""
        for article in articles {
            let line = article.articleLine(labels: model.labels, explain: true).rendered()
            // Every member of the old line, in order and byte for byte, then the new ones.
            let old = article.json(labels: model.labels, explain: true).rendered()
            #expect(line.hasPrefix(String(old.dropLast())))
            #expect(line.contains(#""fingerprint": "\#(TextFingerprint(article.document.text))""#))
            text += line + "\n"
        }
        let path = try directory.write("lines.jsonl", text)
        let reader = ArticleLineReader(paths: [path])
        var read: [ScoredArticle] = []
        while let article = try reader.next() { read.append(article) }
        #expect(reader.labels == model.labels)
        #expect(read.count == 5)
        #expect(read.map { $0.articleLine(labels: model.labels, explain: true).rendered() + "\n" }.joined() == text)
        #expect(read.map(\.document.location.line) == [1, 2, 3, 4, 5])
        #expect(read[3].document.fields["tỉnh"] == "Hà Nội")
        #expect(read.allSatisfy { $0.explanation != nil && $0.document.text.isEmpty })
        // The duplicate key follows the cluster where there is one.
        #expect(read[1].duplicateKey == read[3].duplicateKey)
        #expect(read[0].duplicateKey != read[3].duplicateKey)
        #expect(reader.fieldNames == ["date", "id", "label", "source", "target", "tỉnh", "url"])
    }

    @Test func fingerprintsParseOnlyFromThirtyTwoHexDigits() {
        let fingerprint = TextFingerprint("Tin tức 新闻 news")
        #expect(TextFingerprint(hexadecimal: fingerprint.description) == fingerprint)
        #expect(TextFingerprint(hexadecimal: fingerprint.description.uppercased()) == fingerprint)
        #expect(TextFingerprint(hexadecimal: String(fingerprint.description.dropLast())) == nil)
        #expect(TextFingerprint(hexadecimal: "+" + String(fingerprint.description.dropFirst())) == nil)
        #expect(TextFingerprint(hexadecimal: String(repeating: "g", count: 32)) == nil)
    }
}
