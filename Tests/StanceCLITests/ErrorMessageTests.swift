import Foundation
import StanceKit
import Testing
import _StanceTestSupport

@testable import stance

/// Errors reach the user as one sentence naming the file, with the exit status of their kind, and never with
/// Foundation's or the system's own text.
@Suite struct ErrorMessageTests {
    /// Eight short labelled articles (English and Simplified Chinese) the tests write themselves.
    private func corpus(in directory: TemporaryDirectory) throws -> String {
        try directory.write(
            "set.jsonl",
            """
            {"id": "a", "text": "the council praised the bridge plan", "label": "FAVOR", "source": "North Desk"}
            {"id": "b", "text": "市议会赞扬了新桥计划", "label": "FAVOR", "source": "South Desk"}
            {"id": "c", "text": "the council attacked the bridge plan", "label": "AGAINST", "source": "North Desk"}
            {"id": "d", "text": "市议会批评了新桥计划", "label": "AGAINST", "source": "South Desk"}
            {"id": "e", "text": "residents welcomed the new ferry", "label": "FAVOR", "source": "North Desk"}
            {"id": "f", "text": "居民欢迎新的渡轮", "label": "FAVOR", "source": "South Desk"}
            {"id": "g", "text": "residents opposed the new ferry", "label": "AGAINST", "source": "North Desk"}
            {"id": "h", "text": "居民反对新的渡轮", "label": "AGAINST", "source": "South Desk"}

            """)
    }

    @Test func reportOntoAnExistingFileNamesThePathWithStatus74() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let taken = try directory.write("taken", "not a directory\n")
        let run = try runStance(["eval", "--data", data, "--folds", "2", "--report", taken])
        #expect(run.status == 74)
        #expect(
            run.standardError.contains(
                "stance: \(taken): cannot create the report directory: a file of that name exists"))
        #expect(!run.standardError.contains("Domain"))
    }

    @Test func missingLexiconIsStatus66WithoutFoundationText() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let missing = directory.path + "/no-such-lexicon.tsv"
        let run = try runStance(["features", data, "--lexicon", missing])
        #expect(run.status == 66)
        #expect(run.standardError == "stance: \(missing): no such file or directory\n")
    }

    @Test func lexiconCheckOfAMissingLexiconIsStatus66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let missing = directory.path + "/no-such-lexicon.tsv"
        let run = try runStance(["lexicon", "check", missing, "--corpus", data])
        #expect(run.status == 66)
        #expect(run.standardError == "stance: \(missing): no such file or directory\n")
        let lexicon = try directory.write(
            "praise.tsv", "praise\tpraised\ten\t\tframing\npraise\t赞扬\tzh\t\tframing\n")
        let checked = try runStance(["lexicon", "check", lexicon, "--corpus", data, "--threads", "2"])
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardOutput.contains("praise"))
        #expect(checked.standardOutput.contains("1 terms 1"))
    }

    @Test func articlesFileInAMissingDirectoryLeavesNothingBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let model = directory.path + "/m.stance"
        let trained = try runStance(["train", "--data", data, "--out", model])
        #expect(trained.status == 0, "\(trained.standardError)")
        let target = directory.path + "/absent/articles.jsonl"
        let run = try runStance(["score", data, "--model", model, "--by", "source", "--articles", target])
        #expect(run.status == 74)
        #expect(run.standardError.hasPrefix("stance: \(target): cannot create a file here"))
        // A failed run with an articles file beside the output leaves no temporary file either.
        let besides = directory.path + "/articles.jsonl"
        let broken = try directory.write("broken.jsonl", "{\"id\": \"x\", \"text\": \"fine\"}\n{\"id\": \n")
        let failed = try runStance(["score", broken, "--model", model, "--by", "source", "--articles", besides])
        #expect(failed.status == 65)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!left.contains { $0.contains("partial") || $0.contains(".tmp-") }, "\(left)")
        #expect(!left.contains("articles.jsonl"))
    }

    @Test func foreignErrorsBecomeOneSentenceWithoutTheirText() {
        let fileError = CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: "/tmp/somewhere"])
        #expect(Stance.report(fileError) == 74)
        struct Unexpected: Error {}
        #expect(Stance.report(Unexpected()) == 70)
        #expect(Stance.report(IOFailure(path: "x", reason: "cannot read the lexicon")) == 74)
        #expect(Stance.report(EvaluationError.expectationsNotMet(failed: 1, checks: 2)) == 1)
        #expect(Stance.report(ModelFileError.noModel(lookedIn: nil)) == 64)
    }

    @Test func systemErrorNumbersHaveProjectWords() {
        #expect(IOFailure.phrase(errno: ENOSPC) == "the disk is full")
        #expect(IOFailure.phrase(errno: ENOENT) == "no such file or directory")
        #expect(IOFailure.phrase(errno: 9999) == "system error 9999")
    }
}
