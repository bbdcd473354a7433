/// Joins the stray spaces that machine translation and tokenised corpora leave inside Latin words, a normalisation
/// step (nothing is removed from the record; the join happens in the normalised text only).
///
/// On the normalised text (lower case, dashes folded to `-`, apostrophes to `'`), a space is dropped when
/// - it stands between a Latin letter and a hyphen that a Latin letter follows: `so -called` → `so-called`,
///   `rules -based` → `rules-based`, `secretary -general` → `secretary-general` (a spaced dash, `a - b`, has a
///   space after the hyphen too and is left alone, and so is `-5`);
/// - it stands between a Latin letter and an apostrophe that starts an English clitic (`'s`, `'t`, `'re`, `'ve`,
///   `'ll`, `'d`, `'m`) ending the word: `china 's` → `china's`; or before `n't`: `do n't` → `don't`.
///
/// So the tokens, n-grams and lexicon terms (`so-called`, `rules-based international order`) are those of the
/// correctly spaced text. Models of format version 1 were trained without this step and score without it.
enum MachineTranslationSpacing {
    /// The byte offsets of the spaces to drop from `text` (sorted), empty when there are none.
    static func spacesToDrop(in text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var drops: [Int] = []
        let count = text.count
        var index = 1
        let raw = UnsafeRawPointer(text.baseAddress)
        while index + 2 < count {
            // Eight positions at a time: skipped when none is a space before `-`, `'` or `n` (SWAR.zeroBytes is
            // exact, so no candidate is skipped).
            if let raw, index + 9 <= count {
                let here = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let next = raw.loadUnaligned(fromByteOffset: index + 1, as: UInt64.self)
                let spaces = SWAR.zeroBytes(here ^ 0x2020_2020_2020_2020)
                let marks =
                    SWAR.zeroBytes(next ^ 0x2D2D_2D2D_2D2D_2D2D) | SWAR.zeroBytes(next ^ 0x2727_2727_2727_2727)
                    | SWAR.zeroBytes(next ^ 0x6E6E_6E6E_6E6E_6E6E)
                if spaces & marks == 0 {
                    index += 8
                    continue
                }
            }
            // Look for " -" and " '" quickly; everything else is skipped.
            guard text[index] == 0x20 else {
                index += 1
                continue
            }
            let next = text[index + 1]
            if next == 0x2D {
                if isLatinLetter(before: index, in: text) && isLatinLetter(at: index + 2, in: text) {
                    drops.append(index)
                }
            } else if next == 0x27 {
                if isLatinLetter(before: index, in: text) && startsClitic(at: index + 2, in: text) {
                    drops.append(index)
                }
            } else if next == 0x6E && index + 3 < count && text[index + 2] == 0x27 && text[index + 3] == 0x74 {
                // " n't"
                if isLatinLetter(before: index, in: text) && !isLatinLetter(at: index + 4, in: text) {
                    drops.append(index)
                }
            }
            index += 1
        }
        return drops
    }

    /// `s`, `t`, `d`, `m`, `re`, `ve`, `ll` at `index`, not followed by a letter.
    private static func startsClitic(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index < text.count else { return false }
        switch text[index] {
        case 0x73, 0x74, 0x64, 0x6D: return !isLatinLetter(at: index + 1, in: text)
        case 0x72, 0x76:
            return index + 1 < text.count && text[index + 1] == 0x65 && !isLatinLetter(at: index + 2, in: text)
        case 0x6C:
            return index + 1 < text.count && text[index + 1] == 0x6C && !isLatinLetter(at: index + 2, in: text)
        default: return false
        }
    }

    private static func isLatinLetter(at index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index < text.count else { return false }
        let value = UTF8Decoding.scalar(in: text, at: index).value
        return isLetter(value)
    }

    private static func isLatinLetter(before index: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index > 0 else { return false }
        return isLetter(UTF8Decoding.scalar(in: text, before: index))
    }

    private static func isLetter(_ value: UInt32) -> Bool {
        if value >= 0x30 && value <= 0x39 { return false }
        if value >= 0x300 && value <= 0x36F { return true }
        return UTF8Decoding.isLatinWordScalar(value)
    }

    /// `normalized` with the stray spaces dropped: the offsets map and quotation ranges follow the text.
    static func apply(to normalized: NormalizedText) -> NormalizedText {
        var text = normalized.text
        let drops = text.withUTF8 { spacesToDrop(in: $0) }
        guard !drops.isEmpty else { return normalized }
        // The kept bytes and their origins, segment by segment between the drops, in one merge over the drops and
        // the runs of the offsets map (no search per byte).
        var bytes: [UInt8] = []
        var offsets = OriginalOffsetMap()
        var run = 0
        text.withUTF8 { utf8 in
            bytes.reserveCapacity(utf8.count - drops.count)
            var start = 0
            for end in drops + [utf8.count] {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
                offsets.append(from: normalized.originMap, offsets: start..<end, run: &run)
                start = end + 1
            }
        }
        // The offset one past the end.
        offsets.append(from: normalized.originMap, offsets: text.utf8.count..<(text.utf8.count + 1), run: &run)
        // A range bound moves left by the number of dropped bytes before it.
        func shifted(_ bound: Int) -> Int {
            var low = 0
            var high = drops.count
            while low < high {
                let mid = (low + high) / 2
                if drops[mid] < bound { low = mid + 1 } else { high = mid }
            }
            return bound - low
        }
        let quoted = normalized.quotedRanges.compactMap { range -> Range<Int>? in
            let moved = shifted(range.lowerBound)..<shifted(range.upperBound)
            return moved.isEmpty ? nil : moved
        }
        return NormalizedText(
            text: String(decoding: bytes, as: UTF8.self), quotedRanges: quoted, language: normalized.language,
            originMap: offsets)
    }
}

extension OriginalOffsetMap {
    /// Appends the origins of `offsets` of `other`, run by run: the same map as appending `other[offset]` for each
    /// offset in turn. `run` is the index of a run of `other` that starts at or before `offsets.lowerBound`; it is
    /// moved forward, so that appending increasing ranges walks `other`'s runs once.
    mutating func append(from other: OriginalOffsetMap, offsets: Range<Int>, run: inout Int) {
        var offset = offsets.lowerBound
        while offset < offsets.upperBound {
            while run + 1 < other.starts.count && Int(other.starts[run + 1]) <= offset { run += 1 }
            let runEnd = run + 1 < other.starts.count ? Int(other.starts[run + 1]) : other.count
            let end = min(offsets.upperBound, runEnd)
            let origin = other.origins[run] + Int32(truncatingIfNeeded: offset - Int(other.starts[run]))
            append(contentsOf: origin..<(origin + Int32(truncatingIfNeeded: end - offset)))
            offset = end
        }
    }
}
