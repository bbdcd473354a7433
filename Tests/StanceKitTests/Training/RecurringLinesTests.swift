import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The boilerplate rule of `--clean` on a corpus read twice instead of held (``RecurringLines``) cuts what
/// ``CorpusCleaner`` cuts from the whole corpus, and trains the same model.
@Suite struct RecurringLinesTests {
    /// Four-language articles from five outlets; outlets 0 and 1 open every article with a masthead line, outlet 2
    /// ends every one with an edition line, outlet 3 repeats a line holding a lexicon term (reported, kept), and
    /// outlet 4 has none.
    private func corpus(in directory: TemporaryDirectory) throws -> String {
        let labels = ["pro", "anti", "neutral"]
        let lines = fourLanguageRows(count: 60, sourcePure: true).map { row in
            let outlet = row.index % 5
            var text = row.text
            switch outlet {
            case 0: text = "Báo Mẫu Hằng Ngày · số ra buổi sáng\\n" + text
            case 1: text = "The Sample Courier   |  morning edition\\n" + text
            case 2: text += "\\n本報 週末特刊 第二版"
            case 3: text += "\\n官方表示 镇压 措施"
            default: break
            }
            return "{\"id\":\"d\(row.index)\",\"source\":\"outlet\(outlet)\",\"label\":\"\(labels[row.labelIndex])\","
                + "\"text\":\"\(text)\"}"
        }
        return try directory.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    }

    private let rule = {
        try! SourceBoilerplate(containsLexiconHit: { $0.contains("镇压") })
    }()

    @Test(arguments: [(1, 200), (2, 1 << 20)])
    func cutsWhatTheWholeCorpusCleanerCuts(threads: Int, batchBytes: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let budget = ThreadBudget(requested: threads)!
        let cleaner = DocumentCleaner(settings: CleaningSettings())
        var lines = try RecurringLines(
            rule: rule, paths: [data], options: CorpusOptions(), cleaner: cleaner, threads: budget,
            batchBytes: batchBytes)
        #expect(lines.recurring.keys.sorted() == ["outlet0", "outlet1", "outlet2", "outlet3"])
        let documents = try CorpusReader.collect(paths: [data], options: CorpusOptions(), warnings: WarningSink())
        let expected = CorpusCleaner(documentCleaner: cleaner, boilerplate: rule).clean(documents, threads: budget)
        var got: [Document] = []
        for start in stride(from: 0, to: documents.count, by: 7) {
            let batch = cleanDocuments(
                Array(documents[start..<min(documents.count, start + 7)]), cleaner: cleaner, threads: budget)
            got += lines.cut(batch, threads: budget)
        }
        #expect(got.map(\.text) == expected.map(\.text))
        // The mastheads and the edition line went; the line with a lexicon term stayed.
        let cut = ["số ra buổi sáng", "morning edition", "週末特刊"]
        #expect(got.filter { text in cut.contains { text.text.contains($0) } }.isEmpty)
        #expect(got.filter { $0.text.contains("官方表示") }.count == 12)
        let firstPass = cleanDocuments(documents, cleaner: cleaner, threads: budget)
        #expect(zip(got, firstPass).filter { $0.text != $1.text }.count == 36)
    }

    @Test func trainingReadsTheFilesTwiceForTheSameModel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let cleaner = DocumentCleaner(settings: CleaningSettings())
        var job = TrainingJob(
            data: [data], corpus: CorpusOptions(), outletLabelling: nil,
            settings: TrainingSettings(features: FeatureConfiguration(minDF: 2), C: 2, seed: 11),
            lexiconPaths: [], threads: ThreadBudget(requested: 2)!, out: directory.path + "/counted.stance",
            rateFolds: 3, groupBy: "source")
        job.cleaner = cleaner
        job.cleanBoilerplate = rule
        #expect(!job.holdsTexts)
        try job.run(warnings: WarningSink())
        var documents = try CorpusReader.collect(paths: [data], options: CorpusOptions(), warnings: WarningSink())
        documents = CorpusCleaner(documentCleaner: cleaner, boilerplate: rule).clean(documents, threads: .single)
        let whole = try job.model(from: documents, warnings: WarningSink())
        #expect(try fileBytes(directory.path + "/counted.stance") == ModelFile.encode(whole))
        // Without the cut, the mastheads would be columns of the model.
        #expect(!whole.subModels[0].vocabulary.terms.contains { $0.contains("morning") })
    }

    @Test func standardInputAndFIFOsAreNotReadTwice() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("a.jsonl", "{\"text\":\"x\"}\n")
        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(RecurringLines.canReadTwice([file, directory.path]))
        #expect(!RecurringLines.canReadTwice([file, "-"]))
        #expect(!RecurringLines.canReadTwice([fifo]))
        var job = TrainingJob(
            data: [fifo], corpus: CorpusOptions(), outletLabelling: nil, settings: TrainingSettings(),
            lexiconPaths: [], threads: .single, out: directory.path + "/m.stance")
        job.cleanBoilerplate = rule
        #expect(job.holdsTexts)
        job.data = [file]
        #expect(!job.holdsTexts)
    }
}
