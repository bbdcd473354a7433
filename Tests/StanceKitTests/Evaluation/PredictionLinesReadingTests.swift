import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The readers of prediction, score and sample lines keep every double exactly as written: Foundation's
/// `JSONSerialization` on Linux reads 0.7000000000000001 as 0.7000000000000003 and 0.31622776601683794 as
/// 0.3162277660168379, which would make `eval --compare` against a run's own predictions differ from zero.
@Suite struct PredictionLinesReadingTests {
    /// Doubles whose shortest round-trip text `JSONSerialization` misreads here, and one it reads right.
    static let values: [Double] = [0.7000000000000001, 0.31622776601683794, 0.1]

    @Test func predictionsFileKeepsEveryDigit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "predictions.jsonl",
            """
            {"id":"文章-1","repeat":1,"probabilities":{"against":\(Self.values[0]),"favor":\(Self.values[1])}}
            {"id":"bài-2","probabilities":{"against":\(Self.values[2]),"favor":0.9}}

            """)
        let rows = try PredictionsFile.read(path: path)
        #expect(
            rows[PredictionsFile.key(id: "文章-1", repetition: 1)] == [
                "against": 0.7000000000000001, "favor": 0.31622776601683794,
            ])
        #expect(rows[PredictionsFile.key(id: "bài-2", repetition: 0)] == ["against": 0.1, "favor": 0.9])
    }

    @Test func predictionsFileNamesTheBadLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "predictions.jsonl",
            """
            {"id":"a","probabilities":{"x":0.5}}
            {"id":"b","probabilities":{"x":"half"}}

            """)
        #expect(throws: EvaluationError.invalidPredictions(file: path, line: 2)) {
            try PredictionsFile.read(path: path)
        }
    }

    @Test func scoreLinesKeepProbabilitiesAndFields() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "scores.jsonl",
            """
            {"id":"n1","label":"abstain","lang":"zh-Hant","source":"報社","probabilities":{"a":\(Self.values[0]),"b":\(Self.values[1])},"evidence":[]}
            {"id":"n2","label":"b","probabilities":{"a":0.2,"b":0.8}}

            """)
        let (predictions, labels) = try UnitPrediction.read(path: path)
        #expect(labels == ["a", "b"])
        // An abstention becomes the most probable label: 0.7000000000000001 > 0.31622776601683794.
        #expect(predictions["n1"] == UnitPrediction(label: "a", language: "zh-Hant", source: "報社"))
        #expect(predictions["n2"] == UnitPrediction(label: "b", language: nil, source: nil))
    }

    @Test func sampleLinesKeepTheInclusionProbability() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "sample.jsonl",
            """
            {"unit":"u1","id":"d1","inclusion_probability":\(Self.values[1]),"source":"VnExpress","lang":"vi","text":"Biển Đông"}
            {"unit":"u2","id":"d2","inclusion_probability":1.5}

            """)
        #expect(
            throws: CodingError.invalidFile(
                path: path, line: 2,
                reason: "expected a stance sample line with unit, id and inclusion_probability in (0, 1]")
        ) { try SampleRecord.read(path: path) }
        let good = try directory.write(
            "good.jsonl",
            "{\"unit\":\"u1\",\"id\":\"d1\",\"inclusion_probability\":\(Self.values[1]),\"lang\":\"vi\",\"text\":\"Biển Đông\"}\n"
        )
        let records = try SampleRecord.read(path: good)
        #expect(records.count == 1)
        #expect(records[0].inclusionProbability == 0.31622776601683794)
        #expect(records[0].language == "vi" && records[0].text == "Biển Đông" && records[0].source == nil)
    }
}
