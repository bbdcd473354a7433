/// A run of input records taken from parsing to rendered article lines on one thread
/// (``ArticleScorer/score(records:plan:)``), for a consumer that then counts them in input order: it absorbs
/// each record (``CorpusReader/absorb(_:)``), and for each document either skips or stops at its ``Rating/failure``
/// or writes its line and adds its article.
///
/// Every rating is what ``ArticleScorer/score(_:)`` gives the same document in any batch, so the lines are byte for
/// byte those of rating the documents in line.
struct ScoredRecords: Sendable {
    /// What became of one record.
    enum Rating: Sendable {
        /// Not a document (an invalid record or the end of an input): nothing to rate.
        case none
        /// A document that cannot be rated (``ArticleScorer/check(_:)``).
        case failure(ScoringError)
        /// A document rated: its place in ``lineEnds`` (and in ``articles`` when they are kept).
        case article(Int)
    }

    /// Each record parsed, in input order, for ``CorpusReader/absorb(_:)``; documents without their texts.
    var records: [ParsedRecord] = []
    var ratings: [Rating] = []
    /// The rated articles, when ``Plan/keepsArticles``; a text is kept only with ``Plan/keepsTexts``, and each
    /// article's fingerprint is set (computed here from its text).
    var articles: [ScoredArticle] = []
    /// The article lines one after the other, each ending in a line feed, when ``Plan/rendersLines``; article `k`'s
    /// line ends at `lineEnds[k]`.
    var lines: [UInt8] = []
    var lineEnds: [Int] = []

    /// Article `k`'s line (with its line feed).
    func line(_ k: Int) -> ArraySlice<UInt8> {
        lines[(k == 0 ? 0 : lineEnds[k - 1])..<lineEnds[k]]
    }

    /// What the consumer needs of the records.
    struct Plan: Sendable {
        /// Input fields left out of the documents (those an article line shows under its own name already).
        var omittedFields: Set<String>
        /// Render each article's line (``ScoredArticle/articleLine(labels:explain:)``), with its evidence.
        var rendersLines: Bool
        var explain: Bool
        /// Keep the rated articles (for grouping, a report or near-duplicate detection), with their texts.
        var keepsArticles: Bool
        var keepsTexts: Bool
    }
}

extension ArticleScorer {
    /// Parses `records`, then rates their documents and renders their lines as `plan` asks, all on the calling
    /// thread (whatever ``threads`` says): a document stays on one thread from its record's bytes to its line.
    ///
    /// - Complexity: linear in the records' length, as ``score(_:)``.
    func score(records: [UnparsedRecord], plan: ScoredRecords.Plan) -> ScoredRecords {
        var scorer = self
        scorer.threads = .single
        var result = ScoredRecords()
        result.records.reserveCapacity(records.count)
        result.ratings.reserveCapacity(records.count)
        var documents: [Document] = []
        var rated = 0
        for unparsed in records {
            var record = unparsed.parsed()
            guard case .document(var document)? = record.outcome else {
                result.records.append(record)
                result.ratings.append(.none)
                continue
            }
            for name in plan.omittedFields { document.fields[name] = nil }
            if let failure = failure(of: document) {
                result.ratings.append(.failure(failure))
            } else {
                documents.append(document)
                result.ratings.append(.article(rated))
                rated += 1
            }
            // The consumer only counts the record: its text is not carried back.
            document.text = ""
            document.rawRecord = nil
            record.outcome = .document(document)
            result.records.append(record)
        }
        guard !documents.isEmpty else { return result }
        // Every document passed `check`, so rating cannot fail.
        let articles = try! scorer.score(documents)
        for var article in articles {
            // The fingerprint (a pass over the text) is computed once, here, for the line and for the consumer.
            article.fingerprint = article.fingerprint
            if plan.rendersLines {
                var line = article.articleLine(labels: model.labels, explain: plan.explain).rendered()
                line.withUTF8 { result.lines.append(contentsOf: $0) }
                result.lines.append(0x0A)
                result.lineEnds.append(result.lines.count)
            }
            if plan.keepsArticles {
                if !plan.keepsTexts { article.document.text = "" }
                result.articles.append(article)
            }
        }
        return result
    }
}
