import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Reading a corpus without keeping its texts (``CountedDocuments``) trains the same model, byte for byte, and
/// cross-validates to the same predictions as reading it whole.
@Suite struct CountedDocumentsTests {
    private let lexicon = Lexicon(
        entries: [
            Lexicon.Entry(concept: "growth", term: "growth"),
            Lexicon.Entry(concept: "growth", term: "增长"),
            Lexicon.Entry(concept: "crackdown", term: "镇压"),
            Lexicon.Entry(concept: "crackdown", term: "đàn áp"),
        ],
        contrasts: [Lexicon.Contrast(first: "growth", second: "crackdown")])

    /// The four-language fixture as JSON Lines with sources and labels, plus an exact copy of one article (which must
    /// stay in one fold with it) and a Traditional Chinese article printed twice in a row (which `--clean` halves).
    private func corpus(in directory: TemporaryDirectory) throws -> String {
        let labels = ["pro", "anti", "neutral"]
        var lines = fourLanguageRows(count: 60, sourcePure: true).map { row in
            "{\"id\":\"d\(row.index)\",\"source\":\"outlet\(row.index % 5)\",\"label\":\"\(labels[row.labelIndex])\","
                + "\"text\":\"\(row.text)\"}"
        }
        lines.append(lines[7].replacingOccurrences(of: "\"d7\"", with: "\"d7-copy\""))
        let twice = "批評者譴責嚴厲鎮壓和審查，圖書館也下架了評論書籍"
        lines.append(
            "{\"id\":\"twice\",\"source\":\"outlet1\",\"label\":\"anti\",\"text\":\"\(twice)\\n\(twice)\\nzq99\"}")
        return try directory.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    }

    private func job(
        data: String, out: String, threads: Int, cleaner: DocumentCleaner?, bootstrap: Int, chooseC: Bool
    ) -> TrainingJob {
        var job = TrainingJob(
            data: [data], corpus: CorpusOptions(), outletLabelling: nil,
            settings: TrainingSettings(features: FeatureConfiguration(minDF: 2), C: 2, seed: 11),
            lexiconPaths: [], threads: ThreadBudget(requested: threads)!, out: out, rateFolds: 3,
            bootstrapReplicates: bootstrap, groupBy: "source",
            chooseC: chooseC ? CrossValidationSettings(seed: 3, cGrid: [0.5, 4]) : nil)
        job.cleaner = cleaner
        return job
    }

    @Test(arguments: [(1, false, 0, false), (2, true, 0, false), (2, false, 4, true)])
    func trainingFromCountsWritesTheSameModel(threads: Int, clean: Bool, bootstrap: Int, chooseC: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let cleaner = clean ? DocumentCleaner(settings: CleaningSettings()) : nil
        let counted = job(
            data: data, out: directory.path + "/counted.stance", threads: threads, cleaner: cleaner,
            bootstrap: bootstrap, chooseC: chooseC)
        #expect(!counted.holdsTexts)
        try counted.run(warnings: WarningSink())
        // The same job on the documents read whole (the path that keeps the texts).
        var documents = try CorpusReader.collect(paths: [data], options: CorpusOptions(), warnings: WarningSink())
        documents = cleanDocuments(documents, cleaner: cleaner, threads: .single)
        let whole = try counted.model(from: documents, warnings: WarningSink())
        let expected = try ModelFile.encode(whole)
        let got = try fileBytes(directory.path + "/counted.stance")
        #expect(got == expected)
        #expect(whole.supplement.subModels[0].rates != nil)
        #expect((whole.supplement.subModels[0].bootstrap != nil) == (bootstrap > 0))
    }

    @Test(arguments: [1, 2])
    func crossValidationFromCountsMatchesTheTexts(threads: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try corpus(in: directory)
        let budget = ThreadBudget(requested: threads)!
        let settings = TrainingSettings(features: FeatureConfiguration(minDF: 2), C: 2, seed: 5)
        let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: budget)
        let extractor = FeatureExtractor(configuration: settings.features, lexicon: lexicon)
        // Batches of a few hundred bytes: the corpus is counted in many batches and merged.
        let counted = try CountedDocuments.read(
            paths: [data], options: CorpusOptions(), checking: [], cleaner: nil, outletLabelling: nil,
            normalization: settings.normalization, extractor: extractor, threads: budget, warnings: WarningSink(),
            batchBytes: 300)
        let documents = try CorpusReader.collect(paths: [data], options: CorpusOptions(), warnings: WarningSink())
        #expect(counted.documents.count == documents.count)
        #expect(counted.documents.allSatisfy { $0.text.isEmpty })
        #expect(counted.documents.map(\.id) == documents.map(\.id))
        #expect(counted.fingerprints == documents.map { TextFingerprint($0.text) })
        #expect(counted.textBytes == documents.reduce(0) { $0 + $1.text.utf8.count })
        #expect(counted.inputHash == StanceTrainer.inputHash(documents))

        let cv = CrossValidation(
            trainer: trainer, settings: CrossValidationSettings(folds: 4, groupBy: "source", seed: 9))
        let normalized = try StanceTrainer.normalize(documents, options: settings.normalization, threads: budget)
        let expected = try cv.run(documents, normalized: normalized)
        let got = try cv.run(counted)
        #expect(got.assignments == expected.assignments)
        #expect(got.labels == expected.labels)
        let copy = documents.firstIndex { $0.id == "d7-copy" }!
        #expect(got.assignments[0][copy] == got.assignments[0][7])
        for (a, b) in zip(got.predictions[0], expected.predictions[0]) {
            #expect(a.fold == b.fold)
            #expect(a.probabilities.map(\.bitPattern) == b.probabilities.map(\.bitPattern))
            #expect(a.article.fingerprint == b.article.fingerprint)
            #expect(a.article.language == b.article.language)
            #expect(a.article.document.id == b.article.document.id)
        }
    }

    /// A corpus counted in batches fits and builds rows exactly as one counted at once.
    @Test(arguments: [1, 3, 7])
    func batchesCountAsOneCorpus(batch: Int) throws {
        let normalizer = try TextNormalizer(options: TextNormalizer.Options())
        let rows = fourLanguageRows(count: 48)
        let texts = rows.map { normalizer.normalize($0.text + " " + rows[($0.index * 5) % 48].text) }
        for configuration in [
            FeatureConfiguration(),
            FeatureConfiguration(wordNGrams: 1...3, charNGrams: 2...3, minDF: 2, maxFeatures: 30),
        ] {
            let extractor = FeatureExtractor(configuration: configuration, lexicon: lexicon)
            var builder = try CountedCorpus.Builder(extractor: extractor)
            for start in stride(from: 0, to: texts.count, by: batch) {
                builder.add(Array(texts[start..<min(texts.count, start + batch)]), threads: 2)
            }
            let batched = builder.finish(threads: 2)
            let whole = try extractor.countCorpus(texts, threads: 1)
            #expect(batched.count == texts.count)
            for subset in [Array(texts.indices), texts.indices.filter { $0 % 3 != 1 }] {
                let expected = try extractor.fitTransform(subset.map { texts[$0] }, threads: 1)
                for corpus in [batched, whole] {
                    let got = corpus.fitTransform(subset, threads: 2)
                    #expect(got.vocabulary == expected.vocabulary)
                    #expect(got.matrix.rowOffsets == expected.matrix.rowOffsets)
                    #expect(got.matrix.columnIndices == expected.matrix.columnIndices)
                    #expect(got.matrix.values.map(\.bitPattern) == expected.matrix.values.map(\.bitPattern))
                }
            }
        }
    }
}
