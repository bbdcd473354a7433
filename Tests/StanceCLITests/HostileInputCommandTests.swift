import Foundation
import StanceKit
import Testing
import _StanceTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 25 from the command line: one rule for the paths of every file option, bounded records, clear sentences
/// for impossible settings and for report directories.
@Suite struct HostileInputCommandTests {
    /// Eight labelled articles in four languages, written here.
    private func corpus(in directory: TemporaryDirectory, name: String = "set.jsonl") throws -> String {
        try directory.write(
            name,
            """
            {"id": "a", "text": "the harbour plan brings jobs", "label": "FAVOR", "source": "North Desk"}
            {"id": "b", "text": "港口计划带来就业", "label": "FAVOR", "source": "South Desk"}
            {"id": "c", "text": "the harbour plan harms fishermen", "label": "AGAINST", "source": "North Desk"}
            {"id": "d", "text": "港口計劃傷害漁民", "label": "AGAINST", "source": "South Desk"}
            {"id": "e", "text": "kế hoạch cảng mang lại việc làm", "label": "FAVOR", "source": "North Desk"}
            {"id": "f", "text": "居民欢迎新的码头", "label": "FAVOR", "source": "South Desk"}
            {"id": "g", "text": "kế hoạch cảng gây hại ngư dân", "label": "AGAINST", "source": "North Desk"}
            {"id": "h", "text": "居民反对新的码头", "label": "AGAINST", "source": "South Desk"}

            """)
    }

    @Test func everyFileOptionFollowsTheOneRule() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let folder = directory.path + "/folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let loop = directory.path + "/loop.tsv"
        #expect(symlink("loop.tsv", loop) == 0)
        let missing = directory.path + "/missing.tsv"
        let cases: [(arguments: [String], path: String, what: String)] = [
            (["features", data, "--lexicon", "PATH"], "", "the lexicon"),
            (["features", data, "--mask", "PATH"], "", "the mask list"),
            (["score", "--model", "PATH", data], "", "the model"),
            (["corpus", "PATH"], "", "the input"),
            (
                ["train", "--data", data, "--label-from-source", "PATH", "--out", directory.path + "/m"], "",
                "the outlet labels"
            ),
        ]
        for (arguments, _, what) in cases {
            func run(_ path: String) throws -> StanceRun {
                try runStance(arguments.map { $0 == "PATH" ? path : $0 })
            }
            let absent = try run(missing)
            #expect(absent.status == 66, "\(arguments)")
            #expect(absent.standardError == "stance: \(missing): no such file or directory\n", "\(arguments)")
            let looping = try run(loop)
            #expect(looping.status == 74, "\(arguments)")
            #expect(
                looping.standardError == "stance: \(loop): cannot read \(what): it is a loop of symbolic links\n",
                "\(arguments)")
            if what != "the input" {
                let directoryRun = try run(folder)
                #expect(directoryRun.status == 74, "\(arguments)")
                #expect(
                    directoryRun.standardError == "stance: \(folder): cannot read \(what): it is a directory\n",
                    "\(arguments)")
            }
        }
    }

    @Test func devZeroAsModelOrLexiconIsADataErrorAtOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let model = try runStance(["score", "--model", "/dev/zero", data])
        #expect(model.status == 65)
        #expect(
            model.standardError
                == "stance: /dev/zero: not a stance model file (it does not start with the stance model signature)\n")
        let lexicon = try runStance(["features", data, "--lexicon", "/dev/zero"])
        #expect(lexicon.status == 65)
        #expect(
            lexicon.standardError
                == "stance: /dev/zero:1: a NUL byte at byte offset 0: the lexicon must be a text file\n")
    }

    @Test func maxRecordBytesStopsALongRecordWithItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = #"{"text": ""# + String(repeating: "biển ", count: 400) + "\"}"
        let path = try directory.write("long.jsonl", #"{"text": "ngắn"}"# + "\n" + long + "\n")
        let run = try runStance(["corpus", path, "--max-record-bytes", "1000"])
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: \(path):2: a record longer than 1000 bytes (the limit set by --max-record-bytes)\n")
        #expect(try runStance(["corpus", path]).status == 0)
        let zero = try runStance(["corpus", path, "--max-record-bytes", "0"])
        #expect(zero.status == 64)
    }

    @Test func aFIFOStaysAValidInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let fifo = directory.path + "/pipe.jsonl"
        try #require(mkfifo(fifo, 0o600) == 0)
        let bytes = try fileBytes(data)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(bytes))
                try? handle.close()
            }
        }
        writer.start()
        let run = try runStance(["corpus", fifo, "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try jsonObject(run.standardOutput)["documents"] as? Int == 8)
    }

    @Test func anUnreadableSubdirectoryIsStatus74AsAnUnreadableFileIs() throws {
        // Root reads everything, so the run is made as the user nobody (setpriv, util-linux).
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: needs root and /usr/bin/setpriv to run stance as another user")
            return
        }
        let directory = try TemporaryDirectory()
        defer {
            _ = chmod(directory.path + "/corpus/locked", 0o755)
            directory.remove()
        }
        try directory.write("corpus/a.txt", "Hôm nay cảng mới mở cửa.\n")
        try directory.write("corpus/locked/b.txt", "今天新港口开放。\n")
        #expect(chmod(directory.path, 0o755) == 0)
        #expect(chmod(directory.path + "/corpus/locked", 0o000) == 0)
        let probe = try runAsNobody(["/bin/true"])
        guard probe == 0, FileManager.default.isExecutableFile(atPath: stanceExecutablePath),
            try runAsNobody(["/bin/ls", directory.path + "/corpus"]) == 0
        else {
            print("skipped: the user nobody cannot reach the test directory or the stance executable")
            return
        }
        let output = directory.path + "/stderr.txt"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        #expect(chmod(output, 0o666) == 0)
        let status = try runAsNobody(
            [
                "/bin/sh", "-c", "exec \"$0\" corpus \"$1\" 2>\"$2\" >/dev/null", stanceExecutablePath,
                directory.path + "/corpus", output,
            ])
        if status == 126 || status == 127 {
            print("skipped: the user nobody cannot run the stance executable")
            return
        }
        #expect(status == 74)
        let message = String(decoding: try fileBytes(output), as: UTF8.self)
        #expect(message == "stance: \(directory.path)/corpus/locked: cannot list the directory: permission denied\n")
    }

    private func runAsNobody(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "--"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func minDFThatLeavesNoFeatureStopsTraining() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let out = directory.path + "/m.stance"
        let run = try runStance([
            "train", "--data", data, "--out", out, "--min-df", "50", "--rate-folds", "0",
        ])
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: no feature is left to train on: no n-gram occurs in at least 50 of the 8 training "
                + "documents (--min-df 50) within the --max-df limit, and there is no lexicon column: lower --min-df "
                + "or raise --max-df\n")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func twoFoldsOnTwoDocumentsPerClassSayWhy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write(
            "four.jsonl",
            """
            {"text": "港口计划带来就业", "label": "a"}
            {"text": "the harbour plan brings jobs", "label": "a"}
            {"text": "港口計劃傷害漁民", "label": "b"}
            {"text": "kế hoạch cảng gây hại ngư dân", "label": "b"}

            """)
        let run = try runStance(["eval", "--data", data, "--folds", "2"])
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: class 'a' has 2 documents, and the training set for fold 1 of 2 holds only one of them, "
                + "but training needs at least two per class: with 2 folds a class needs at least 4 documents\n")
    }

    @Test func cThatOverflowsOrIsHexadecimalIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        for (value, problem) in [
            ("1e400", "'1e400' is too large for a number"), ("0x10", "'0x10' is not a decimal number"),
        ] {
            let run = try runStance(["train", "--data", data, "--out", directory.path + "/m", "--C", value])
            #expect(run.status == 64)
            #expect(run.standardError.contains("Error: --C must be a positive decimal number, inf or auto: \(problem)"))
        }
    }

    @Test func reportDirectoriesThatCannotBeWrittenAreStatus74InOneSentence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let loop = directory.path + "/loop"
        #expect(symlink("loop", loop) == 0)
        let busy = directory.path + "/busy"
        try directory.write("busy/notes.txt", "keep me\n")
        let cases = [
            (
                "/dev/null",
                "stance: /dev/null: cannot create the report directory: a device or pipe of that name exists"
            ),
            (loop, "stance: \(loop): cannot create the report directory: it is a loop of symbolic links"),
            (
                busy,
                "stance: \(busy): cannot write the report directory here: the directory holds other files and no "
                    + "report.html; give a new or empty directory"
            ),
        ]
        for (target, message) in cases {
            let run = try runStance(["eval", "--data", data, "--folds", "2", "--report", target])
            #expect(run.status == 74, "\(target): \(run.standardError)")
            #expect(run.standardError == message + "\n")
        }
        #expect(try String(contentsOfFile: busy + "/notes.txt", encoding: .utf8) == "keep me\n")
    }

    @Test func aReportOnAReadOnlyFileSystemIsStatus74() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let mountPoint = directory.path + "/readonly"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: false)
        guard try system(["/bin/mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", mountPoint]) == 0 else {
            print("skipped: cannot mount a read-only tmpfs here")
            return
        }
        defer { _ = try? system(["/bin/umount", mountPoint]) }
        let run = try runStance(["eval", "--data", data, "--folds", "2", "--report", mountPoint + "/report"])
        #expect(run.status == 74)
        #expect(
            run.standardError
                == "stance: \(mountPoint)/report: cannot create the report directory: the file system is read-only\n")
    }

    private func system(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func aReportReplacesAnEarlierOneWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let report = directory.path + "/out/report"
        // An earlier report with a figure this run does not draw: it goes with the earlier report.
        try directory.write("out/report/report.html", "<html>earlier</html>\n")
        try directory.write("out/report/stale-figure.svg", "<svg/>\n")
        let run = try runStance(["eval", "--data", data, "--folds", "2", "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        let html = try String(contentsOfFile: report + "/report.html", encoding: .utf8)
        #expect(html.contains("2-fold cross-validation"))
        #expect(!FileManager.default.fileExists(atPath: report + "/stale-figure.svg"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out")
        #expect(leftovers == ["report"])
    }
}
