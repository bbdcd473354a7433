import Foundation

/// `stance eval`: cross-validation of the training settings, a trained model scored on a held-out set, or an
/// out-of-time split (``DateSplit``); headline metrics with bootstrap intervals, a per-group table when asked
/// (``GroupTable``), and the files asked for (result JSON, predictions, HTML report).
public struct EvaluationJob: Sendable {
    /// The labeled corpus files.
    public var data: [String]
    public var corpus: CorpusOptions
    /// `--label-from-source`, if given.
    public var outletLabelling: OutletLabelling?
    /// A trained model to score the data with (held-out), or `nil` to cross-validate.
    public var modelPath: String?
    /// The settings trained in every fold (cross-validation).
    public var settings: TrainingSettings
    /// Lexicon files, merged (``StanceTrainer/loadLexicons(paths:normalization:)``).
    public var lexiconPaths: [String]
    public var folds: Int
    public var repeats: Int
    public var groupBy: String?
    /// Choose C per training fold by an inner cross-validation over ``CrossValidationSettings/defaultCGrid``.
    public var chooseC: Bool
    public var innerFolds: Int
    /// With ``chooseC``: how the inner scores choose `C`.
    public var cRule = CSelectionRule.standard
    /// With ``chooseC``: where the ``CTrace`` of the search goes (`--c-trace`), or `nil`.
    public var cTracePath: String? = nil
    /// Labels averaged into `f_avg`, as given (comma-separated), or `nil`.
    public var f1Labels: String?
    public var replicates: Int
    public var threads: ThreadBudget
    /// Where the result JSON goes, if anywhere.
    public var jsonPath: String?
    /// Where the predictions file goes (``PredictionsFile``), if anywhere.
    public var predictionsPath: String?
    /// Floors to check (``Expectations``), if any.
    public var expectPath: String?
    /// A directory for `report.html`, if any.
    public var reportDirectory: String?
    /// Another run's predictions file for a paired bootstrap, if any.
    public var comparePath: String?
    /// Near-duplicate detection: each cluster is kept inside one fold, and clusters that join groups or labels are
    /// listed; `nil` keeps only identical texts together.
    public var nearDuplicates: NearDuplicateSettings?
    /// With ``modelPath``: gold labels mapped to the model's (``LabelMap``, as given), or `nil`.
    public var labelMap: String?
    /// Train on one side of a day and test on the other instead of cross-validating, or `nil`.
    public var dateSplit: DateSplit?
    /// A field whose values get a row each in a ``GroupTable``, or `nil`.
    public var perGroup: String?
    /// Groups with fewer predictions are folded into one row of the ``GroupTable``.
    public var minGroupSize: Int
    /// The report's position scale: the labels in order (e.g. left, center, right), or `nil`.
    public var reportOrder: [String]?
    /// The command line as given, for the report's provenance.
    public var commandLine: [String]
    /// Cleans each text first (`--clean`), or `nil`: in cross-validation and date splits before training; a held-out
    /// model cleans as it was trained to, and with this cleaner only when it was trained without one.
    public var cleaner: DocumentCleaner? = nil
    /// With `--clean`: the corpus rule (lines recurring across a source), run after the per-document rules, or `nil`.
    public var cleanBoilerplate: SourceBoilerplate? = nil

    public init(
        data: [String], corpus: CorpusOptions, outletLabelling: OutletLabelling? = nil, modelPath: String? = nil,
        settings: TrainingSettings = TrainingSettings(), lexiconPaths: [String] = [], folds: Int = 5,
        repeats: Int = 1, groupBy: String? = nil, chooseC: Bool = false,
        innerFolds: Int = CrossValidationSettings.defaultInnerFolds,
        f1Labels: String? = nil, replicates: Int = 1000, threads: ThreadBudget = .single, jsonPath: String? = nil,
        predictionsPath: String? = nil, expectPath: String? = nil, reportDirectory: String? = nil,
        comparePath: String? = nil, labelMap: String? = nil, dateSplit: DateSplit? = nil, perGroup: String? = nil,
        minGroupSize: Int = 1, nearDuplicates: NearDuplicateSettings? = nil, reportOrder: [String]? = nil,
        commandLine: [String] = []
    ) {
        self.data = data
        self.corpus = corpus
        self.outletLabelling = outletLabelling
        self.modelPath = modelPath
        self.settings = settings
        self.lexiconPaths = lexiconPaths
        self.folds = folds
        self.repeats = repeats
        self.groupBy = groupBy
        self.chooseC = chooseC
        self.innerFolds = innerFolds
        self.f1Labels = f1Labels
        self.replicates = replicates
        self.threads = threads
        self.jsonPath = jsonPath
        self.predictionsPath = predictionsPath
        self.expectPath = expectPath
        self.reportDirectory = reportDirectory
        self.comparePath = comparePath
        self.nearDuplicates = nearDuplicates
        self.labelMap = labelMap
        self.dateSplit = dateSplit
        self.perGroup = perGroup
        self.minGroupSize = minGroupSize
        self.reportOrder = reportOrder
        self.commandLine = commandLine
    }

    /// The labels of a `--f1-labels` list: comma-separated, trimmed, empty items dropped.
    public static func averagedLabels(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The predictions of a run, pooled, and what they are reported with.
    struct Predictions {
        /// The document of each row: its position within its repetition (every repetition holds the same documents
        /// in the same order).
        var documentUnits: [Int] {
            var seen: [Int: Int] = [:]
            return rows.map { row in
                defer { seen[row.repetition, default: 0] += 1 }
                return seen[row.repetition, default: 0]
            }
        }
        var labels: [String]
        var rows: [PredictionRow]
        var pooled: PooledPredictions
        var foldValues: [[String: Double]] = []
        var choices: [CChoice] = []
        var settings: [String: SettingValue]
        /// The near-duplicate clusters and those that join groups or labels, when detection was asked for.
        var nearDuplicateNote = ""
        /// The model the report describes: the held-out model, or (without `--C auto`) one trained on all documents.
        var model: StanceModel? = nil
    }

    /// Runs the evaluation: hands the result tables to `output` (then writes the files asked for).
    ///
    /// - Throws: the errors of reading, training and scoring; ``FieldError`` when no record has the `--group-by` or
    ///   label field; ``EvaluationError`` (exit status 65, or 1 when
    ///   `--expect` floors are not met, after everything is printed and written); ``IOFailure`` when a file cannot
    ///   be written.
    public func run(
        warnings: WarningSink, progress: ((String) -> Void)? = nil, output: (String) throws -> Void
    ) throws {
        let dates = DateParser(order: corpus.dateOrder)
        var checked =
            groupBy.map { [FieldSelection([$0], option: "--group-by", corpus: corpus, dates: dates)] } ?? []
        if outletLabelling == nil {
            checked.append(FieldSelection(["label"], option: "--label-field", corpus: corpus))
        }
        let averaged = f1Labels.map(Self.averagedLabels)
        let bootstrap = BootstrapSettings(replicates: replicates, seed: settings.seed)
        var predictions: Predictions
        let documentCount: Int
        if !holdsTexts {
            // Cross-validation from the counts: texts are dropped once counted (``CountedDocuments``).
            let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
            let counted = try readCounted(lexicon: lexicon, checking: checked, warnings: warnings, progress: progress)
            try checkLabels(counted.documents)
            predictions = try crossValidate(
                counted, lexicon: lexicon, averaged: averaged, warnings: warnings, progress: progress)
            documentCount = counted.documents.count
        } else {
            var documents = try CorpusReader.collect(
                paths: data, options: corpus, checking: checked, warnings: warnings)
            progress?("read \(documents.count) documents")
            if modelPath == nil {
                documents = CorpusCleaner(documentCleaner: cleaner, boilerplate: cleanBoilerplate).clean(
                    documents, threads: threads)
            }
            if let outletLabelling { documents = try outletLabelling.apply(to: documents, warnings: warnings) }
            try checkLabels(documents)
            if let modelPath {
                predictions = try heldOut(&documents, model: modelPath, averaged: averaged)
            } else if let dateSplit {
                predictions = try split(documents, by: dateSplit, averaged: averaged, progress: progress)
            } else {
                predictions = try crossValidate(documents, averaged: averaged, warnings: warnings, progress: progress)
            }
            documentCount = documents.count
        }
        predictions.settings["documents"] = .integer(documentCount)
        predictions.settings["data"] = .string(data.joined(separator: " "))
        predictions.settings["bootstrap_replicates"] = .integer(replicates)
        predictions.settings["seed"] = .string(String(settings.seed))
        if let f1Labels { predictions.settings["f1_labels"] = .string(f1Labels) }
        try finish(predictions, averaged: averaged, bootstrap: bootstrap, warnings: warnings, output: output)
    }

    /// Whether the evaluation needs the texts once they are counted: a held-out model and a date split score texts,
    /// near-duplicate detection compares them, and dropping outlet features refits a vocabulary on them; the boilerplate
    /// rule of `--clean` reads files twice (``RecurringLines``) but holds standard input or a FIFO. A plain
    /// cross-validation reads the corpus without keeping its texts.
    public var holdsTexts: Bool {
        modelPath != nil || dateSplit != nil || nearDuplicates != nil || settings.dropOutletFeatures != nil
            || (cleanBoilerplate != nil && !RecurringLines.canReadTwice(data))
    }

    /// Stops at the first document without a gold label.
    private func checkLabels(_ documents: [Document]) throws {
        for document in documents where document.label == nil {
            throw TrainingError.missingLabel(location: document.location, id: document.id, field: corpus.labelField)
        }
    }

    /// Prints the result tables of `predictions` and writes the files asked for.
    private func finish(
        _ predictions: Predictions, averaged: [String]?, bootstrap: BootstrapSettings, warnings: WarningSink,
        output: (String) throws -> Void
    ) throws {
        var result = try predictions.pooled.report(
            averagedLabels: averaged, folds: predictions.foldValues, bootstrap: bootstrap,
            settings: predictions.settings)
        var text = result.table()
        if let perGroup {
            let table = GroupTable(
                field: perGroup,
                values: predictions.rows.map {
                    ArticleScore.groupValue(perGroup, of: $0.article.document, language: $0.article.language)
                        ?? "(none)"
                }, gold: predictions.pooled.gold, probabilities: predictions.pooled.probabilities,
                labels: predictions.pooled.labels, minimumSize: minGroupSize, bootstrap: bootstrap,
                units: predictions.documentUnits)
            result.attach(table)
            text += "\n" + table.table()
        }
        if !predictions.choices.isEmpty { text += "\n" + EvaluationTables.cChoices(predictions.choices, rule: cRule) }
        if !predictions.nearDuplicateNote.isEmpty { text += "\n" + predictions.nearDuplicateNote }
        if let comparePath {
            text += "\n" + (try comparison(with: comparePath, predictions: predictions, averaged: averaged))
        }
        var expectation: ExpectationReport?
        if let expectPath {
            let floors = try Expectations(contentsOfFile: expectPath)
            let report = floors.check(result.metrics, perTarget: result.perTarget)
            expectation = report
            text += "\n" + report.description + "\n"
        }
        try output(text)

        if let jsonPath { try AtomicFile.write(result.jsonText(), to: jsonPath) }
        if let predictionsPath {
            try PredictionsFile.write(predictions.rows, labels: predictions.labels, to: predictionsPath)
        }
        if let reportDirectory {
            try writeReport(
                result, predictions: predictions, bootstrap: bootstrap, warnings: warnings, to: reportDirectory)
        }
        if let expectation, !expectation.passed {
            throw EvaluationError.expectationsNotMet(
                failed: expectation.failures.count, checks: expectation.checks.count)
        }
    }

    /// Scores `documents` with a trained model, after putting their gold labels into the model's (``labelMap``;
    /// documents mapped to `_drop` are left out of `documents`).
    private func heldOut(_ documents: inout [Document], model path: String, averaged: [String]?) throws -> Predictions {
        let model = try ModelFile.read(path: path)
        documents = try mapGoldLabels(
            documents, modelLabels: model.labels, labelMap: try labelMap.map(LabelMap.init(parsing:)) ?? LabelMap())
        var scorer = try ArticleScorer(model: model, threads: threads)
        if scorer.cleaner == nil, let cleaner { scorer.cleaner = cleaner }
        let scored = try scorer.score(documents)
        let labels = codePointSorted(Set(model.labels + documents.map { $0.label! }))
        try check(averaged, labels: labels)
        let positions = model.labels.map { labels.firstIndex(of: $0)! }
        let rows = scored.map { article in
            var probabilities = [Double](repeating: 0, count: labels.count)
            for (k, position) in positions.enumerated() { probabilities[position] = article.probabilities[k] }
            return PredictionRow(article: article, probabilities: probabilities, fold: nil, repetition: 0)
        }
        let groups = groupBy.map { field in
            scored.enumerated().map { index, article in
                ArticleScore.groupValue(field, of: article.document, language: article.language)
                    ?? "\u{0}document \(index)"
            }
        }
        let pooled = try PooledPredictions(
            documents: documents, probabilities: rows.map(\.probabilities), labels: labels, groups: groups)
        var settings: [String: SettingValue] = ["mode": .string("held-out"), "model": .string(path)]
        if let labelMap { settings["label_map"] = .string(labelMap) }
        return Predictions(labels: labels, rows: rows, pooled: pooled, settings: settings, model: model)
    }

    /// Trains on one side of `split`'s day and scores the other.
    private func split(
        _ documents: [Document], by split: DateSplit, averaged: [String]?, progress: ((String) -> Void)?
    ) throws -> Predictions {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
        let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        let outcome = try split.evaluate(documents, trainer: trainer, groupBy: groupBy, progress: progress)
        try check(averaged, labels: outcome.labels)
        let rows = zip(outcome.scored, outcome.probabilities).map {
            PredictionRow(article: $0, probabilities: $1, fold: nil, repetition: 0)
        }
        var map = SettingValue.flattening(settings.json)
        map["mode"] = .string("date split")
        map["split"] = .string(
            split.side == .before ? "train before \(split.day)" : "train on or after \(split.day)")
        map["train_documents"] = .integer(documents.count - outcome.test.count)
        map["test_documents"] = .integer(outcome.test.count)
        if let groupBy { map["group_by"] = .string(groupBy) }
        return Predictions(labels: outcome.labels, rows: rows, pooled: outcome.pooled, settings: map)
    }

    /// Cross-validates the training settings on `documents`.
    private func crossValidate(
        _ documents: [Document], averaged: [String]?, warnings: WarningSink, progress: ((String) -> Void)?
    ) throws -> Predictions {
        let lexicon = try StanceTrainer.loadLexicons(paths: lexiconPaths, normalization: settings.normalization)
        let (trainer, crossValidation) = try prepare(
            documents, lexicon: lexicon, averaged: averaged, warnings: warnings)
        let normalized = try StanceTrainer.normalize(documents, options: settings.normalization, threads: threads)
        progress?("normalised \(documents.count) documents")
        var nearDuplicateNote = ""
        let clustering = try nearDuplicates?.clusters(of: documents.map(\.text), threads: threads)
        if let clustering {
            let conflicts = clustering.conflicts(
                labels: documents.map(\.label), groups: crossValidation.groups(of: documents, normalized: normalized))
            nearDuplicateNote =
                "near-duplicates: \(clustering.clusters.count) clusters, "
                + "\(clustering.redundantDocumentCount) redundant documents, each cluster kept inside one fold\n"
                + clustering.conflictTable(conflicts, ids: documents.map(\.id))
        }
        let result = try crossValidation.run(
            documents, normalized: normalized, nearDuplicates: clustering, progress: progress)
        let model = reportDirectory != nil && !chooseC ? try trainer.train(documents, normalized: normalized) : nil
        return try predictions(
            of: result, documents: documents, model: model, nearDuplicateNote: nearDuplicateNote)
    }

    /// Cross-validates the training settings on documents read without their texts, counted with `lexicon`: the
    /// same predictions as from the documents with their texts.
    private func crossValidate(
        _ counted: CountedDocuments, lexicon: Lexicon?, averaged: [String]?, warnings: WarningSink,
        progress: ((String) -> Void)?
    ) throws -> Predictions {
        let documents = counted.documents
        let (trainer, crossValidation) = try prepare(
            documents, lexicon: lexicon, averaged: averaged, warnings: warnings)
        let result = try crossValidation.run(counted, progress: progress)
        let model =
            reportDirectory != nil && !chooseC
            ? try trainer.train(
                documents, normalized: nil, corpus: (counted.corpus, Array(documents.indices)),
                inputHash: counted.inputHash
            ).model : nil
        return try predictions(of: result, documents: documents, model: model, nearDuplicateNote: "")
    }

    /// Warns when labels follow sources and folds are not grouped, checks the averaged labels, and sets up the
    /// trainer and the cross-validation.
    private func prepare(
        _ documents: [Document], lexicon: Lexicon?, averaged: [String]?, warnings: WarningSink
    ) throws -> (StanceTrainer, CrossValidation) {
        if groupBy == nil,
            let warning = leakageWarning(labels: documents.map { $0.label! }, sources: documents.map(\.source))
        {
            warnings.warn(warning)
        }
        let trainer = StanceTrainer(settings: settings, lexicon: lexicon, threads: threads)
        try check(averaged, labels: codePointSorted(Set(documents.map { $0.label! })))
        var crossValidation = CrossValidation(
            trainer: trainer,
            settings: CrossValidationSettings(
                folds: folds, repeats: repeats, groupBy: groupBy, seed: settings.seed,
                cGrid: chooseC ? CrossValidationSettings.defaultCGrid : nil, innerFolds: innerFolds,
                averagedLabels: averaged, cRule: cRule))
        crossValidation.settings.recordsCTrace = chooseC && cTracePath != nil
        return (trainer, crossValidation)
    }

    /// The pooled predictions of a cross-validation and the settings they are reported with.
    private func predictions(
        of result: CrossValidationResult, documents: [Document], model: StanceModel?, nearDuplicateNote: String
    ) throws -> Predictions {
        if let cTracePath, !result.cTrace.isEmpty {
            let index = Dictionary(uniqueKeysWithValues: result.labels.enumerated().map { ($1, $0) })
            let averaged = f1Labels.map(Self.averagedLabels)
            try CTrace(
                metric: averaged == nil ? "macro_f1" : "f_avg", labels: result.labels, averagedLabels: averaged,
                innerFolds: innerFolds, groupBy: groupBy,
                gold: documents.map { index[$0.label!]! }, folds: result.cTrace
            ).write(to: cTracePath)
        }
        let rows = result.predictions.flatMap { repetition in
            repetition.map {
                PredictionRow(
                    article: $0.article, probabilities: $0.probabilities, fold: $0.fold, repetition: $0.repetition)
            }
        }
        var map = SettingValue.flattening(settings.json)
        map["mode"] = .string("cross-validation")
        map["folds"] = .integer(folds)
        map["repeats"] = .integer(repeats)
        if let groupBy { map["group_by"] = .string(groupBy) }
        if chooseC {
            map["C"] = .string("auto")
            map["inner_folds"] = .integer(innerFolds)
            map["C_rule"] = .string(cRule.rawValue)
            map["C_grid"] = .string(CrossValidationSettings.defaultCGrid.map { String($0) }.joined(separator: " "))
            for choice in result.cChoices {
                let key = "C_fold\(choice.repetition * folds + choice.fold + 1)"
                map[key] = .number(choice.chosen)
                map[key + "_curve"] = .string(choice.meanScore.map { String($0) }.joined(separator: " "))
                // The figure the rule ranked, when it is not the mean inner score: the chosen C is its best.
                if let curve = choice.ruleCurve {
                    map[key + "_rule_curve"] = .string(curve.map { String($0) }.joined(separator: " "))
                }
            }
        }
        return Predictions(
            labels: result.labels, rows: rows, pooled: try result.pooled(documents: documents),
            foldValues: result.foldValues, choices: result.cChoices, settings: map,
            nearDuplicateNote: nearDuplicateNote, model: model)
    }

    private func check(_ averaged: [String]?, labels: [String]) throws {
        for label in averaged ?? [] where !labels.contains(label) {
            throw EvaluationError.unknownAveragedLabel(label, labels: labels)
        }
    }

    /// Paired bootstrap against another run's predictions file, matched by id and repeat.
    private func comparison(with path: String, predictions: Predictions, averaged: [String]?) throws -> String {
        let other = try PredictionsFile.read(path: path)
        let pooled = predictions.pooled
        let second = try predictions.rows.map { row -> [Double] in
            let id = row.article.document.id
            guard let found = other[PredictionsFile.key(id: id, repetition: row.repetition)] else {
                throw EvaluationError.missingPrediction(file: path, id: id, repetition: row.repetition)
            }
            return pooled.labels.map { found[$0] ?? 0 }
        }
        var metrics: [HeadlineMetric] = [.accuracy, .macroF1, .logLoss]
        if averaged != nil { metrics.insert(.fAvg, at: 2) }
        let outcomes = try metrics.map { metric in
            try pairedBootstrap(
                gold: pooled.gold, first: pooled.probabilities, second: second, labels: pooled.labels,
                metric: metric, averagedLabels: averaged, groups: pooled.clusters,
                settings: BootstrapSettings(replicates: replicates, seed: settings.seed))
        }
        return EvaluationTables.comparison(outcomes, path: path, replicates: replicates)
    }

    /// Writes `report.html` and its figures as SVG files into `directory` (``EvaluationPage``), from the first
    /// repeat's predictions, listing every warning and note of the run.
    private func writeReport(
        _ result: EvaluationReport, predictions: Predictions, bootstrap: BootstrapSettings, warnings: WarningSink,
        to directory: String
    ) throws {
        let title =
            if modelPath != nil { "stance eval: held-out" } else if let dateSplit {
                "stance eval: out-of-time split (\(dateSplit.side == .before ? "train before" : "train on or after") \(dateSplit.day))"
            } else { "stance eval: \(folds)-fold cross-validation" }
        try EvaluationPage.write(
            to: directory, title: title, report: result,
            predictions: predictions.rows.filter { $0.repetition == 0 }.map { row in
                EvaluationPage.Prediction(
                    document: row.article.document, language: row.article.language, probabilities: row.probabilities,
                    duplicateKey: row.article.fingerprint.high ^ row.article.fingerprint.low)
            }, order: reportOrder, bootstrap: bootstrap, commandLine: commandLine, inputs: data,
            warnings: warnings.messages.map(\.text), model: predictions.model)
    }
}

extension SettingValue {
    /// The members of a JSON object as settings: booleans as `true`/`false` text, `null` members left out.
    static func flattening(_ json: JSON) -> [String: SettingValue] {
        guard case .object(let members) = json else { return [:] }
        var map: [String: SettingValue] = [:]
        for (key, value) in members {
            switch value {
            case .bool(let flag): map[key] = .string(flag ? "true" : "false")
            case .int(let number): map[key] = .integer(number)
            case .double(let number): map[key] = .number(number)
            case .string(let text): map[key] = .string(text)
            case .null, .array, .object: continue
            }
        }
        return map
    }
}
