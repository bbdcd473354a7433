/// `stance aggregate`: the `--by` table of `stance score`'s article lines, so that scoring (a filter, which can run
/// in pieces, e.g. one Spark partition each) is apart from aggregation (which needs every article of a group).
///
/// The table is built by ``ScoreGrouping``, as `score --by` builds it, from the text-less articles the lines give
/// back (``ArticleLineReader``): read in the order `score` wrote them, `score --by X` and
/// `score | aggregate --by X` print the same bytes. Adjusted shares need the rates of the model that rated the
/// articles (`--model`); without it the table has none and a note says so.
public struct AggregateJob: Sendable {
    /// Article-line files (`-` for standard input), read in order.
    public var files: [String]
    public var groupBy: [String]
    public var format: ScoringJob.GroupFormat
    /// The model that rated the articles, for its rates (``Quantification/rates(of:)``), or `nil`.
    public var modelPath: String?
    public var bootstrap: BootstrapSettings
    /// How `month` and `year` read numeric day-month dates.
    public var dateOrder: DateParser.Order?
    /// Skip bad lines and articles whose date cannot be read (counted in a note) instead of stopping.
    public var skipInvalid: Bool
    /// A directory for `report.html` and its SVG figures (``ScoreReport``), if any.
    public var reportDirectory: String?
    public var reportOrder: [String]?
    /// The command line as given, for the report's provenance.
    public var commandLine: [String]

    public init(
        files: [String], groupBy: [String], format: ScoringJob.GroupFormat = .table, modelPath: String? = nil,
        bootstrap: BootstrapSettings = BootstrapSettings(), dateOrder: DateParser.Order? = nil,
        skipInvalid: Bool = false, reportDirectory: String? = nil, reportOrder: [String]? = nil,
        commandLine: [String] = []
    ) {
        self.files = files
        self.groupBy = groupBy
        self.format = format
        self.modelPath = modelPath
        self.bootstrap = bootstrap
        self.dateOrder = dateOrder
        self.skipInvalid = skipInvalid
        self.reportDirectory = reportDirectory
        self.reportOrder = reportOrder
        self.commandLine = commandLine
    }

    /// Reads every line, then writes the table to `output` (and the report).
    ///
    /// - Throws: ``CorpusError`` for a missing or unreadable file, ``ArticleLineError`` (exit 65) for a bad line,
    ///   ``FieldError`` (exit 64) for a `--by` field no line carries, ``AggregateError`` when there is no line or
    ///   the model's labels are not the lines', the errors of ``ModelFile/read(path:)``, ``IOFailure``.
    public func run(output: BufferedWriter, warnings: WarningSink) throws {
        let model = try modelPath.map { try ModelFile.read(path: $0) }
        var corpus = CorpusOptions()
        corpus.dateOrder = dateOrder
        corpus.skipInvalid = skipInvalid
        var grouping = ScoreGrouping(fields: groupBy, corpus: corpus)
        let inputs = files.isEmpty ? ["-"] : files
        let reader = ArticleLineReader(paths: inputs, skipInvalid: skipInvalid)
        var scored: [ScoredArticle] = []
        while let article = try reader.next() {
            try grouping.add(article) { reader.fieldNames }
            if reportDirectory != nil { scored.append(article) }
        }
        reader.reportSkipped(to: warnings)
        guard let labels = reader.labels ?? model?.labels else {
            try grouping.check(carried: reader.fieldNames)
            throw AggregateError.noArticles(paths: inputs)
        }
        if let model, let modelPath, model.labels != labels {
            throw AggregateError.labelsDiffer(model: modelPath, modelLabels: model.labels, lineLabels: labels)
        }
        let rates = model.flatMap(Quantification.rates(of:))
        let table = try grouping.table(
            carried: reader.fieldNames, labels: labels, rates: rates, bootstrap: bootstrap, warnings: warnings)
        if rates == nil {
            warnings.note(
                model.map(Quantification.missingRatesNote)
                    ?? "no adjusted shares: give --model, the model that rated the articles, for its rates")
        }
        try output.write(ScoreGrouping.rendered(table, format: format))
        if let reportDirectory {
            try ScoreReport.write(
                to: reportDirectory, articles: scored, labels: labels, order: reportOrder, aggregation: table,
                bootstrap: bootstrap, commandLine: commandLine, inputs: inputs,
                settings: [
                    ("model", modelPath ?? "none"), ("by", groupBy.joined(separator: ",")),
                    ("bootstrap replicates", String(bootstrap.replicates)), ("seed", String(bootstrap.seed)),
                    ("order", reportOrder?.joined(separator: ",") ?? "none"),
                ], warnings: warnings.messages.map(\.text))
        }
        try output.flush()
    }
}

/// Why `stance aggregate` cannot build a table (exit status 65).
public enum AggregateError: StanceFailure, Equatable {
    /// The inputs hold no article line (and no `--model` gives the labels).
    case noArticles(paths: [String])
    /// `--model` is not the model that rated the lines.
    case labelsDiffer(model: String, modelLabels: [String], lineLabels: [String])

    public var exitStatus: ExitStatus { .dataError }

    public var description: String {
        switch self {
        case .noArticles(let paths):
            "\(paths.joined(separator: ", ")): no article line to aggregate"
        case .labelsDiffer(let model, let modelLabels, let lineLabels):
            "\(model): the model's labels (\(modelLabels.joined(separator: ", "))) are not those of the article "
                + "lines (\(lineLabels.joined(separator: ", "))): give the model that rated them"
        }
    }
}

/// What `--by` keeps of each rated article, and the table it makes of them: the one implementation behind
/// `stance score --by` and `stance aggregate`.
///
/// Each article's values of the grouping fields are read as it arrives (``FieldSelection/values(of:language:)``),
/// from the document `score` read or from the text-less one of an article line, which carries the same fields:
/// `score` and `aggregate` differ only in where the articles come from. An article counts once per group under its
/// duplicate key (``ScoredArticle/nearDuplicateCluster`` when set, else its text's fingerprint).
public struct ScoreGrouping: Sendable {
    public private(set) var selection: FieldSelection
    let skipInvalid: Bool
    private var prepared = false
    private var articles: [ArticleScore] = []
    private var values: [[String?]] = []
    private var skippedDates = 0

    /// Groups by `fields`, read with `corpus`'s field names and date order; under its `skipInvalid`, an article
    /// whose date cannot be read for `month` or `year` is skipped and counted.
    public init(fields: [String], corpus: CorpusOptions) {
        selection = FieldSelection(
            fields, option: "--by", corpus: corpus, dates: DateParser(order: corpus.dateOrder))
        skipInvalid = corpus.skipInvalid
    }

    /// Adds one rated article. `carried` gives the fields the records read so far carry; it is asked at the first
    /// article, to decide which derived names (`lang`, `month`, …) the input carries itself.
    ///
    /// - Throws: ``CorpusError`` for a date that `month` or `year` cannot read (unless skipped).
    public mutating func add(_ article: ScoredArticle, carried: () -> [String]) throws(CorpusError) {
        if !prepared {
            selection.prepare(carried: carried())
            prepared = true
        }
        let values: [String?]
        do {
            values = try selection.values(of: article.document, language: article.language.rawValue)
        } catch {
            guard skipInvalid, case .invalidRecord(_, .unreadableDate) = error else { throw error }
            skippedDates += 1
            return
        }
        var keys: [String: String] = [:]
        for (field, value) in zip(selection.names, values) where value != nil { keys[field] = value }
        self.values.append(values)
        articles.append(ArticleScore(article, keys: keys))
    }

    /// Checks the fields against those the records carry (``FieldSelection/check(carried:)``).
    public mutating func check(carried: [String]) throws(FieldError) {
        try selection.check(carried: carried)
    }

    /// The table of the articles added, with notes on `warnings` for skipped articles and for fields some records
    /// lack.
    ///
    /// - Throws: ``FieldError`` for a field no record carries; the errors of ``SourceAggregation``.
    public mutating func table(
        carried: [String], labels: [String], rates: ModelRates?, bootstrap: BootstrapSettings,
        warnings: WarningSink
    ) throws -> SourceAggregation {
        if skippedDates > 0 {
            warnings.note("skipped \(skippedDates) record\(skippedDates == 1 ? "" : "s"): unreadable date")
        }
        try check(carried: carried)
        for note in selection.missingNotes(values) { warnings.note(note) }
        if case .perTarget(let byTarget)? = rates {
            let missing = Set(articles.compactMap(\.target)).subtracting(byTarget.keys)
            if !missing.isEmpty {
                warnings.note(
                    "no adjusted shares for groups with articles of "
                        + missing.sortedByCodePoint().map { "'\($0)'" }.joined(separator: ", ")
                        + ": the model stores no rates for \(missing.count == 1 ? "that target" : "those targets")")
            }
        }
        return try SourceAggregation(
            articles: articles, labels: labels, groupBy: selection.names, settings: bootstrap, rates: rates)
    }

    /// The table as `--format` asks.
    public static func rendered(_ table: SourceAggregation, format: ScoringJob.GroupFormat) -> String {
        switch format {
        case .table: table.table()
        case .tsv: table.tsv()
        case .json: table.jsonText()
        }
    }
}
