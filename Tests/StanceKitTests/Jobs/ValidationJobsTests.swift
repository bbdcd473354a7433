import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// `SamplingJob` and `AgreementJob` end to end in the library: files written, the summary handed over, warnings
/// reported through the sink.
@Suite struct ValidationJobsTests {
    private let corpus =
        [
            #"{"id": "a1", "text": "The council opened a new library by the river.", "source": "Alpha"}"#,
            #"{"id": "a2", "text": "Hội đồng thành phố mở thư viện mới bên sông.", "source": "Alpha"}"#,
            #"{"id": "a3", "text": "市议会在河边开设了一座新图书馆。", "source": "Alpha"}"#,
            #"{"id": "b1", "text": "Rain delayed the ferry for the second day.", "source": "Beta"}"#,
            #"{"id": "b2", "text": "Mưa làm chuyến phà bị hoãn ngày thứ hai.", "source": "Beta"}"#,
            #"{"id": "b3", "text": "雨水連續第二天延誤了渡輪。", "source": "Beta"}"#,
        ].joined(separator: "\n") + "\n"

    @Test func samplingJobWritesTheSampleAndSheetsAndTheSameBytesAgain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("corpus.jsonl", corpus)
        let settings = CodingSampleSettings(size: 4, stratify: ["source"], seed: 7, coders: 2)
        var outputs: [String] = []
        for name in ["first", "second"] {
            let job = SamplingJob(
                files: [path], corpus: CorpusOptions(), settings: settings, outputDirectory: directory.path + "/" + name
            )
            let warnings = WarningSink()
            try job.run(warnings: warnings) { outputs.append($0) }
            #expect(warnings.messages.isEmpty)
        }
        #expect(outputs.count == 2)
        #expect(outputs[0].contains("4 units from 6 documents"))
        #expect(outputs[0].hasSuffix("written to \(directory.path)/first/\n"))
        let lines = try String(contentsOfFile: directory.path + "/first/sample.jsonl", encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 4)
        // Proportional allocation: two units from each outlet, each with inclusion probability 2/3.
        #expect(lines.filter { $0.contains("\"Alpha\"") }.count == 2)
        for file in ["sample.jsonl", "coder-1.csv", "coder-2.csv"] {
            let first = FileManager.default.contents(atPath: directory.path + "/first/" + file)
            #expect(first != nil && first == FileManager.default.contents(atPath: directory.path + "/second/" + file))
        }
    }

    /// With a cleaner, coders read the cleaned text: a post printed twice goes on the sheet once.
    @Test func samplingJobPutsCleanedTextOnTheSheets() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paragraph = "The council opened a new library by the river, and the mayor praised the builders."
        let line = JSON.object([("id", .string("d1")), ("text", .string(paragraph + "\n\n" + paragraph))]).rendered()
        let path = try directory.write("doubled.jsonl", line + "\n")
        let settings = CodingSampleSettings(size: 1, seed: 3, coders: 1)
        var texts: [String] = []
        for cleaner in [nil, DocumentCleaner(settings: CleaningSettings())] {
            var job = SamplingJob(
                files: [path], corpus: CorpusOptions(), settings: settings,
                outputDirectory: directory.path + "/\(texts.count)")
            job.cleaner = cleaner
            try job.run(warnings: WarningSink()) { _ in }
            texts.append(try String(contentsOfFile: directory.path + "/\(texts.count)/coder-1.csv", encoding: .utf8))
        }
        #expect(texts[0].components(separatedBy: "mayor praised").count == 3)
        #expect(texts[1].components(separatedBy: "mayor praised").count == 2)
    }

    @Test func agreementJobWarnsThroughTheSinkAndWritesJSON() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sheets = [
            try directory.write("a.csv", "id,code\nU1,pro\nU2,anti\nU3,pro\n"),
            try directory.write("b.csv", "id,code\nU1,\nU2,\nU3,\n"),
            try directory.write("c.csv", "id,code\nU1,pro\nU2,anti\nU3,anti\n"),
        ]
        let json = directory.path + "/agree.json"
        let job = AgreementJob(
            sheetPaths: sheets, settings: AgreementSettings(bootstrap: BootstrapSettings(replicates: 20)),
            jsonPath: json)
        let warnings = WarningSink()
        var output = ""
        try job.run(warnings: warnings) { output += $0 }
        #expect(warnings.warnings == ["\(sheets[1]) has no codes"])
        #expect(output.contains("alpha (nominal)"))
        let written = try String(contentsOfFile: json, encoding: .utf8)
        #expect(written.contains("\"alpha\""))
    }
}
