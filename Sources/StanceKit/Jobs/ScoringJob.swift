/// `stance score`: rates the articles of a corpus as they are read, writing one JSON line each, and with
/// ``groupBy`` aggregates them into one row per group (``SourceAggregation``).
public struct ScoringJob: Sendable {
    /// How the group table is written.
    public enum GroupFormat: String, CaseIterable, Sendable { case table, tsv, json }

    /// Corpus files (`-` for standard input).
    public var files: [String]
    public var corpus: CorpusOptions
    /// The model file (``ModelLocation/resolve(explicit:environment:installation:)``).
    public var modelPath: String
    /// Features listed per article (`--explain`).
    public var explain: Int
    public var minimumEvidence: Double?
    /// Grouping fields (`--by`), or `nil` for article lines only.
    public var groupBy: [String]?
    public var format: GroupFormat
    /// With ``groupBy``: also write each article's line to this file, atomically.
    public var articlesPath: String?
    public var bootstrap: BootstrapSettings
    public var threads: ThreadBudget
    /// Under ``groupBy``: near-duplicate detection, so that a cluster counts once per group (as identical texts do);
    /// `nil` merges identical texts only.
    public var nearDuplicates: NearDuplicateSettings?
    /// A directory for `report.html` and its SVG figures (``ScoreReport``), if any.
    public var reportDirectory: String?
    /// The report's position scale: the labels in order (e.g. left, center, right), or `nil`.
    public var reportOrder: [String]?
    /// The command line as given, for the report's provenance.
    public var commandLine: [String]

    /// Features the report's evidence section lists per article at least.
    static let reportExplain = 10
    /// Which cleaning each text gets before it is rated.
    public var cleaning: CleaningChoice = .asModel

    /// Which cleaning `stance score` applies: the model's own (a model trained with `--clean` cleans as it was
    /// trained), the model's else a given cleaner (`--clean`), or none (`--no-clean`).
    public enum CleaningChoice: Sendable {
        case asModel
        case asModelElse(DocumentCleaner)
        case off
    }

    public init(
        files: [String], corpus: CorpusOptions, modelPath: String, explain: Int = 0, minimumEvidence: Double? = nil,
        groupBy: [String]? = nil, format: GroupFormat = .table, articlesPath: String? = nil,
        bootstrap: BootstrapSettings = BootstrapSettings(), threads: ThreadBudget = .single,
        nearDuplicates: NearDuplicateSettings? = nil, reportDirectory: String? = nil, reportOrder: [String]? = nil,
        commandLine: [String] = []
    ) {
        self.files = files
        self.corpus = corpus
        self.modelPath = modelPath
        self.explain = explain
        self.minimumEvidence = minimumEvidence
        self.groupBy = groupBy
        self.format = format
        self.articlesPath = articlesPath
        self.bootstrap = bootstrap
        self.threads = threads
        self.nearDuplicates = nearDuplicates
        self.reportDirectory = reportDirectory
        self.reportOrder = reportOrder
        self.commandLine = commandLine
    }

    /// Articles rated at once: output is also flushed whenever the input pauses, so `stance score` can stand inside
    /// a pipe.
    static let batchSize = 512

    /// Rates every article, writing article lines (to `output`, or to ``articlesPath`` under ``groupBy``) and then
    /// the group table to `output`; with ``reportDirectory``, then writes the report, which lists every warning and
    /// note of the run.
    ///
    /// Lines already read are rated and written before an error stops the run; an articles file is then left as it
    /// was.
    ///
    /// - Throws: the errors of reading and of ``ModelFile/read(path:)``, ``FieldError`` (exit 64) for a `--by`
    ///   field no record carries, ``ScoringError`` for an article whose
    ///   target has no sub-model (skipped with a note under `--skip-invalid`), ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink) throws {
        let model = try ModelFile.read(path: modelPath)
        var scorer = try ArticleScorer(
            model: model, explain: reportDirectory == nil ? explain : max(explain, Self.reportExplain),
            minimumEvidence: minimumEvidence ?? model.supplement.minimumEvidence, threads: threads)
        switch cleaning {
        case .asModel: break
        case .asModelElse(let cleaner): if scorer.cleaner == nil { scorer.cleaner = cleaner }
        case .off: scorer.cleaner = nil
        }
        var selection = groupBy.map {
            FieldSelection($0, option: "--by", corpus: corpus, dates: DateParser(order: corpus.dateOrder))
        }
        var reading = corpus
        reading.keptFields.formUnion(selection?.keptFields ?? [])
        let reader = try CorpusReader(paths: files.isEmpty ? ["-"] : files, options: reading)
        var aggregate = Aggregate()
        if let articlesPath {
            try AtomicFile.write(to: articlesPath) { articles in
                try rate(
                    reader, scorer: scorer, lines: articles, selection: &selection, aggregate: &aggregate,
                    warnings: warnings)
            }
        } else {
            try rate(
                reader, scorer: scorer, lines: groupBy == nil ? output : nil, selection: &selection,
                aggregate: &aggregate, warnings: warnings)
        }
        var aggregation: SourceAggregation?
        if let groupBy, var selection {
            try selection.check(carried: reader.fieldNames)
            for note in selection.missingNotes(aggregate.values) { warnings.note(note) }
            var aggregateInput = aggregate.articles
            if let nearDuplicates {
                let clustering = try NearDuplicateDetector(settings: nearDuplicates).clusters(
                    of: aggregate.texts, threads: threads)
                let merged = clustering.mergedKeys(aggregateInput.map(\.duplicateKey))
                for index in aggregateInput.indices { aggregateInput[index].duplicateKey = merged[index] }
            }
            let table = try SourceAggregation(
                articles: aggregateInput, labels: model.labels, groupBy: groupBy, settings: bootstrap,
                rates: Quantification.rates(of: model))
            if table.rates == nil { warnings.note(Quantification.missingRatesNote(model)) }
            switch format {
            case .table: try output.write(table.table())
            case .tsv: try output.write(table.tsv())
            case .json: try output.write(table.jsonText())
            }
            aggregation = table
        }
        if let reportDirectory {
            try ScoreReport.write(
                to: reportDirectory, articles: aggregate.scored, model: model, order: reportOrder,
                aggregation: aggregation, bootstrap: bootstrap, commandLine: commandLine,
                inputs: files.isEmpty ? ["-"] : files,
                settings: [
                    ("model", modelPath), ("model format version", String(model.formatVersion)),
                    ("model settings", model.settings.json.rendered()),
                    ("by", groupBy?.joined(separator: ",") ?? "none"),
                    ("min evidence", minimumEvidence.map { String($0) } ?? "none"), ("explain", String(explain)),
                    ("bootstrap replicates", String(bootstrap.replicates)), ("seed", String(bootstrap.seed)),
                    ("order", reportOrder?.joined(separator: ",") ?? "none"), ("threads", String(threads.count)),
                ], warnings: warnings.messages.map(\.text))
        }
        try output.flush()
    }

    /// What grouping collects: each article's aggregation input and its values of the grouping fields.
    private struct Aggregate {
        var articles: [ArticleScore] = []
        var values: [[String?]] = []
        /// The articles' texts, kept only for near-duplicate detection.
        var texts: [String] = []
        /// The scored articles, kept only for a report.
        var scored: [ScoredArticle] = []
    }

    /// Rates what `reader` yields, writing each article's line to `lines` and, under ``groupBy``, collecting its
    /// aggregation input (an article whose date cannot be read is skipped with a note under `--skip-invalid`).
    private func rate(
        _ reader: CorpusReader, scorer: ArticleScorer, lines: BufferedWriter?, selection: inout FieldSelection?,
        aggregate: inout Aggregate, warnings: WarningSink
    ) throws {
        var skippedTargets = 0
        var skippedDates = 0
        var pending: [Document] = []
        func flushPending() throws {
            guard !pending.isEmpty else { return }
            let scored = try scorer.score(pending)
            pending.removeAll(keepingCapacity: true)
            if reportDirectory != nil { aggregate.scored += scored }
            for article in scored {
                try lines?.write(article.json(labels: scorer.model.labels, explain: explain > 0).rendered() + "\n")
                if let selection {
                    let values: [String?]
                    do {
                        values = try selection.values(of: article.document, language: article.language.rawValue)
                    } catch {
                        guard corpus.skipInvalid, case .invalidRecord(_, .unreadableDate) = error else { throw error }
                        skippedDates += 1
                        continue
                    }
                    var keys: [String: String] = [:]
                    for (field, value) in zip(selection.names, values) where value != nil { keys[field] = value }
                    aggregate.values.append(values)
                    aggregate.articles.append(ArticleScore(article, keys: keys))
                    if nearDuplicates != nil { aggregate.texts.append(article.document.text) }
                }
            }
            try lines?.flush()
        }
        do {
            while let document = try reader.next() {
                if reader.documentCount == 1 { selection?.prepare(carried: reader.fieldNames) }
                do {
                    try scorer.check(document)
                } catch is ScoringError where corpus.skipInvalid {
                    skippedTargets += 1
                    continue
                }
                pending.append(document)
                if pending.count >= Self.batchSize || !reader.hasBufferedInput { try flushPending() }
            }
            try flushPending()
        } catch {
            try? flushPending()
            try? lines?.flush()
            throw error
        }
        reader.reportSkipped(to: warnings)
        if skippedTargets > 0 {
            warnings.note(
                "skipped \(skippedTargets) record\(skippedTargets == 1 ? "" : "s"): target without a sub-model")
        }
        if skippedDates > 0 {
            warnings.note("skipped \(skippedDates) record\(skippedDates == 1 ? "" : "s"): unreadable date")
        }
    }
}
