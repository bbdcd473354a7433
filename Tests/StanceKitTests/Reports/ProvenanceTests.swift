import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The provenance block that opens every report.
@Suite struct ProvenanceTests {
    @Test func fieldsOfARun() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // CRC-32 of "123456789" is the standard check value 0xCBF43926.
        let input = try directory.write("in.txt", "123456789")
        let provenance = try Provenance.make(
            commandLine: ["stance", "score", "--by", "source", input, "it's"], inputs: [input, "-"],
            labels: ["favor", "against", "favor", nil], sources: ["東方日報", "North Wire", "東方日報", nil],
            settings: [("C", "1.0"), ("seed", "7")], warnings: ["one", "two <b>"],
            date: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(provenance.version == StanceKit.version)
        #expect(!provenance.commit.isEmpty)
        #expect(provenance.date == "2023-11-14T22:13:20Z")
        #expect(provenance.inputs[0] == .init(path: input, size: 9, fingerprint: "cbf43926"))
        #expect(provenance.inputs[1] == .init(path: "-", size: nil, fingerprint: nil))
        #expect(provenance.documentCount == 4)
        #expect(provenance.classCounts.map(\.name) == ["(none)", "against", "favor"])
        #expect(provenance.classCounts.map(\.count) == [1, 1, 2])
        #expect(provenance.sourceCounts.map(\.name) == ["(none)", "North Wire", "東方日報"])
        #expect(provenance.sourceCounts.map(\.count) == [1, 1, 2])
        let html = provenance.html()
        #expect(html.contains("<code>stance score --by source \(input) &#39;it&#39;\\&#39;&#39;s&#39;</code>"))
        #expect(html.contains("(9 bytes, CRC-32 cbf43926)"))
        #expect(html.contains("<tr><th>per class</th><td>(none) 1, against 1, favor 2</td></tr>"))
        #expect(html.contains("<tr><th>setting: seed</th><td>7</td></tr>"))
        #expect(html.contains("<li>warning: two &lt;b&gt;</li>"))
        #expect(html.contains("<tr><th>date</th><td>2023-11-14T22:13:20Z</td></tr>"))
    }

    @Test func aMissingInputIsAMissingFile() {
        #expect(throws: CorpusError.fileNotFound(path: "/nonexistent/x.jsonl")) {
            try Provenance.make(
                commandLine: ["stance"], inputs: ["/nonexistent/x.jsonl"], labels: [], sources: [], settings: [],
                warnings: [])
        }
    }

    /// A report lists what the run's one sink received, in order.
    @Test func warningsAreKeptInOrder() {
        let warnings = WarningSink()
        warnings.warn("first")
        warnings.note("skipped 2 records")
        warnings.warn("second")
        #expect(warnings.messages.map(\.text) == ["first", "skipped 2 records", "second"])
        #expect(warnings.warnings == ["first", "second"])
    }

    /// Ticks are round numbers covering the range.
    @Test func ticks() {
        #expect(SVGChart.ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(SVGChart.tickText(0.6) == "0.6" && SVGChart.tickText(1) == "1")
        #expect(SVGChart.ticks(0, 37) == [0, 10, 20, 30])
    }
}
