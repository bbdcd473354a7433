/// Finds URLs and e-mail addresses (step d of ``TextNormalizer``), which become the tokens `xxurl` and `xxemail`.
///
/// - A URL starts with `http://`, `https://` or `www.` (any case) where no ASCII letter or digit stands just before,
///   and runs over printable ASCII up to whitespace, a non-ASCII character, or one of ``"<>`` and backtick. Trailing
///   `.,;:!?'` and closing brackets beyond those opened inside the URL are left out (they end the sentence).
/// - An e-mail address is `local@domain`: the local part is made of ASCII letters, digits and `._%+-`; the domain of
///   letters, digits, `.` and `-`, with at least one dot and a last label of two or more letters.
enum WebAddressDetector {
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    private static func hasPrefix(_ prefix: StaticString, in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let pointer = prefix.utf8Start
        for offset in 0..<length where bytes[index + offset] | 0x20 != pointer[offset] | 0x20 {
            return false
        }
        return true
    }

    /// The spans of all URLs and e-mail addresses in `bytes`, sorted and non-overlapping.
    ///
    /// The scan stops only at `:`, `.` and `@` (skipping eight bytes at a time where none is), and looks back from
    /// there for `http(s)://`, `www.` or a local part.
    static func find(in bytes: UnsafeBufferPointer<UInt8>) -> [Replacement] {
        var found: [Replacement] = []
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Eight bytes at a time past text without `:`, `.` or `@` (most of it: a sentence has one stop).
            if index + 8 <= count, let raw {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !SWAR.hasAddressStop(UInt64(littleEndian: chunk)) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            guard byte == 0x3A || byte == 0x2E || byte == 0x40 else {
                index += 1
                continue
            }
            let notBefore = found.last?.range.upperBound ?? 0
            var start = -1
            if byte == 0x3A && index >= 4 && hasPrefix("://", in: bytes, at: index) {
                if index >= 5 && hasPrefix("https", in: bytes, at: index - 5) {
                    start = index - 5
                } else if hasPrefix("http", in: bytes, at: index - 4) {
                    start = index - 4
                }
            } else if byte == 0x2E && index >= 3 && hasPrefix("www", in: bytes, at: index - 3) {
                start = index - 3
            }
            if start >= notBefore && (start == 0 || (start > 0 && !isAlphanumeric(bytes[start - 1]))),
                let end = urlEnd(in: bytes, at: start)
            {
                found.append(Replacement(range: start..<end, kind: .url))
                index = end
                continue
            }
            if byte == 0x40, let span = email(in: bytes, at: index, notBefore: notBefore) {
                found.append(Replacement(range: span, kind: .email))
                index = span.upperBound
                continue
            }
            index += 1
        }
        return found
    }

    private static func urlEnd(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let prefixLength: Int
        if hasPrefix("https://", in: bytes, at: start) {
            prefixLength = 8
        } else if hasPrefix("http://", in: bytes, at: start) {
            prefixLength = 7
        } else if hasPrefix("www.", in: bytes, at: start) {
            prefixLength = 4
        } else {
            return nil
        }
        var end = start + prefixLength
        var opened = 0
        var closed = 0
        while end < bytes.count {
            let byte = bytes[end]
            guard byte > 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x3C && byte != 0x3E && byte != 0x60 else {
                break
            }
            if byte == 0x28 || byte == 0x5B { opened += 1 }
            if byte == 0x29 || byte == 0x5D { closed += 1 }
            end += 1
        }
        // Leave out sentence punctuation and unbalanced closing brackets at the end.
        while end > start + prefixLength {
            let byte = bytes[end - 1]
            if byte == 0x2E || byte == 0x2C || byte == 0x3B || byte == 0x3A || byte == 0x21 || byte == 0x3F
                || byte == 0x27
            {
                end -= 1
            } else if (byte == 0x29 || byte == 0x5D) && closed > opened {
                end -= 1
                closed -= 1
            } else {
                break
            }
        }
        guard end > start + prefixLength, isAlphanumeric(bytes[start + prefixLength]) else { return nil }
        return end
    }

    private static func isLocalPart(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == 0x2E || byte == 0x5F || byte == 0x25 || byte == 0x2B || byte == 0x2D
    }

    private static func email(in bytes: UnsafeBufferPointer<UInt8>, at position: Int, notBefore: Int) -> Range<Int>? {
        let at = position
        var start = at
        while start > notBefore && isLocalPart(bytes[start - 1]) { start -= 1 }
        while start < at && bytes[start] == 0x2E { start += 1 }
        guard start < at else { return nil }
        var end = at + 1
        while end < bytes.count && (isAlphanumeric(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x2D) {
            end += 1
        }
        while end > at + 1 && (bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D) { end -= 1 }
        // The last label must be two or more letters, and there must be a dot.
        var labelStart = end
        while labelStart > at + 1 && bytes[labelStart - 1] != 0x2E { labelStart -= 1 }
        guard labelStart > at + 2, end - labelStart >= 2 else { return nil }
        for index in labelStart..<end where !(bytes[index] | 0x20 >= 0x61 && bytes[index] | 0x20 <= 0x7A) {
            return nil
        }
        return start..<end
    }

    /// Merges sorted replacement lists, keeping from overlapping spans the one that starts first (the longer on a
    /// tie), so a mask term inside a URL leaves the URL whole.
    static func merge(_ first: [Replacement], _ second: [Replacement]) -> [Replacement] {
        if first.isEmpty { return second }
        if second.isEmpty { return first }
        let all = (first + second).sorted { a, b in
            a.range.lowerBound != b.range.lowerBound
                ? a.range.lowerBound < b.range.lowerBound : a.range.upperBound > b.range.upperBound
        }
        var merged: [Replacement] = []
        for replacement in all where replacement.range.lowerBound >= (merged.last?.range.upperBound ?? 0) {
            merged.append(replacement)
        }
        return merged
    }
}
