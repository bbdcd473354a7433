import Foundation
import Testing
import _StanceTestSupport

/// `stance aggregate`: the `--by` table built from `stance score`'s article lines is byte for byte the table of
/// `score --by`, whatever the format, the fields, the split of the lines into files, or near-duplicate clusters;
/// bad lines are data errors naming the file and line.
@Suite struct AggregateCommandTests {
    /// A model with cross-validated rates (adjusted shares) trained on the fixture, once per test.
    private func trainedModel(in directory: TemporaryDirectory) throws -> String {
        let model = directory.path + "/m.stance"
        let train = try runStance(
            ["train", "--data", fixturePath("train-small.jsonl"), "--out", model, "--rate-folds", "4"])
        try #require(train.status == 0, "\(train.standardError)")
        return model
    }

    @Test func scoreByEqualsScoreThenAggregateByteForByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try trainedModel(in: directory)
        // The fixture plus a repeat of its first record under a new id: a duplicate within its source.
        var input = try String(contentsOfFile: fixturePath("train-small.jsonl"), encoding: .utf8)
        let first = try #require(input.split(separator: "\n").first)
        input += first.replacingOccurrences(of: #""id": "d-en-1""#, with: #""id": "d-en-1-copy""#) + "\n"
        let bytes = Array(input.utf8)
        let lines = try runStance(["score", "--model", model, "--threads", "1"], input: bytes)
        try #require(lines.status == 0, "\(lines.standardError)")
        let linesPath = try directory.write("lines.jsonl", lines.standardOutput)
        // The same lines in two files, read in order.
        let all = lines.standardOutput.split(separator: "\n", omittingEmptySubsequences: true)
        let half = all.count / 2
        let part1 = try directory.write("part-1.jsonl", all[..<half].joined(separator: "\n") + "\n")
        let part2 = try directory.write("part-2.jsonl", all[half...].joined(separator: "\n") + "\n")

        var compared = 0
        for by in ["source", "source,lang", "label", "month", "target,year"] {
            for format in ["table", "tsv", "json"] {
                let score = try runStance(
                    ["score", "--model", model, "--by", by, "--format", format, "--replicates", "200"], input: bytes)
                #expect(score.status == 0, "\(score.standardError)")
                let aggregate = try runStance([
                    "aggregate", "--model", model, "--by", by, "--format", format, "--replicates", "200", linesPath,
                ])
                #expect(aggregate.status == 0, "\(aggregate.standardError)")
                #expect(aggregate.standardOutput == score.standardOutput, "--by \(by) --format \(format)")
                #expect(aggregate.standardError == score.standardError)
                let parts = try runStance([
                    "aggregate", "--model", model, "--by", by, "--format", format, "--replicates", "200", part1, part2,
                ])
                #expect(parts.standardOutput == score.standardOutput, "two files: --by \(by) --format \(format)")
                compared += 1
            }
        }
        #expect(compared == 15)
        // The table really has adjusted shares and the duplicate.
        let json = try jsonObject(
            try runStance(["aggregate", "--model", model, "--by", "source", "--format", "json", linesPath])
                .standardOutput)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.allSatisfy { $0["adjusted_share"] != nil })
        #expect(rows.map { $0["duplicates_dropped"] as? Int ?? -1 }.reduce(0, +) == 1)

        // Through standard input, without --model: no adjusted shares, and a note says why.
        let piped = try runStance(["aggregate", "--by", "source"], input: Array(lines.standardOutput.utf8))
        #expect(piped.status == 0)
        #expect(!piped.standardOutput.contains("adjusted"))
        #expect(piped.standardError.contains("no adjusted shares: give --model"))
    }

    @Test func nearDuplicateClustersTravelInTheLines() throws {
        let input = Array(NearDuplicateCommandTests.corpus().utf8)
        let model = fixturePath("model-v1.stance")
        let score = try runStance(["score", "--model", model, "--by", "lang", "--near-duplicates"], input: input)
        #expect(score.status == 0, "\(score.standardError)")
        let lines = try runStance(["score", "--model", model, "--near-duplicates"], input: input)
        #expect(lines.status == 0, "\(lines.standardError)")
        let records = try jsonLines(lines.standardOutput)
        let wire = try #require(records.first { $0["id"] as? String == "wire-1" })
        let repost = try #require(records.first { $0["id"] as? String == "repost-2" })
        // Both members name the representative (the wire story); other articles are in no cluster.
        #expect(repost["near_duplicate_cluster"] as? String == wire["fingerprint"] as? String)
        #expect(wire["near_duplicate_cluster"] as? String == wire["fingerprint"] as? String)
        #expect(records.count { $0["near_duplicate_cluster"] != nil } == 2)
        let aggregate = try runStance(["aggregate", "--by", "lang"], input: Array(lines.standardOutput.utf8))
        #expect(aggregate.status == 0)
        #expect(aggregate.standardOutput == score.standardOutput)
        let english = try #require(aggregate.standardOutput.split(separator: "\n").first { $0.hasPrefix("en ") })
        let cells = english.split(separator: " ", omittingEmptySubsequences: true)
        #expect(cells[1] == "3" && cells[2] == "1", "four English articles, the repost counted once: \(english)")
    }

    @Test func articleLinesCarryEveryInputFieldButTheText() throws {
        let input = """
            {"id": "a", "text": "上游水坝截断河流，渔村受到破坏。", "outlet": "East Daily", "url": "https://example.org/a", "page": 7, "html": "<p>x</p>", "tags": ["x"]}
            {"id": "b", "text": "Hiệp định thương mại mở ra thị trường mới.", "outlet": "Mekong", "source": "wire", "label": "favor"}

            """
        let run = try runStance(
            ["score", "--model", fixturePath("model-v1.stance"), "--source-field", "outlet"], input: Array(input.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        let records = try jsonLines(run.standardOutput)
        // Fields shown under their own name (id, label) and the texts (text, html) are not repeated; a mapped field
        // (outlet, shown as source) is kept under its name, as is an input field named like a canonical one.
        #expect(
            records[0]["fields"] as? [String: String] == [
                "outlet": "East Daily", "page": "7", "url": "https://example.org/a",
            ])
        #expect(records[1]["fields"] as? [String: String] == ["outlet": "Mekong", "source": "wire"])
        #expect(records[0]["source"] as? String == "East Daily")
        #expect(records.allSatisfy { $0["text"] == nil })
        let fingerprint = try #require(records[0]["fingerprint"] as? String)
        #expect(fingerprint.count == 32 && fingerprint.allSatisfy(\.isHexDigit))
        #expect(records[0]["fingerprint"] as? String != records[1]["fingerprint"] as? String)
        // The new members come after every old one.
        let raw = run.standardOutput.split(separator: "\n")
        #expect(
            raw[1].hasSuffix(
                #""gold": "favor", "fields": {"outlet": "Mekong", "source": "wire"}, "fingerprint": ""#
                    + (records[1]["fingerprint"] as! String) + #""}"#))
        // aggregate groups by a kept field just as score does.
        let byOutlet = try runStance(
            ["score", "--model", fixturePath("model-v1.stance"), "--source-field", "outlet", "--by", "url"],
            input: Array(input.utf8))
        let aggregated = try runStance(["aggregate", "--by", "url"], input: Array(run.standardOutput.utf8))
        #expect(aggregated.status == 0)
        #expect(aggregated.standardOutput == byOutlet.standardOutput)
        #expect(aggregated.standardOutput.contains("(none)") && aggregated.standardOutput.contains("example.org"))
    }

    @Test func badLinesAreDataErrorsNamingFileAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try runStance(
            ["score", "--model", fixturePath("model-v1.stance")],
            input: Array(ScoreCommandTests.articles.utf8)
        ).standardOutput
        let lines = good.split(separator: "\n").map(String.init)
        func check(_ second: String, _ expected: String, file: String = "bad.jsonl") throws {
            let path = try directory.write(file, lines[0] + "\n" + second + "\n")
            let run = try runStance(["aggregate", "--by", "source", path])
            #expect(run.status == 65, "\(second)")
            #expect(run.standardError == "stance: \(path):2: \(expected)\n")
        }
        try check(
            #"{"id": "x", "#,
            "broken JSON at byte 13: expected a member name in double quotes, found the end of the line")
        try check(
            #"{"id": "x", "text": "A corpus record."}"#,
            "no 'lang' member (this looks like a corpus record: aggregate reads the lines stance score writes)")
        try check(
            lines[1].replacingOccurrences(of: #""against":"#, with: #""left":"#),
            "probabilities for the labels left, favor, but \(directory.path)/bad.jsonl:1 has against, favor (lines of one model only)"
        )
        try check(
            lines[1].replacingOccurrences(of: #""lang": "zh-Hant""#, with: #""lang": "fr""#),
            "unknown lang 'fr' (expected one of zh-Hans, zh-Hant, en, vi, other)")
        let fingerprint = try #require(try jsonLines(lines[1])[0]["fingerprint"] as? String)
        try check(
            lines[1].replacingOccurrences(of: fingerprint, with: "xyz"),
            "'fingerprint' is 'xyz', expected 32 hexadecimal digits")
        try check(
            lines[1].replacingOccurrences(of: #""label": "favor""#, with: #""label": "neutral""#)
                .replacingOccurrences(of: #""label": "against""#, with: #""label": "neutral""#),
            "the label 'neutral' is neither one of the probabilities' labels nor abstain")
        try check("[1, 2]", "expected a JSON object (an article line of stance score)")

        let goodPath = try directory.write("good.jsonl", good)
        // --skip-invalid counts them instead.
        let path = try directory.write("mixed.jsonl", good + "not json\n")
        let skipped = try runStance(["aggregate", "--by", "source", "--skip-invalid", path])
        #expect(skipped.status == 0)
        #expect(skipped.standardError.contains("skipped 1 line: not an article line of stance score"))

        // A field no line carries is a usage error naming those they do; a missing file exits 66.
        let misspelt = try runStance(["aggregate", "--by", "sorce", goodPath])
        #expect(misspelt.status == 64)
        #expect(misspelt.standardError.contains("no record has the field 'sorce' named by --by"))
        let missing = try runStance(["aggregate", "--by", "source", directory.path + "/none.jsonl"])
        #expect(missing.status == 66)
        // A model whose labels are not the lines'.
        let other = directory.path + "/other.stance"
        let train = try runStance(
            ["train", "--data", "examples/articles.jsonl", "--out", other, "--rate-folds", "0"],
            currentDirectory: repositoryRoot)
        try #require(train.status == 0, "\(train.standardError)")
        let wrong = try runStance(["aggregate", "--by", "source", "--model", other, goodPath])
        #expect(wrong.status == 65)
        #expect(wrong.standardError.contains("are not those of the article lines (against, favor)"))
    }

    @Test func reportFromLinesShowsTheirExplanations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = fixturePath("model-v1.stance")
        let input = Array(ScoreCommandTests.articles.utf8)
        let explained = try runStance(["score", "--model", model, "--explain", "3"], input: input)
        #expect(explained.status == 0)
        let report = directory.path + "/report"
        let run = try runStance(
            ["aggregate", "--by", "source", "--report", report], input: Array(explained.standardOutput.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        let html = try String(contentsOfFile: report + "/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Source ratings</h2>"))
        #expect(html.contains("<h2>Evidence per source</h2>"))
        #expect(!html.contains("No article was explained"))
        // Without --explain the lines carry no evidence, and the report says so.
        let plain = try runStance(["score", "--model", model], input: input)
        let bare = directory.path + "/bare"
        let second = try runStance(
            ["aggregate", "--by", "source", "--report", bare], input: Array(plain.standardOutput.utf8))
        #expect(second.status == 0)
        #expect(try String(contentsOfFile: bare + "/report.html", encoding: .utf8).contains("No article was explained"))
    }

    /// The repository root (this file is `Tests/StanceCLITests/AggregateCommandTests.swift`).
    private var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
