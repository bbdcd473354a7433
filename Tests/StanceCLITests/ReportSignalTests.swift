import Foundation
import Testing
import _StanceTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A report is written into a temporary directory renamed into place; a signal before the rename removes that
/// directory with every file already in it, and an earlier report stays as it was.
@Suite struct ReportSignalTests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalWhileWritingAReportRemovesItsTemporaryDirectory(signal: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = directory.path + "/out/report"
        // An earlier report, recognised by its report.html.
        _ = try directory.write("out/report/report.html", "the earlier report")
        let marker = directory.path + "/paused"
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_PAUSE_BEFORE_RENAME"] = marker
        let command =
            "exec '\(stanceExecutablePath)' score --model '\(fixturePath("model-v1.stance"))' --by source "
            + "--report '\(report)' '\(fixturePath("train-small.jsonl"))' > /dev/null"
        let child = try spawnWithDefaultSignals(["/bin/sh", "-c", command], environment: environment)
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && waited < 1200 {
            usleep(50_000)
            waited += 1
        }
        let paused = try String(contentsOfFile: marker, encoding: .utf8)
        // Paused before renaming a file inside the temporary report directory, or the directory itself.
        #expect(paused.contains("/out/.report.tmp-"))
        kill(child, signal)
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        #expect(status & 0x7f == signal)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/out").sorted()
        #expect(left == ["report"], "left behind: \(left)")
        #expect(
            try String(contentsOfFile: report + "/report.html", encoding: .utf8) == "the earlier report")
    }
}
