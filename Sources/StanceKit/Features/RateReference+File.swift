extension RateReference {
    /// The first line of a reference file.
    static let signatureLine = "# stance rate reference, file version \(fileVersion)"
    static let headerLine = "language\tdocuments\tword_equivalents\tconcept\thits"

    /// The reference as a tab-separated file: a signature comment, a header, then one row per language and concept,
    /// `language documents word_equivalents concept hits` (languages, then concepts, in code point order). The scope
    /// is not in the file: it is a training setting (`train --rate-reference-scope`).
    public var tsv: String {
        var lines = [
            Self.signatureLine,
            "# lexicon hits and lengths (English-word equivalents) of unlabelled news per language; Simplified and",
            "# Traditional Chinese are both zh. Written by stance lexicon check --reference-out.",
            Self.headerLine,
        ]
        for sample in samples {
            for (concept, hits) in zip(concepts, sample.hits) {
                lines.append("\(sample.language)\t\(sample.documents)\t\(sample.length)\t\(concept)\t\(hits)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a reference written by ``tsv``.
    ///
    /// - Parameters:
    ///   - text: The file's text.
    ///   - file: The file's path, for errors.
    ///   - scope: What rates are to be divided by.
    /// - Throws: ``TableFileError`` (exit status 65) naming the line: a newer file version, a row without five
    ///   fields, an unknown language, a number that does not parse, a language whose rows disagree on its documents or
    ///   length, a concept listed twice or missing from a language.
    public init(tsv text: String, file: String, scope: Scope) throws(TableFileError) {
        var concepts: [String] = []
        var rows: [String: (documents: Int, length: Double, hits: [String: Int], line: Int)] = [:]
        var lineNumber = 0
        func fail(_ problem: String) -> TableFileError {
            TableFileError(location: SourceLocation(file: file, line: lineNumber), problem: problem)
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if lineNumber == 1 {
                guard line.hasPrefix("# stance rate reference, file version ") else {
                    throw fail("not a rate reference (expected '\(Self.signatureLine)')")
                }
                let version = line.split(separator: " ").last.flatMap { Int($0) }
                guard let version, version >= 1 else { throw fail("unreadable file version") }
                if version > Self.fileVersion {
                    throw fail("file version \(version) is newer than this stance reads (\(Self.fileVersion))")
                }
                continue
            }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") || line == Self.headerLine {
                continue
            }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 5 else {
                throw fail(
                    "expected 5 tab-separated columns (\(Self.headerLine.split(separator: "\t").joined(separator: ", "))), found \(cells.count)"
                )
            }
            let language = cells[0]
            guard ["en", "other", "vi", "zh"].contains(language) else {
                throw fail("unknown language '\(language)' (expected en, zh, vi or other)")
            }
            guard let documents = Int(cells[1]), documents >= 1 else {
                throw fail("documents must be a whole number of at least 1, found '\(cells[1])'")
            }
            guard let length = Double(cells[2]), length > 0, length.isFinite else {
                throw fail("word_equivalents must be a positive number, found '\(cells[2])'")
            }
            let concept = cells[3]
            guard !concept.isEmpty else { throw fail("empty concept") }
            guard let hits = Int(cells[4]), hits >= 0 else {
                throw fail("hits must be a whole number of at least 0, found '\(cells[4])'")
            }
            var row = rows[language] ?? (documents, length, [:], lineNumber)
            guard row.documents == documents, row.length == length else {
                throw fail(
                    "language '\(language)' has \(row.documents) documents of \(row.length) word-equivalents on line \(row.line), not \(documents) of \(length)"
                )
            }
            guard row.hits[concept] == nil else { throw fail("concept '\(concept)' is listed twice for '\(language)'") }
            row.hits[concept] = hits
            rows[language] = row
            if !concepts.contains(concept) { concepts.append(concept) }
        }
        lineNumber = 0
        guard !rows.isEmpty else { throw fail("no rows: a reference needs at least one language") }
        concepts.sort(by: utf8Precedes)
        var samples: [Sample] = []
        for (language, row) in rows {
            if let missing = concepts.first(where: { row.hits[$0] == nil }) {
                throw fail("language '\(language)' has no row for concept '\(missing)'")
            }
            samples.append(
                Sample(
                    language: language, documents: row.documents, length: row.length,
                    hits: concepts.map { row.hits[$0]! }))
        }
        self.init(scope: scope, concepts: concepts, samples: samples)
    }

    /// Reads a reference file.
    ///
    /// - Throws: ``IOFailure`` (66 missing, 74 unreadable), ``TextFileError`` or ``TableFileError`` (65).
    public static func load(path: String, scope: Scope) throws -> RateReference {
        let text = try InputFile.readText(path, what: "rate reference")
        return try RateReference(tsv: text, file: path, scope: scope)
    }
}

extension RateReference {
    /// Measures a reference on `texts`: per language (``key(for:)``) the documents, their word-equivalent length and
    /// the hits of every concept of `lexicon` but its decoys, counted as a model's rates count them (own voice and
    /// quotations, terms of every script of a mixed-language text).
    ///
    /// - Complexity: O(total text length + hits), split over `threads`; the sums are taken in text order, so the
    ///   result does not depend on the thread count.
    public init(lexicon: Lexicon, texts: [NormalizedText], scope: Scope = .language, threads: ThreadBudget = .single) {
        let matcher = LexiconMatcher(lexicon, mixedLanguages: true)
        let decoys = lexicon.decoyConcepts
        let kept = matcher.concepts.indices.filter { !decoys.contains(matcher.concepts[$0]) }
        let perText = parallelMap(count: texts.count, threads: threads) { index in
            let text = texts[index]
            let counts = matcher.counts(in: text)
            let hits = kept.map { counts.own[$0] + counts.quoted[$0] }
            return (Self.key(for: text.language), RateUnit.wordEquivalents.length(of: text), hits)
        }
        var samples: [String: Sample] = [:]
        for (language, length, hits) in perText {
            var sample =
                samples[language] ?? Sample(language: language, documents: 0, length: 0, hits: hits.map { _ in 0 })
            sample.documents += 1
            sample.length += length
            for index in hits.indices { sample.hits[index] += hits[index] }
            samples[language] = sample
        }
        // Texts with no length (empty once cleaned) add nothing to a rate; a language of such texts only is dropped.
        self.init(
            scope: scope, concepts: kept.map { matcher.concepts[$0] }, samples: samples.values.filter { $0.length > 0 })
    }
}
