import Foundation
import StanceKit
import Testing
import _StanceTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The files of an export appear together (issue 25): staged under temporary names, renamed into place last; a full
/// disk or a signal on any of them replaces none; they carry one run id, so that a mismatch can be seen.
@Suite(.serialized) struct ExportTogetherTests {
    static let examples = fixturePath("train-small.jsonl")

    /// Every file in `directory`, hidden ones too, with its bytes.
    static func contents(_ directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return result
    }

    static func export(_ prefix: String, _ extra: [String] = [], environment: [String: String]? = nil) throws
        -> StanceRun
    {
        try runStance(
            ["export", examples, "--out", prefix, "--char-ngrams", "none"] + extra, environment: environment)
    }

    @Test func anExportCarriesOneRunIdThatItsRunFileChecks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Self.export(directory.path + "/x")
        #expect(first.status == 0, "\(first.standardError)")
        let files = try Self.contents(directory.path)
        #expect(files.keys.sorted() == ["x.docvars.csv", "x.features.txt", "x.mtx", "x.run"])
        let run = String(decoding: files["x.run"]!, as: UTF8.self).split(separator: "\n")
        #expect(run.count == 4)
        let id = try #require(run.first?.split(separator: "\t").last.map(String.init))
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
        let matrix = String(decoding: files["x.mtx"]!, as: UTF8.self).split(separator: "\n")
        #expect(matrix[0] == "%%MatrixMarket matrix coordinate real general")
        #expect(matrix[1] == "% run \(id)")
        #expect(run[1] == "x.mtx\t\(files["x.mtx"]!.count)\t-")
        #expect(run[2].hasPrefix("x.features.txt\t\(files["x.features.txt"]!.count)\t"))
        #expect(try ExportRun.check(sidecar: directory.path + "/x.run") == [])

        // The same input gives the same bytes, run id included.
        #expect(try Self.export(directory.path + "/x").status == 0)
        #expect(try Self.contents(directory.path) == files)

        // A matrix from another run (other cell values, same names) and names from another run (other columns)
        // are both told apart.
        #expect(try Self.export(directory.path + "/binary", ["--weight", "binary"]).status == 0)
        #expect(try Self.export(directory.path + "/bigrams", ["--word-ngrams", "1"]).status == 0)
        let other = try Self.contents(directory.path)
        let otherID = String(
            String(decoding: other["binary.mtx"]!, as: UTF8.self).split(separator: "\n")[1].dropFirst(6))
        #expect(otherID != id)
        try other["binary.mtx"]!.write(to: URL(fileURLWithPath: directory.path + "/x.mtx"))
        try other["bigrams.features.txt"]!.write(to: URL(fileURLWithPath: directory.path + "/x.features.txt"))
        let problems = try ExportRun.check(sidecar: directory.path + "/x.run")
        // The matrix differs in size and in its run line; the names differ in size.
        #expect(problems.count == 3)
        #expect(
            problems.contains { $0.hasPrefix("\(directory.path)/x.mtx: \(other["binary.mtx"]!.count) bytes, not the") })
        #expect(problems.contains("\(directory.path)/x.mtx: run \(otherID), not run \(id)"))
        #expect(
            problems.contains {
                $0.hasPrefix("\(directory.path)/x.features.txt: \(other["bigrams.features.txt"]!.count) bytes, not the")
            })
        try FileManager.default.removeItem(atPath: directory.path + "/x.docvars.csv")
        #expect(
            try ExportRun.check(sidecar: directory.path + "/x.run").contains(
                "\(directory.path)/x.docvars.csv: missing (the run \(id) wrote it)"))
    }

    /// The full-disk seam on the last file of the group (its bytes were written, then the disk is full): no file of
    /// the export is replaced and no temporary file is left, for `export` and for `features --export svmlight`.
    @Test(arguments: [".mtx", ".features.txt", ".docvars.csv", ".run"])
    func aFullDiskOnAnyFileOfAnExportReplacesNone(failing suffix: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try Self.export(directory.path + "/x", ["--weight", "binary"]).status == 0)
        let before = try Self.contents(directory.path)
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_NO_SPACE"] = suffix
        let run = try Self.export(directory.path + "/x", ["--word-ngrams", "1"], environment: environment)
        #expect(run.status == 74)
        #expect(run.standardError == "stance: \(directory.path)/x\(suffix): cannot write: the disk is full\n")
        #expect(try Self.contents(directory.path) == before)
    }

    @Test(arguments: ["", ".names", ".labels", ".run"])
    func aFullDiskOnAnyFileOfAFeaturesExportReplacesNone(failing suffix: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/x.svm"
        let first = try runStance(["features", Self.examples, "--char-ngrams", "none", "--export", "svmlight", out])
        #expect(first.status == 0, "\(first.standardError)")
        let before = try Self.contents(directory.path)
        #expect(before.keys.sorted() == ["x.svm", "x.svm.labels", "x.svm.names", "x.svm.run"])
        #expect(try ExportRun.check(sidecar: out + ".run") == [])
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_NO_SPACE"] = ".svm" + suffix
        let run = try runStance(
            ["features", Self.examples, "--word-ngrams", "1", "--export", "svmlight", out], environment: environment)
        #expect(run.status == 74)
        #expect(run.standardError == "stance: \(out)\(suffix): cannot write: the disk is full\n")
        #expect(try Self.contents(directory.path) == before)
    }

    /// A signal while the export waits before its renames (every file staged): every temporary file is removed and
    /// the old export stays whole.
    @Test func aSignalBeforeTheRenamesLeavesTheOldExport() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let work = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        #expect(try Self.export(work + "/x").status == 0)
        let before = try Self.contents(work)
        let marker = directory.path + "/paused"
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_PAUSE_BEFORE_RENAME"] = marker
        let child = try spawnWithDefaultSignals(
            [stanceExecutablePath, "export", Self.examples, "--out", work + "/x", "--word-ngrams", "1"],
            environment: environment)
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && waited < 600 {
            usleep(50_000)
            waited += 1
        }
        // Four staged files (matrix, names, document variables, run file) wait beside the old ones.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.hasPrefix(".") }.count == 4)
        kill(child, SIGTERM)
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        #expect(status & 0x7f == SIGTERM)
        #expect(try Self.contents(work) == before)
    }
}
