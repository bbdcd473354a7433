/// Sorts the quotations of a normalised text into ``QuoteFamily`` families, and finds terms distanced without
/// quotation marks (*so-called X*, 所谓X).
///
/// The rule looks at the quotation and at its sentence on either side: the text before it back to the last sentence
/// break (`.` `!` `?` `;` or a line break, at most ``window`` bytes), and the text after it up to the next one. Cues
/// are those of ``QuoteCues``; Latin cues match whole words, Han cues anywhere. In order:
/// 1. **distancing** when the text just before the quotation ends with a distancing cue (`so-called "…"`,
///    `所谓"…"`, `所谓的"…"`, `cái gọi là "…"`), or with `what … calls` (*what* at most four words before a
///    *call* verb);
/// 2. **term** when the text just before ends with a naming cue (`called "…"`, `称为"…"`, `提出"…"`,
///    `mang tên "…"`) or the text just after starts with a naming noun (`"…" initiative`, `"…"倡议`,
///    `"…" chính sách`);
/// 3. **reported** when the quotation is long (at least ``longWords`` words, or ``longHan`` Han characters, or it
///    holds a sentence break inside): long quotations are nearly always someone's words;
/// 4. **reported** when a speech cue is in the sentence before and that text ends with `:` or `,` (`he said: "…"`,
///    `表示,"…"`), or a speech cue starts the sentence after and the quotation ends with `,` `.` or that text starts
///    with `,` (`"…," she said`, `"…"他说`), or the quotation has at least three words (six Han characters) and a
///    speech cue stands anywhere in its sentence;
/// 5. **term** otherwise: a short quotation with no one speaking it is a quoted name or phrase.
///
/// Own-voice text is **distancing** when a distancing cue stands at most ``unquotedReach`` bytes before it with no
/// phrase break (`,` `.` `:` `;` `!` `?` a line break) in between: `the so-called community of shared future`.
///
/// Measured against hand labels in `labels/quotes/` by `scripts/quote-families`.
public struct QuoteFamilyClassifier: Sendable {
    /// The most bytes looked at on either side of a quotation.
    public static let window = 90
    /// Words from which a quotation counts as long.
    public static let longWords = 7
    /// Han characters from which a quotation counts as long.
    public static let longHan = 13
    /// The most bytes between a distancing cue and an unquoted term it distances.
    public static let unquotedReach = 36

    private let speech: [[UInt8]]
    private let distancing: [[UInt8]]
    private let whatCalls: [[UInt8]]
    private let namingBefore: [[UInt8]]
    private let namingAfter: [[UInt8]]

    /// One classifier for every document (its cue tables never change).
    static let shared = QuoteFamilyClassifier()

    public init() {
        func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }
        speech = bytes(QuoteCues.speech)
        distancing = bytes(QuoteCues.distancing)
        whatCalls = bytes(QuoteCues.whatCalls)
        namingBefore = bytes(QuoteCues.namingBefore)
        namingAfter = bytes(QuoteCues.namingAfter)
    }

    /// The family of each of `text`'s quoted ranges (``NormalizedText/quotedRanges``), in order.
    public func families(in text: NormalizedText) -> [QuoteFamily] {
        let bytes = Array(text.text.utf8)
        return text.quotedRanges.map { family(of: $0, in: bytes) }
    }

    /// The family of the quotation at `range` (a quoted range, marks excluded) of the normalised `bytes`.
    func family(of range: Range<Int>, in bytes: [UInt8]) -> QuoteFamily {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        // The sentence before, without the opening mark and spaces; the sentence after, without the closing mark.
        var beforeStart = max(0, lower - Self.window)
        var cursor = lower
        while cursor > beforeStart {
            if Self.isSentenceBreak(bytes, cursor - 1) {
                beforeStart = cursor
                break
            }
            cursor -= 1
        }
        var beforeEnd = lower
        while beforeEnd > beforeStart && Self.isMarkOrSpace(bytes[beforeEnd - 1]) { beforeEnd -= 1 }
        var afterStart = upper
        while afterStart < bytes.count && Self.isMarkOrSpace(bytes[afterStart]) { afterStart += 1 }
        var afterEnd = afterStart
        let afterLimit = min(bytes.count, afterStart + Self.window)
        while afterEnd < afterLimit && !Self.isSentenceBreak(bytes, afterEnd) { afterEnd += 1 }
        let before = beforeStart..<beforeEnd
        let after = afterStart..<afterEnd

        // 1. Distancing just before.
        var beforeCore = beforeEnd
        // Skip a linking 的 (E7 9A 84) or "the" between the cue and the quotation.
        if beforeCore - before.lowerBound >= 3, Array(bytes[(beforeCore - 3)..<beforeCore]) == [0xE7, 0x9A, 0x84] {
            beforeCore -= 3
        }
        while beforeCore > before.lowerBound && bytes[beforeCore - 1] == 0x20 { beforeCore -= 1 }
        if endsWithCue(distancing, bytes, before.lowerBound..<beforeCore) || endsWithWhatCalls(bytes, before) {
            return .distancing
        }
        // 2. Naming on either side.
        if endsWithCue(namingBefore, bytes, before) || startsWithCue(namingAfter, bytes, after) { return .term }
        // 3. Long quotations.
        let shape = Self.shape(bytes, lower..<upper)
        if shape.words >= Self.longWords || shape.han >= Self.longHan || shape.innerBreak { return .reported }
        // 4. Attributed short quotations.
        let speechBefore = containsCue(speech, bytes, before)
        let lastBefore = beforeEnd > before.lowerBound ? bytes[beforeEnd - 1] : 0
        if speechBefore && (lastBefore == UInt8(ascii: ":") || lastBefore == UInt8(ascii: ",")) { return .reported }
        let afterHead = after.lowerBound..<min(after.upperBound, after.lowerBound + 40)
        let speechAfter = containsCue(speech, bytes, afterHead)
        let lastInside = upper > lower ? bytes[upper - 1] : 0
        let firstAfter = after.isEmpty ? 0 : bytes[after.lowerBound]
        if speechAfter
            && (lastInside == UInt8(ascii: ",") || lastInside == UInt8(ascii: ".") || firstAfter == UInt8(ascii: ","))
        {
            return .reported
        }
        if (shape.words >= 3 || shape.han >= 6) && (speechBefore || containsCue(speech, bytes, after)) {
            return .reported
        }
        return .term
    }

    /// Whether own-voice text at UTF-8 offset `offset` of `bytes` follows a distancing cue in the same phrase.
    func isDistanced(at offset: Int, in bytes: [UInt8]) -> Bool {
        let end = max(0, min(offset, bytes.count))
        var start = max(0, end - Self.unquotedReach)
        var cursor = end
        while cursor > start {
            if Self.isPhraseBreak(bytes[cursor - 1]) {
                start = cursor
                break
            }
            cursor -= 1
        }
        return containsCue(distancing, bytes, start..<end)
    }

    // MARK: Cue matching

    private func containsCue(_ cues: [[UInt8]], _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        for cue in cues where cue.count <= range.count {
            var start = range.lowerBound
            while start + cue.count <= range.upperBound {
                if matches(cue, bytes, at: start) { return true }
                start += 1
            }
        }
        return false
    }

    private func endsWithCue(_ cues: [[UInt8]], _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        cues.contains { cue in cue.count <= range.count && matches(cue, bytes, at: range.upperBound - cue.count) }
    }

    private func startsWithCue(_ cues: [[UInt8]], _ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        cues.contains { cue in cue.count <= range.count && matches(cue, bytes, at: range.lowerBound) }
    }

    /// `what` at most four words before a *call* verb that ends `range`.
    private func endsWithWhatCalls(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        for verb in whatCalls where verb.count <= range.count && matches(verb, bytes, at: range.upperBound - verb.count)
        {
            let verbStart = range.upperBound - verb.count
            var words = 0
            var index = verbStart
            while index > range.lowerBound && words <= 5 {
                // Step back over one space-separated word.
                while index > range.lowerBound && bytes[index - 1] == 0x20 { index -= 1 }
                let wordEnd = index
                while index > range.lowerBound && bytes[index - 1] != 0x20 { index -= 1 }
                words += 1
                if words >= 2 && Array(bytes[index..<wordEnd]) == Array("what".utf8) { return true }
            }
        }
        return false
    }

    /// Whether `cue` occurs at `start`, at word boundaries when it starts or ends with a Latin letter.
    private func matches(_ cue: [UInt8], _ bytes: [UInt8], at start: Int) -> Bool {
        guard start >= 0, start + cue.count <= bytes.count else { return false }
        for index in cue.indices where bytes[start + index] != cue[index] { return false }
        if Self.isLatinByte(cue[0]) && start > 0 && Self.endsInLetter(bytes, before: start) { return false }
        let end = start + cue.count
        if Self.isLatinEnding(cue) && end < bytes.count && Self.startsWithLetter(bytes, at: end) { return false }
        return true
    }

    // MARK: Byte classes

    /// ASCII letters and digits, and lead bytes of two-byte scalars (Latin letters with marks) or of U+1xxx
    /// (Vietnamese letters such as ạ ế), which count as letters; Han and CJK punctuation (lead byte E2 and up)
    /// do not.
    private static func isLetterLead(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
            || (byte >= 0xC2 && byte <= 0xE1)
    }

    private static func isLatinByte(_ byte: UInt8) -> Bool { isLetterLead(byte) }

    private static func isLatinEnding(_ cue: [UInt8]) -> Bool {
        var index = cue.count - 1
        while index > 0 && cue[index] & 0xC0 == 0x80 { index -= 1 }
        return isLetterLead(cue[index])
    }

    private static func endsInLetter(_ bytes: [UInt8], before position: Int) -> Bool {
        var index = position - 1
        while index > 0 && bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return isLetterLead(bytes[index])
    }

    private static func startsWithLetter(_ bytes: [UInt8], at position: Int) -> Bool { isLetterLead(bytes[position]) }

    private static func isMarkOrSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// `!` `?` `;` a line break, or `.` not followed by a letter or digit (so `u.s.` does not break).
    private static func isSentenceBreak(_ bytes: [UInt8], _ index: Int) -> Bool {
        switch bytes[index] {
        case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), 0x0A: return true
        case UInt8(ascii: "."):
            return index + 1 >= bytes.count || !(bytes[index + 1] < 0x80 && isLetterLead(bytes[index + 1]))
        default: return false
        }
    }

    private static func isPhraseBreak(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "!"),
            UInt8(ascii: "?"), 0x0A, UInt8(ascii: "\""):
            return true
        default: return false
        }
    }

    /// The words (runs of Latin letters and digits), Han characters and whether a sentence break stands inside
    /// (not at the very end) of `range`.
    static func shape(_ bytes: [UInt8], _ range: Range<Int>) -> (words: Int, han: Int, innerBreak: Bool) {
        var words = 0
        var han = 0
        var inWord = false
        var innerBreak = false
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte >= 0xE3 && byte <= 0xE9 {
                han += 1
                inWord = false
                index += 3
                continue
            }
            if isLetterLead(byte) {
                if !inWord { words += 1 }
                inWord = true
            } else if byte & 0xC0 != 0x80 {
                inWord = false
                if index + 1 < range.upperBound && isSentenceBreak(bytes, index)
                    && (bytes[index + 1] == 0x20 || bytes[index + 1] >= 0xE3)
                {
                    innerBreak = true
                }
            }
            index += 1
        }
        return (words, han, innerBreak)
    }
}
