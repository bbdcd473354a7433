import Foundation
import Testing
import _StanceTestSupport

/// The tables of `corpus`, `features`, `inspect`, `score --by` and `eval` on `examples/`, byte for byte as in
/// `Golden/` (refreshed only by `scripts/refresh-golden`, reviewed in the diff).
@Suite struct GoldenOutputTests {
    /// The repository root (this file is `Tests/StanceCLITests/GoldenOutputTests.swift`).
    private var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test func tablesMatchTheGoldenFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let golden = root + "/Tests/StanceCLITests/Golden/"
        let model = directory.path + "/golden.stance"
        let commands = try String(contentsOfFile: golden + "commands.tsv", encoding: .utf8)
        var compared = 0
        for line in commands.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            try #require(parts.count == 2, "bad line in commands.tsv: \(line)")
            let arguments = parts[1].split(separator: " ").map { $0 == "{MODEL}" ? model : String($0) }
            let run = try runStance(arguments, currentDirectory: root)
            #expect(run.status == 0, "\(parts[0]): \(run.standardError)")
            if parts[0] == "model" { continue }
            let expected = try String(contentsOfFile: golden + parts[0], encoding: .utf8)
            #expect(run.standardOutput == expected, "\(parts[0]) differs from its golden file")
            compared += 1
        }
        #expect(compared == 5)
    }
}
