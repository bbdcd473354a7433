import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// `StanceTrainer`: checks before any work, one sub-model per target, the unpenalised fit and its table.
@Suite struct TrainerTests {
    static func document(_ id: String, _ text: String, _ label: String?, target: String? = nil, line: Int) -> Document {
        Document(
            id: id, text: text, label: label, target: target, location: SourceLocation(file: "set.jsonl", line: line))
    }

    static func smallCorpus() throws -> [Document] {
        try CorpusReader.readAll(paths: [fixturePath("train-small.jsonl")]).documents
    }

    static let unigrams = FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1)

    @Test func singleClassIsRefused() throws {
        let documents = [
            Self.document("1", "The dams bring cheap power.", "favor", line: 1),
            Self.document("2", "上游水壩帶來廉價電力。", "favor", line: 2),
        ]
        let trainer = StanceTrainer(settings: TrainingSettings())
        #expect(throws: TrainingError.singleClass(label: "favor", count: 2, target: nil)) {
            try trainer.train(documents)
        }
        #expect(
            TrainingError.singleClass(label: "favor", count: 2, target: "dams").description
                == "the training data for target 'dams' has a single class, 'favor' (2 documents): a classifier needs at least two"
        )
    }

    @Test func classWithOneExampleIsRefusedAtItsFirstLine() throws {
        let documents = [
            Self.document("1", "The dams bring cheap power.", "favor", line: 1),
            Self.document("2", "Các đập mang lại điện giá rẻ.", "favor", line: 2),
            Self.document("3", "上游水坝截断河流。", "against", line: 5),
        ]
        let trainer = StanceTrainer(settings: TrainingSettings())
        let location = SourceLocation(file: "set.jsonl", line: 5)
        #expect(throws: TrainingError.singletonClass(label: "against", location: location, target: nil)) {
            try trainer.train(documents)
        }
        #expect(
            TrainingError.singletonClass(label: "against", location: location, target: nil).description
                == "set.jsonl:5: class 'against' has only this one example: every class needs at least two")
    }

    @Test func missingLabelAndMissingTargetNameTheRecord() throws {
        var documents = try Self.smallCorpus()
        documents[3].label = nil
        let trainer = StanceTrainer(settings: TrainingSettings(features: Self.unigrams))
        let location = documents[3].location
        #expect(location.line == 4)
        #expect(throws: TrainingError.missingLabel(location: location, id: "d-vi-1", field: "label")) {
            try trainer.train(documents)
        }
        documents = try Self.smallCorpus()
        documents[5].target = nil
        let perTarget = StanceTrainer(settings: TrainingSettings(features: Self.unigrams, perTarget: true))
        #expect(throws: TrainingError.missingTarget(location: documents[5].location, id: "d-hans-2")) {
            try perTarget.train(documents)
        }
        #expect(
            TrainingError.missingTarget(location: documents[5].location, id: "d-hans-2").description
                == "\(fixturePath("train-small.jsonl")):6: document 'd-hans-2' has no target, but --per-target trains one model per target"
        )
    }

    @Test func perTargetTrainsOneSubModelPerTargetInCodePointOrder() throws {
        let documents = try Self.smallCorpus()
        let model = try StanceTrainer(settings: TrainingSettings(features: Self.unigrams, perTarget: true))
            .train(documents)
        #expect(model.subModels.map(\.target) == ["dams", "trade"])
        #expect(model.labels == ["against", "favor"])
        for sub in model.subModels {
            #expect(sub.vocabulary.documentCount == 8)
            #expect(sub.classCounts.map(\.label) == ["against", "favor"])
            #expect(sub.classCounts.map(\.count) == [4, 4])
        }
        // Each sub-model has its own vocabulary: 坝 (dam) only occurs under `dams`, 贸 (trade) only under `trade`.
        #expect(model.subModels[0].vocabulary.column(named: "c:坝") != nil)
        #expect(model.subModels[0].vocabulary.column(named: "c:贸") == nil)
        #expect(model.subModels[1].vocabulary.column(named: "c:贸") != nil)
        #expect(model.subModel(for: "trade")?.target == "trade")
        #expect(model.subModel(for: "fisheries") == nil)
        #expect(model.summary.documentCount == 16)
        #expect(model.summary.classCounts == ["against": 8, "favor": 8])
    }

    @Test func threadCountDoesNotChangeTheModel() throws {
        let documents = try Self.smallCorpus()
        for perTarget in [false, true] {
            let settings = TrainingSettings(perTarget: perTarget)
            let one = try ModelFile.encode(StanceTrainer(settings: settings, threads: 1).train(documents))
            let two = try ModelFile.encode(StanceTrainer(settings: settings, threads: 2).train(documents))
            let again = try ModelFile.encode(StanceTrainer(settings: settings, threads: 1).train(documents))
            #expect(one == two)
            #expect(one == again)
        }
    }

    static func lexiconOnly(C: Double) throws -> StanceTrainer {
        let lexicon = try StanceTrainer.loadLexicon(
            path: fixturePath("blame-lexicon.tsv"), normalization: TextNormalizer.Options())
        let settings = TrainingSettings(
            features: FeatureConfiguration(wordNGrams: nil, charNGrams: nil, useLexicons: true), C: C)
        return StanceTrainer(settings: settings, lexicon: lexicon)
    }

    @Test func unpenalisedFitOfSeparableDataThrowsSeparation() throws {
        // Every article with a blame term is critical, the three others neutral: all 7 rows end up certain.
        let documents = try CorpusReader.readAll(paths: [fixturePath("blame-separable.jsonl")]).documents
        #expect(throws: LogisticRegressionError.separation(rows: 7)) {
            try Self.lexiconOnly(C: .infinity).train(documents)
        }
        // A penalty makes the same problem fit.
        let penalised = try Self.lexiconOnly(C: 1).train(documents)
        #expect(penalised.subModels[0].classifier.converged)
        // With more n-grams than documents the unpenalised Hessian is singular.
        let trainer = StanceTrainer(settings: TrainingSettings(features: Self.unigrams, C: .infinity))
        do {
            _ = try trainer.train(try Self.smallCorpus())
            Issue.record("expected an error")
        } catch let error as LogisticRegressionError {
            guard case .singularHessian = error else {
                Issue.record("expected a singular Hessian, got \(error)")
                return
            }
            #expect(error.exitStatus == .dataError)
        }
    }

    @Test func unpenalisedLexiconOnlyFitHasStandardErrors() throws {
        let documents = try CorpusReader.readAll(paths: [fixturePath("blame-small.jsonl")]).documents
        let model = try Self.lexiconOnly(C: .infinity).train(documents)
        let sub = model.subModels[0]
        #expect(sub.vocabulary.columnNames == ["lex:blame", "lex:blame@quoted", "lex:rate:blame"])
        let table = try #require(sub.classifier.coefficients)
        #expect(table.referenceLabel == "critical")
        #expect(table.rows.count == 4)
        #expect(table.rows.map(\.feature) == [nil, 0, 1, 2])
        for row in table.rows {
            #expect(row.standardError > 0 && row.standardError.isFinite)
            #expect(row.z.isApproximatelyEqual(to: row.estimate / row.standardError, relativeTolerance: 1e-9))
        }
        // The table's estimates are the classifier's: intercept then weights.
        #expect(table.rows[0].estimate == sub.classifier.intercepts[0])
        #expect(table.rows.dropFirst().map(\.estimate) == sub.classifier.weights)
        #expect(sub.classifier.converged)
    }

    @Test func iterationLimitLeavesTheModelUnconverged() throws {
        let documents = try Self.smallCorpus()
        let model = try StanceTrainer(settings: TrainingSettings(maxIterations: 1)).train(documents)
        #expect(model.subModels[0].classifier.converged == false)
        #expect(model.subModels[0].classifier.iterations == 1)
    }
}
