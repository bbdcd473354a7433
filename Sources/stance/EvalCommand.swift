import ArgumentParser
import Foundation
import StanceKit

extension Stance {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure a classifier honestly: cross-validation or a held-out set, with intervals.",
            discussion: """
                Cross-validation (default): texts are normalised once; in every fold the vocabulary, idf, weights \
                and (with --C auto) C are fitted on the training documents only, then the held-out documents are \
                scored. Folds are stratified by label (by target and label with --per-target); identical texts \
                share a fold; with --group-by FIELD no value of FIELD is on both sides. With --C auto every \
                training fold is split into --inner-folds folds to choose C from 0.01 to 100 (9 values, log scale).
                Held-out: --model MODEL scores --data with a trained model.
                Headline figures are computed over the pooled out-of-fold predictions (with --repeats R, every \
                document counts once per repeat; confusion counts add up over repeats), with 95% bootstrap \
                intervals over documents, or over groups with --group-by.
                --predictions FILE writes one stance score JSON line per document and repeat, with gold, fold \
                and repeat. --compare OTHER reads such a file from another run on the same data (matched by id \
                and repeat) and runs a paired bootstrap on the difference.
                --expect FILE checks floors (ceilings for log_loss, brier, ece); a metric past its bound or \
                named but not computed is printed with the gap and the exit status is 1.
                """
        )

        @Option(help: "A labeled corpus; may be repeated.")
        var data: [String]
        @Option(help: "Evaluate this trained model on --data instead of cross-validating.")
        var model: String?
        @Option(help: "Cross-validation folds.")
        var folds = 5
        @Option(help: "Repetitions of the cross-validation with different folds.")
        var repeats = 1
        @Option(help: "Keep all documents with the same value of this field (e.g. source) in one fold.")
        var groupBy: String?
        @Option(help: "With --C auto: inner folds within every training fold.")
        var innerFolds = 3
        @Option(help: "Labels whose mean F1 is reported as f_avg, e.g. FAVOR,AGAINST (SemEval-2016 / NLPCC-2016).")
        var f1Labels: String?
        @Option(help: "Write the results as JSON to this file.")
        var json: String?
        @Option(help: "Write the out-of-fold (or held-out) predictions as JSON Lines to this file.")
        var predictions: String?
        @Option(help: "Floors for the metrics (JSON); exit status 1 when one is not met.")
        var expect: String?
        @Option(help: "Write an HTML report into this directory (report.html).")
        var report: String?
        @Option(help: "Another run's --predictions file: paired bootstrap of the difference.")
        var compare: String?
        @Option(help: "Bootstrap replicates for intervals.")
        var replicates = 1000
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var features: FeatureOptions
        @OptionGroup var classifier: ClassifierOptions

        func validate() throws {
            if data.isEmpty { throw ValidationError("give at least one --data file") }
            if folds < 2 { throw ValidationError("--folds must be at least 2") }
            if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
            if innerFolds < 2 { throw ValidationError("--inner-folds must be at least 2") }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
            if model != nil && classifier.cIsAuto {
                throw ValidationError("--C auto goes with cross-validation, not --model")
            }
            if let f1Labels, averagedLabels(f1Labels).isEmpty { throw ValidationError("--f1-labels names no label") }
        }

        private func averagedLabels(_ text: String) -> [String] {
            text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        func run() throws {
            let progress = progressReporter
            // A held-out model cleans as it was trained to (ArticleScorer); cross-validation cleans here.
            let cleaner = try cleaning.cleaner()
            var documents = try input.readDocuments(data, cleaner: model == nil ? cleaner : nil)
            documents = try classifier.applyOutletLabels(documents)
            for document in documents where document.label == nil {
                throw TrainingError.missingLabel(location: document.location, id: document.id, field: input.labelField)
            }
            let averaged = f1Labels.map(averagedLabels)
            let bootstrap = BootstrapSettings(replicates: replicates, seed: classifier.seed)

            let labels: [String]
            let rows: [FoldPredictionRow]
            let pooled: PooledPredictions
            var foldValues: [[String: Double]] = []
            var settingsMap: [String: SettingValue] = [
                "documents": .integer(documents.count), "data": .string(data.joined(separator: " ")),
                "bootstrap_replicates": .integer(replicates), "seed": .string(String(classifier.seed)),
            ]
            var choices: [CChoice] = []
            if let model {
                let loaded = try ModelFile.read(path: model)
                var scorer = try ArticleScorer(model: loaded, threads: features.threads)
                if scorer.cleaner == nil, let cleaner { scorer.cleaner = cleaner }
                let scored = try scorer.score(documents)
                labels = codePointSorted(Set(loaded.labels + documents.map { $0.label! }))
                try checkAveraged(averaged, labels: labels)
                let positions = loaded.labels.map { labels.firstIndex(of: $0)! }
                rows = scored.map { article in
                    var probabilities = [Double](repeating: 0, count: labels.count)
                    for (k, position) in positions.enumerated() { probabilities[position] = article.probabilities[k] }
                    return FoldPredictionRow(article: article, probabilities: probabilities, fold: nil, repetition: 0)
                }
                let groups = groupBy.map { field in
                    scored.enumerated().map { index, article in
                        ArticleScore.groupValue(field, of: article.document, language: article.language)
                            ?? "\u{0}document \(index)"
                    }
                }
                pooled = try PooledPredictions(
                    documents: documents, probabilities: rows.map(\.probabilities), labels: labels, groups: groups)
                settingsMap["mode"] = .string("held-out")
                settingsMap["model"] = .string(model)
            } else {
                if groupBy == nil,
                    let warning = leakageWarning(labels: documents.map { $0.label! }, sources: documents.map(\.source))
                {
                    writeStandardError("stance: \(warning)\n")
                }
                let settings = try classifier.settings(features: features)
                let lexicon = try features.loadLexicon(normalization: settings.normalization)
                let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: features.threads)
                let allLabels = codePointSorted(Set(documents.map { $0.label! }))
                try checkAveraged(averaged, labels: allLabels)
                let normalized = try StanceTrainer.normalize(
                    documents, options: settings.normalization, threads: features.threads)
                progress?("normalised \(documents.count) documents")
                let crossValidation = CrossValidation(
                    trainer: trainer,
                    settings: CrossValidationSettings(
                        folds: folds, repeats: repeats, groupBy: groupBy, seed: classifier.seed,
                        cGrid: classifier.cIsAuto ? CrossValidationSettings.defaultCGrid : nil, innerFolds: innerFolds,
                        averagedLabels: averaged))
                let result = try crossValidation.run(documents, normalized: normalized, progress: progress)
                labels = result.labels
                rows = result.predictions.flatMap { repetition in
                    repetition.map {
                        FoldPredictionRow(
                            article: $0.article, probabilities: $0.probabilities, fold: $0.fold,
                            repetition: $0.repetition)
                    }
                }
                pooled = try result.pooled(documents: documents)
                foldValues = result.foldValues
                choices = result.cChoices
                settingsMap["mode"] = .string("cross-validation")
                settingsMap["folds"] = .integer(folds)
                settingsMap["repeats"] = .integer(repeats)
                if let groupBy { settingsMap["group_by"] = .string(groupBy) }
                addTrainingSettings(settings, to: &settingsMap)
                if classifier.cIsAuto {
                    settingsMap["C"] = .string("auto")
                    settingsMap["inner_folds"] = .integer(innerFolds)
                    settingsMap["C_grid"] = .string(
                        CrossValidationSettings.defaultCGrid.map { String($0) }.joined(separator: " "))
                    for choice in choices {
                        let key = "C_fold\(choice.repetition * folds + choice.fold + 1)"
                        settingsMap[key] = .number(choice.chosen)
                        settingsMap[key + "_curve"] = .string(
                            choice.meanScore.map { String($0) }.joined(separator: " "))
                    }
                }
            }
            if let f1Labels { settingsMap["f1_labels"] = .string(f1Labels) }

            let result = try pooled.report(
                averagedLabels: averaged, folds: foldValues, bootstrap: bootstrap, settings: settingsMap)
            var output = result.table()
            if !choices.isEmpty { output += "\n" + cTable(choices) }
            if let compare {
                output += "\n" + (try comparison(with: compare, rows: rows, pooled: pooled, averaged: averaged))
            }
            var expectation: ExpectationReport?
            if let expect {
                let floors = try Expectations(contentsOfFile: expect)
                expectation = floors.check(result.metrics, perTarget: result.perTarget)
                output += "\n" + expectation!.description + "\n"
            }
            let stdout = BufferedWriter.standardOutput()
            try stdout.write(output)
            try stdout.flush()

            if let json { try AtomicFile.write(result.jsonText(), to: json) }
            if let predictions {
                var text = ""
                for row in rows { text += row.json(labels: labels).rendered() + "\n" }
                try AtomicFile.write(text, to: predictions)
            }
            if let report {
                try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                var sources: SourceAggregation?
                if documents.contains(where: { $0.source != nil }) {
                    let articles = rows.filter { $0.repetition == 0 }.map { row in
                        let fingerprint = row.article.fingerprint
                        return ArticleScore(
                            keys: ["source": row.article.document.source ?? "(none)"], probabilities: row.probabilities,
                            predicted: row.article.label, evidence: row.article.evidenceStrength,
                            duplicateKey: fingerprint.high ^ fingerprint.low)
                    }
                    sources = try SourceAggregation(
                        articles: articles, labels: labels, groupBy: ["source"], settings: bootstrap)
                }
                let title = model == nil ? "stance eval: \(folds)-fold cross-validation" : "stance eval: held-out"
                try AtomicFile.write(
                    HTMLReport(report: result, sources: sources, title: title).html(), to: report + "/report.html")
            }
            if let expectation, !expectation.passed {
                throw CheckFailure(
                    message:
                        "expectations not met: \(expectation.failures.count) of \(expectation.checks.count) checks failed"
                )
            }
        }

        private func checkAveraged(_ averaged: [String]?, labels: [String]) throws {
            for label in averaged ?? [] where !labels.contains(label) {
                throw UsageFailure(
                    message:
                        "--f1-labels: no document is labelled '\(label)' (labels: \(labels.joined(separator: ", ")))")
            }
        }

        private func addTrainingSettings(_ settings: TrainingSettings, to map: inout [String: SettingValue]) {
            func range(_ value: ClosedRange<Int>?) -> SettingValue {
                .string(value.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "none")
            }
            map["word_ngrams"] = range(settings.features.wordNGrams)
            map["char_ngrams"] = range(settings.features.charNGrams)
            map["char_wb"] = range(settings.features.charWB)
            map["min_df"] = .integer(settings.features.minDF)
            map["max_df"] = .number(settings.features.maxDF)
            if let maxFeatures = settings.features.maxFeatures { map["max_features"] = .integer(maxFeatures) }
            map["C"] = settings.C.isFinite ? .number(settings.C) : .string("inf")
            map["class_weight"] = .string(settings.balancedClassWeights ? "balanced" : "none")
            map["tol"] = .number(settings.tolerance)
            map["max_iter"] = .integer(settings.maxIterations)
            map["per_target"] = .string(settings.perTarget ? "true" : "false")
            map["convert_traditional"] = .string(settings.normalization.convertTraditional ? "true" : "false")
            map["lexicons"] = .integer(features.lexicon.count)
        }

        private func cTable(_ choices: [CChoice]) -> String {
            guard let grid = choices.first?.grid else { return "" }
            var lines = ["C chosen by inner cross-validation (mean inner score per C):"]
            lines.append("fold  " + grid.map { String(format: "%8.4g", $0) }.joined() + "    chosen")
            for choice in choices {
                let name = choice.repetition > 0 ? "\(choice.repetition + 1).\(choice.fold + 1)" : "\(choice.fold + 1)"
                lines.append(
                    name.padding(toLength: 6, withPad: " ", startingAt: 0)
                        + choice.meanScore.map { String(format: "%8.4f", $0) }.joined() + "    "
                        + String(format: "%.4g", choice.chosen))
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// Paired bootstrap against another run's predictions file, matched by id and repeat.
        private func comparison(
            with path: String, rows: [FoldPredictionRow], pooled: PooledPredictions, averaged: [String]?
        ) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IOFailure(path: path, reason: "cannot read the predictions to compare with")
            }
            var other: [String: [String: Double]] = [:]
            for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let id = object["id"] as? String, let probabilities = object["probabilities"] as? [String: Any]
                else {
                    throw CompareFailure(message: "\(path):\(number + 1): expected a stance eval --predictions line")
                }
                let repetition = (object["repeat"] as? Int) ?? 0
                other["\(id)\u{1F}\(repetition)"] = probabilities.compactMapValues { ($0 as? NSNumber)?.doubleValue }
            }
            let second = try rows.map { row -> [Double] in
                guard let found = other["\(row.article.document.id)\u{1F}\(row.repetition)"] else {
                    throw CompareFailure(
                        message:
                            "\(path) has no prediction for document '\(row.article.document.id)' (repeat \(row.repetition)): compare runs on the same data"
                    )
                }
                return pooled.labels.map { found[$0] ?? 0 }
            }
            var metricsToCompare: [HeadlineMetric] = [.accuracy, .macroF1, .logLoss]
            if averaged != nil { metricsToCompare.insert(.fAvg, at: 2) }
            var lines = ["paired bootstrap against \(path) (this run − other; \(replicates) replicates):"]
            for metric in metricsToCompare {
                let outcome = try pairedBootstrap(
                    gold: pooled.gold, first: pooled.probabilities, second: second, labels: pooled.labels,
                    metric: metric, averagedLabels: averaged, groups: pooled.clusters,
                    settings: BootstrapSettings(replicates: replicates, seed: classifier.seed))
                let verdict = outcome.beyondChance ? "beyond chance" : "within chance"
                lines.append(
                    "\(metric.rawValue): \(String(format: "%+.4f", outcome.difference)) 95% [\(String(format: "%+.4f", outcome.interval.low)), \(String(format: "%+.4f", outcome.interval.high))] \(verdict)"
                )
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// One predicted document for the --predictions file.
struct FoldPredictionRow {
    var article: ScoredArticle
    /// Aligned with the evaluation's labels.
    var probabilities: [Double]
    var fold: Int?
    var repetition: Int

    /// `stance score`'s JSON line with the evaluation's labels, plus fold and repeat.
    func json(labels: [String]) -> JSON {
        var scored = article
        scored.probabilities = probabilities
        guard case .object(var members) = scored.json(labels: labels, explain: false) else { return .null }
        if scored.document.label != nil && !members.contains(where: { $0.0 == "gold" }) {
            members.append(("gold", .string(scored.document.label!)))
        }
        members.append(("fold", fold.map(JSON.int) ?? .null))
        members.append(("repeat", .int(repetition)))
        return .object(members)
    }
}

/// Expectations not met (exit status 1), thrown after the results are printed and written.
struct CheckFailure: StanceFailure {
    var message: String
    var exitStatus: ExitStatus { .checkFailed }
    var description: String { message }
}

/// A --compare file that does not fit this run (exit status 65).
struct CompareFailure: StanceFailure {
    var message: String
    var exitStatus: ExitStatus { .dataError }
    var description: String { message }
}
