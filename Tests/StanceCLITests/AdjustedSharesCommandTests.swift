import Foundation
import Testing
import _StanceTestSupport

/// `stance score --by` with a model that stores its rates (adjusted shares), and with one that does not (a note).
@Suite struct AdjustedSharesCommandTests {
    @Test func newModelsGiveAdjustedSharesOldOnesANote() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        let train = try runStance(
            ["train", "--data", fixturePath("train-small.jsonl"), "--out", model, "--rate-folds", "4"])
        #expect(train.status == 0, "\(train.standardError)")
        let input = try fileBytes(fixturePath("train-small.jsonl"))
        let run = try runStance(["score", "--model", model, "--by", "source", "--format", "json"], input: input)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let json = try jsonObject(run.standardOutput)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            let shares = try #require(row["adjusted_share"] as? [String: Double])
            #expect(abs(shares.values.reduce(0, +) - 1) < 1e-12)
            #expect(shares.values.allSatisfy { (0...1).contains($0) })
        }
        let old = try runStance(["score", "--model", fixturePath("model-v1.stance"), "--by", "source"], input: input)
        #expect(old.status == 0)
        #expect(old.standardError.hasPrefix("stance: no adjusted shares: the model stores no cross-validated"))
        #expect(!old.standardOutput.contains("adjusted"))
    }
}

/// The rates' cross-validation and the bootstrap run in parallel, yet the model file is the same at any thread count.
@Suite struct TrainingSupplementDeterminismTests {
    @Test func sameModelBytesAtOneAndTwoThreads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var files: [[UInt8]] = []
        for threads in ["1", "2"] {
            let out = directory.path + "/m\(threads).stance"
            let run = try runStance(
                [
                    "train", "--data", fixturePath("train-small.jsonl"), "--out", out, "--threads", threads,
                    "--bootstrap", "20", "--rate-folds", "4", "--word-ngrams", "1-1", "--char-ngrams", "1-1",
                ])
            #expect(run.status == 0, "\(run.standardError)")
            files.append(try fileBytes(out))
        }
        #expect(files[0] == files[1])
        #expect(files[0][8] == 2)
    }
}
