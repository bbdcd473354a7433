import Foundation
import StanceKit
import Testing

@Suite struct SourceAggregationTests {
    private static let labels = ["AGAINST", "FAVOR"]

    private func article(_ source: String, _ against: Double, _ predicted: String, evidence: Double = 1, text: UInt64)
        -> ArticleScore
    {
        ArticleScore(
            keys: ["source": source], probabilities: [against, 1 - against], predicted: predicted, evidence: evidence,
            duplicateKey: text)
    }

    /// A: five distinct articles (p = .9 .8 .7 .6 .5) and a repost of the first; B and C: two articles each with
    /// p = .2 and .4 (mean .3, a tie broken by key); D: five articles all at p = .25.
    private func articles() -> [ArticleScore] {
        [
            article("A", 0.9, "AGAINST", evidence: 2, text: 1),
            article("A", 0.8, "AGAINST", evidence: 4, text: 2),
            article("A", 0.7, "AGAINST", evidence: 6, text: 3),
            article("A", 0.9, "AGAINST", evidence: 100, text: 1),
            article("A", 0.6, "AGAINST", evidence: 8, text: 4),
            article("A", 0.5, SourceAggregation.abstain, evidence: 0, text: 5),
            article("C", 0.2, "FAVOR", text: 6),
            article("C", 0.4, "FAVOR", text: 7),
            article("B", 0.2, "FAVOR", text: 8),
            article("B", 0.4, SourceAggregation.abstain, text: 9),
        ] + (0..<5).map { article("D", 0.25, "FAVOR", text: 100 + UInt64($0)) }
    }

    /// The table does not depend on the order the articles arrive in (exact duplicates have equal keys, so which
    /// copy is kept does not matter, as a copy's text gives it the same score): every seeded shuffle gives the same
    /// rows, intervals included, bit for bit.
    @Test func rowsDoNotDependOnArticleOrder() throws {
        // The fixture's repost carries a made-up evidence of 100; a real copy scores as its original.
        let base = articles().filter { $0.evidence != 100 } + [article("A", 0.9, "AGAINST", evidence: 2, text: 1)]
        let reference = try SourceAggregation(
            articles: base, labels: Self.labels, groupBy: ["source"], settings: .init(seed: 3))
        var random = StableRandom(seed: 17)
        for _ in 0..<5 {
            var shuffled = base
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(i, random.nextIndex(below: i + 1))
            }
            let aggregation = try SourceAggregation(
                articles: shuffled, labels: Self.labels, groupBy: ["source"], settings: .init(seed: 3))
            #expect(aggregation.rows == reference.rows)
            #expect(aggregation.tsv() == reference.tsv())
        }
    }

    @Test func aggregatesWithKnownAnswer() throws {
        let aggregation = try SourceAggregation(
            articles: articles(), labels: Self.labels, groupBy: ["source"], settings: .init(seed: 3))
        // Sorted by mean p(AGAINST) descending: A .7, then B and C at .3 (key order), then D .25.
        #expect(aggregation.rows.map(\.key) == [["A"], ["B"], ["C"], ["D"]])
        let a = aggregation.rows[0]
        #expect(a.articles == 5)
        #expect(a.duplicatesDropped == 1)
        // Mean of .9 .8 .7 .6 .5 = .7; FAVOR = 1 − .7 = .3.
        #expect(abs(a.meanProbability[0] - 0.7) < 1e-12)
        #expect(abs(a.meanProbability[1] - 0.3) < 1e-12)
        // Four AGAINST predictions and one abstention out of five.
        #expect(a.predictedShare == [0.8, 0])
        #expect(a.abstained == 1)
        // Evidence of the kept articles: (2 + 4 + 6 + 8 + 0) / 5 = 4 (the repost's 100 is dropped).
        #expect(a.meanEvidence == 4)
        let interval = try #require(a.intervals?[0])
        #expect(interval.low >= 0.5 && interval.high <= 0.9 && interval.contains(0.7))
        #expect(interval.high - interval.low > 0.1)

        let b = aggregation.rows[1]
        #expect(b.fewArticles)
        #expect(b.intervals == nil)
        #expect(b.articles == 2 && b.duplicatesDropped == 0 && b.abstained == 1)
        #expect(b.predictedShare == [0, 0.5])
        // Constant data: zero-width interval.
        let d = aggregation.rows[3]
        #expect(d.intervals?[0] == Interval(low: 0.25, high: 0.25))
        #expect(!d.fewArticles)
    }

    @Test func groupsByTwoFieldsAndDerivesMonths() throws {
        #expect(monthKey(ofDate: "2020-03-14T08:00:00Z") == "2020-03")
        #expect(monthKey(ofDate: "2020-13-01") == nil)
        #expect(monthKey(ofDate: "March 2020") == nil)
        let document = Document(id: "1", text: "t", source: "新华社", date: "2021-07-01")
        #expect(ArticleScore.groupValue("month", of: document) == "2021-07")
        #expect(ArticleScore.groupValue("lang", of: document, language: .zhHans) == "zh-Hans")
        #expect(ArticleScore.groupValue("source", of: document) == "新华社")

        let scores = [
            ArticleScore(
                keys: ["source": "X", "month": "2020-01"], probabilities: [0.4, 0.6], predicted: "FAVOR",
                evidence: 1, duplicateKey: 1),
            ArticleScore(
                keys: ["source": "X", "month": "2020-02"], probabilities: [0.6, 0.4], predicted: "AGAINST",
                evidence: 1, duplicateKey: 1),
            ArticleScore(
                keys: ["source": "X"], probabilities: [0.5, 0.5], predicted: "AGAINST", evidence: 1,
                duplicateKey: 2),
        ]
        let aggregation = try SourceAggregation(articles: scores, labels: Self.labels, groupBy: ["source", "month"])
        // The same text in two months counts in both: duplicates are dropped only within a group.
        // Grouped by month, rows come in time order, records without a date last.
        #expect(aggregation.rows.map(\.key) == [["X", "2020-01"], ["X", "2020-02"], ["X", "(none)"]])
        #expect(aggregation.rows.allSatisfy { $0.duplicatesDropped == 0 })
    }

    @Test func rendersTSVJSONAndTable() throws {
        let aggregation = try SourceAggregation(
            articles: articles(), labels: Self.labels, groupBy: ["source"], settings: .init(seed: 3))
        let tsv = aggregation.tsv().split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        #expect(tsv.count == 5)
        #expect(tsv[0].prefix(4) == ["source", "articles", "duplicates_dropped", "mean_AGAINST"])
        #expect(tsv[1].prefix(4) == ["A", "5", "1", "0.700000"])
        #expect(tsv.allSatisfy { $0.count == tsv[0].count })

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(aggregation.jsonText().utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows[0]["duplicates_dropped"] as? Int == 1)
        #expect(rows[1]["ci95"] is NSNull)
        #expect(rows[1]["few_articles"] as? Bool == true)
        #expect(json["labels"] as? [String] == Self.labels)

        let table = aggregation.table()
        #expect(table.contains("- (few)"))
        #expect(table.split(separator: "\n").count == 5)
        // Same seed, same output.
        let again = try SourceAggregation(
            articles: articles(), labels: Self.labels, groupBy: ["source"], settings: .init(seed: 3))
        #expect(again == aggregation)
    }
}
