import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `stance score`: the JSON Lines records, streaming through a pipe, bad records, the model's
/// location, and the `--by` group table.
@Suite struct ScoreCommandTests {
    /// The committed version-1 model: labels `against`, `favor`; no targets.
    let model = fixturePath("model-v1.stance")

    /// Four languages, a numeric id, explicit nulls, a labeled record and one without any known feature.
    static let articles = """
        {"id": 41, "text": "上游水坝截断河流，渔村受到破坏。", "source": "East Daily", "target": null, "date": "2024-09-01"}
        {"id": "hant-2", "text": "這項貿易協定打開了新市場。", "source": null, "label": "favor"}
        {"id": "en-3", "text": "The dams ruin the fishing villages downstream.", "source": "North Wire", "target": "dams"}
        {"id": "vi-4", "text": "Hiệp định thương mại mở ra thị trường mới.", "label": "against", "date": null}
        {"id": "none-5", "text": "12345 67890"}

        """

    @Test func recordsKeepInputOrderWithStringIdsAndNulls() throws {
        let run = try runStance(["score", "--model", model], input: Array(Self.articles.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let rawLines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rawLines.count == 6 && rawLines.last == "", "one line per input document, each ending in a line feed")
        let records = try jsonLines(run.standardOutput)
        #expect(records.map { $0["id"] as? String } == ["41", "hant-2", "en-3", "vi-4", "none-5"])
        #expect(records.map { $0["lang"] as? String } == ["zh-Hans", "zh-Hant", "en", "vi", "other"])
        // Field order of the record, with nulls written out.
        #expect(
            rawLines[1].hasPrefix(
                #"{"id": "hant-2", "source": null, "target": null, "date": null, "lang": "zh-Hant", "label": ""#))
        #expect(rawLines[0].hasPrefix(#"{"id": "41", "source": "East Daily", "target": null, "date": "2024-09-01", "#))
        // `gold` only where the input had a label; `label` is always the prediction.
        #expect(records.map { $0["gold"] as? String } == [nil, "favor", nil, "against", nil])
        for record in records {
            let label = try #require(record["label"] as? String)
            #expect(["against", "favor"].contains(label))
            let probabilities = try #require(record["probabilities"] as? [String: Double])
            #expect(Set(probabilities.keys) == ["against", "favor"])
            let sum = probabilities.values.reduce(0, +)
            #expect(abs(sum - 1) < 1e-12)
            // The label is the more probable class.
            #expect(label == (probabilities["favor"]! > probabilities["against"]! ? "favor" : "against"))
            let strength = try #require(record["evidence_strength"] as? Double)
            #expect((0...1).contains(strength))
            #expect(record["evidence"] == nil && record["intercept"] == nil)
        }
        // A text without any known feature: the prior of the intercept alone.
        #expect(records[4]["no_features"] as? Bool == true)
        #expect(records[4]["evidence_strength"] as? Double == 0)
        #expect(records[0...3].allSatisfy { $0["no_features"] == nil })
        #expect(records[0...3].allSatisfy { ($0["evidence_strength"] as? Double ?? 0) > 0 })
    }

    @Test func explainAddsEvidenceInTheOriginalScript() throws {
        let input = #"{"id": "t", "text": "這項貿易協定讓小作坊紛紛倒閉。"}"#
        let run = try runStance(["score", "--model", model, "--explain", "3"], input: Array(input.utf8))
        #expect(run.status == 0)
        let record = try #require(try jsonLines(run.standardOutput).first)
        #expect(record["label"] as? String == "against")
        let evidence = try #require(record["evidence"] as? [[String: Any]])
        // The frozen model's strongest feature for `against` is 纷; 协, 易 and 贸 tie and come in column order.
        #expect(evidence.map { $0["feature"] as? String } == ["c:纷", "c:协", "c:易"])
        // Shown as written in the article: Traditional, not the Simplified the model saw.
        #expect(evidence.map { $0["text"] as? String } == ["紛", "協", "易"])
        #expect(evidence.map { $0["quoted"] as? Bool } == [false, false, false])
        let contributions = evidence.compactMap { $0["contribution"] as? Double }
        #expect(contributions.count == 3 && contributions.allSatisfy { $0 > 0 })
        #expect(contributions == contributions.sorted(by: >))
        // Two classes, `against` predicted: intercept and logit are taken against `favor`, i.e. −b and −z, and the
        // logit is the log-odds of the predicted class. The frozen model's b is −0.046160627630384546.
        let intercept = try #require(record["intercept"] as? Double)
        let logit = try #require(record["logit"] as? Double)
        #expect(intercept == 0.046160627630384546)
        let p = try #require((record["probabilities"] as? [String: Double])?["against"])
        #expect(abs(logit - log(p / (1 - p))) < 1e-12)
    }

    @Test func minimumEvidenceAbstains() throws {
        let plain = try jsonLines(
            try runStance(["score", "--model", model], input: Array(Self.articles.utf8)).standardOutput)
        let strengths = plain.map { $0["evidence_strength"] as! Double }
        let threshold = (strengths.filter { $0 > 0 }.min()! + strengths.max()!) / 2
        let run = try runStance(
            ["score", "--model", model, "--min-evidence", String(threshold)], input: Array(Self.articles.utf8))
        #expect(run.status == 0)
        let records = try jsonLines(run.standardOutput)
        #expect(records.count == plain.count)
        var abstained = 0
        for (record, before) in zip(records, plain) {
            let strength = record["evidence_strength"] as! Double
            if strength < threshold {
                #expect(record["label"] as? String == "abstain")
                abstained += 1
            } else {
                #expect(record["label"] as? String == before["label"] as? String)
            }
            // Probabilities do not change.
            #expect(record["probabilities"] as? [String: Double] == before["probabilities"] as? [String: Double])
        }
        #expect(abstained >= 1 && abstained < records.count)
        #expect(records[4]["label"] as? String == "abstain")
    }

    @Test(.timeLimit(.minutes(2))) func ratesEachLineBeforeTheInputEnds() throws {
        let session = try StanceSession(["score", "--model", model])
        try session.send(#"{"id": "first", "text": "The trade deal opens new markets."}"# + "\n")
        defer { session.terminate() }
        let line = session.readLine(timeout: 60)
        let first = try #require(line, "no output line before standard input was closed")
        #expect(first.hasPrefix(#"{"id": "first", "#))
        try session.send(#"{"id": "second", "text": "上游水壩截斷河流。"}"# + "\n")
        let second = try #require(session.readLine(timeout: 60))
        #expect(second.hasPrefix(#"{"id": "second", "#))
        let end = session.finish()
        #expect(end.status == 0)
        #expect(end.standardOutput.isEmpty)
    }

    @Test func badRecordMidStreamStopsAfterWritingEarlierLines() throws {
        let input = """
            {"id": "a", "text": "The dams ruin the river."}
            {"id": "b", "text": "上游水坝带来廉价电力。"}
            {"id": "c", "text": 1}
            {"id": "d", "text": "Hiệp định thương mại."}

            """
        let run = try runStance(["score", "--model", model, "-"], input: Array(input.utf8))
        #expect(run.status == 65)
        #expect(run.standardError == "stance: -:3: text field 'text' is a number, expected a string\n")
        #expect(try jsonLines(run.standardOutput).map { $0["id"] as? String } == ["a", "b"])
    }

    @Test func unknownTargetOfAPerTargetModelIsABadRecord() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (perTarget, train) = try trainSmallPerTargetModel(in: directory)
        #expect(train.status == 0, "\(train.standardError)")
        let input = """
            {"id": "1", "text": "The dams ruin the river.", "target": "dams"}
            {"id": "2", "text": "Ngư dân phản đối.", "target": "fisheries"}
            {"id": "3", "text": "這項貿易協定打開了新市場。", "target": "trade"}

            """
        let stopped = try runStance(["score", "--model", perTarget], input: Array(input.utf8))
        #expect(stopped.status == 65)
        #expect(
            stopped.standardError
                == "stance: -:2: the per-target model has no sub-model for 'fisheries' (it knows 'dams', 'trade')\n")
        #expect(try jsonLines(stopped.standardOutput).map { $0["id"] as? String } == ["1"])

        let skipped = try runStance(["score", "--model", perTarget, "--skip-invalid"], input: Array(input.utf8))
        #expect(skipped.status == 0)
        #expect(skipped.standardError == "stance: skipped 1 record: target without a sub-model\n")
        let records = try jsonLines(skipped.standardOutput)
        #expect(records.map { $0["id"] as? String } == ["1", "3"])
        #expect(records.map { $0["target"] as? String } == ["dams", "trade"])
    }

    /// Runs a copy of the `stance` binary from a fresh folder, so no default model can be found beside it.
    func runCopiedBinary(_ arguments: [String], environment: [String: String], input: String) throws
        -> (status: Int32, standardOutput: String, standardError: String)
    {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let binary = directory.path + "/bin/stance"
        try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: stanceExecutablePath, toPath: binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        try inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try inputPipe.fileHandleForWriting.close()
        let errors = readToEnd(errorPipe.fileHandleForReading)
        let output = readToEnd(outputPipe.fileHandleForReading)
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
        )
    }

    @Test func modelComesFromTheEnvironmentOrIsAUsageError() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_MODEL"] = nil
        let input = #"{"id": "1", "text": "The dams ruin the river."}"# + "\n"
        let none = try runCopiedBinary(["score"], environment: environment, input: input)
        #expect(none.status == 64)
        #expect(
            none.standardError
                == "stance: no model: pass --model MODEL, set STANCE_MODEL, or train one with 'stance train --data FILE --out MODEL' (this stance is neither installed nor in a source checkout, so it has no default model)\n"
        )
        #expect(none.standardOutput.isEmpty)

        environment["STANCE_MODEL"] = model
        let fromEnvironment = try runCopiedBinary(["score"], environment: environment, input: input)
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.standardError)")
        let direct = try runStance(["score", "--model", model], input: Array(input.utf8))
        #expect(fromEnvironment.standardOutput == direct.standardOutput)
        #expect(!direct.standardOutput.isEmpty)

        environment["STANCE_MODEL"] = "/nonexistent/stance-test.stance"
        let missing = try runCopiedBinary(["score"], environment: environment, input: input)
        #expect(missing.status == 66)
        #expect(missing.standardError == "stance: /nonexistent/stance-test.stance: no such file or directory\n")
        // --model wins over the environment.
        let explicit = try runCopiedBinary(["score", "--model", model], environment: environment, input: input)
        #expect(explicit.status == 0)
    }

    @Test func groupsBySourceWithIntervalsAndDuplicatesOnce() throws {
        // Source "Five Blanks": five distinct texts with no known feature, so every article has the intercept's
        // prior and the mean and both interval ends must equal it. Source "Mixed": six distinct texts plus a
        // repeat of one; "Small": three texts, the same as three of "Mixed" (duplicates only count within a group).
        var lines: [String] = []
        for (index, text) in ["11111", "22222", "33333", "44444", "55555"].enumerated() {
            lines.append(#"{"id": "blank-\#(index)", "text": "\#(text)", "source": "Five Blanks"}"#)
        }
        let mixed = [
            "The dams ruin the fishing villages.", "上游水坝为农田带来廉价电力。", "這項貿易協定讓小作坊紛紛倒閉。",
            "Hiệp định thương mại mở ra thị trường mới.", "The trade deal opens new markets.",
            "Các đập thủy điện chặn dòng sông.",
        ]
        for (index, text) in mixed.enumerated() {
            lines.append(#"{"id": "mixed-\#(index)", "text": "\#(text)", "source": "Mixed"}"#)
        }
        lines.append(#"{"id": "mixed-repeat", "text": "\#(mixed[1])", "source": "Mixed"}"#)
        for (index, text) in mixed.prefix(3).enumerated() {
            lines.append(#"{"id": "small-\#(index)", "text": "\#(text)", "source": "Small"}"#)
        }
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)

        let articles = try jsonLines(try runStance(["score", "--model", model], input: input).standardOutput)
        #expect(articles.count == 15)
        func favor(_ record: [String: Any]) -> Double { (record["probabilities"] as! [String: Double])["favor"]! }
        let prior = favor(articles[0])
        #expect(articles[0..<5].allSatisfy { favor($0) == prior })
        let mixedMean = articles[5..<11].map(favor).reduce(0, +) / 6
        let smallMean = articles[12..<15].map(favor).reduce(0, +) / 3

        let run = try runStance(["score", "--model", model, "--by", "source", "--format", "json"], input: input)
        #expect(run.status == 0, "\(run.standardError)")
        let table = try jsonObject(run.standardOutput)
        #expect(table["fields"] as? [String] == ["source"])
        #expect(table["labels"] as? [String] == ["against", "favor"])
        let rows = try #require(table["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        var bySource: [String: [String: Any]] = [:]
        for row in rows { bySource[(row["key"] as! [String: String])["source"]!] = row }

        let blanks = try #require(bySource["Five Blanks"])
        #expect(blanks["articles"] as? Int == 5)
        #expect(blanks["few_articles"] as? Bool == false)
        let blankMean = try #require((blanks["mean"] as? [String: Double])?["favor"])
        #expect(abs(blankMean - prior) < 1e-12)
        let blankInterval = try #require((blanks["ci95"] as? [String: [Double]])?["favor"])
        #expect(blankInterval.count == 2)
        #expect(abs(blankInterval[0] - prior) < 1e-12 && abs(blankInterval[1] - prior) < 1e-12)
        #expect(blanks["mean_evidence"] as? Double == 0)

        let mixedRow = try #require(bySource["Mixed"])
        #expect(mixedRow["articles"] as? Int == 6)
        #expect(mixedRow["duplicates_dropped"] as? Int == 1)
        #expect(mixedRow["few_articles"] as? Bool == false)
        let mixedFavor = try #require((mixedRow["mean"] as? [String: Double])?["favor"])
        #expect(abs(mixedFavor - mixedMean) < 1e-12)
        let mixedInterval = try #require((mixedRow["ci95"] as? [String: [Double]])?["favor"])
        #expect(mixedInterval[0] <= mixedFavor && mixedFavor <= mixedInterval[1])
        let favorValues = articles[5..<11].map(favor)
        #expect(mixedInterval[0] >= favorValues.min()! && mixedInterval[1] <= favorValues.max()!)

        let small = try #require(bySource["Small"])
        #expect(small["articles"] as? Int == 3)
        #expect(small["duplicates_dropped"] as? Int == 0)
        #expect(small["few_articles"] as? Bool == true)
        #expect(small["ci95"] is NSNull)
        let smallFavor = try #require((small["mean"] as? [String: Double])?["favor"])
        #expect(abs(smallFavor - smallMean) < 1e-12)

        // The table marks the small group.
        let text = try runStance(["score", "--model", model, "--by", "source"], input: input)
        #expect(text.status == 0)
        let smallLine = try #require(text.standardOutput.split(separator: "\n").first { $0.hasPrefix("Small") })
        #expect(smallLine.contains("- (few)"))
    }
}
