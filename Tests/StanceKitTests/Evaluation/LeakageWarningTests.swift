import StanceKit
import Testing

@Suite struct LeakageWarningTests {
    @Test func firesWhenLabelsFollowSources() throws {
        // Three outlets of 20 articles, each with one label: 100% of documents in label-pure sources.
        let labels =
            Array(repeating: "FAVOR", count: 20) + Array(repeating: "AGAINST", count: 20)
            + Array(repeating: "FAVOR", count: 20)
        let sources: [String?] = (0..<60).map { "outlet-\($0 / 20)" }
        let warning = try #require(leakageWarning(labels: labels, sources: sources))
        #expect(warning.contains("--group-by source"))
        #expect(warning.contains("outlet recognition"))
    }

    @Test func firesAtTheThresholds() {
        // 19 of 20 articles (95%) share the majority label in each of 9 sources (180 documents);
        // 20 more documents sit in a mixed source: 180 / 200 = 90% of documents in pure sources.
        var labels: [String] = []
        var sources: [String?] = []
        for source in 0..<9 {
            labels += Array(repeating: "A", count: 19) + ["B"]
            sources += Array(repeating: "s\(source)", count: 20)
        }
        labels += (0..<20).map { $0 % 2 == 0 ? "A" : "B" }
        sources += Array(repeating: "mixed", count: 20)
        #expect(leakageWarning(labels: labels, sources: sources) != nil)
        // One more mixed document: 180 / 201 < 90%.
        #expect(leakageWarning(labels: labels + ["A"], sources: sources + ["mixed"]) == nil)
    }

    @Test func silentWhenLabelsVaryWithinSources() {
        let labels = (0..<60).map { $0 % 2 == 0 ? "FAVOR" : "AGAINST" }
        let sources: [String?] = (0..<60).map { "outlet-\($0 / 20)" }
        #expect(leakageWarning(labels: labels, sources: sources) == nil)
    }

    @Test func silentWithoutSourcesOrWithSingletonSources() {
        let labels = Array(repeating: "FAVOR", count: 10)
        #expect(leakageWarning(labels: labels, sources: Array(repeating: nil, count: 10)) == nil)
        // Each article its own source: no outlet to recognise across folds.
        #expect(leakageWarning(labels: labels, sources: (0..<10).map { "s\($0)" }) == nil)
    }
}
