import Foundation
import Testing
import _StanceTestSupport

/// `stance score` at one thread and at several (``ScoringPipeline``: chunks of records rated whole on one worker,
/// handed back in input order) gives the same bytes, and stops at a bad record with the same error and the same
/// lines before it, on inputs of several batches and many chunks.
@Suite struct ScoreThreadsCommandTests {
    let model = fixturePath("model-v1.stance")

    /// `count` records in four languages from the project's small training file (every third one keeps its text
    /// as it is, so texts repeat; the others get a number), with a varying extra field; record `bad` (1-based), if
    /// any, gets `replacement` instead.
    static func corpus(_ count: Int, bad: Int? = nil, replacement: String = "") throws -> [UInt8] {
        let lines = try String(contentsOfFile: fixturePath("train-small.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var output = ""
        for index in 0..<count {
            if index + 1 == bad {
                output += replacement + "\n"
                continue
            }
            var record = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[index % lines.count].utf8)) as? [String: Any])
            record["id"] = "r\(index)"
            if index % 3 != 0 { record["text"] = (record["text"] as! String) + " \(index % 97)" }
            record["batch"] = String(index / 100)
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            output += String(decoding: data, as: UTF8.self) + "\n"
        }
        return Array(output.utf8)
    }

    /// Runs `arguments` with `--threads` 1, 2 and 3 on `input` (written to a file), returning each run.
    func runAtThreads(
        _ arguments: [String], input: [UInt8], directory: TemporaryDirectory, extraFile: String? = nil
    ) throws -> [(run: StanceRun, extra: String?)] {
        let path = directory.path + "/corpus.jsonl"
        try Data(input).write(to: URL(fileURLWithPath: path))
        return try [1, 2, 3].map { threads in
            var arguments = arguments.map { $0 == "{CORPUS}" ? path : $0 } + ["--threads", String(threads)]
            var extra: String?
            if let extraFile {
                let extraPath = directory.path + "/\(threads)-" + extraFile
                arguments = arguments.map { $0 == "{EXTRA}" ? extraPath : $0 }
                let run = try runStance(arguments)
                extra = try? String(contentsOfFile: extraPath, encoding: .utf8)
                return (run, extra)
            }
            return (try runStance(arguments), extra)
        }
    }

    @Test func sameBytesAtEveryThreadCountOverManyChunks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let runs = try runAtThreads(
            ["score", "--model", model, "--explain", "3", "{CORPUS}"], input: try Self.corpus(1_300),
            directory: directory)
        let one = runs[0].run
        #expect(one.status == 0, "\(one.standardError)")
        let records = try jsonLines(one.standardOutput)
        #expect(records.map { $0["id"] as? String } == (0..<1_300).map { "r\($0)" })
        #expect(records.allSatisfy { ($0["fields"] as? [String: String])?["batch"] != nil })
        for (run, _) in runs.dropFirst() {
            #expect(run.status == 0)
            #expect(run.standardOutput == one.standardOutput)
            #expect(run.standardError == one.standardError)
        }
    }

    @Test func groupTableAndArticleLinesAreTheSameAtEveryThreadCount() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let runs = try runAtThreads(
            ["score", "--model", model, "--by", "source,batch", "--articles", "{EXTRA}", "{CORPUS}"],
            input: try Self.corpus(1_100), directory: directory, extraFile: "articles.jsonl")
        let one = runs[0]
        #expect(one.run.status == 0, "\(one.run.standardError)")
        let articles = try #require(one.extra)
        #expect(try jsonLines(articles).count == 1_100)
        // Every third record repeats a text: the table counts each text once per group.
        #expect(one.run.standardOutput.contains("Mekong Voice"))
        for (run, extra) in runs.dropFirst() {
            #expect(run.status == 0)
            #expect(run.standardOutput == one.run.standardOutput)
            #expect(extra == articles)
        }
    }

    @Test func aBadRecordStopsAtTheSameLineWithTheSameLinesBeforeIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Line 1,000: in the second batch of 512, the eighth chunk of 64 in it.
        let input = try Self.corpus(1_400, bad: 1_000, replacement: #"{"id": "bad", "text": 7}"#)
        let runs = try runAtThreads(["score", "--model", model, "{CORPUS}"], input: input, directory: directory)
        try expectStoppedAlike(
            runs, at: 1_000, problem: "text field 'text' is a number, expected a string", directory: directory)
        let skipped = try runAtThreads(
            ["score", "--model", model, "--skip-invalid", "{CORPUS}"], input: input, directory: directory)
        expectSkippedAlike(skipped, note: "skipped 1 record")
        for (run, _) in skipped { #expect(try jsonLines(run.standardOutput).count == 1_399) }
    }

    @Test func anUnknownTargetStopsOrIsSkippedAlikeAtEveryThreadCount() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (perTarget, train) = try trainSmallPerTargetModel(in: directory)
        #expect(train.status == 0, "\(train.standardError)")
        let input = try Self.corpus(
            800, bad: 700, replacement: #"{"id": "odd", "text": "Ngư dân phản đối.", "target": "fisheries"}"#)
        let runs = try runAtThreads(["score", "--model", perTarget, "{CORPUS}"], input: input, directory: directory)
        try expectStoppedAlike(
            runs, at: 700, problem: "the per-target model has no sub-model for 'fisheries' (it knows 'dams', 'trade')",
            directory: directory)
        let skipped = try runAtThreads(
            ["score", "--model", perTarget, "--skip-invalid", "--by", "target", "{CORPUS}"], input: input,
            directory: directory)
        expectSkippedAlike(skipped, note: "skipped 1 record: target without a sub-model")
    }

    /// Every run stopped (exit 65) at line `line` of the corpus with `problem`, after the article lines of every
    /// record before it (ids `r0` …), the same bytes at every thread count.
    func expectStoppedAlike(
        _ runs: [(run: StanceRun, extra: String?)], at line: Int, problem: String, directory: TemporaryDirectory
    ) throws {
        for (run, _) in runs {
            #expect(run.status == 65)
            #expect(run.standardError == "stance: \(directory.path)/corpus.jsonl:\(line): \(problem)\n")
            #expect(try jsonLines(run.standardOutput).map { $0["id"] as? String } == (0..<(line - 1)).map { "r\($0)" })
            #expect(run.standardOutput == runs[0].run.standardOutput)
        }
    }

    /// Every run with `--skip-invalid` succeeded, said `note`, and wrote the same output and messages at every thread
    /// count.
    func expectSkippedAlike(_ runs: [(run: StanceRun, extra: String?)], note: String) {
        for (run, _) in runs {
            #expect(run.status == 0)
            #expect(run.standardError.contains(note))
            #expect(run.standardError == runs[0].run.standardError)
            #expect(run.standardOutput == runs[0].run.standardOutput)
        }
    }
}
