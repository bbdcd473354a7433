import Testing
import _StanceTestSupport

@testable import StanceKit

/// The four-language fixture (``fourLanguageRows(count:sourcePure:)``) as documents: labels pro, anti, neutral, five
/// sources (labels mixed within each source unless `sourcePure`).
private func fixture(count: Int = 42, sourcePure: Bool = false) -> [Document] {
    let labels = ["pro", "anti", "neutral"]
    let sources = ["Alpha Daily", "Beta Post", "Gamma Wire", "Delta News", "Epsilon Times"]
    return fourLanguageRows(count: count, sourcePure: sourcePure).map { row in
        Document(
            id: "d\(row.index)", text: row.text, label: labels[row.labelIndex], source: sources[row.index % 5],
            target: row.target, date: nil, location: SourceLocation(file: "fixture", line: row.index + 1))
    }
}

private func run(
    _ documents: [Document], settings: CrossValidationSettings, perTarget: Bool = false, threads: Int = 1
) throws -> CrossValidationResult {
    let training = TrainingSettings(perTarget: perTarget, seed: settings.seed)
    let trainer = StanceTrainer(settings: training, threads: ThreadBudget(requested: threads)!)
    let normalized = try StanceTrainer.normalize(
        documents, options: training.normalization, threads: ThreadBudget(requested: threads)!)
    return try CrossValidation(trainer: trainer, settings: settings).run(documents, normalized: normalized)
}

@Suite struct CrossValidationTests {
    @Test func everyFoldModelSeesOnlyItsTrainingDocuments() throws {
        let documents = fixture()
        let result = try run(documents, settings: CrossValidationSettings(folds: 4, seed: 7, keepModels: true))
        #expect(result.models.count == 4)
        for fold in 0..<4 {
            let vocabulary = try #require(result.models[fold].subModels.first).vocabulary
            for (index, assigned) in result.assignments[0].enumerated() {
                let present = vocabulary.column(named: "w:zq\(index)") != nil
                // A held-out document's unique word never reaches its fold's model; a training document's always does.
                #expect(present == (assigned != fold), "document \(index) fold \(assigned) model \(fold)")
            }
        }
        // Every document is predicted exactly once, by the model of its own fold.
        #expect(result.predictions[0].count == documents.count)
        for (index, prediction) in result.predictions[0].enumerated() {
            #expect(prediction.fold == result.assignments[0][index])
            #expect(prediction.article.document.id == documents[index].id)
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func groupsNeverStraddleFolds() throws {
        let documents = fixture()
        let result = try run(
            documents, settings: CrossValidationSettings(folds: 3, repeats: 2, groupBy: "source", seed: 3))
        #expect(result.assignments.count == 2)
        for assignment in result.assignments {
            var foldOfSource: [String: Int] = [:]
            for (index, fold) in assignment.enumerated() {
                let source = documents[index].source!
                if let earlier = foldOfSource[source] { #expect(earlier == fold) }
                foldOfSource[source] = fold
            }
            #expect(Set(assignment).count == 3)
        }
        #expect(result.groups == documents.map { $0.source! })
        #expect(result.foldMetrics.count == 6)
    }

    @Test func identicalTextsShareAFold() throws {
        var documents = fixture()
        documents[5].text = documents[0].text
        documents[5].label = documents[0].label
        documents[17].text = documents[0].text
        documents[17].label = documents[0].label
        let result = try run(documents, settings: CrossValidationSettings(folds: 5, seed: 11))
        let assignment = result.assignments[0]
        #expect(assignment[0] == assignment[5] && assignment[0] == assignment[17])
    }

    @Test func sameSeedGivesIdenticalPredictionsAtAnyThreadCount() throws {
        let documents = fixture()
        let settings = CrossValidationSettings(folds: 3, repeats: 2, seed: 5)
        let first = try run(documents, settings: settings, perTarget: true, threads: 1)
        let second = try run(documents, settings: settings, perTarget: true, threads: 2)
        #expect(first.assignments == second.assignments)
        #expect(
            first.predictions.flatMap { $0.map(\.probabilities) }
                == second.predictions.flatMap { $0.map(\.probabilities) })
        let other = try run(
            documents, settings: CrossValidationSettings(folds: 3, repeats: 2, seed: 6), perTarget: true)
        #expect(other.assignments != first.assignments)
    }

    @Test func perTargetFoldsAreStratifiedByTargetAndLabel() throws {
        let documents = fixture()
        let result = try run(documents, settings: CrossValidationSettings(folds: 7, seed: 2), perTarget: true)
        // 42 documents: 6 target × label strata of 7 documents; each fold should get about one of each.
        for fold in 0..<7 {
            var strata: [String: Int] = [:]
            for (index, assigned) in result.assignments[0].enumerated() where assigned == fold {
                strata[documents[index].target! + "/" + documents[index].label!, default: 0] += 1
            }
            // Greedy stratification: within one document of the 1 expected per stratum.
            #expect(strata.count >= 5 && strata.values.allSatisfy { $0 <= 2 })
        }
        #expect(result.models.isEmpty)
    }

    @Test func pooledMetricsMatchAHandCount() throws {
        let documents = fixture()
        let result = try run(documents, settings: CrossValidationSettings(folds: 3, repeats: 2, seed: 9))
        let pooled = try result.pooled(documents: documents)
        #expect(pooled.gold.count == 2 * documents.count)
        var correct = 0
        var logLoss = 0.0
        for repetition in result.predictions {
            for (index, prediction) in repetition.enumerated() {
                let gold = result.labels.firstIndex(of: documents[index].label!)!
                let best = prediction.probabilities.indices.max {
                    prediction.probabilities[$0] < prediction.probabilities[$1]
                        || (prediction.probabilities[$0] == prediction.probabilities[$1] && $0 > $1)
                }!
                if best == gold { correct += 1 }
                logLoss -= Double.log(max(prediction.probabilities[gold], 1e-15))
            }
        }
        let report = try pooled.report(
            averagedLabels: ["anti", "pro"], folds: result.foldValues,
            bootstrap: BootstrapSettings(replicates: 200, seed: 1), settings: [:])
        #expect(abs(report.metrics.accuracy - Double(correct) / Double(2 * documents.count)) < 1e-12)
        #expect(abs(report.metrics.logLoss - logLoss / Double(2 * documents.count)) < 1e-12)
        #expect(report.metrics.fAvg != nil)
        #expect(report.folds.count == 6)
        let interval = try #require(report.ci95["accuracy"])
        #expect(interval.low <= report.metrics.accuracy && report.metrics.accuracy <= interval.high)
        #expect(report.perTarget.map(\.target) == ["rights", "trade"])
        // The texts are separable by their label phrases: out-of-fold accuracy is far above chance (1/3).
        #expect(report.metrics.accuracy > 0.8)
    }

    @Test func cSearchReportsACurvePerOuterFold() throws {
        let documents = fixture()
        var settings = CrossValidationSettings(
            folds: 3, seed: 4, cGrid: CrossValidationSettings.defaultCGrid, innerFolds: 2, cRule: .best)
        let result = try run(documents, settings: settings)
        #expect(result.cChoices.count == 3)
        for choice in result.cChoices {
            #expect(choice.meanScore.count == 9)
            let best = choice.meanScore.max()!
            #expect(choice.chosen == choice.grid[choice.meanScore.firstIndex(of: best)!])
            #expect(choice.innerScores.count == 9 && choice.innerScores.allSatisfy { $0.count == 2 })
            for (mean, scores) in zip(choice.meanScore, choice.innerScores) {
                #expect(abs(mean - scores.reduce(0, +) / 2) < 1e-12)
            }
        }
        #expect(result.cTrace.isEmpty)
        // The default rule on the same inner scores, with the trace: its choice is the rule's on the recorded scores,
        // and the trace's path predicts every held-out document once.
        settings.cRule = .standard
        settings.recordsCTrace = true
        let traced = try run(documents, settings: settings)
        #expect(traced.cTrace.count == 3)
        for (choice, fold) in zip(traced.cChoices, traced.cTrace) {
            #expect(choice.innerScores == result.cChoices[choice.fold].innerScores)
            let index = CSelectionRule.standard.choose(
                grid: choice.grid, scores: choice.innerScores, details: choice.innerDetails, averaged: nil,
                innerFolds: 2)
            #expect(choice.chosen == choice.grid[index] && fold.chosen == choice.chosen)
            // Every outer training document is held out by exactly one inner fold, at every grid value.
            #expect(fold.innerDetails == choice.innerDetails)
            for details in choice.innerDetails {
                #expect(details.count == 2)
                #expect(InnerFoldScore.pooled(details).classCounts.reduce(0, +) == fold.trainingDocuments)
            }
            #expect(fold.predicted.count == 9 && fold.predicted.allSatisfy { $0.count == fold.documents.count })
            #expect(fold.trainingDocuments + fold.documents.count == documents.count)
        }
        #expect(traced.cTrace.flatMap(\.documents).sorted() == Array(documents.indices))
        #expect(CrossValidationSettings.defaultCGrid.first == 0.01)
        #expect(abs(CrossValidationSettings.defaultCGrid[4] - 1) < 1e-12)
        #expect(abs(CrossValidationSettings.defaultCGrid.last! - 100) < 1e-9)
    }

    @Test func impossibleGroupingsThrow() throws {
        var documents = fixture(count: 12)
        for index in documents.indices { documents[index].source = index % 2 == 0 ? "A" : "B" }
        #expect(throws: EvaluationError.onlyTwoGroups) {
            try run(documents, settings: CrossValidationSettings(folds: 2, groupBy: "source", seed: 1))
        }
        #expect(throws: EvaluationError.fewerGroupsThanFolds(groups: 5, folds: 6)) {
            try run(fixture(), settings: CrossValidationSettings(folds: 6, groupBy: "source", seed: 1))
        }
    }
}
