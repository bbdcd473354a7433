import Foundation
import StanceKit
import Testing

@Suite struct ReportHTMLTests {
    private func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            String(text[Range(match.range(at: 1), in: text)!])
        }
    }

    @Test func confusionHeatMapHasACellPerPairWithTheCounts() throws {
        let html = HTMLReport(report: EvaluationReport(metrics: try HandCase.metrics())).html()
        // 3 × 3 cells, counts row by row as in the confusion matrix.
        #expect(try matches("<rect class=\"cell\"( )", in: html).count == 9)
        #expect(
            try matches("<text class=\"count\"[^>]*>([0-9]+)</text>", in: html) == [
                "1", "1", "0", "0", "2", "0", "1", "0", "1",
            ])
        #expect(try matches("<text class=\"predicted-label\"[^>]*>([^<]*)</text>", in: html) == HandCase.labels)
        #expect(try matches("<text class=\"gold-label\"[^>]*>([^<]*)</text>", in: html) == HandCase.labels)
        #expect(!html.contains("<script"))
        #expect(!html.contains("https://"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func escapesText() throws {
        let metrics = try ClassificationMetrics(
            gold: [0, 1], probabilities: [[0.9, 0.1], [0.2, 0.8]], labels: ["<b>&", "\"q\""])
        let html = HTMLReport(report: EvaluationReport(metrics: metrics), title: "A & B").html()
        #expect(html.contains("&lt;b&gt;&amp;"))
        #expect(html.contains("&quot;q&quot;"))
        #expect(!html.contains("<b>&"))
        #expect(html.contains("<title>A &amp; B</title>"))
    }

    @Test func drawsReliabilityFoldsAndSources() throws {
        let articles = (0..<6).map { i in
            ArticleScore(
                keys: ["source": i < 5 ? "Xinhua" : "BBC"], probabilities: [0.6, 0.4], predicted: "a", evidence: 1,
                duplicateKey: UInt64(i))
        }
        let sources = try SourceAggregation(articles: articles, labels: ["a", "b"], groupBy: ["source"])
        let report = EvaluationReport(
            metrics: try HandCase.metrics(), folds: [["accuracy": 0.5], ["accuracy": 0.7], ["accuracy": 0.6]],
            ci95: ["f1.FAVOR": Interval(low: 0.5, high: 0.9)])
        let html = HTMLReport(report: report, sources: sources).html()
        // Reliability bars only for the 4 non-empty bins of the hand case (7, 8, 10, 11).
        #expect(try matches("<rect class=\"bin\"( )", in: html).count == 4)
        #expect(try matches("<circle class=\"fold\"( )", in: html).count == 3)
        #expect(try matches("<circle class=\"source\"( )", in: html).count == 2)
        // One interval bar for FAVOR's F1 and one for the source with 5 articles.
        #expect(try matches("<line class=\"interval\"( )", in: html).count == 2)
        #expect(html.contains("Xinhua") && html.contains("BBC"))
    }

    @Test func writesAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-html-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.html").path
        let report = HTMLReport(report: EvaluationReport(metrics: try HandCase.metrics()))
        try report.write(toPath: path)
        try report.write(toPath: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == report.html())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.html"])
        #expect(throws: IOFailure.self) { try report.write(toPath: directory.path + "/missing/report.html") }
    }
}
