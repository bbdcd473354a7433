import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of the built `stance` binary: exit statuses, standard input, outputs.
@Suite struct CorpusCommandTests {
    @Test func summarisesStandardInputAsJSONLines() throws {
        let input = """
            {"id": "1", "text": "中共当局", "label": "a", "source": "S"}
            {"id": "2", "text": "中共  当局", "label": "b", "source": "S"}
            {"id": "3", "text": "Đảng Cộng sản", "label": "a"}
            """
        let run = try runStance(["corpus", "--format", "json", "-"], input: Array(input.utf8))
        #expect(run.status == 0)
        #expect(run.standardOutput.contains(#""documents": 3"#))
        #expect(run.standardOutput.contains(#""ids": ["#))
        #expect(run.standardError.isEmpty)
    }

    @Test func plainTextOnStandardInputIsOneDocument() throws {
        let run = try runStance(["corpus", "-"], input: Array("中國外交部發言人表示\n第二行".utf8))
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("documents: 1\n"))
    }

    @Test func exitStatuses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": 1}\n")
        let dataError = try runStance(["corpus", bad])
        #expect(dataError.status == 65)
        #expect(dataError.standardError == "stance: \(bad):2: text field 'text' is a number, expected a string\n")
        #expect(dataError.standardOutput.isEmpty)

        let skipped = try runStance(["corpus", "--skip-invalid", bad])
        #expect(skipped.status == 0)
        #expect(skipped.standardError == "stance: skipped 1 record: text field is not a string\n")

        let missing = try runStance(["corpus", directory.path + "/missing.jsonl"])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("no such file or directory"))

        let usage = try runStance(["corpus", "--format", "xml", bad])
        #expect(usage.status == 64)
        let noArguments = try runStance(["corpus"])
        #expect(noArguments.status == 64)
        let unknown = try runStance(["no-such-command"])
        #expect(unknown.status == 64)
        let help = try runStance(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("corpus"))
    }
}
