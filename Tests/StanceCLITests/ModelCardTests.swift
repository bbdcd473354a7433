import Foundation
import Testing
import _StanceTestSupport

/// `stance train --card FILE --min-evidence X`: the card is printed by `stance inspect` and the threshold is the
/// model's default for `stance score`.
@Suite struct ModelCardTests {
    @Test func cardIsPrintedAndMinimumEvidenceIsTheScoringDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let card = try directory.write("card.txt", "What the score means: a test model.\r\nKnown failures: many.\n\n")
        let model = directory.path + "/carded.stance"
        let train = try runStance([
            "train", "--data", fixturePath("train-small.jsonl"), "--card", card, "--min-evidence", "0.99",
            "--out", model,
        ])
        #expect(train.status == 0, "\(train.standardError)")
        let inspect = try runStance(["inspect", model])
        #expect(inspect.standardOutput.contains("default --min-evidence: 0.99\n"))
        #expect(
            inspect.standardOutput.contains(
                "model card:\n  What the score means: a test model.\n  Known failures: many.\n"))
        // Every article falls below an evidence strength of 0.99 on this small model: all abstain, unless told.
        let texts = "{\"id\": \"a\", \"text\": \"The trade deal and the dams.\"}\n"
        let scored = try jsonLines(
            try runStance(["score", "--model", model, "-"], input: Array(texts.utf8)).standardOutput)
        #expect(scored.first?["label"] as? String == "abstain")
        let told = try jsonLines(
            try runStance(["score", "--model", model, "--min-evidence", "0", "-"], input: Array(texts.utf8))
                .standardOutput)
        #expect(told.first?["label"] as? String != "abstain")
        let missing = try runStance([
            "train", "--data", fixturePath("train-small.jsonl"), "--card", directory.path + "/none.txt", "--out", model,
        ])
        #expect(missing.status == 66)
        #expect(
            try runStance(["train", "--data", fixturePath("train-small.jsonl"), "--min-evidence", "2", "--out", model])
                .status == 64)
    }
}
