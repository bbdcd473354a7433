import Foundation
import Testing
import _StanceTestSupport

/// `stance inspect` (and `stance score`) on good and broken model files: every failure is one sentence on standard
/// error with exit status 65 (66 for a file that does not exist).
@Suite struct InspectCommandTests {
    /// The committed version-1 model (see `scripts/make-test-model`).
    let frozen = fixturePath("model-v1.stance")

    /// A broken variant of the frozen model, the expected message after `stance: PATH: `.
    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable ([UInt8]) -> [UInt8]
        var message: @Sendable (_ original: Int) -> String
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "cut inside the header (12 bytes)", change: { Array($0.prefix(12)) }) { _ in
            "the model file is truncated: it should hold 24 bytes but holds 12"
        },
        Damage(name: "cut inside the header (23 bytes)", change: { Array($0.prefix(23)) }) { _ in
            "the model file is truncated: it should hold 24 bytes but holds 23"
        },
        Damage(name: "header only", change: { Array($0.prefix(24)) }) { original in
            "the model file is truncated: it should hold \(original) bytes but holds 24"
        },
        Damage(name: "cut inside the payload (100 bytes)", change: { Array($0.prefix(100)) }) { original in
            "the model file is truncated: it should hold \(original) bytes but holds 100"
        },
        Damage(name: "last byte missing", change: { Array($0.dropLast()) }) { original in
            "the model file is truncated: it should hold \(original) bytes but holds \(original - 1)"
        },
        Damage(
            name: "payload byte flipped",
            change: { bytes in
                var bytes = bytes
                bytes[bytes.count / 2] ^= 0x20
                return bytes
            }
        ) { _ in "the model file is corrupted: the checksum does not match its contents" },
        Damage(
            name: "checksum byte flipped",
            change: { bytes in
                var bytes = bytes
                bytes[21] ^= 0x01
                return bytes
            }
        ) { _ in "the model file is corrupted: the checksum does not match its contents" },
        Damage(name: "trailing bytes", change: { $0 + [0x0A, 0x00, 0x7F] }) { _ in
            "the model file is corrupted: 3 unexpected bytes after the model data"
        },
        Damage(
            name: "version 6",
            change: { bytes in
                var bytes = bytes
                bytes[8] = 6
                return bytes
            }
        ) { _ in
            "written by a newer stance (model format version 6; this stance reads up to version 5): upgrade stance to use it"
        },
        Damage(
            name: "version 0",
            change: { bytes in
                var bytes = bytes
                bytes[8] = 0
                return bytes
            }
        ) { _ in "the model file is corrupted: format version 0 does not exist" },
        Damage(name: "a JSON file", change: { _ in Array(#"{"labels": ["against", "favor"]}"#.utf8) }) { _ in
            "not a stance model file (it does not start with the stance model signature)"
        },
        Damage(name: "an empty file", change: { _ in [] }) { _ in
            "not a stance model file (it does not start with the stance model signature)"
        },
        Damage(
            name: "a PNG header",
            change: { _ in [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] }
        ) { _ in "not a stance model file (it does not start with the stance model signature)" },
    ]

    @Test(arguments: damages) func brokenModelIsADataError(_ damage: Damage) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = try fileBytes(frozen)
        let path = try directory.write("broken.stance", bytes: damage.change(original))
        let expected = "stance: \(path): \(damage.message(original.count))\n"
        let inspect = try runStance(["inspect", path])
        #expect(inspect.status == 65)
        #expect(inspect.standardError == expected)
        #expect(inspect.standardOutput.isEmpty)
        let score = try runStance(["score", "--model", path], input: Array(#"{"text": "The dams."}"#.utf8))
        #expect(score.status == 65)
        #expect(score.standardError == expected)
    }

    @Test func missingModelFileIsNoInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/missing.stance"
        let inspect = try runStance(["inspect", path])
        #expect(inspect.status == 66)
        #expect(inspect.standardError == "stance: \(path): no such file or directory\n")
        let score = try runStance(["score", "--model", path], input: Array(#"{"text": "The dams."}"#.utf8))
        #expect(score.status == 66)
        #expect(score.standardError == "stance: \(path): no such file or directory\n")
    }

    @Test func inspectShowsTheFrozenModel() throws {
        let run = try runStance(["inspect", "--format", "json", frozen])
        #expect(run.status == 0)
        let json = try jsonObject(run.standardOutput)
        #expect(json["format_version"] as? Int == 1)
        #expect(json["labels"] as? [String] == ["against", "favor"])
        let settings = try #require(json["settings"] as? [String: Any])
        #expect(settings["word_ngrams"] as? String == "1-1")
        #expect(settings["char_ngrams"] as? String == "1-1")
        let csv = try runStance(["inspect", "--format", "csv", "--top", "2", frozen])
        #expect(csv.status == 0)
        let lines = csv.standardOutput.split(separator: "\n")
        #expect(lines.first == "target,kind,label,feature,weight,std_error,z,p_value,ci95_low,ci95_high")
        #expect(lines.filter { $0.hasPrefix(",top_feature,against,") }.count == 2)
        #expect(lines.filter { $0.hasPrefix(",top_feature,favor,") }.count == 2)
    }

    /// `--format weights` lists every weight once: rows are (output, feature) pairs plus one intercept per output, and
    /// the weights agree with the top features `--format csv` shows.
    @Test func weightsListEveryWeightOnce() throws {
        let weights = try runStance(["inspect", "--format", "weights", frozen])
        #expect(weights.status == 0, "\(weights.standardError)")
        let lines = weights.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "target,output,feature,weight")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // Two classes: one weight vector, that of the second label.
        #expect(rows.allSatisfy { $0.count == 4 && $0[0] == "" && $0[1] == "favor" })
        #expect(rows.filter { $0[2] == "(intercept)" }.count == 1)
        let features = rows.filter { $0[2] != "(intercept)" }.map { $0[2] }
        #expect(Set(features).count == features.count)
        let weightOf = Dictionary(uniqueKeysWithValues: rows.map { ($0[2], Double($0[3])!) })
        let csv = try runStance(["inspect", "--format", "csv", "--top", "3", frozen])
        for line in csv.standardOutput.split(separator: "\n") where line.hasPrefix(",top_feature,") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(weightOf[fields[3]] == Double(fields[4]), "\(line)")
            // The first label's strongest features are the most negative weights of the second's vector.
            #expect(fields[2] == "favor" ? Double(fields[4])! > 0 : Double(fields[4])! < 0)
        }

        // Three classes: one vector per label, each as long as the vocabulary.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/three.jsonl"
        let corpus = """
            {"text": "The dam ruins the river and the villages.", "label": "against"}
            {"text": "水坝毁了河流和下游的村庄。", "label": "against"}
            {"text": "Con đập làm hỏng dòng sông.", "label": "against"}
            {"text": "The dam brings power and jobs to the valley.", "label": "favor"}
            {"text": "水壩為山谷帶來電力和工作。", "label": "favor"}
            {"text": "Con đập mang lại điện và việc làm.", "label": "favor"}
            {"text": "The dam opened in May, the ministry said.", "label": "none"}
            {"text": "部里说，水坝于五月启用。", "label": "none"}

            """
        try corpus.write(toFile: data, atomically: false, encoding: .utf8)
        let model = directory.path + "/three.stance"
        let train = try runStance(["train", "--data", data, "--out", model, "--word-ngrams", "1"])
        #expect(train.status == 0, "\(train.standardError)")
        let three = try runStance(["inspect", "--format", "weights", model])
        let threeRows = three.standardOutput.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let perOutput = Dictionary(grouping: threeRows, by: { $0[1] }).mapValues(\.count)
        #expect(perOutput.keys.sorted() == ["against", "favor", "none"])
        #expect(Set(perOutput.values).count == 1)
        #expect(threeRows.filter { $0[2] == "(intercept)" }.count == 3)
    }
}
