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
    /// Near-duplicate detection, so that a cluster counts once per group (as identical texts do), under ``groupBy``
    /// or later in `stance aggregate` (the article lines then wait for the clusters and name them); `nil` merges
    /// identical texts only.
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
        var grouping = groupBy.map { ScoreGrouping(fields: $0, corpus: corpus) }
        var reading = corpus
        reading.keptFields.formUnion(grouping?.selection.keptFields ?? [])
        // Article lines carry every input field but the text (``ScoredArticle/articleLine(labels:explain:)``).
        reading.keepAllFields = true
        let reader = try CorpusReader(paths: files.isEmpty ? ["-"] : files, options: reading)
        var aggregate = Aggregate()
        if let articlesPath {
            try AtomicFile.write(to: articlesPath) { articles in
                try rate(
                    reader, scorer: scorer, lines: articles, grouping: &grouping, aggregate: &aggregate,
                    warnings: warnings)
            }
        } else {
            try rate(
                reader, scorer: scorer, lines: groupBy == nil ? output : nil, grouping: &grouping,
                aggregate: &aggregate, warnings: warnings)
        }
        var aggregation: SourceAggregation?
        if var grouping {
            let table = try grouping.table(
                carried: reader.fieldNames, labels: model.labels, rates: Quantification.rates(of: model),
                bootstrap: bootstrap, warnings: warnings)
            if table.rates == nil { warnings.note(Quantification.missingRatesNote(model)) }
            try output.write(ScoreGrouping.rendered(table, format: format))
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

    /// What the run keeps of the articles beyond ``ScoreGrouping``.
    private struct Aggregate {
        /// Under near-duplicate detection, the articles without their texts, held until the clusters are known.
        var held: [ScoredArticle] = []
        /// The articles' texts, kept only for near-duplicate detection.
        var texts: [String] = []
        /// The scored articles, kept only for a report.
        var scored: [ScoredArticle] = []
    }

    /// Rates what `reader` yields, writing each article's line to `lines` and, under ``groupBy``, adding it to
    /// `grouping` (an article whose date cannot be read is skipped with a note under `--skip-invalid`). Under
    /// ``nearDuplicates`` the lines wait for the clusters, found once every article is read.
    private func rate(
        _ reader: CorpusReader, scorer: ArticleScorer, lines: BufferedWriter?, grouping: inout ScoreGrouping?,
        aggregate: inout Aggregate, warnings: WarningSink
    ) throws {
        var skippedTargets = 0
        var pending: [Document] = []
        // Input fields the line shows under their own name already, and the saved web page.
        let shown = [
            (corpus.idField, "id"), (corpus.labelField, "label"), (corpus.sourceField, "source"),
            (corpus.targetField, "target"), (corpus.dateField, "date"),
        ]
        let omitted = Set(shown.filter { $0.0 == $0.1 }.map(\.0) + [corpus.htmlField])
        // The field names known once the first record is read: they decide which derived names (`lang`, `month`,
        // …) the input carries itself, the same at any thread count however far reading has run ahead.
        var firstFields: [String]?
        func flushPending() throws {
            guard !pending.isEmpty else { return }
            let scored = try scorer.score(pending)
            pending.removeAll(keepingCapacity: true)
            if reportDirectory != nil { aggregate.scored += scored }
            guard nearDuplicates == nil else {
                // The lines wait for the clusters.
                for article in scored {
                    aggregate.texts.append(article.document.text)
                    var held = article
                    held.fingerprint = article.fingerprint
                    held.document.text = ""
                    aggregate.held.append(held)
                }
                return
            }
            // The lines are rendered on all threads and written in input order.
            let (labels, explains) = (scorer.model.labels, explain > 0)
            let rendered =
                lines == nil
                ? []
                : parallelMap(count: scored.count, threads: threads) {
                    scored[$0].articleLine(labels: labels, explain: explains).rendered() + "\n"
                }
            for (position, article) in scored.enumerated() {
                if let lines { try lines.write(rendered[position]) }
                try grouping?.add(article) { firstFields ?? [] }
            }
            try lines?.flush()
        }
        // An article rated on a worker (``ScoringPipeline``), with its fingerprint set: kept for the report, held for
        // the near-duplicate clusters, or grouped, as `flushPending` does with a batch.
        func keep(_ article: ScoredArticle) throws {
            if reportDirectory != nil { aggregate.scored.append(article) }
            guard nearDuplicates == nil else {
                aggregate.texts.append(article.document.text)
                var held = article
                held.document.text = ""
                aggregate.held.append(held)
                return
            }
            try grouping?.add(article) { firstFields ?? [] }
        }
        func take(_ document: Document) throws {
            var document = document
            for name in omitted { document.fields[name] = nil }
            do {
                try scorer.check(document)
            } catch is ScoringError where corpus.skipInvalid {
                skippedTargets += 1
                return
            }
            pending.append(document)
        }
        do {
            if threads.count > 1 {
                // Each chunk of records goes from its bytes to its rendered lines on one worker; the chunks come
                // back here in input order, to be counted, written and grouped while the workers go on.
                let plan = ScoredRecords.Plan(
                    omittedFields: omitted, rendersLines: lines != nil && nearDuplicates == nil, explain: explain > 0,
                    keepsArticles: grouping != nil || reportDirectory != nil || nearDuplicates != nil,
                    keepsTexts: reportDirectory != nil || nearDuplicates != nil)
                let pipeline = ScoringPipeline.start(
                    reader: reader, scorer: scorer, plan: plan, threads: threads, batchSize: Self.batchSize)
                defer { pipeline.stop() }
                while let chunk = pipeline.next() {
                    let scored = chunk.scored
                    for (position, record) in scored.records.enumerated() {
                        guard try reader.absorb(record) != nil else { continue }
                        if reader.documentCount == 1 { firstFields = reader.fieldNames }
                        switch scored.ratings[position] {
                        case .none: continue
                        case .failure(let failure):
                            guard corpus.skipInvalid else { throw failure }
                            skippedTargets += 1
                        case .article(let k):
                            if plan.rendersLines { try lines?.write(bytes: scored.line(k)) }
                            if plan.keepsArticles { try keep(scored.articles[k]) }
                        }
                    }
                    if chunk.endsBatch { try lines?.flush() }
                    if let failure = chunk.failure { throw failure }
                    if chunk.isLast { try reader.checkNotEmpty() }
                }
                pipeline.waitForWorkers()
            } else {
                while let document = try reader.next() {
                    if reader.documentCount == 1 { firstFields = reader.fieldNames }
                    try take(document)
                    if pending.count >= Self.batchSize || !reader.hasBufferedInput { try flushPending() }
                }
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
        if let nearDuplicates {
            let clustering = try nearDuplicates.clusters(of: aggregate.texts, threads: threads)
            aggregate.texts = []
            for cluster in clustering.clusters {
                let representative = aggregate.held[cluster.representative].fingerprint
                for member in cluster.documents {
                    aggregate.held[member].nearDuplicateCluster = representative
                    if reportDirectory != nil { aggregate.scored[member].nearDuplicateCluster = representative }
                }
            }
            for article in aggregate.held {
                try lines?.write(
                    article.articleLine(labels: scorer.model.labels, explain: explain > 0).rendered() + "\n")
                try grouping?.add(article) { firstFields ?? reader.fieldNames }
            }
            aggregate.held = []
            try lines?.flush()
        }
    }
}
