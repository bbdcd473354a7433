import Testing

@testable import StanceKit

@Suite struct CorpusSummaryTests {
    func document(_ id: String, _ text: String, label: String? = nil, source: String? = nil) -> Document {
        Document(id: id, text: text, label: label, source: source)
    }

    @Test func countsDuplicatesAndQuantiles() {
        var summary = CorpusSummary()
        summary.add(document("a", "中共 当局", label: "x", source: "S1"))
        summary.add(document("b", "  中共\n当局 ", label: "x", source: "S1"))
        summary.add(document("c", "The CCP", label: "y", source: "S2"))
        summary.add(document("d", "Đảng Cộng sản", label: nil, source: "S2"))
        summary.add(document("e", "中共  当局", label: "y"))
        #expect(summary.documentCount == 5)
        #expect(summary.labels.counts == ["x": 2, "y": 2])
        #expect(summary.labels.missing == 1)
        #expect(summary.sources.sorted.map(\.value) == ["S1", "S2"])
        #expect(summary.scripts.counts == ["han": 3, "latin": 1, "vietnamese": 1])
        #expect(summary.duplicates == [CorpusSummary.DuplicateGroup(ids: ["a", "b", "e"])])
        #expect(summary.redundantDocumentCount == 2)
        // Lengths in scalars: 5, 8, 7, 13, 6 → sorted 5 6 7 8 13; nearest rank: p50 → 3rd = 7, p90 → 5th = 13.
        let quantiles = Dictionary(uniqueKeysWithValues: summary.lengthQuantiles.map { ($0.probability, $0.length) })
        #expect(quantiles[0] == 5)
        #expect(quantiles[0.5] == 7)
        #expect(quantiles[0.9] == 13)
        #expect(quantiles[1] == 13)
    }

    @Test func fingerprintFoldsWhitespaceOnly() {
        #expect(TextFingerprint(" a  b\n") == TextFingerprint("a b"))
        #expect(TextFingerprint("a b") != TextFingerprint("ab"))
        #expect(TextFingerprint("A b") != TextFingerprint("a b"))
        #expect(TextFingerprint("中国\u{3000}人") == TextFingerprint("中国 人"))
    }

    @Test func jsonIsDeterministic() {
        var summary = CorpusSummary()
        summary.add(document("1", "hello world", label: "b"))
        summary.add(document("2", "hello world", label: "a"))
        let json = summary.json.rendered()
        #expect(json.contains(#""labels": {"counts": {"a": 1, "b": 1}, "missing": 0}"#))
        #expect(json.contains(#""ids": [["1", "2"]]"#))
        #expect(json == summary.json.rendered())
    }
}
