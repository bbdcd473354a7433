extension CleaningLabels {
    /// ``fold(_:)`` without Foundation, for texts whose NFKC form is known scalar by scalar; `nil` for any other text.
    ///
    /// NFKC leaves a scalar alone when it has no compatibility or canonical decomposition that changes it and
    /// nothing next to it can compose with it. That holds for ASCII, Latin letters with or without diacritics (the
    /// precomposed ones are their own NFC form), Han ideographs of the unified blocks and the common CJK and
    /// typographic punctuation, as long as no combining mark follows; the full-width forms U+FF01–U+FF5E are their
    /// ASCII letters (`<wide>` decompositions), and U+3000 is a space (dropped either way). A text with any other
    /// scalar (combining marks, compatibility characters such as `…`, `ﬁ` or `½`, Hangul) returns `nil` and takes
    /// the Foundation path. Lower-casing is each scalar's full lower-case mapping, as `String.lowercased()` does.
    ///
    /// - Complexity: O(*n*) in the scalars of `text`, with no allocation beyond the result.
    static func quickFold(_ text: some Collection<Unicode.Scalar>) -> String? {
        var result = String.UnicodeScalarView()
        for scalar in text {
            let value = scalar.value
            var mapped = scalar
            if value >= 0xFF01 && value <= 0xFF5E {
                mapped = Unicode.Scalar(value - 0xFEE0)!
            } else if !isNFKCStable(value) {
                return nil
            }
            if mapped.value < 0x80 {
                let byte = UInt8(mapped.value)
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
                if byte >= 0x41 && byte <= 0x5A {
                    result.append(Unicode.Scalar(byte + 0x20))
                } else {
                    result.append(mapped)
                }
                continue
            }
            if mapped.properties.isWhitespace { continue }
            if mapped.properties.changesWhenLowercased {
                result.append(contentsOf: mapped.properties.lowercaseMapping.unicodeScalars)
            } else {
                result.append(mapped)
            }
        }
        var trimmed = Substring.UnicodeScalarView(result)
        while let first = trimmed.first, edgeMarks.contains(first) { trimmed.removeFirst() }
        while let last = trimmed.last, edgeMarks.contains(last) { trimmed.removeLast() }
        return String(trimmed)
    }

    /// Whether NFKC leaves the scalar `value` as it is in any context without combining marks.
    @inline(__always)
    static func isNFKCStable(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x7F: return true
        // Latin-1 signs without decompositions: ¡ ¢ £ ¤ ¥ ¦ § © « ¬ ® ° ± ¶ · » ¿.
        case 0xA1...0xA7, 0xA9, 0xAB, 0xAC, 0xAE, 0xB0, 0xB1, 0xB6, 0xB7, 0xBB, 0xBF: return true
        // Latin-1 letters and × ÷ (canonical compositions only).
        case 0xC0...0xFF: return true
        // Latin Extended-A without Ĳ ĳ Ŀ ŀ ŉ ſ, Latin Extended-B without the Ǆ–ǌ and Ǳ–ǳ digraphs.
        case 0x0132, 0x0133, 0x013F, 0x0140, 0x0149, 0x017F, 0x01C4...0x01CC, 0x01F1...0x01F3: return false
        case 0x0100...0x024F: return true
        // Latin Extended Additional (Vietnamese) without ẚ and ẛ.
        case 0x1E9A, 0x1E9B: return false
        case 0x1E00...0x1EFF: return true
        // Dashes, quotes, bullets: ‐ – — ‘ ’ “ ” •.
        case 0x2010, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022: return true
        // Ideographic space (a space after NFKC, dropped either way), 、 。 and the CJK brackets 〈〉《》「」『』【】.
        case 0x3000...0x3002, 0x3008...0x3011: return true
        // CJK Unified Ideographs and Extension A.
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        default: return false
        }
    }
}
