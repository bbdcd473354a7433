import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// The four-language fixture (``fourLanguageRows(count:sourcePure:)``, also used by CrossValidationTests) as JSON
/// Lines: labels FAVOR, AGAINST, NONE, five sources unless `sources` are given.
private func fixtureLines(count: Int = 42, sourcePure: Bool = false, sources: [String]? = nil) -> String {
    let labels = ["FAVOR", "AGAINST", "NONE"]
    let names = sources ?? ["Alpha Daily", "Beta Post", "Gamma Wire", "Delta News", "Epsilon Times"]
    return fourLanguageRows(count: count, sourcePure: sourcePure).map { row in
        #"{"id": "d\#(row.index)", "text": "\#(row.text)", "label": "\#(labels[row.labelIndex])", "source": "\#(names[row.index % names.count])", "target": "\#(row.target)"}"#
    }.joined(separator: "\n") + "\n"
}

@Suite struct EvalCommandTests {
    @Test func crossValidationWritesDeterministicResults() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines())
        let arguments = ["eval", "--data", data, "--folds", "3", "--seed", "4", "--f1-labels", "AGAINST,FAVOR"]
        let first = try runStance(arguments + ["--json", directory.path + "/a.json", "--threads", "1"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("macro_f1"))
        #expect(first.standardOutput.contains("f_avg"))
        let second = try runStance(arguments + ["--json", directory.path + "/b.json", "--threads", "2"])
        #expect(second.status == 0)
        let a = try String(contentsOfFile: directory.path + "/a.json", encoding: .utf8)
        let b = try String(contentsOfFile: directory.path + "/b.json", encoding: .utf8)
        #expect(a == b)
        let object = try #require(JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any])
        for key in [
            "accuracy", "macro_f1", "f_avg", "log_loss", "brier", "ece", "per_class", "per_target", "confusion",
            "folds",
            "ci95", "settings",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect((object["folds"] as? [Any])?.count == 3)
        let confusion = try #require(object["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["AGAINST", "FAVOR", "NONE"])
        let ci = try #require(object["ci95"] as? [String: [Double]])
        #expect(ci["macro_f1"]?.count == 2)
        // No source carries a single label here: no leakage warning.
        #expect(!first.standardError.contains("--group-by source"))
        // A different seed gives other folds.
        let other = try runStance([
            "eval", "--data", data, "--folds", "3", "--seed", "5", "--json", directory.path + "/c.json",
        ])
        #expect(other.status == 0)
        #expect(try String(contentsOfFile: directory.path + "/c.json", encoding: .utf8) != a)
    }

    @Test func expectationsPassFailAndMissing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines())
        let arguments = ["eval", "--data", data, "--folds", "3", "--replicates", "100"]
        let pass = try directory.write("pass.json", #"{"accuracy": 0.3, "per_class": {"FAVOR": {"support": 14}}}"#)
        let passed = try runStance(arguments + ["--expect", pass])
        #expect(passed.status == 0, "\(passed.standardError)")
        #expect(passed.standardOutput.contains("expectations: PASS"))

        let fail = try directory.write("fail.json", #"{"accuracy": 1.5, "ece": -1}"#)
        let failed = try runStance(arguments + ["--expect", fail, "--json", directory.path + "/out.json"])
        #expect(failed.status == 1)
        #expect(failed.standardOutput.contains("accuracy"))
        #expect(failed.standardOutput.contains("is below the floor 1.5000 by"))
        #expect(failed.standardOutput.contains("is above the ceiling -1.0000 by"))
        #expect(failed.standardError.contains("expectations not met: 2 of 2 checks failed"))
        // Results are written before the failing status.
        #expect(FileManager.default.fileExists(atPath: directory.path + "/out.json"))

        let missing = try directory.write(
            "missing.json", #"{"f_avg": 0.1, "per_target": {"nothing": {"accuracy": 0}}}"#)
        let notComputed = try runStance(arguments + ["--expect", missing])
        #expect(notComputed.status == 1)
        #expect(notComputed.standardOutput.contains("f_avg was expected (0.1000) but not computed"))
        #expect(notComputed.standardOutput.contains("per_target.nothing.accuracy was expected"))
    }

    @Test func leakageWarningAndGrouping() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("pure.jsonl", fixtureLines(sourcePure: true))
        let ungrouped = try runStance(["eval", "--data", data, "--folds", "3", "--replicates", "50"])
        #expect(ungrouped.status == 0)
        #expect(ungrouped.standardError.contains("warning:"))
        #expect(ungrouped.standardError.contains("--group-by source"))
        let grouped = try runStance([
            "eval", "--data", data, "--folds", "3", "--group-by", "source", "--replicates", "50",
            "--predictions", directory.path + "/p.jsonl",
        ])
        #expect(grouped.status == 0, "\(grouped.standardError)")
        #expect(!grouped.standardError.contains("warning:"))
        // No source has predictions from two folds.
        let lines = try String(contentsOfFile: directory.path + "/p.jsonl", encoding: .utf8).split(separator: "\n")
        var foldOfSource: [String: Int] = [:]
        for line in lines {
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let source = try #require(object["source"] as? String)
            let fold = try #require(object["fold"] as? Int)
            if let earlier = foldOfSource[source] { #expect(earlier == fold) }
            foldOfSource[source] = fold
            // Texts are dropped once counted, yet each article's language shares are those of its text.
            let shares = try #require(object["lang_shares"] as? [String: Any])
            #expect(!shares.isEmpty, "empty lang_shares: \(line)")
        }
        #expect(foldOfSource.count == 5)
    }

    @Test func impossibleGroupingsExit65() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let two = try directory.write("two.jsonl", fixtureLines(sources: ["A", "B"]))
        let onlyTwo = try runStance(["eval", "--data", two, "--folds", "2", "--group-by", "source"])
        #expect(onlyTwo.status == 65)
        #expect(onlyTwo.standardError.contains("only two groups"))
        let five = try directory.write("five.jsonl", fixtureLines())
        let tooMany = try runStance(["eval", "--data", five, "--folds", "6", "--group-by", "source"])
        #expect(tooMany.status == 65)
        #expect(tooMany.standardError.contains("cannot split 5 groups into 6 folds"))
    }

    @Test func predictionsHeldOutReportAndCompare() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines())
        let predictions = directory.path + "/oof.jsonl"
        let reportDirectory = directory.path + "/report"
        let cv = try runStance([
            "eval", "--data", data, "--folds", "3", "--repeats", "2", "--replicates", "100", "--predictions",
            predictions,
            "--report", reportDirectory,
        ])
        #expect(cv.status == 0, "\(cv.standardError)")
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 84)
        let first = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in [
            "id", "source", "target", "lang", "label", "probabilities", "evidence_strength", "gold", "fold", "repeat",
        ] {
            #expect(first[key] != nil, "missing \(key)")
        }
        let probabilities = try #require(first["probabilities"] as? [String: Double])
        #expect(Set(probabilities.keys) == ["AGAINST", "FAVOR", "NONE"])
        #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-9)
        let html = try String(contentsOfFile: reportDirectory + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("Sources"))

        // Compared with itself the difference is 0 and within chance.
        let same = try runStance([
            "eval", "--data", data, "--folds", "3", "--repeats", "2", "--replicates", "100", "--compare", predictions,
        ])
        #expect(same.status == 0, "\(same.standardError)")
        #expect(same.standardOutput.contains("accuracy: +0.0000"))
        #expect(same.standardOutput.contains("within chance"))

        // Held out: a model trained on the set scores a second file.
        let model = directory.path + "/m.stance"
        let train = try runStance(["train", "--data", data, "--out", model])
        #expect(train.status == 0, "\(train.standardError)")
        let heldOut = try runStance([
            "eval", "--model", model, "--data", data, "--replicates", "100", "--json", directory.path + "/h.json",
            "--predictions", directory.path + "/h.jsonl",
        ])
        #expect(heldOut.status == 0, "\(heldOut.standardError)")
        let json = try String(contentsOfFile: directory.path + "/h.json", encoding: .utf8)
        #expect(json.contains(#""mode": "held-out""#))
        #expect(json.contains(#""folds": []"#))
        let heldOutLines = try String(contentsOfFile: directory.path + "/h.jsonl", encoding: .utf8).split(
            separator: "\n")
        #expect(heldOutLines.count == 42)
        #expect(heldOutLines[0].contains(#""fold":null"#) || heldOutLines[0].contains(#""fold": null"#))
    }

    @Test func cAutoInTrainAndEval() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines())
        let arguments = ["train", "--data", data, "--C", "auto", "--inner-folds", "2", "--c-rule", "best"]
        let train = try runStance(arguments + ["--out", directory.path + "/m"])
        #expect(train.status == 0, "\(train.standardError)")
        let line = try #require(train.standardError.split(separator: "\n").first { $0.contains("--C auto chose C = ") })
        let chosenText = try #require(line.split(separator: " ").dropFirst(6).first)
        let chosen = try #require(Double(chosenText))
        #expect(CrossValidationSettings.defaultCGrid.contains(chosen))
        // The mean inner score of the chosen value is the best on the grid.
        let scores = line.split(separator: "(").last!.dropLast().split(separator: " ").map {
            Double($0.split(separator: "=")[1])!
        }
        #expect(scores.count == CrossValidationSettings.defaultCGrid.count)
        let best = scores.max()!
        #expect(scores[CrossValidationSettings.defaultCGrid.firstIndex(of: chosen)!] == best)
        #expect(scores.firstIndex(of: best) == CrossValidationSettings.defaultCGrid.firstIndex(of: chosen))
        let inspect = try runStance(["inspect", directory.path + "/m", "--format", "json"])
        #expect(inspect.standardOutput.contains(#""C": \#(chosen)"#), "\(inspect.standardOutput.prefix(600))")
        // The same inputs give the same model bytes.
        let again = try runStance(arguments + ["--out", directory.path + "/m2"])
        #expect(again.status == 0)
        #expect(try fileBytes(directory.path + "/m") == fileBytes(directory.path + "/m2"))
        let eval = try runStance([
            "eval", "--data", data, "--folds", "3", "--C", "auto", "--inner-folds", "2", "--replicates", "50",
            "--json", directory.path + "/auto.json",
        ])
        #expect(eval.status == 0, "\(eval.standardError)")
        #expect(
            eval.standardOutput.contains("C chosen by inner cross-validation, rule pooled (pooled inner score per C)"))
        let json = try String(contentsOfFile: directory.path + "/auto.json", encoding: .utf8)
        #expect(json.contains(#""C": "auto""#))
        #expect(json.contains("C_fold3_curve"))
        // The default rule ranks the pooled inner score: each fold's chosen C is the first best of its rule curve,
        // in the JSON and in the table's row.
        let settings = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).flatMap { $0["settings"] }
                as? [String: Any])
        let grid = CrossValidationSettings.defaultCGrid
        for fold in 1...3 {
            let chosen = try #require(settings["C_fold\(fold)"] as? Double)
            let curve = try #require(settings["C_fold\(fold)_rule_curve"] as? String).split(separator: " ").map {
                Double($0)!
            }
            #expect(curve.count == grid.count)
            #expect(curve.firstIndex(of: curve.max()!) == grid.firstIndex(of: chosen))
            let row = try #require(
                eval.standardOutput.split(separator: "\n").first { $0.hasPrefix("\(fold)     ") && $0.count > 60 })
            let shown = row.split(separator: " ").dropFirst().dropLast().map { Double($0)! }
            #expect(zip(shown, curve).allSatisfy { abs($0 - $1) < 5e-5 }, "\(row)")
        }
    }

    /// `train --C auto` by the default rule (`nil`) and by each rule that reads the inner probabilities: the progress
    /// line names the rule, and the model has the same bytes at one and two threads.
    @Test(arguments: [nil, "log-loss", "log-loss-balanced", "brier", "pooled"])
    func cAutoTrainsTheSameBytesAtOneAndTwoThreads(rule: String?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines())
        let arguments =
            ["train", "--data", data, "--C", "auto", "--inner-folds", "3", "--seed", "5"]
            + (rule.map { ["--c-rule", $0] } ?? [])
        let one = try runStance(arguments + ["--threads", "1", "--out", directory.path + "/one"])
        #expect(one.status == 0, "\(one.standardError)")
        #expect(one.standardError.contains("by \(rule ?? CSelectionRule.standard.rawValue) ("))
        let two = try runStance(arguments + ["--threads", "2", "--out", directory.path + "/two"])
        #expect(two.status == 0, "\(two.standardError)")
        #expect(try fileBytes(directory.path + "/one") == fileBytes(directory.path + "/two"))
    }

    @Test func cTraceIsWrittenAndReadBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("set.jsonl", fixtureLines(count: 60))
        let trace = directory.path + "/trace.json"
        let eval = try runStance([
            "eval", "--data", data, "--folds", "3", "--C", "auto", "--inner-folds", "2", "--replicates", "20",
            "--json", directory.path + "/auto.json", "--c-trace", trace,
        ])
        #expect(eval.status == 0, "\(eval.standardError)")
        let read = try CTrace(contentsOfFile: trace)
        #expect(read.metric == "macro_f1" && read.labels == ["AGAINST", "FAVOR", "NONE"] && read.innerFolds == 2)
        #expect(read.gold.count == 60 && read.folds.count == 3)
        #expect(read.folds.flatMap(\.documents).sorted() == Array(0..<60))
        for fold in read.folds {
            #expect(fold.grid == CrossValidationSettings.defaultCGrid)
            #expect(fold.innerScores.allSatisfy { $0.count == 2 })
            let details = try #require(fold.innerDetails)
            let index = CSelectionRule.standard.choose(
                grid: fold.grid, scores: fold.innerScores, details: details, averaged: nil, innerFolds: 2)
            #expect(fold.chosen == fold.grid[index])
            // Each inner fold's macro-F1 is its confusion counts' macro-F1.
            for (scores, perFold) in zip(fold.innerScores, details) {
                #expect(scores.count == perFold.count)
                for (score, detail) in zip(scores, perFold) {
                    #expect(abs(score - detail.f1Score(averaged: nil)) < 1e-12)
                }
                #expect(InnerFoldScore.pooled(perFold).classCounts.reduce(0, +) == fold.trainingDocuments)
            }
        }
        // The run's own predictions, pooled, give the macro-F1 the result file reports.
        var rows = [[Double]](repeating: [], count: 60)
        for fold in read.folds {
            for (document, predicted) in zip(fold.documents, fold.runPredicted) {
                rows[document] = (0..<3).map { $0 == predicted ? 1 : 0 }
            }
        }
        let metrics = try ClassificationMetrics(gold: read.gold, probabilities: rows, labels: read.labels)
        let result = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: directory.path + "/auto.json")))
                as? [String: Any])
        let reported = try #require(result["macro_f1"] as? Double)
        #expect(abs(metrics.macroF1 - reported) < 1e-12)
        // Written again, the same bytes; a file of another format is refused with its name.
        let copy = directory.path + "/copy.json"
        try read.write(to: copy)
        #expect(try fileBytes(copy) == fileBytes(trace))
        let bad = try directory.write("bad.json", #"{"format": "other"}"#)
        #expect(throws: EvaluationError.invalidTrace(file: bad, reason: #"no "format": "stance-c-trace""#)) {
            try CTrace(contentsOfFile: bad)
        }
        // --c-trace without --C auto is a usage error.
        let wrong = try runStance(["eval", "--data", data, "--c-trace", trace])
        #expect(wrong.status == 64)
    }
}
