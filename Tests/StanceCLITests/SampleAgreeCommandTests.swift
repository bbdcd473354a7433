import Foundation
import Testing
import _StanceTestSupport

/// A corpus of 15 documents from three sources (2, 5 and 8 documents) in four languages, texts without commas or
/// line breaks so that a test can fill in the sheets' code column line by line.
private func corpusLines() -> String {
    let texts = [
        "the ministry welcomes the win-win cooperation", "政府政策带来增长和进步", "政府政策帶來增長和進步",
        "chính sách của chính phủ mang lại tăng trưởng", "critics condemn the harsh crackdown",
    ]
    let sources =
        ["Alpha Daily", "Alpha Daily"] + Array(repeating: "Beta Post", count: 5)
        + Array(repeating: "Gamma Wire", count: 8)
    return sources.enumerated().map { index, source in
        let month = index % 2 == 0 ? "2024-03" : "2024-04"
        return
            #"{"id": "doc-\#(index)", "text": "\#(texts[index % 5]) \#(index)", "source": "\#(source)", "date": "\#(month)-0\#(index % 9 + 1)", "label": "\#(index % 5 == 4 ? "critical" : "official")"}"#
    }.joined(separator: "\n") + "\n"
}

/// Fills in a sheet written by `stance sample`: each row `UNIT,TEXT,,` gets the code `code(documentID)`.
private func code(sheet path: String, sample: [[String: Any]], _ code: (String) -> String) throws {
    let units = Dictionary(uniqueKeysWithValues: sample.map { ($0["unit"] as! String, $0["id"] as! String) })
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.components(separatedBy: "\r\n").map { line -> String in
        guard let unit = line.split(separator: ",").first.map(String.init), let id = units[unit],
            line.hasSuffix(",,")
        else { return line }
        return String(line.dropLast(2)) + "," + code(id) + ","
    }
    try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(lines.joined(separator: "\r\n").utf8)).write(
        to: URL(fileURLWithPath: path))
}

@Suite struct SampleAgreeCommandTests {
    @Test func sampleWritesBlindSheetsAndInclusionProbabilities() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try directory.write("corpus.jsonl", corpusLines())
        let out = directory.path + "/sample"
        let run = try runStance(["sample", corpus, "--n", "6", "--stratify", "source", "--seed", "7", "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        // N = 15 in (2, 5, 8), n = 6: quotas 0.8 (below 1: one unit), then 5 over 13: 1.92 and 3.08 → 1 + 3 and
        // the one left to remainder 0.92: (1, 2, 3); π = 1/2, 2/5, 3/8.
        let sample = try jsonLines(String(contentsOfFile: out + "/sample.jsonl", encoding: .utf8))
        #expect(sample.count == 6)
        var probabilities: [String: Double] = [:]
        for line in sample {
            let stratum = try #require(line["stratum"] as? [String: String])
            probabilities[stratum["source"]!] = line["inclusion_probability"] as? Double
        }
        #expect(probabilities == ["Alpha Daily": 0.5, "Beta Post": 0.4, "Gamma Wire": 0.375])
        #expect(sample.filter { ($0["stratum"] as? [String: String])?["source"] == "Gamma Wire" }.count == 3)
        let first = try fileBytes(out + "/coder-1.csv")
        let second = try fileBytes(out + "/coder-2.csv")
        #expect(Array(first.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let firstText = String(decoding: first.dropFirst(3), as: UTF8.self)
        let secondText = String(decoding: second.dropFirst(3), as: UTF8.self)
        #expect(firstText.hasPrefix("id,text,code,note\r\n"))
        // Blind: no document id, source or date on the sheet.
        #expect(!firstText.contains("doc-") && !firstText.contains("Alpha") && !firstText.contains("2024"))
        // The same units in a different order.
        let firstUnits = firstText.split(separator: "\r\n").dropFirst().map { $0.prefix(4) }
        let secondUnits = secondText.split(separator: "\r\n").dropFirst().map { $0.prefix(4) }
        #expect(Set(firstUnits) == Set(secondUnits) && firstUnits.count == 6)
        #expect(firstUnits != secondUnits)
        // Reproducible by seed.
        let again = try runStance([
            "sample", corpus, "--n", "6", "--stratify", "source", "--seed", "7", "--out", out + "2",
        ])
        #expect(again.status == 0)
        #expect(try fileBytes(out + "2/coder-2.csv") == second)
        #expect(try fileBytes(out + "2/sample.jsonl") == fileBytes(out + "/sample.jsonl"))

        // Overlap: 2 units on both sheets, the other 4 split; --show-source and --excerpt.
        let overlap = try runStance([
            "sample", corpus, "--n", "6", "--coders", "2", "--overlap", "2", "--show-source", "--excerpt", "5",
            "--out", out + "3",
        ])
        #expect(overlap.status == 0, "\(overlap.standardError)")
        let sheet = String(decoding: try fileBytes(out + "3/coder-1.csv").dropFirst(3), as: UTF8.self)
        #expect(sheet.hasPrefix("id,source,lang,date,text,code,note\r\n"))
        #expect(sheet.split(separator: "\r\n").count == 1 + 4)
        #expect(sheet.contains("…"))
        // Equal allocation of 6 over (2, 5, 8): 2 each.
        let equal = try runStance([
            "sample", corpus, "--n", "6", "--stratify", "source", "--allocation", "equal", "--out", out + "6",
        ])
        #expect(equal.status == 0, "\(equal.standardError)")
        let equalSample = try jsonLines(String(contentsOfFile: out + "6/sample.jsonl", encoding: .utf8))
        var equalProbabilities: [String: Double] = [:]
        for line in equalSample {
            equalProbabilities[(line["stratum"] as! [String: String])["source"]!] =
                line["inclusion_probability"] as? Double
        }
        #expect(equalProbabilities == ["Alpha Daily": 1, "Beta Post": 0.4, "Gamma Wire": 0.25])
        let tooMany = try runStance(["sample", corpus, "--n", "2", "--stratify", "source", "--out", out + "4"])
        #expect(tooMany.status == 64)
        let predictedWithoutModel = try runStance([
            "sample", corpus, "--n", "4", "--stratify", "predicted", "--out", out + "5",
        ])
        #expect(predictedWithoutModel.status == 64)
    }

    @Test func sheetsFromSampleAreReadBackByAgreeWithTheModel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try directory.write("corpus.jsonl", corpusLines())
        let out = directory.path + "/sample"
        let sampled = try runStance([
            "sample", corpus, "--n", "10", "--stratify", "source", "--seed", "3", "--out", out,
        ])
        #expect(sampled.status == 0, "\(sampled.standardError)")
        let sample = try jsonLines(String(contentsOfFile: out + "/sample.jsonl", encoding: .utf8))
        let number = { (id: String) in Int(id.dropFirst(4))! }
        // Coder 1 codes by the document's label; coder 2 agrees except on doc-3 and marks doc-0 off topic.
        try code(sheet: out + "/coder-1.csv", sample: sample) { number($0) % 5 == 4 ? "critical" : "official" }
        try code(sheet: out + "/coder-2.csv", sample: sample) { id in
            number(id) == 3 ? "critical" : number(id) == 0 ? "off_topic" : number(id) % 5 == 4 ? "critical" : "official"
        }
        let json = directory.path + "/agree.json"
        let agree = try runStance([
            "agree", out + "/coder-1.csv", out + "/coder-2.csv", "--json", json, "--replicates", "200",
        ])
        #expect(agree.status == 0, "\(agree.standardError)")
        let result = try jsonObject(String(contentsOfFile: json, encoding: .utf8))
        #expect(result["units"] as? Int == 10)
        #expect(result["coders"] as? Int == 2)
        #expect(result["coder_names"] as? [String] == ["coder-1", "coder-2"])
        #expect(result["cohen_kappa"] != nil)
        let ci = try #require(result["ci95"] as? [String: [Double]])
        #expect(ci["alpha"]?.count == 2)
        let disagreements = try #require(result["disagreements"] as? [[String: Any]])
        let sampledNumbers = Set(sample.map { number($0["id"] as! String) })
        #expect(disagreements.count == (sampledNumbers.contains(3) ? 1 : 0) + (sampledNumbers.contains(0) ? 1 : 0))

        // The model's side from predictions in stance score's format, keyed by document id.
        let predictions = (0..<15).map { index in
            let label = index % 5 == 4 || index == 7 ? "independent_media" : "state_media"
            let lang = ["en", "zh-Hans", "zh-Hant", "vi", "en"][index % 5]
            return
                #"{"id": "doc-\#(index)", "lang": "\#(lang)", "label": "\#(label)", "probabilities": {"independent_media": 0.5, "state_media": 0.5}}"#
        }.joined(separator: "\n")
        let predictionsPath = try directory.write("predictions.jsonl", predictions + "\n")
        let unmapped = try runStance([
            "agree", out + "/coder-1.csv", out + "/coder-2.csv", "--predictions", predictionsPath,
        ])
        #expect(unmapped.status == 65)
        #expect(unmapped.standardError.contains("critical") || unmapped.standardError.contains("official"))
        let modelJSON = directory.path + "/model.json"
        let withModel = try runStance([
            "agree", out + "/coder-1.csv", out + "/coder-2.csv", "--predictions", predictionsPath, "--label-map",
            "state_media=official,independent_media=critical,off_topic=_drop", "--json", modelJSON,
            "--replicates", "100",
        ])
        #expect(withModel.status == 0, "\(withModel.standardError)")
        let modelResult = try #require(
            try jsonObject(String(contentsOfFile: modelJSON, encoding: .utf8))["model"] as? [String: Any])
        #expect(modelResult["weighted"] as? Bool == true)
        let against = try #require(modelResult["against"] as? [String: [String: Any]])
        #expect(Set(against.keys) == ["coder-1", "coder-2", "majority", "single_coder"])
        // Against coder 1 (who codes every unit by its label) the model is wrong exactly on doc-7, if sampled.
        let coder1 = try #require(against["coder-1"])
        #expect(coder1["units"] as? Int == 10)
        let accuracy = try #require(coder1["accuracy"] as? Double)
        #expect(sampledNumbers.contains(7) ? accuracy < 1 : accuracy == 1)
        #expect(modelResult["alpha_with_model"] != nil && modelResult["per_language"] != nil)
        #expect(modelResult["per_source"] as? [String: Any] != nil)
    }

    @Test func agreeReadsSpreadsheetSheetsAndRejectsBadOnes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "id;code;note\r\nu1;2;\r\nu2;3;\"a; b\"\r\nu3;1;\r\n".utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let a = try directory.write("a.csv", bytes: utf16)
        let b = try directory.write("b.csv", "id,code\nu1,2\nu2,2\nu3,1\nu4,3\n")
        let json = directory.path + "/r.json"
        let run = try runStance(["agree", a, b, "--levels", "interval,nominal", "--json", json, "--replicates", "50"])
        #expect(run.status == 0, "\(run.standardError)")
        let result = try jsonObject(String(contentsOfFile: json, encoding: .utf8))
        #expect(result["units"] as? Int == 4)
        #expect(result["level"] as? String == "interval")
        #expect(result["single_coded_units"] as? Int == 1)
        // Two of three pairable units agree.
        #expect(abs((result["percent_agreement"] as? Double ?? 0) - 2.0 / 3.0) < 1e-12)
        // The same sheets and seed give the same bytes.
        let again = try runStance([
            "agree", b, a, "--json", json + "2", "--replicates", "50", "--levels", "interval,nominal",
        ])
        #expect(again.status == 0)
        let swapped = try jsonObject(String(contentsOfFile: json + "2", encoding: .utf8))
        #expect((swapped["alpha"] as? Double) == (result["alpha"] as? Double))
        let rerun = try runStance([
            "agree", a, b, "--levels", "interval,nominal", "--json", json + "3", "--replicates", "50",
        ])
        #expect(rerun.status == 0)
        #expect(try fileBytes(json) == fileBytes(json + "3"))
        let outside = try runStance(["agree", a, b, "--order", "1,2"])
        #expect(outside.status == 65)
        #expect(outside.standardError.contains("code '3'"))
        let duplicate = try directory.write("d.csv", "id,code\nu1,1\nu1,2\n")
        let duplicated = try runStance(["agree", a, duplicate])
        #expect(duplicated.status == 65)
        #expect(duplicated.standardError.contains("d.csv:3"))
        let missing = try runStance(["agree", a, directory.path + "/none.csv"])
        #expect(missing.status == 66)
        let blank = try directory.write("blank.csv", "id,code\nu1,\nu2,\n")
        let noCodes = try runStance(["agree", a, b, blank, "--replicates", "20"])
        #expect(noCodes.status == 0)
        #expect(noCodes.standardError.contains("blank.csv has no codes"))
        #expect(noCodes.standardOutput.contains("Fleiss' kappa"))
    }

    @Test func predictedStrataModelColumnsAndForeignSheets() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try directory.write("corpus.jsonl", corpusLines())
        let model = directory.path + "/m.stance"
        let trained = try runStance(["train", "--data", corpus, "--out", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let lexicon = try directory.write("lexicon.tsv", "praise\twin-win\ten\tnote\ncrackdown\tcrackdown\ten\tnote\n")
        let out = directory.path + "/s"
        let run = try runStance([
            "sample", corpus, "--n", "4", "--stratify", "predicted,lang", "--model", model, "--show-model",
            "--show-hits", "--lexicon", lexicon, "--coders", "3", "--out", out,
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let sample = try jsonLines(String(contentsOfFile: out + "/sample.jsonl", encoding: .utf8))
        for line in sample {
            let stratum = try #require(line["stratum"] as? [String: String])
            #expect(stratum["predicted"] == line["predicted"] as? String)
            #expect(stratum["lang"] == line["lang"] as? String)
        }
        let sheet = String(decoding: try fileBytes(out + "/coder-3.csv").dropFirst(3), as: UTF8.self)
        #expect(sheet.hasPrefix("id,text,hits,model,model_probability,code,note\r\n"))
        // A sheet whose ids are not in the sample beside it is refused, naming the unit.
        let foreign = try directory.write("s/coder-9.csv", "id,code\nZ999,official\n")
        let refused = try runStance(["agree", out + "/coder-1.csv", foreign])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("Z999"))
    }
}
