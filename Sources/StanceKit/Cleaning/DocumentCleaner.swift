import Glibc

/// Removes page clutter from one document before it is measured: repeated paragraphs, material appended after a
/// continuation marker, navigation runs and interface strings (each a ``CleaningReason`` that can be switched off).
///
/// The rules work on lines (a paragraph is a line; `\n` and `\r\n` end lines) and remove whole lines with their line
/// break, so the kept text reads as the input with lines left out. In order of precedence:
/// 1. **Repeated text** (`repeated_paragraph`): a document that is its own text twice (the second copy starts
///    after at most six bytes of white space, anywhere, even mid-line) loses the second copy; then a line whose
///    text (white space trimmed) equals an earlier line's loses that copy when it has 25 letters or more, follows
///    its copy directly, or continues a repeated block (labels under five letters never count).
/// 2. **Appended material** (`appended_material`): a line that is a continuation marker (``CleaningLabels``), alone
///    or as `marker: title`, cuts the document there, with everything after it, when what follows reads as other
///    items: its first non-blank line and one of the next two are headline-like or datelines (a short line with a
///    date: `2024年04月23日`, `23/04/2024`, `2024-04-23`, `April 23, 2024`), or (after a bare marker) at most
///    ``CleaningSettings/maximumSharedVocabulary`` of its distinct terms (Han character pairs, Latin words of four
///    or more letters outside a short stop list) occur before the marker (each side needing at least 15 terms). A
///    list of items followed by more text cuts that text too only when the text reads as other material (few shared
///    terms) and either a dateline among the items heads another article or the marker lies in the second half of
///    the document; otherwise the marker and the list go alone (a related-links list near the top is followed by
///    the article itself). A marker with nothing after it goes too. A `marker: title` line that does not cut the
///    document is removed alone.
/// 3. **Interface strings** (`interface_string`): a line made only of interface strings (it can be split at its
///    spaces into listed strings, such as `Skip to content` + `Facebook`), or only of a player's time codes
///    (`0:00 0:05:27`; a lone clock time such as a live report's `- 14:59 -` stays).
/// 4. **Navigation runs** (`navigation_run`): at least ``CleaningSettings/minimumRunLines`` consecutive non-blank
///    headline-like lines, counting through lines already removed by the rules above: a line is headline-like
///    when it is not a list item, table row or `field: value` line and has at most
///    ``CleaningSettings/headlineMaxLength``scalars (``CleaningSettings/hanHeadlineMaxLength``
///    when Han characters are the majority of its letters) and does not end in sentence punctuation (`.` `!` `?`
///    `;` `:` `…` `。` `！` `？` `；` `：`, also before up to four closing quotes, brackets and spaces, as in the
///    tokenised `. ''`) and is not an entry of the
///    article's own lists (``isEntryLine(_:_:hanMajority:)``: enumerated, ending in a bracketed note, a grid of
///    names, an address, a hard-wrapped Latin line starting in lower case). A run that starts before the
///    document's first body line (its title block) needs twice as many lines. A run is kept when half its lines
///    carry a time, a score or a date (a schedule or timeline) or when the text next to it is itself written in
///    short lines (verse, a transcript, a letter's signatures).
///
/// Blank lines between two removed lines go with the first. Offsets are Unicode scalars of the input.
///
/// - Complexity: O(*n*) for a text of *n* UTF-8 bytes; lines short enough to be interface strings cost a look-up
///   per word sequence of up to eight words.
public struct DocumentCleaner: Sendable {
    public let settings: CleaningSettings
    private let markers: Set<String>
    private let interfaceStrings: Set<String>
    /// Every prefix (in scalars, the empty one included) of the markers and of the interface strings: a line whose
    /// first word does not fold to one of them cannot be a marker or made of interface strings, and is let go
    /// before the whole line is folded (most lines of a text).
    private let markerPrefixes: Set<String>
    private let interfacePrefixes: Set<String>
    /// The letters of the markers and of the interface strings: a line holding any other is let go after one pass
    /// over its bytes (``FoldAlphabet``).
    private let markerAlphabet: FoldAlphabet
    private let interfaceAlphabet: FoldAlphabet
    /// The most words an interface string spans, once folded entries are split where the original had spaces: the
    /// longest word sequence worth looking up.
    private let interfaceWordLimit = 8

    public init(settings: CleaningSettings) {
        self.settings = settings
        self.markers = Set(settings.markers)
        self.interfaceStrings = Set(settings.interfaceStrings)
        self.markerPrefixes = Self.prefixes(of: settings.markers)
        self.interfacePrefixes = Self.prefixes(of: settings.interfaceStrings)
        self.markerAlphabet = FoldAlphabet(settings.markers)
        self.interfaceAlphabet = FoldAlphabet(settings.interfaceStrings)
    }

    static func prefixes(of entries: [String]) -> Set<String> {
        var result: Set<String> = [""]
        for entry in entries {
            var prefix = String.UnicodeScalarView()
            for scalar in entry.unicodeScalars {
                prefix.append(scalar)
                result.insert(String(prefix))
            }
        }
        return result
    }

    /// Whether the first word of `content` (up to white space, or to a `:` `：` `»` `|` that may end a marker)
    /// folds to a prefix in `prefixes`. When it does not, neither the whole line nor any run of its words starting
    /// with the first folds to an entry: folding keeps the order of scalars, and only drops white space and edge
    /// marks.
    static func firstWordMayStart(_ content: String, _ prefixes: Set<String>) -> Bool {
        let scalars = content.unicodeScalars
        var end = scalars.startIndex
        while end < scalars.endIndex {
            let scalar = scalars[end]
            if scalar.properties.isWhitespace || scalar == ":" || scalar == "：" || scalar == "»" || scalar == "|" {
                break
            }
            end = scalars.index(after: end)
        }
        return prefixes.contains(CleaningLabels.fold(Substring(content.unicodeScalars[scalars.startIndex..<end])))
    }

    /// Whether a line may start with a listed string, judged from its first bytes alone: `false` when its leading
    /// run of ASCII letters and digits, or of Han characters (at most five), or its opening quote or ASCII sign, is
    /// no prefix in `prefixes`; `nil` when the line starts otherwise (``firstWordMayStart(_:_:)`` decides).
    ///
    /// Such a run folds to itself (ASCII lower-cased): NFKC leaves ASCII letters and digits and unified Han
    /// ideographs alone, none is an edge mark or white space, and only an ASCII letter just before a non-ASCII
    /// scalar could compose with it (that letter is left out). So when the run is no prefix, neither is the folded
    /// first word, and the line is let go without building a string of it.
    static func leadMayStart(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefixes: Set<String>) -> Bool?
    {
        var position = range.lowerBound
        if bytes[position] < 0x80 {
            // Up to six bytes, lower-cased, packed in an integer: no allocation per line.
            var packed: UInt64 = 0
            var count = 0
            while position < range.upperBound && count < 6 {
                let byte = bytes[position]
                let lower = byte | 0x20
                guard (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) else { break }
                packed |= UInt64(byte >= 0x41 && byte <= 0x5A ? lower : byte) << (8 * count)
                count += 1
                position += 1
            }
            if count > 0 && position < range.upperBound && bytes[position] >= 0x80 { count -= 1 }
            if count == 0 {
                // A line opening with a quote or other ASCII sign that folding keeps (no white space, no edge mark;
                // before an ASCII byte, so that nothing composes with it) folds to a text opening with that sign.
                let first = bytes[range.lowerBound]
                let next = range.lowerBound + 1
                guard first > 0x20 && first < 0x7F && !asciiEdgeMarks.contains(first),
                    next == range.upperBound || bytes[next] < 0x80
                else { return nil }
                return prefixes.contains(String(Unicode.Scalar(first)))
            }
            return withUnsafeBytes(of: packed) { prefixes.contains(String(decoding: $0.prefix(count), as: UTF8.self)) }
        }
        let (first, firstWidth) = UTF8Decoding.scalar(in: bytes, at: position)
        // Opening quotes and brackets that folding keeps and that compose with nothing: “ ‘ 「 『 《 〈.
        switch first {
        case 0x201C, 0x2018, 0x300C, 0x300E, 0x300A, 0x3008:
            let lead = UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<(range.lowerBound + firstWidth)])
            return prefixes.contains(String(decoding: lead, as: UTF8.self))
        default: break
        }
        var han = 0
        while position < range.upperBound && han < 5 {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            guard (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) else { break }
            han += 1
            position += width
        }
        if han == 0 { return nil }
        let lead = UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<position])
        return prefixes.contains(String(decoding: lead, as: UTF8.self))
    }

    /// The ASCII signs among ``CleaningLabels/edgeMarks``: folding trims them from the start of a text.
    static let asciiEdgeMarks: Set<UInt8> = Set(
        CleaningLabels.edgeMarks.filter { $0.value < 0x80 }.map { UInt8($0.value) })

    /// Cleans one text.
    public func clean(_ text: String) -> CleanedText {
        guard settings.isActive else { return CleanedText(text: text, removals: []) }
        var copy = text
        // Most texts lose nothing: they are returned as they came, not rebuilt from their bytes.
        return copy.withUTF8 { bytes in
            let spans = removedSpans(bytes)
            return spans.isEmpty ? CleanedText(text: text, removals: []) : cleaned(bytes, spans)
        }
    }

    /// A removed byte range and its reason.
    struct ByteSpan: Equatable {
        var reason: CleaningReason
        var range: Range<Int>
    }

    /// The kept text and the removals (in scalars) of `bytes` without `spans`.
    private func cleaned(_ bytes: UnsafeBufferPointer<UInt8>, _ spans: [ByteSpan]) -> CleanedText {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var position = 0
        for span in spans {
            kept.append(contentsOf: bytes[position..<span.range.lowerBound])
            position = span.range.upperBound
        }
        kept.append(contentsOf: bytes[position..<bytes.count])
        // Byte offsets to scalar offsets, in one pass.
        var removals: [Removal] = []
        removals.reserveCapacity(spans.count)
        var scalars = 0
        var byte = 0
        func advance(to offset: Int) {
            while byte < offset {
                if bytes[byte] & 0xC0 != 0x80 { scalars += 1 }
                byte += 1
            }
        }
        for span in spans {
            advance(to: span.range.lowerBound)
            let start = scalars
            advance(to: span.range.upperBound)
            removals.append(Removal(reason: span.reason, start: start, end: scalars))
        }
        return CleanedText(text: String(decoding: kept, as: UTF8.self), removals: removals)
    }

    /// The removed byte ranges, sorted and disjoint.
    func removedSpans(_ bytes: UnsafeBufferPointer<UInt8>) -> [ByteSpan] {
        var end = bytes.count
        var doubled: ByteSpan?
        if settings.rules.contains(.repeatedParagraph), let cut = Self.doubledTextCut(bytes) {
            doubled = ByteSpan(reason: .repeatedParagraph, range: cut)
            end = cut.lowerBound
        }
        var spans = lineSpans(bytes, end: end)
        if let doubled { spans.append(doubled) }
        return spans
    }

    // MARK: - A text that is itself twice

    /// The range of the second copy (with the white space before it) when the text, trailing white space aside,
    /// is one text twice.
    static func doubledTextCut(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = bytes.count
        while end > 0, isASCIISpace(bytes[end - 1]) { end -= 1 }
        var start = 0
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        let length = end - start
        guard length >= 16 else { return nil }
        for gap in 0...6 where (length - gap) % 2 == 0 {
            let half = (length - gap) / 2
            let second = start + half + gap
            var position = start + half
            while position < second, let width = spaceWidth(bytes, position, second) { position += width }
            guard position == second else { continue }
            // Both copies must start and end on scalar boundaries (they do when they are equal bytes).
            if memcmp(bytes.baseAddress! + start, bytes.baseAddress! + second, half) == 0 {
                return (start + half)..<end
            }
        }
        return nil
    }

    // MARK: - Lines

    struct Line {
        /// Where the line starts and where its content (white space trimmed) starts and ends.
        var start: Int
        var contentStart: Int
        var contentEnd: Int
        /// Where the next line starts (after the line break).
        var next: Int
        var isBlank: Bool { contentStart == contentEnd }
    }

    static func lines(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> [Line] {
        var lines: [Line] = []
        var start = 0
        while start < end {
            // The line break, found by `memchr` (a word at a time) rather than byte by byte.
            let stop =
                memchr(bytes.baseAddress! + start, 0x0A, end - start).map {
                    UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress!
                } ?? end
            let next = stop < end ? stop + 1 : end
            var contentEnd = stop
            var contentStart = start
            while contentStart < contentEnd, let width = spaceWidth(bytes, contentStart, contentEnd) {
                contentStart += width
            }
            while contentEnd > contentStart, let width = trailingSpaceWidth(bytes, contentStart, contentEnd) {
                contentEnd -= width
            }
            lines.append(Line(start: start, contentStart: contentStart, contentEnd: contentEnd, next: next))
            start = next
        }
        return lines
    }

    /// The removed ranges of `bytes[0..<end]`, line by line.
    func lineSpans(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> [ByteSpan] {
        let lines = Self.lines(bytes, end: end)
        guard !lines.isEmpty else { return [] }
        var reasons = [CleaningReason?](repeating: nil, count: lines.count)
        var headline = [Bool](repeating: false, count: lines.count)
        var headlineLength = [Int](repeating: 0, count: lines.count)
        for index in lines.indices where !lines[index].isBlank {
            if let length = self.headlineLength(bytes, lines[index]) {
                headline[index] = true
                headlineLength[index] = length
            }
        }
        let rules = settings.rules

        // Appended material: the first marker whose sequel reads as other items cuts the document.
        var tail = lines.count
        if rules.contains(.appendedMaterial) && !markers.isEmpty {
            for index in lines.indices where !lines[index].isBlank {
                guard let kind = markerKind(bytes, lines[index]) else { continue }
                if let end = otherItemsEnd(
                    bytes, lines: lines, marker: index, headline: headline, byVocabulary: kind == .bare)
                {
                    if end == lines.count {
                        tail = index
                        break
                    }
                    // A list of items after which the body goes on: only the marker and the list go.
                    for item in index..<end { reasons[item] = .appendedMaterial }
                    continue
                }
                if kind == .withTitle { reasons[index] = .appendedMaterial }
            }
        }

        if rules.contains(.repeatedParagraph) {
            markRepeatedParagraphs(bytes, lines: lines, tail: tail, &reasons)
        }

        if rules.contains(.interfaceString) {
            for index in 0..<tail where !lines[index].isBlank && reasons[index] == nil {
                if isInterfaceLine(bytes, lines[index]) { reasons[index] = .interfaceString }
            }
        }

        if rules.contains(.navigationRun) {
            markNavigationRuns(
                bytes, lines: lines, tail: tail, headline: headline, lengths: headlineLength, &reasons)
        }

        // Blank lines between two removed lines go with the first; so do blank lines at the end after one.
        var previous: CleaningReason?
        var index = 0
        while index < tail {
            if lines[index].isBlank {
                var next = index
                while next < tail && lines[next].isBlank { next += 1 }
                if let previous, next == tail || reasons[next] != nil {
                    for blank in index..<next { reasons[blank] = previous }
                }
                index = next
                continue
            }
            previous = reasons[index]
            index += 1
        }

        var spans: [ByteSpan] = []
        for index in 0..<tail {
            guard let reason = reasons[index] else { continue }
            let range = lines[index].start..<lines[index].next
            if let last = spans.last, last.reason == reason, last.range.upperBound == range.lowerBound {
                spans[spans.count - 1].range = last.range.lowerBound..<range.upperBound
            } else {
                spans.append(ByteSpan(reason: reason, range: range))
            }
        }
        if tail < lines.count {
            let range = lines[tail].start..<end
            if let last = spans.last, last.reason == .appendedMaterial, last.range.upperBound == range.lowerBound {
                spans[spans.count - 1].range = last.range.lowerBound..<range.upperBound
            } else {
                spans.append(ByteSpan(reason: .appendedMaterial, range: range))
            }
        }
        return spans
    }

    /// Marks lines that repeat an earlier line: a paragraph of at least ``CleaningSettings/repeatedParagraphLetters``
    /// letters anywhere; a shorter line only when it follows its earlier copy directly or continues a repeated block
    /// (the line before it repeats the line before its copy, or the line after it the line after its copy). Short
    /// lines that recur apart (interview questions, table rows, bail conditions, refrains) are content.
    private func markRepeatedParagraphs(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], tail: Int, _ reasons: inout [CleaningReason?]
    ) {
        var seen = ParagraphTable(capacity: tail)
        var original = [Int](repeating: -1, count: lines.count)
        var letters = [Int](repeating: 0, count: lines.count)
        var nonBlank: [Int] = []
        for index in 0..<tail where !lines[index].isBlank && reasons[index] == nil {
            nonBlank.append(index)
            let line = lines[index]
            // Only `< 5` and `>= repeatedParagraphLetters` matter: counting stops there (long paragraphs).
            letters[index] = Self.letterCount(
                bytes, line.contentStart..<line.contentEnd, atMost: max(5, settings.repeatedParagraphLetters))
            // Labels (`問：`, `* *`) repeat by design.
            if letters[index] < 5 { continue }
            let key = ParagraphTable.hash(bytes, line.contentStart..<line.contentEnd)
            if let earlier = seen.earlierOrInsert(
                index, hash: key, same: { Self.sameContent(bytes, lines[$0], line) })
            {
                original[index] = earlier
            }
        }
        var position = [Int](repeating: -1, count: lines.count)
        for (rank, index) in nonBlank.enumerated() { position[index] = rank }
        func neighbour(_ index: Int, _ step: Int) -> Int? {
            let rank = position[index] + step
            return rank >= 0 && rank < nonBlank.count ? nonBlank[rank] : nil
        }
        for index in nonBlank where original[index] >= 0 {
            let copy = original[index]
            var remove = letters[index] >= settings.repeatedParagraphLetters || neighbour(index, -1) == copy
            if !remove, let before = neighbour(index, -1), let copyBefore = neighbour(copy, -1) {
                remove = original[before] == copyBefore
            }
            if !remove, let after = neighbour(index, 1), let copyAfter = neighbour(copy, 1) {
                remove = original[after] == copyAfter
            }
            if remove { reasons[index] = .repeatedParagraph }
        }
    }

    private func markNavigationRuns(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], tail: Int, headline: [Bool], lengths: [Int],
        _ reasons: inout [CleaningReason?]
    ) {
        var seenBody = false
        var index = 0
        while index < tail {
            let line = lines[index]
            if line.isBlank || (reasons[index] == nil && !headline[index]) {
                if !line.isBlank { seenBody = true }
                index += 1
                continue
            }
            // A run: non-blank lines that are headline-like or already removed, blank lines in between.
            var members: [Int] = []
            var stop = index
            while stop < tail {
                if lines[stop].isBlank {
                    stop += 1
                    continue
                }
                if reasons[stop] == nil && !headline[stop] { break }
                if reasons[stop] == nil { members.append(stop) }
                stop += 1
            }
            // A run in the middle of the body is a list, a table or a poem, not page furniture: only runs that end
            // the document (and long ones that open it, before any body line) are navigation.
            let needed = seenBody ? settings.minimumRunLines : 2 * settings.minimumRunLines
            let endsDocument = stop == tail
            let median = members.isEmpty ? 0 : members.map { lengths[$0] }.sorted()[members.count / 2]
            if members.count >= needed && (endsDocument || !seenBody) && median >= settings.minimumRunMedianLength
                && !isSchedule(bytes, lines: lines, members)
                && !(settings.revision >= 2 && Self.isListOfOneKind(bytes, lines: lines, members))
                && !(settings.revision >= 2 && seenBody
                    && introducesOwnList(bytes, lines: lines, before: index, reasons))
                && !isLineated(
                    bytes, lines: lines, run: index..<stop,
                    opening: !seenBody, tail: tail, reasons)
            {
                var removed = members[...]
                // A menu at the top ends in the article's own title when that line shares words with the body
                // line after it.
                if settings.revision >= 2, !seenBody, let last = members.last, stop < tail,
                    isTitle(bytes, lines[last], of: lines[stop])
                {
                    removed = removed.dropLast()
                }
                for member in removed { reasons[member] = .navigationRun }
            }
            index = stop
        }
    }

    /// Whether `title` heads the body line `body`: at least two of its distinct terms (Han character pairs, Latin
    /// words of four letters or more), and at least a quarter of them, occur in the first 600 bytes of `body`.
    private func isTitle(_ bytes: UnsafeBufferPointer<UInt8>, _ title: Line, of body: Line) -> Bool {
        let titleTerms = Self.terms(bytes, title.contentStart..<title.contentEnd)
        var end = body.contentEnd
        if end > body.contentStart + 600 {
            end = body.contentStart + 600
            while end > body.contentStart && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        let bodyTerms = Self.terms(bytes, body.contentStart..<end)
        let shared = titleTerms.reduce(0) { $0 + (bodyTerms.contains($1) ? 1 : 0) }
        return shared >= 2 && 4 * shared >= titleTerms.count
    }

    /// Revision 2: whether the body line before an end run introduces it with a colon (`…的23位藝術家：`,
    /// `The signatories are:`) without naming other articles (`其他文章：`, `see these previous articles:`): a list
    /// the text announces is the article's own.
    private func introducesOwnList(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], before run: Int, _ reasons: [CleaningReason?]
    ) -> Bool {
        var index = run - 1
        while index >= 0 && (lines[index].isBlank || reasons[index] != nil) { index -= 1 }
        guard index >= 0 else { return false }
        let range = lines[index].contentStart..<lines[index].contentEnd
        let last = UTF8Decoding.scalar(in: bytes, before: range.upperBound)
        guard last == 0x3A || last == 0xFF1A else { return false }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).lowercased()
        return !Self.otherArticleWords.contains { text.contains($0) }
    }

    /// Words of a line that announces other articles rather than a list of the article's own.
    static let otherArticleWords = [
        "文章", "閱讀", "阅读", "新聞", "新闻", "報道", "报道", "報導", "系列", "article", "stories", "story", "read",
        "more", "related", "news", "link", "bài", "tin ",
    ]

    /// A run in which at least half the lines carry a time, a score or a date (`Feb. 14 , 2015` too): a schedule,
    /// a results table, a timeline or a dated list of sources of the article.
    private func isSchedule(_ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], _ members: [Int]) -> Bool {
        let revised = settings.revision >= 2
        let dated = members.filter {
            let range = lines[$0].contentStart..<lines[$0].contentEnd
            return Self.hasTimeOrDate(bytes, range)
                || Self.containsDate(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
                || (revised && Self.startsWithYear(bytes, range))
        }
        return 2 * dated.count >= members.count
    }

    /// Revision 2: a line opening with a year and a space or dash (`2010 — Obama 45 % approval`): a table or
    /// timeline row.
    static func startsWithYear(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count > 5 else { return false }
        var year = 0
        for offset in 0..<4 {
            let byte = bytes[range.lowerBound + offset]
            guard byte >= 0x30 && byte <= 0x39 else { return false }
            year = 10 * year + Int(byte - 0x30)
        }
        let next = bytes[range.lowerBound + 4]
        // A space, `-`, or the lead byte of `–` `—` (E2 80 93/94).
        return (1900...2099).contains(year) && (next == 0x20 || next == 0x2D || next == 0xE2)
    }

    /// Revision 2: a run of Han lines three quarters of which end in the same Han character (`…協會`, `…工會`,
    /// `…學會`): names of one kind (unions, societies, committees, signatories), a list of the article; the
    /// headlines of a sidebar end in all sorts of words.
    static func isListOfOneKind(_ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], _ members: [Int]) -> Bool {
        guard members.count >= 3 else { return false }
        var endings: [UInt32: Int] = [:]
        for member in members {
            let line = lines[member]
            let last = UTF8Decoding.scalar(in: bytes, before: line.contentEnd)
            if isHan(last) { endings[last, default: 0] += 1 }
        }
        guard let most = endings.values.max() else { return false }
        return 4 * most >= 3 * members.count
    }

    /// Whether the text next to a run is itself written in short lines (verse, a transcript, a letter's closing,
    /// a list of the article): at least three of the six non-blank lines before an end run (after an opening run)
    /// are short, at most 20 scalars when mostly Han and 40 otherwise, whatever their punctuation (revision 2: with
    /// a letter, and two of them next to each other). A sidebar follows a body of paragraphs.
    private func isLineated(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], run: Range<Int>, opening: Bool, tail: Int,
        _ reasons: [CleaningReason?]
    ) -> Bool {
        var neighbours: [Int] = []
        var index = opening ? run.upperBound : run.lowerBound - 1
        while neighbours.count < 6 && index >= 0 && index < tail {
            if !lines[index].isBlank && reasons[index] == nil { neighbours.append(index) }
            index += opening ? 1 : -1
        }
        let revised = settings.revision >= 2
        let short = neighbours.map { index in
            let range = lines[index].contentStart..<lines[index].contentEnd
            if range.count > 4 * 40 { return false }
            let counts = Self.letterCounts(bytes, range)
            // Revision 2: a rule such as `---` is no line of text.
            if revised && counts.letters == 0 { return false }
            return counts.scalars <= (counts.han > counts.otherLetters ? 20 : 40)
        }
        let count = short.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard revised else { return count >= 3 }
        // Revision 2: two of the short lines follow each other, as verse and signatures do; items that alternate a
        // short title with its paragraph (a bulletin of several news items) are written in paragraphs.
        return count >= 3 && zip(short, short.dropFirst()).contains { $0 && $1 }
    }

    // MARK: - Line tests

    /// The number of scalars of a line's content, and how many of its letters are Han and how many are not.
    private static func letterCounts(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> (scalars: Int, han: Int, otherLetters: Int, letters: Int) {
        var scalars = 0
        var han = 0
        var other = 0
        var position = range.lowerBound
        while position < range.upperBound {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            position += width
            scalars += 1
            if Self.isHan(value) {
                han += 1
            } else if value < 0x80 {
                if (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A { other += 1 }
            } else if let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic {
                other += 1
            }
        }
        return (scalars, han, other, han + other)
    }

    /// The letters (Han or other) of a byte range, counted up to `limit`.
    private static func letterCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, atMost limit: Int) -> Int
    {
        var letters = 0
        var position = range.lowerBound
        while position < range.upperBound && letters < limit {
            let byte = bytes[position]
            if byte < 0x80 {
                if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { letters += 1 }
                position += 1
                continue
            }
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            position += width
            if Self.isHan(value) {
                letters += 1
            } else if let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic {
                letters += 1
            }
        }
        return letters
    }

    func isHeadlineLike(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> Bool {
        headlineLength(bytes, line) != nil
    }

    /// A headline-like line's length for the run test (Latin lines count half, as a Han character carries about
    /// two Latin letters' worth), or `nil` when the line is not headline-like: too long, ending a sentence, a
    /// list item (`1.`, `2、`, `1990年：`, `-`, `•`, `🔸` first), a table row (`|`), or ending in a share (`9%`).
    func headlineLength(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> Int? {
        let range = line.contentStart..<line.contentEnd
        // A quick bound before decoding: a scalar takes at most four bytes.
        if range.count > 4 * settings.headlineMaxLength { return nil }
        // Most lines of a body end a sentence: that test reads a few bytes at the end, before the whole line is
        // decoded.
        let revised = settings.revision >= 2
        if Self.endsSentence(bytes, range, closers: revised ? 4 : 2) { return nil }
        let counts = Self.letterCounts(bytes, range)
        if counts.scalars > settings.headlineMaxLength { return nil }
        let hanMajority = counts.han > counts.otherLetters
        if hanMajority && counts.scalars > settings.hanHeadlineMaxLength { return nil }
        if counts.letters == 0 || Self.isListOrTableLine(bytes, range)
            || Self.isFieldLine(bytes, range, maximumHanKey: revised ? 4 : 10)
            || Self.isEntryLine(bytes, range, hanMajority: hanMajority)
        {
            return nil
        }
        return hanMajority ? counts.scalars : counts.scalars / 2
    }

    static func isListOrTableLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = UTF8Decoding.scalar(in: bytes, at: range.lowerBound).value
        if listMarks.contains(first) || (first >= 0x1F300 && first <= 0x1FAFF) || (first >= 0x25A0 && first <= 0x25FF) {
            return true
        }
        var position = range.lowerBound
        while position < range.upperBound && (0x30...0x39).contains(bytes[position]) { position += 1 }
        if position > range.lowerBound && position < range.upperBound {
            var (next, width) = UTF8Decoding.scalar(in: bytes, at: position)
            // A timeline entry, `1990年：…`.
            if next == 0x5E74 && position + width < range.upperBound {
                next = UTF8Decoding.scalar(in: bytes, at: position + width).value
                if next == 0xFF1A || next == 0x3A { return true }
            } else if [0x2E, 0x29, 0x3A, 0x3001, 0xFF0E, 0xFF1A, 0xFF09].contains(next) {
                return true
            }
        }
        if range.contains(where: { bytes[$0] == 0x7C }) { return true }
        let last = UTF8Decoding.scalar(in: bytes, before: range.upperBound)
        return last == 0x25 || last == 0xFF05
    }

    /// A `field: value` line (`日期：1月23日`, `Time: 10am`): a colon within the first ten scalars, after at most
    /// four Han characters, with a short value after it (fewer than eight letters). `Name: a quoted headline` (`張三：法庭不應…`), with a longer value,
    /// is a headline.
    static func isFieldLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maximumHanKey: Int = 4) -> Bool {
        var position = range.lowerBound
        var seen = 0
        var hanKey = 0
        while position < range.upperBound && seen < 10 {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            position += width
            seen += 1
            if value == 0x3A || value == 0xFF1A || value == 0xFE30 {
                // A Han field name is a word or two (`日期`, `聯絡電話`); five Han characters or more before the
                // colon are the first half of a headline (`獨裁者的工具：電視`).
                guard position < range.upperBound, hanKey <= maximumHanKey else { return false }
                return letterCounts(bytes, position..<range.upperBound).letters < 8
            }
            if isHan(value) { hanKey += 1 }
        }
        return false
    }

    /// A line that is an entry of the article's own lists rather than a headline: it starts with an enumerator
    /// (`(3)`, `[vi]`, `（二）`, `一、`), ends in a bracketed note (`張三（56歲，教師）`, `日本 Vs 波蘭 （H組）`), is a
    /// grid of names (three or more space-separated runs of at most four Han characters), holds an e-mail or web
    /// address, (Latin script) starts with a lower-case letter, as hard-wrapped body lines do, or (Han) holds a
    /// full stop `。` before its end, as captions and paragraphs do.
    static func isEntryLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hanMajority: Bool) -> Bool {
        let first = UTF8Decoding.scalar(in: bytes, at: range.lowerBound)
        // An enumerator in brackets: at most five digits, Latin letters or Han numerals, then the closer.
        if let closer = enumeratorClosers[first.value] {
            var position = range.lowerBound + first.length
            var inside = 0
            while position < range.upperBound && inside <= 5 {
                let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
                if value == closer { return inside > 0 }
                let isDigitOrLetter =
                    (0x30...0x39).contains(value) || ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A)
                    || hanNumerals.contains(value) || value == 0x2A
                if !isDigitOrLetter { break }
                inside += 1
                position += width
            }
        }
        // 一、 二、 …
        if hanNumerals.contains(first.value), range.lowerBound + first.length < range.upperBound {
            let next = UTF8Decoding.scalar(in: bytes, at: range.lowerBound + first.length).value
            if next == 0x3001 { return true }
        }
        // A bracketed note at the end, opened after the line's start.
        let last = UTF8Decoding.scalar(in: bytes, before: range.upperBound)
        if last == 0x29 || last == 0xFF09 {
            var position = range.lowerBound
            while position < range.upperBound {
                let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
                if value == 0x28 || value == 0xFF08 { return true }
                position += width
            }
        }
        var hasAt = false
        var chunkLengths: [Int] = []
        var chunk = 0
        var chunkIsHan = true
        var allHan = true
        var position = range.lowerBound
        while position < range.upperBound {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            position += width
            if value == 0x40 { hasAt = true }
            if value == 0x20 || value == 0x3000 {
                if chunk > 0 {
                    chunkLengths.append(chunk)
                    allHan = allHan && chunkIsHan
                }
                chunk = 0
                chunkIsHan = true
                continue
            }
            chunk += 1
            if !isHan(value) { chunkIsHan = false }
        }
        if chunk > 0 {
            chunkLengths.append(chunk)
            allHan = allHan && chunkIsHan
        }
        if hasAt { return true }
        if allHan && chunkLengths.count >= 3 && chunkLengths.allSatisfy({ $0 <= 4 }) { return true }
        if containsASCII(bytes, range, "http") || containsASCII(bytes, range, "www.") { return true }
        // A hard-wrapped line goes on with the sentence: its very first scalar is a lower-case letter.
        if !hanMajority, let scalar = Unicode.Scalar(first.value), scalar.properties.isLowercase {
            return true
        }
        // Sentences of Han text: a full stop inside the line (a caption, a paragraph), not at its end.
        if hanMajority {
            var position = range.lowerBound
            while position < range.upperBound {
                let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
                position += width
                if value == 0x3002 && position < range.upperBound { return true }
            }
        }
        return false
    }

    /// The openers of bracketed enumerators and their closers: `(` `[` `（` `［` `【`.
    static let enumeratorClosers: [UInt32: UInt32] = [0x28: 0x29, 0x5B: 0x5D, 0xFF08: 0xFF09, 0xFF3B: 0xFF3D]
    /// 〇 一 二 三 四 五 六 七 八 九 十.
    static let hanNumerals: Set<UInt32> = [
        0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341,
    ]

    static func containsASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool
    {
        let count = needle.utf8CodeUnitCount
        guard range.count >= count else { return false }
        let pointer = needle.utf8Start
        for start in range.lowerBound...(range.upperBound - count) {
            var matched = true
            for offset in 0..<count where bytes[start + offset] | 0x20 != pointer[offset] | 0x20 {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }

    /// Whether a line carries a clock time, a score or a date (`14:00`, `2：1`, `晚上8時`, `2019年`, `6月4日`,
    /// `12/3`): a run of such lines is a schedule, a results table or a timeline, not a sidebar.
    static func hasTimeOrDate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var position = range.lowerBound
        var digits = 0
        while position < range.upperBound {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            position += width
            if (0x30...0x39).contains(value) || (0xFF10...0xFF19).contains(value) {
                digits += 1
                continue
            }
            if digits > 0 {
                // 14:00, 2：1, 12/3, 12.3 followed by a digit.
                if value == 0x3A || value == 0xFF1A || value == 0x2F,
                    position < range.upperBound, (0x30...0x39).contains(bytes[position])
                {
                    return true
                }
                // 8時 8时 8點 8点 (a clock time), 2019年, 4月, 4日, 56歲.
                if [0x6642, 0x65F6, 0x9EDE, 0x70B9, 0x5E74, 0x6708, 0x65E5, 0x6B72, 0x5C81].contains(value) {
                    if value != 0x5E74 || digits == 4 { return true }
                }
            }
            digits = 0
        }
        return false
    }

    static let listMarks: Set<UInt32> = [
        0x2D, 0x2A, 0x2B, 0x2022, 0x00B7, 0x2013, 0x2014, 0x25CF, 0x25A0, 0x25C6, 0x2605, 0x2606, 0x203B, 0x7C,
        0xFF0D, 0x30FB, 0x25B6, 0x27A4, 0x2192, 0x2714, 0x2713,
    ]

    static func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, closers allowed: Int = 4) -> Bool
    {
        var position = range.upperBound
        var checked = 0
        // Up to `allowed` closers and spaces may follow the mark: `."`, `。」`, and (four) the tokenised `. ''`.
        while position > range.lowerBound && checked <= allowed {
            var start = position - 1
            while start > range.lowerBound && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (value, _) = UTF8Decoding.scalar(in: bytes, at: start)
            if sentenceEnds.contains(value) { return true }
            if !closers.contains(value) && value != 0x20 { return false }
            position = start
            checked += 1
        }
        return false
    }

    static let sentenceEnds: Set<UInt32> = [
        0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0xFF0E,
    ]
    static let closers: Set<UInt32> = [
        0x22, 0x27, 0x29, 0x5D, 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x3011, 0x300B, 0xBB,
    ]

    enum MarkerKind { case bare, withTitle }

    /// Whether a line is a continuation marker, alone or followed by `:` and a title.
    func markerKind(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> MarkerKind? {
        let range = line.contentStart..<line.contentEnd
        if range.count > 4 * 160 || !markerAlphabet.admits(bytes, range, headOnly: true)
            || Self.leadMayStart(bytes, range, markerPrefixes) == false
        {
            return nil
        }
        let content = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if content.unicodeScalars.count > 160 || !Self.firstWordMayStart(content, markerPrefixes) { return nil }
        if content.unicodeScalars.count <= 60 && markers.contains(CleaningLabels.fold(content)) { return .bare }
        // `Read more: a title`, `相關新聞：標題`.
        let scalars = content.unicodeScalars
        var position = scalars.startIndex
        var seen = 0
        while position < scalars.endIndex && seen < 30 {
            let scalar = scalars[position]
            if scalar == ":" || scalar == "：" || scalar == "»" || scalar == "|" {
                let head = String(scalars[scalars.startIndex..<position])
                let rest = scalars[scalars.index(after: position)...]
                if !rest.allSatisfy(\.properties.isWhitespace) && markers.contains(CleaningLabels.fold(head)) {
                    return .withTitle
                }
                return nil
            }
            position = scalars.index(after: position)
            seen += 1
        }
        return nil
    }

    /// Where the other items after the marker line `marker` end: `lines.count` when everything after the marker is
    /// other material, an earlier line when a list of items is followed by more of the body, `nil` when what follows
    /// does not read as other items.
    func otherItemsEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: [Line], marker: Int, headline: [Bool], byVocabulary: Bool
    ) -> Int? {
        let following = lines[(marker + 1)...].indices.filter { !lines[$0].isBlank }
        guard let first = following.first else { return lines.count }
        // Items: the first line after the marker is a headline or a dateline, and so is one of the next two.
        let isItemLine = { (index: Int) in headline[index] || self.isDateline(bytes, lines[index]) }
        if isItemLine(first) && following.dropFirst().prefix(2).contains(where: isItemLine) {
            // The list of items, and what comes after it.
            guard let resume = following.first(where: { !isItemLine($0) }) else { return lines.count }
            let bodyGoesOn = sharesVocabulary(bytes, before: lines[marker].start, after: lines[resume].start, lines)
            // The body goes on unless what follows the list is plainly other material: another article's header
            // (a dateline among the items), or a list near the end of the text. A related-links list near the top
            // is followed by the article itself, whose vocabulary a short lead cannot vouch for.
            let hasDateline = following.prefix(while: { $0 < resume }).contains { isDateline(bytes, lines[$0]) }
            let nearEnd = 2 * lines[marker].start >= lines[lines.count - 1].next
            let otherArticle = settings.revision < 2 || hasDateline || nearEnd
            return bodyGoesOn == false && otherArticle ? lines.count : resume
        }
        guard byVocabulary else { return nil }
        return sharesVocabulary(bytes, before: lines[marker].start, after: lines[marker].next, lines) == false
            ? lines.count : nil
    }

    /// Whether the text from `after` to the end shares enough of its distinct terms with the text before `before`;
    /// `nil` when either side has fewer than 15 terms.
    private func sharesVocabulary(
        _ bytes: UnsafeBufferPointer<UInt8>, before: Int, after: Int, _ lines: [Line]
    ) -> Bool? {
        let beforeTerms = Self.terms(bytes, 0..<before)
        let afterTerms = Self.terms(bytes, after..<lines[lines.count - 1].next)
        guard beforeTerms.count >= 15 && afterTerms.count >= 15 else { return nil }
        let shared = afterTerms.reduce(0) { $0 + (beforeTerms.contains($1) ? 1 : 0) }
        return Double(shared) > settings.maximumSharedVocabulary * Double(afterTerms.count)
    }

    /// Whether a short line carries a date: `2024年4月23日`, `23/04/2024`, `2024-04-23`, `23.04.2024`,
    /// `April 23, 2024`, `23 April 2024`.
    func isDateline(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> Bool {
        let range = line.contentStart..<line.contentEnd
        guard range.count <= 240 else { return false }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard text.unicodeScalars.count <= 80 else { return false }
        return Self.containsDate(text)
    }

    static func containsDate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        func digitRun(from start: Int) -> Int {
            var end = start
            while end < scalars.count && ("0"..."9").contains(scalars[end]) { end += 1 }
            return end - start
        }
        var index = 0
        var hasYear = false
        while index < scalars.count {
            let run = digitRun(from: index)
            guard run > 0 else {
                index += 1
                continue
            }
            let after = index + run
            if run == 4 {
                let year = Int(String(String.UnicodeScalarView(scalars[index..<after]))) ?? 0
                if (1900...2099).contains(year) { hasYear = true }
                // 2024年4月 or 2024-04-23
                if after < scalars.count && (scalars[after] == "年" || scalars[after] == "-")
                    && digitRun(from: after + 1) >= 1 && (1900...2099).contains(year)
                {
                    return true
                }
            }
            if (1...2).contains(run) && after < scalars.count && (scalars[after] == "/" || scalars[after] == ".") {
                let second = digitRun(from: after + 1)
                let third = after + 1 + second
                if (1...2).contains(second) && third < scalars.count && scalars[third] == scalars[after]
                    && [2, 4].contains(digitRun(from: third + 1))
                {
                    return true
                }
            }
            index = after
        }
        guard hasYear else { return false }
        let lowered = text.lowercased()
        return monthNames.contains { lowered.contains($0) }
    }

    static let monthNames = [
        "january", "february", "march", "april", "may ", "june", "july", "august", "september", "october",
        "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
    ]

    /// Distinct content terms of a byte range: Han character pairs and Latin words of four or more letters that
    /// are not common function words, as hashes.
    static func terms(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Set<UInt64> {
        var terms: Set<UInt64> = []
        var previousHan: UInt32 = 0
        var word: [UInt8] = []
        var wordLetters = 0
        func endWord() {
            if wordLetters >= 4 && !stopWords.contains(word) { terms.insert(fnv(word[...])) }
            word.removeAll(keepingCapacity: true)
            wordLetters = 0
        }
        var position = range.lowerBound
        while position < range.upperBound {
            let (value, width) = UTF8Decoding.scalar(in: bytes, at: position)
            if Self.isHan(value) {
                endWord()
                if previousHan != 0 { terms.insert(UInt64(previousHan) << 32 | UInt64(value) | 1 << 63) }
                previousHan = value
            } else {
                previousHan = 0
                let isLetter: Bool
                if value < 0x80 {
                    isLetter = (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A
                } else {
                    isLetter = Unicode.Scalar(value)?.properties.isAlphabetic ?? false
                }
                if isLetter {
                    let folded = UTF8Decoding.foldCase(value)
                    word.append(contentsOf: String(Unicode.Scalar(folded) ?? " ").utf8)
                    wordLetters += 1
                } else {
                    endWord()
                }
            }
            position += width
        }
        endWord()
        return terms
    }

    static let stopWords: Set<[UInt8]> = Set(
        [
            "that", "with", "have", "from", "this", "were", "said", "they", "their", "which", "would", "about",
            "there", "been", "will", "also", "more", "than", "when", "what", "into", "after", "other", "some",
            "could", "them", "only", "over", "such", "most", "these", "those", "then", "very", "just", "does",
            "being", "while", "where", "because", "should", "before", "many", "much", "even", "still", "says",
            "được", "những", "người", "trong", "không", "nhưng", "cũng",
        ].map { Array($0.utf8) })

    static func fnv(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash & ~(1 << 63)
    }

    /// Whether a line is made only of interface strings, or only of time codes.
    func isInterfaceLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Line) -> Bool {
        let range = line.contentStart..<line.contentEnd
        if Self.isTimeCodeLine(bytes, range) { return true }
        guard !interfaceStrings.isEmpty, range.count <= 4 * 80, interfaceAlphabet.admits(bytes, range),
            Self.leadMayStart(bytes, range, interfacePrefixes) != false
        else { return false }
        let content = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard content.unicodeScalars.count <= 80, Self.firstWordMayStart(content, interfacePrefixes) else {
            return false
        }
        if interfaceStrings.contains(CleaningLabels.fold(content)) { return true }
        let words = content.split(whereSeparator: { $0.isWhitespace }).map { CleaningLabels.fold($0) }
        guard words.count > 1 && words.count <= 16, words.contains(where: { !$0.isEmpty }) else { return false }
        // Can the words be split into consecutive listed strings?
        var reachable = [Bool](repeating: false, count: words.count + 1)
        reachable[0] = true
        for start in 0..<words.count where reachable[start] {
            var joined = ""
            for stop in (start + 1)...min(words.count, start + interfaceWordLimit) {
                joined += words[stop - 1]
                if joined.isEmpty || interfaceStrings.contains(joined) { reachable[stop] = true }
            }
        }
        return reachable[words.count]
    }

    /// A line of digits, `:`, `/`, `.`, `-` and spaces holding a player's time codes: two or more `d:dd` codes
    /// (`0:00 / 2:35`), or one that starts at `0:` or has hours (`0:05:27`). A lone clock time (`- 14:59 -`, the
    /// stamps of a live report) is content.
    static func isTimeCodeLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= 64 else { return false }
        var codes = 0
        var playerLike = false
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            switch byte {
            case 0x30...0x39:
                // A code: digits, then one or two `:dd` parts.
                var end = position
                while end < range.upperBound && (0x30...0x39).contains(bytes[end]) { end += 1 }
                let lead = end - position
                var parts = 0
                while end + 2 < range.upperBound && bytes[end] == 0x3A && (0x30...0x39).contains(bytes[end + 1])
                    && (0x30...0x39).contains(bytes[end + 2])
                {
                    parts += 1
                    end += 3
                }
                if parts > 0 {
                    codes += 1
                    if parts >= 2 || (lead == 1 && bytes[position] == 0x30) { playerLike = true }
                }
                position = max(end, position + 1)
            case 0x2F, 0x2E, 0x2D, 0x20, 0x09, 0x3A: position += 1
            default: return false
            }
        }
        return codes >= 2 || (codes == 1 && playerLike)
    }

    // MARK: - Bytes

    @inline(__always)
    static func isHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// The width of a white-space character at `position` (ASCII, no-break space, ideographic space), or `nil`.
    static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int) -> Int? {
        let byte = bytes[position]
        if isASCIISpace(byte) { return 1 }
        if byte == 0xC2 && position + 1 < end && bytes[position + 1] == 0xA0 { return 2 }
        if byte == 0xE3 && position + 2 < end && bytes[position + 1] == 0x80 && bytes[position + 2] == 0x80 {
            return 3
        }
        if byte == 0xE2 && position + 2 < end && bytes[position + 1] == 0x80
            && (bytes[position + 2] == 0x8B || bytes[position + 2] == 0xAF)
        {
            return 3
        }
        return nil
    }

    static func trailingSpaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        if isASCIISpace(bytes[end - 1]) { return 1 }
        if end - 2 >= start, let width = spaceWidth(bytes, end - 2, end), width == 2 { return 2 }
        if end - 3 >= start, let width = spaceWidth(bytes, end - 3, end), width == 3 { return 3 }
        return nil
    }

    static func sameContent(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Line, _ b: Line) -> Bool {
        let length = a.contentEnd - a.contentStart
        guard length == b.contentEnd - b.contentStart else { return false }
        return memcmp(bytes.baseAddress! + a.contentStart, bytes.baseAddress! + b.contentStart, length) == 0
    }
}
