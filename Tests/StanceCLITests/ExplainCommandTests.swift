import Foundation
import Testing
import _StanceTestSupport

/// `stance score --explain K`: both sides of the evidence in the JSON record, adding up to the margin.
@Suite struct ExplainCommandTests {
    @Test func bothSidesAddUpToTheLogitInTheWrittenRecord() throws {
        let input = """
            {"id": "t", "text": "這項貿易協定讓小作坊紛紛倒閉，也打開了新市場。"}
            {"id": "u", "text": "The dams ruin the fishing villages but bring cheap power."}

            """
        let run = try runStance(
            ["score", "--model", fixturePath("model-v1.stance"), "--explain", "2"], input: Array(input.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        let records = try jsonLines(run.standardOutput)
        #expect(records.count == 2)
        for record in records {
            let label = try #require(record["label"] as? String)
            let logit = try #require(record["logit"] as? Double)
            let intercept = try #require(record["intercept"] as? Double)
            let supporting = try #require(record["evidence_for"] as? [[String: Any]])
            let opposing = try #require(record["evidence_against"] as? [[String: Any]])
            let rest = try #require(record["evidence_rest"] as? Double)
            // The frozen model knows few English words: "u" has one feature, "t" more than four.
            let shownCount = record["id"] as? String == "t" ? 4 : 1
            #expect(supporting.count + opposing.count == shownCount)
            #expect(supporting.count <= 2 && opposing.count <= 2)
            #expect(record["runner_up"] as? String == (label == "favor" ? "against" : "favor"))
            // Two classes: the margin is the logit and its intercept the intercept.
            #expect(record["margin"] as? Double == logit)
            #expect(record["margin_intercept"] as? Double == intercept)
            let shown = (supporting + opposing).compactMap { $0["contribution"] as? Double }
            #expect(shown.count == shownCount)
            if shownCount == 4 { #expect(rest != 0) }
            #expect(abs(shown.reduce(intercept + rest, +) - logit) < 1e-12)
            #expect(supporting.allSatisfy { ($0["contribution"] as? Double ?? 0) > 0 })
            #expect(opposing.allSatisfy { ($0["contribution"] as? Double ?? 0) < 0 })
            // The old key is still there, unchanged: the supporting side.
            let evidence = try #require(record["evidence"] as? [[String: Any]])
            #expect(evidence.map { $0["feature"] as? String } == supporting.map { $0["feature"] as? String })
        }
    }
}
