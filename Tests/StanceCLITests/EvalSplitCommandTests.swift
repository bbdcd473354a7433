import Foundation
import Testing
import _StanceTestSupport

/// The four-language fixture with dates: documents 0–29 in 2014, the rest in 2015; five sources.
private func datedLines(count: Int = 42) -> String {
    let labels = ["FAVOR", "AGAINST", "NONE"]
    let sources = ["Alpha Daily", "Beta Post", "Gamma Wire", "Delta News", "Epsilon Times"]
    return fourLanguageRows(count: count).map { row in
        let date = row.index < 30 ? "2014-0\(row.index % 9 + 1)-15" : "2015-0\(row.index % 9 + 1)-15"
        return
            #"{"id": "d\#(row.index)", "text": "\#(row.text)", "label": "\#(labels[row.labelIndex])", "source": "\#(sources[row.index % 5])", "date": "\#(date)"}"#
    }.joined(separator: "\n") + "\n"
}

@Suite struct EvalSplitCommandTests {
    @Test func dateSplitTrainsBeforeAndTestsAfter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", datedLines())
        let json = directory.path + "/split.json"
        let run = try runStance([
            "eval", "--data", data, "--split-by", "date", "--before", "2015-01-01", "--json", json, "--replicates",
            "50",
            "--predictions", directory.path + "/p.jsonl", "--report", directory.path + "/report",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        // The report says what was measured: a split, not a cross-validation.
        let html = try String(contentsOfFile: directory.path + "/report/report.html", encoding: .utf8)
        #expect(html.contains("out-of-time split (train before 2015-01-01)"))
        #expect(!html.contains("cross-validation"))
        let result = try jsonObject(String(contentsOfFile: json, encoding: .utf8))
        let settings = try #require(result["settings"] as? [String: Any])
        #expect(settings["train_documents"] as? Int == 30)
        #expect(settings["test_documents"] as? Int == 12)
        #expect(settings["mode"] as? String == "date split")
        let predicted = try jsonLines(String(contentsOfFile: directory.path + "/p.jsonl", encoding: .utf8))
        #expect(predicted.map { $0["id"] as! String } == (30..<42).map { "d\($0)" })
        // The reverse: train on 2015, test on the 30 earlier documents.
        let reverse = try runStance([
            "eval", "--data", data, "--split-by", "date", "--after", "2015-01-01", "--json", json, "--replicates", "50",
        ])
        #expect(reverse.status == 0, "\(reverse.standardError)")
        let reversed = try jsonObject(String(contentsOfFile: json, encoding: .utf8))
        #expect((reversed["settings"] as? [String: Any])?["test_documents"] as? Int == 30)
        let empty = try runStance(["eval", "--data", data, "--split-by", "date", "--before", "2010-01-01"])
        #expect(empty.status == 65)
        let badDay = try runStance(["eval", "--data", data, "--split-by", "date", "--before", "2015-1-1"])
        #expect(badDay.status == 64)
        let neither = try runStance(["eval", "--data", data, "--split-by", "date"])
        #expect(neither.status == 64)
    }

    @Test func perGroupTableOfAGroupedCrossValidation() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", datedLines())
        let json = directory.path + "/cv.json"
        let run = try runStance([
            "eval", "--data", data, "--folds", "5", "--group-by", "source", "--per-group", "source", "--json", json,
            "--replicates", "50",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("per source"))
        let result = try jsonObject(String(contentsOfFile: json, encoding: .utf8))
        let table = try #require(result["per_group"] as? [String: Any])
        let rows = try #require(table["rows"] as? [[String: Any]])
        #expect(
            rows.map { $0["value"] as! String } == [
                "Alpha Daily", "Beta Post", "Delta News", "Epsilon Times", "Gamma Wire",
            ])
        #expect(rows.map { $0["n"] as! Int }.reduce(0, +) == 42)
        for row in rows {
            let shares = try #require(row["share_predicted"] as? [String: Double])
            #expect(abs(shares.values.reduce(0, +) - 1) < 1e-9)
            let means = try #require(row["mean_probability"] as? [String: Double])
            #expect(abs(means.values.reduce(0, +) - 1) < 1e-9)
            let ci = try #require(row["ci95"] as? [String: [Double]])
            let correct = try #require(row["share_correct"] as? Double)
            #expect(ci["share_correct"]!.first! <= correct && correct <= ci["share_correct"]!.last!)
        }
        // Groups of 9 (sources 0 and 1 have 9 documents, the rest 8) stay; --min-group-size 9 folds the three of 8.
        let folded = try runStance([
            "eval", "--data", data, "--folds", "5", "--group-by", "source", "--per-group", "source", "--min-group-size",
            "9", "--json", json, "--replicates", "20",
        ])
        #expect(folded.status == 0)
        let foldedRows = try #require(
            (try jsonObject(String(contentsOfFile: json, encoding: .utf8))["per_group"] as? [String: Any])?["rows"]
                as? [[String: Any]])
        #expect(foldedRows.map { $0["value"] as! String } == ["Alpha Daily", "Beta Post", "(other: 3 groups)"])
        #expect(foldedRows.last?["n"] as? Int == 24)
    }

    @Test func heldOutRefusesGoldLabelsTheModelDoesNotKnow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        let trained = try runStance(["train", "--data", fixturePath("train-small.jsonl"), "--out", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let coded = try directory.write(
            "coded.jsonl",
            #"""
            {"id": "c1", "text": "上游新建的水坝截断河流", "label": "pro_beijing"}
            {"id": "c2", "text": "the dams ruin the fishing villages", "label": "critical"}
            {"id": "c3", "text": "đập thủy điện mới ở thượng nguồn", "label": "not_about_china"}
            """# + "\n")
        let refused = try runStance(["eval", "--model", model, "--data", coded])
        #expect(refused.status == 65)
        #expect(refused.standardError.contains("'critical', 'not_about_china', 'pro_beijing'"))
        let labels = try #require(
            (try jsonObject(try runStance(["inspect", model, "--format", "json"]).standardOutput))["labels"]
                as? [String])
        let mapped = try runStance([
            "eval", "--model", model, "--data", coded, "--label-map",
            "\(labels[0])=critical,\(labels[1])=pro_beijing,not_about_china=_drop", "--json",
            directory.path + "/h.json",
            "--replicates", "20",
        ])
        #expect(mapped.status == 0, "\(mapped.standardError)")
        let result = try jsonObject(String(contentsOfFile: directory.path + "/h.json", encoding: .utf8))
        let perClass = try #require(result["per_class"] as? [String: [String: Any]])
        #expect(perClass.values.map { $0["support"] as! Int }.reduce(0, +) == 2)
    }
}
