import Foundation

/// Decides the language of a text from its letters and a few function words (step b of ``TextNormalizer``).
///
/// The decision, made on the original text before any script conversion:
/// 1. Letters are counted by ``Script``. When Han, kana and hangul letters together are at least as many as Latin
///    letters (a mixed document takes the majority by letters), the text is Chinese unless kana and hangul make up
///    more than a fifth of them (Japanese or Korean: ``Language/other``). Chinese is ``Language/zhHant`` when, among
///    the first 3000 Han characters, more are Traditional-only than Simplified-only, and ``Language/zhHans``
///    otherwise (ties included). Traditional-only means OpenCC's `t2s.json` changes the character, Simplified-only
///    that `s2t.json` does (``HanVariantTable``).
/// 2. When Latin letters are the majority, the text is split into Latin words. A word is Vietnamese evidence when it
///    contains a letter only Vietnamese uses (``Script/vietnameseLatin``) or is a Vietnamese function word (của,
///    và, là, những, các, được, không, với, người, trong, này, cho, một, ...); it is English evidence when it is an
///    English function word (the, of, and, to, in, is, that, for, ...). The text is ``Language/vi`` when Vietnamese
///    evidence is more than twice the English evidence and at least a fifth of the words, ``Language/en`` when
///    English function words make up at least a twentieth of the words, and ``Language/other`` otherwise (French,
///    German, a headline without function words).
/// 3. Letters of other scripts in the majority, or no letters at all, give ``Language/other``.
///
/// Only the first MiB of a text is read, and only its first 256 Latin words are looked at (letters are counted
/// throughout). Decomposed Vietnamese (base letters followed by combining marks) is
/// composed (NFC) before counting.
public enum LanguageIdentifier {
    /// The language of `text`.
    ///
    /// - Complexity: O(min(*n*, 2²⁰)) for a text of *n* UTF-8 bytes.
    public static func identify(_ text: String) -> Language {
        var text = text
        return text.withUTF8 { identify(utf8: $0, skipping: []) }
    }

    static let sampleBytes = 1 << 20
    static let hanSample = 3000
    static let wordSample = 256

    /// The language of UTF-8 `bytes`, ignoring the byte ranges in `skipping` (sorted, non-overlapping: masked terms,
    /// URLs and e-mail addresses, whose letters say nothing about the language of the text around them).
    static func identify(utf8 bytes: UnsafeBufferPointer<UInt8>, skipping: [Range<Int>]) -> Language {
        var counts = Evidence()
        if counts.count(bytes, skipping: skipping) {
            // Decomposed text: compose it and count again.
            var text = ""
            var position = 0
            for range in skipping + [bytes.count..<bytes.count] {
                text += String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[position..<range.lowerBound]), as: UTF8.self)
                text += " "
                position = range.upperBound
            }
            var composed = text.precomposedStringWithCanonicalMapping
            counts = Evidence()
            _ = composed.withUTF8 { counts.count($0, skipping: []) }
        }
        return counts.decision
    }

    /// The language of UTF-8 `bytes` (as ``identify(_:)`` decides it) with the number of its letters (every scalar
    /// whose ``Script`` is not `none`) and of its Latin ones, from one pass; `nil` when that pass does not see every
    /// letter as it stands: a text over the 1 MiB sample, or one with combining marks (composed before counting).
    static func identifyCountingLetters(
        utf8 bytes: UnsafeBufferPointer<UInt8>
    ) -> (language: Language, letters: Int, latin: Int)? {
        guard bytes.count <= sampleBytes else { return nil }
        var counts = Evidence()
        if counts.count(bytes, skipping: []) { return nil }
        return (counts.decision, counts.han + counts.kanaOrHangul + counts.latin + counts.otherLetters, counts.latin)
    }

    /// Letter and word counts of a text.
    struct Evidence {
        var han = 0
        var kanaOrHangul = 0
        var latin = 0
        var otherLetters = 0
        var traditional = 0
        var simplified = 0
        var hanSampled = 0
        var words = 0
        var vietnameseWords = 0
        var englishWords = 0

        // The current Latin word: its lower-cased UTF-8 bytes packed into 8 bytes (longer words are no function
        // words), its length, and whether it has a Vietnamese-only letter.
        private var wordKey: UInt64 = 0
        private var wordLength = 0
        private var wordHasVietnameseLetter = false
        private let englishFunctionWords = FunctionWords.english
        private let vietnameseFunctionWords = FunctionWords.vietnamese
        private let eitherFunctionWords = FunctionWords.either

        var decision: Language {
            let cjk = han + kanaOrHangul
            if cjk == 0 && latin == 0 { return .other }
            if otherLetters > cjk && otherLetters > latin { return .other }
            if cjk >= latin {
                if kanaOrHangul * 5 > cjk { return .other }
                return traditional > simplified ? .zhHant : .zhHans
            }
            if vietnameseWords > 2 * englishWords && vietnameseWords * 5 >= words { return .vi }
            if englishWords > 0 && englishWords * 20 >= words { return .en }
            return .other
        }

        @inline(__always)
        private mutating func endWord() {
            guard wordLength > 0 else { return }
            if words < LanguageIdentifier.wordSample { classifyWord() }
            wordKey = 0
            wordLength = 0
            wordHasVietnameseLetter = false
        }

        private mutating func classifyWord() {
            words += 1
            if wordLength <= 8 {
                if wordHasVietnameseLetter {
                    vietnameseWords += 1
                } else if eitherFunctionWords.contains(wordKey) {
                    // One probe for the many words that are neither; a function word is then told apart.
                    if vietnameseFunctionWords.contains(wordKey) {
                        vietnameseWords += 1
                    } else if englishFunctionWords.contains(wordKey) {
                        englishWords += 1
                    }
                }
            } else if wordHasVietnameseLetter {
                vietnameseWords += 1
            }
        }

        private mutating func addToWord(_ value: UInt32) {
            let folded = UTF8Decoding.foldCase(value)
            let length = UTF8Decoding.length(of: folded)
            if wordLength + length <= 8 { wordKey |= UInt64(UTF8Decoding.packed(folded)) << (8 * wordLength) }
            wordLength += length
        }

        /// Counts letters and words; returns true when the text has combining diacritics and should be composed.
        ///
        /// With `sampledHan`, the number of Han characters outside `skipping`, counting stops as soon as the word
        /// sample is full and every Han character the sample takes is seen: the samples (and so the decision's word
        /// and Traditional counts) are then final, and only the letter counts are partial, for a caller that knows
        /// them otherwise (``LanguageIdentifier/identifyWithShares(utf8:skipping:)``).
        mutating func count(
            _ bytes: UnsafeBufferPointer<UInt8>, skipping: [Range<Int>], sampledHan: Int? = nil
        ) -> Bool {
            let scripts = ScriptTable.shared
            var index = 0
            var nextSkip = 0
            var nextSkipStart = skipping.first?.lowerBound ?? Int.max
            let end = min(bytes.count, LanguageIdentifier.sampleBytes)
            let stopAtHan = sampledHan.map { min($0, LanguageIdentifier.hanSample) } ?? Int.max
            while index < end {
                if words >= LanguageIdentifier.wordSample && hanSampled >= stopAtHan { break }
                if index >= nextSkipStart {
                    endWord()
                    index = max(index, skipping[nextSkip].upperBound)
                    nextSkip += 1
                    nextSkipStart = nextSkip < skipping.count ? skipping[nextSkip].lowerBound : Int.max
                    continue
                }
                let byte = bytes[index]
                if byte < 0x80 && words >= LanguageIdentifier.wordSample {
                    // The word sample is complete: only count letters, eight bytes at a time.
                    let runLimit = min(end, nextSkipStart)
                    var runEnd = index
                    let base = UnsafeRawPointer(bytes.baseAddress!)
                    while runEnd + 8 <= runLimit {
                        let chunk = base.loadUnaligned(fromByteOffset: runEnd, as: UInt64.self)
                        guard chunk & SWAR.highBits == 0 else { break }
                        latin += SWAR.letterBytes(chunk).nonzeroBitCount
                        runEnd += 8
                    }
                    if runEnd == index {
                        if (byte | 0x20) &- 0x61 < 26 { latin += 1 }
                        runEnd += 1
                    }
                    index = runEnd
                    continue
                }
                if byte < 0x80 {
                    guard (byte | 0x20) &- 0x61 < 26 else {
                        endWord()
                        index += 1
                        continue
                    }
                    // A run of ASCII letters: eight bytes at a time while they are ASCII (`SWAR.letterBytes`, exact
                    // there), the same key bytes as one at a time (lower-cased by `| 0x20`, the first eight kept).
                    let runLimit = min(end, nextSkipStart)
                    var runEnd = index
                    let base = UnsafeRawPointer(bytes.baseAddress!)
                    while runEnd + 8 <= runLimit {
                        let chunk = base.loadUnaligned(fromByteOffset: runEnd, as: UInt64.self)
                        guard chunk & SWAR.highBits == 0 else { break }
                        let others = ~SWAR.letterBytes(chunk) & SWAR.highBits
                        let letters = others == 0 ? 8 : others.trailingZeroBitCount / 8
                        if wordLength < 8 {
                            let taken = letters == 8 ? UInt64.max : (1 << (8 * UInt64(letters))) - 1
                            wordKey |= ((chunk | 0x2020_2020_2020_2020) & taken) << (8 * wordLength)
                        }
                        wordLength += letters
                        runEnd += letters
                        if letters < 8 { break }
                    }
                    while runEnd < runLimit {
                        let letter = bytes[runEnd] | 0x20
                        guard letter &- 0x61 < 26 else { break }
                        if wordLength < 8 { wordKey |= UInt64(letter) << (8 * wordLength) }
                        wordLength += 1
                        runEnd += 1
                    }
                    latin += runEnd - index
                    index = runEnd
                    continue
                }
                if byte & 0xC0 == 0x80 {
                    // A continuation byte: the sample ended inside a skipped span's neighbour; resynchronise.
                    index += 1
                    continue
                }
                let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
                index += length
                if value >= 0x300 && value <= 0x36F { return true }
                guard let script = scripts.script(anyScalar: value) else { continue }
                switch script {
                case .han:
                    endWord()
                    han += 1
                    if hanSampled < LanguageIdentifier.hanSample {
                        hanSampled += 1
                        // The table is built on first use, so texts without Han characters never pay for it.
                        let flags = HanVariantTable.shared.flags(of: value)
                        if flags & HanVariantTable.traditionalBit != 0 { traditional += 1 }
                        if flags & HanVariantTable.simplifiedBit != 0 { simplified += 1 }
                    }
                case .kanaOrHangul:
                    endWord()
                    kanaOrHangul += 1
                case .latin:
                    latin += 1
                    addToWord(value)
                case .vietnameseLatin:
                    latin += 1
                    wordHasVietnameseLetter = true
                    addToWord(value)
                case .otherLetter:
                    endWord()
                    otherLetters += 1
                case .none:
                    endWord()
                }
            }
            endWord()
            return false
        }
    }

    /// A fixed set of non-zero 64-bit keys: open addressing with linear probing and a multiplicative (Fibonacci)
    /// hash, Knuth, *The Art of Computer Programming* vol. 3, §6.4. Several times faster than `Set<UInt64>`, whose
    /// SipHash dominates when every word of a text is looked up.
    struct WordSet: Sendable {
        private let slots: [UInt64]
        private let shift: UInt64

        init?(_ keys: [UInt64]) {
            var bits: UInt64 = 4
            while (1 << bits) < 4 * keys.count { bits += 1 }
            var slots = [UInt64](repeating: 0, count: 1 << bits)
            let shift = 64 - bits
            for key in keys {
                guard key != 0 else { return nil }
                var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while slots[slot] != 0 && slots[slot] != key { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = key
            }
            self.slots = slots
            self.shift = shift
        }

        @inline(__always)
        func contains(_ key: UInt64) -> Bool {
            var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let value = slots[slot]
                if value == key { return true }
                if value == 0 { return false }
                slot = (slot + 1) & (slots.count - 1)
            }
        }
    }

    /// Function words, as lower-case UTF-8 packed little-endian into a `UInt64` (all are at most 8 bytes).
    enum FunctionWords {
        static func key(_ word: String) -> UInt64 {
            var key: UInt64 = 0
            for (index, byte) in word.utf8.enumerated() where index < 8 { key |= UInt64(byte) << (8 * index) }
            return key
        }

        static let english = WordSet(englishWords.map(key))!
        static let vietnamese = WordSet(vietnameseWords.map(key))!
        /// The English and the Vietnamese function words together.
        static let either = WordSet((englishWords + vietnameseWords).map(key))!

        static let englishWords = [
            "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as", "by", "are",
            "be", "this", "from", "at", "has", "have", "had", "said", "not", "an", "were", "which", "its",
            "his", "her", "they", "their", "will", "would", "been", "but", "who", "after", "about", "more",
            "than", "also", "there", "into", "these", "when", "what", "can", "could", "should", "we", "our",
            "you", "he", "she", "says", "over", "against",
        ]

        static let vietnameseWords = [
            "của", "và", "là", "những", "các", "được", "không", "với", "người", "trong", "này", "cho", "một",
            "có", "đã", "sẽ", "đến", "từ", "khi", "về", "như", "theo", "tại", "năm", "ông", "bà", "nhưng",
            "cũng", "để", "thì", "mà", "vào", "hơn", "nhiều", "đó", "nói", "sau", "trên", "dưới", "nước",
            "cần", "đang", "rằng", "bị", "nhà", "chính",
        ]
    }
}

/// ``Script`` of every scalar of the Basic Multilingual Plane, computed once: `Script.init` asks the Unicode
/// properties for letters outside its fixed ranges (punctuation such as `，` and `。` included), which is slow when
/// done for every character of a text.
struct ScriptTable: Sendable {
    private static let order: [Script] = [.han, .kanaOrHangul, .vietnameseLatin, .latin, .otherLetter, .none]
    private let codes: [UInt8]

    static let shared = ScriptTable()

    private init() {
        var codes = [UInt8](repeating: 5, count: 0x10000)
        for value in 0..<UInt32(0x10000) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            codes[Int(value)] = UInt8(Self.order.firstIndex(of: Script(scalar))!)
        }
        self.codes = codes
    }

    @inline(__always)
    func script(_ value: UInt32) -> Script { Self.order[Int(codes[Int(value)])] }

    /// The script of any decoded value: the table for the Basic Multilingual Plane, ``Script`` above it; `nil` for
    /// a value that is no scalar.
    @inline(__always)
    func script(anyScalar value: UInt32) -> Script? {
        if value < 0x10000 { return script(value) }
        return Unicode.Scalar(value).map { Script($0) }
    }
}
