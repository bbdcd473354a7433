/// Cleans a whole corpus: the per-document rules (``DocumentCleaner``) on each text, then the corpus rule that needs
/// the other documents, lines recurring across a source (``SourceBoilerplate``), on the texts they leave.
///
/// What `stance clean` and `--clean` on `corpus`, `features`, `train` and `eval` apply. `stance score` applies the
/// per-document rules only, so that an article's rating never depends on the rest of the batch.
///
/// Every removal is reported in Unicode scalars of the *input* text: the boilerplate rule finds its lines in the
/// text the per-document rules leave, and their offsets are carried back through the kept pieces. A recurring line
/// with a lexicon hit (`boilerplate_lexicon`) is kept unless the boilerplate settings say to remove it; it is then
/// reported in ``Cleaned/flagged``.
public struct CorpusCleaner: Sendable {
    /// The per-document rules, or `nil` for none.
    public var documentCleaner: DocumentCleaner?
    /// The source-boilerplate rule, or `nil` for none.
    public var boilerplate: SourceBoilerplate?

    public init(documentCleaner: DocumentCleaner?, boilerplate: SourceBoilerplate?) {
        self.documentCleaner = documentCleaner
        self.boilerplate = boilerplate
    }

    /// Whether any rule runs.
    public var isActive: Bool { (documentCleaner?.settings.isActive ?? false) || boilerplate != nil }

    /// One document after both kinds of rules.
    public struct Cleaned: Sendable, Equatable {
        /// The kept text and every removed span (per-document and boilerplate), in input order.
        public var text: CleanedText
        /// Recurring lines with a lexicon hit that were kept (reason `boilerplate_lexicon`), in input offsets.
        public var flagged: [Removal]
    }

    /// Cleans `texts`, whose sources are `sources` (`nil`: no source, left alone by the boilerplate rule).
    ///
    /// - Complexity: O(total length); the per-document work is spread over `threads` and the result does not depend
    ///   on their number.
    public func clean(texts: [String], sources: [String?], threads: ThreadBudget) -> [Cleaned] {
        precondition(texts.count == sources.count, "one source per text")
        let documentCleaner = self.documentCleaner
        let first: [CleanedText] = parallelMap(count: texts.count, threads: threads) { index in
            documentCleaner?.clean(texts[index]) ?? CleanedText(text: texts[index], removals: [])
        }
        guard let boilerplate else { return first.map { Cleaned(text: $0, flagged: []) } }
        let spans = boilerplate.spans(texts: first.map(\.text), sources: sources, threads: threads)
        return parallelMap(count: texts.count, threads: threads) { index in
            Self.merge(first[index], boilerplate: spans[index], inputLength: texts[index].unicodeScalars.count)
        }
    }

    /// `documents` with their texts cleaned by both kinds of rules.
    public func clean(_ documents: [Document], threads: ThreadBudget) -> [Document] {
        guard isActive else { return documents }
        let cleaned = clean(texts: documents.map(\.text), sources: documents.map(\.source), threads: threads)
        var result = documents
        for index in result.indices { result[index].text = cleaned[index].text.text }
        return result
    }

    /// Applies boilerplate spans found in `first.text` and carries them back to input offsets.
    static func merge(_ first: CleanedText, boilerplate spans: [BoilerplateSpan], inputLength: Int) -> Cleaned {
        guard !spans.isEmpty else { return Cleaned(text: first, flagged: []) }
        // The kept pieces of the input, in input scalars: what `first.text` is made of, in order.
        var pieces: [Range<Int>] = []
        var position = 0
        for removal in first.removals {
            if removal.start > position { pieces.append(position..<removal.start) }
            position = removal.end
        }
        if position < inputLength { pieces.append(position..<inputLength) }
        /// The input ranges behind `start..<end` of the first pass's text (one per kept piece it crosses).
        func inputRanges(_ start: Int, _ end: Int) -> [Range<Int>] {
            var result: [Range<Int>] = []
            var offset = 0
            for piece in pieces {
                let pieceEnd = offset + piece.count
                let from = max(start, offset)
                let to = min(end, pieceEnd)
                if from < to {
                    let range = (piece.lowerBound + from - offset)..<(piece.lowerBound + to - offset)
                    if let last = result.last, last.upperBound == range.lowerBound {
                        result[result.count - 1] = last.lowerBound..<range.upperBound
                    } else {
                        result.append(range)
                    }
                }
                if pieceEnd >= end { break }
                offset = pieceEnd
            }
            return result
        }
        var removals = first.removals
        var flagged: [Removal] = []
        for span in spans {
            let reason = span.reason == BoilerplateSpan.boilerplate ? CleaningReason.boilerplate : .boilerplateLexicon
            let ranges = inputRanges(span.start, span.end).map {
                Removal(reason: reason, start: $0.lowerBound, end: $0.upperBound)
            }
            if span.removed {
                removals.append(contentsOf: ranges)
            } else {
                flagged.append(contentsOf: ranges)
            }
        }
        removals.sort { $0.start < $1.start }
        let text = SourceBoilerplate.apply(spans, to: first.text)
        return Cleaned(text: CleanedText(text: text, removals: removals), flagged: flagged)
    }
}
