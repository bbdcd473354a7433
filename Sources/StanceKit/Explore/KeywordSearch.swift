/// `stance kwic` over a corpus held in memory: the hits, a sample of them, and counts per group.
public struct KeywordSearch: Sendable {
    /// The hits of one group of documents (``KeywordSearch/groups``).
    public struct GroupRow: Sendable, Equatable {
        /// The group's value of each field (`(none)` for a record without it).
        public var key: [String]
        public var documents: Int
        /// Documents with at least one hit.
        public var documentsWithHits: Int
        public var hits: Int
        public var quotedHits: Int
    }

    /// What a search found.
    public struct Result: Sendable {
        /// Every hit, in corpus order (or the sample, with `sample`).
        public var hits: [KeywordInContext.Hit]
        /// The number of hits before sampling.
        public var totalHits: Int
        /// Counts per group, with `groups`: in time order when a field is `month` or `year`, else by hits,
        /// most first, ties in code point order of the key.
        public var groupRows: [GroupRow]
        /// Notes for standard error: records that lack a grouping field.
        public var notes: [String]
        /// Documents left out because a date used for grouping was unreadable (``CorpusOptions/skipInvalid``).
        public var skippedDates: Int
    }

    public var search: KeywordInContext
    public var groups: FieldSelection?
    /// Draw this many hits (`--sample`), with `seed`.
    public var sample: Int?
    public var seed: UInt64
    public var skipInvalid: Bool

    public init(
        search: KeywordInContext, groups: FieldSelection? = nil, sample: Int? = nil, seed: UInt64 = 1,
        skipInvalid: Bool = false
    ) {
        self.search = search
        self.groups = groups
        self.sample = sample
        self.seed = seed
        self.skipInvalid = skipInvalid
    }

    /// Searches `documents`, whose normalised texts are `texts`.
    ///
    /// - Throws: ``CorpusError`` for an unreadable date where a group needs it (unless `skipInvalid`).
    public func run(documents: [Document], texts: [NormalizedText]) throws -> Result {
        var hits: [KeywordInContext.Hit] = []
        var keys: [[String?]] = []
        var skippedDates = 0
        var rows: [[String]: GroupRow] = [:]
        for (index, (document, text)) in zip(documents, texts).enumerated() {
            var key: [String]?
            if let groups {
                do {
                    let values = try groups.values(of: document, language: text.language.rawValue)
                    keys.append(values)
                    key = values.map { $0 ?? "(none)" }
                } catch let error {
                    guard skipInvalid, case .invalidRecord(_, .unreadableDate) = error else { throw error }
                    skippedDates += 1
                    continue
                }
            }
            let found = search.hits(index: index, id: document.id, original: document.text, normalized: text)
            hits += found
            if let key {
                var row = rows[key] ?? GroupRow(key: key, documents: 0, documentsWithHits: 0, hits: 0, quotedHits: 0)
                row.documents += 1
                row.documentsWithHits += found.isEmpty ? 0 : 1
                row.hits += found.count
                row.quotedHits += found.count { $0.quoted }
                rows[key] = row
            }
        }
        let total = hits.count
        if let sample { hits = KeywordInContext.sample(hits, count: sample, seed: seed) }
        var groupRows = Array(rows.values)
        if let groups, groups.names.contains(where: FieldSelection.isTime) {
            groupRows.sort { FieldSelection.keyPrecedes($0.key, $1.key) }
        } else {
            groupRows.sort { $0.hits != $1.hits ? $0.hits > $1.hits : FieldSelection.keyPrecedes($0.key, $1.key) }
        }
        return Result(
            hits: hits, totalHits: total, groupRows: groupRows, notes: groups?.missingNotes(keys) ?? [],
            skippedDates: skippedDates)
    }
}
