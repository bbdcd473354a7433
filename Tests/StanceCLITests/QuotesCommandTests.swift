import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `stance quotes` and of `stance train --quotes families`.
@Suite struct QuotesCommandTests {
    @Test func everyQuotationWithItsFamilyAndOriginalOffsets() throws {
        let input = """
            {"id": "en", "text": "She said: \\"We will not give up on this plan now.\\" The so-called \\"reform\\" stalled."}
            {"id": "hant", "text": "立法會通過「社區安全」條例。"}
            {"id": "vi", "text": "Cái gọi là \\"trật tự mới\\" bị phản đối."}

            """
        let run = try runStance(["quotes", "-"], input: Array(input.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try jsonLines(run.standardOutput)
        #expect(rows.map { $0["id"] as? String } == ["en", "en", "hant", "vi"])
        #expect(rows.map { $0["family"] as? String } == ["reported", "distancing", "term", "distancing"])
        // The offsets are UTF-8 byte offsets of the quoted words in the text as given, marks excluded.
        let texts = [
            "She said: \"We will not give up on this plan now.\" The so-called \"reform\" stalled.",
            "She said: \"We will not give up on this plan now.\" The so-called \"reform\" stalled.",
            "立法會通過「社區安全」條例。", "Cái gọi là \"trật tự mới\" bị phản đối.",
        ]
        let expected = ["We will not give up on this plan now.", "reform", "社區安全", "trật tự mới"]
        for (index, row) in rows.enumerated() {
            let start = try #require(row["start"] as? Int)
            let end = try #require(row["end"] as? Int)
            let bytes = Array(texts[index].utf8)
            #expect(String(decoding: bytes[start..<end], as: UTF8.self) == expected[index])
        }
    }

    @Test func trainWithQuoteFamiliesWritesVersion3WithFamilyColumns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/families.stance"
        let train = try runStance([
            "train", "--data", fixturePath("train-small.jsonl"), "--lexicon", fixturePath("blame-lexicon.tsv"),
            "--quotes", "families", "--out", model,
        ])
        #expect(train.status == 0, "\(train.standardError)")
        let bytes = try fileBytes(model)
        #expect(bytes[8] == 3)
        let inspect = try runStance(["inspect", "--format", "json", model])
        #expect(inspect.status == 0, "\(inspect.standardError)")
        let json = try jsonObject(inspect.standardOutput)
        #expect(json["format_version"] as? Int == 3)
        #expect((json["settings"] as? [String: Any])?["quote_families"] as? Bool == true)
        let weights = try runStance(["inspect", "--format", "weights", model])
        #expect(weights.standardOutput.contains(",lex:blame@quote:reported,"))
        #expect(!weights.standardOutput.contains("lex:blame@quoted"))
        let bad = try runStance([
            "train", "--data", fixturePath("train-small.jsonl"), "--quotes", "some", "--out", model,
        ])
        #expect(bad.status == 64)
    }
}
