/// A span of the original text that normalisation replaces by one token.
struct Replacement: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case mask, url, email

        var token: StaticString {
            switch self {
            case .mask: "xxmask"
            case .url: "xxurl"
            case .email: "xxemail"
            }
        }
    }

    var range: Range<Int>
    var kind: Kind
}

/// Finds mask terms (outlet names, bylines) in a text, step a of ``TextNormalizer``.
///
/// Matching rules:
/// - Latin letters match case-insensitively (simple case folding of ASCII and other Latin capitals); every other
///   character matches itself.
/// - A run of whitespace in a term matches any non-empty run of whitespace in the text.
/// - A term that starts (ends) with a Latin letter or digit matches only where the text has no Latin letter, digit
///   or combining diacritic just before (after) it, so `AP` is found in `AP reported` and `据AP报道` but not in
///   `APEC` or `map`. Terms in other scripts (新华社) match anywhere.
/// - The text is scanned left to right; at each position the longest matching term wins (`New York Times` before
///   `New York`), and the scan resumes after it.
struct MaskMatcher: Sendable {
    private struct Term: Sendable {
        var scalars: [UInt32]
        var leadingBoundary: Bool
        var trailingBoundary: Bool
    }

    private let terms: [Term]
    /// Candidate terms by their first two bytes (ASCII capitals folded), as a compressed row index: the terms whose
    /// match can start with bytes *a b* are `pairTerms[pairStarts[a << 8 | b] ..< pairStarts[a << 8 | b + 1]]`,
    /// longest first.
    private let pairStarts: [Int32]
    private let pairTerms: [Int32]
    /// Terms of a single ASCII character, by that (folded) byte.
    private let singleTerms: [Int32]
    /// Whether any term can start with this (folded) byte.
    private let usedFirstBytes: [Bool]

    var isEmpty: Bool { terms.isEmpty }

    init(terms rawTerms: [String]) {
        var terms: [Term] = []
        var seen = Set<[UInt32]>()
        for raw in rawTerms {
            var scalars: [UInt32] = []
            for scalar in raw.unicodeScalars {
                if UTF8Decoding.isWhitespace(scalar.value) {
                    if let last = scalars.last, last != 0x20 { scalars.append(0x20) }
                } else {
                    scalars.append(UTF8Decoding.foldCase(scalar.value))
                }
            }
            if scalars.last == 0x20 { scalars.removeLast() }
            guard let first = scalars.first, let last = scalars.last, seen.insert(scalars).inserted else { continue }
            terms.append(
                Term(
                    scalars: scalars,
                    leadingBoundary: UTF8Decoding.isLatinWordScalar(first),
                    trailingBoundary: UTF8Decoding.isLatinWordScalar(last)))
        }
        var pairs: [Int: [Int32]] = [:]
        var singleTerms = [Int32](repeating: -1, count: 256)
        var usedFirstBytes = [Bool](repeating: false, count: 256)
        for (index, term) in terms.enumerated() {
            for prefix in Self.leadingBytes(of: term.scalars) {
                usedFirstBytes[Int(prefix.first)] = true
                if let second = prefix.second {
                    pairs[Int(prefix.first) << 8 | Int(second), default: []].append(Int32(index))
                } else {
                    singleTerms[Int(prefix.first)] = Int32(index)
                }
            }
        }
        var pairStarts = [Int32](repeating: 0, count: 0x10001)
        var pairTerms: [Int32] = []
        for key in 0..<0x10000 {
            pairStarts[key] = Int32(pairTerms.count)
            guard var list = pairs[key] else { continue }
            list.sort { a, b in
                let (x, y) = (terms[Int(a)].scalars, terms[Int(b)].scalars)
                return x.count != y.count ? x.count > y.count : x.lexicographicallyPrecedes(y)
            }
            pairTerms.append(contentsOf: list)
        }
        pairStarts[0x10000] = Int32(pairTerms.count)
        self.terms = terms
        self.pairStarts = pairStarts
        self.pairTerms = pairTerms
        self.singleTerms = singleTerms
        self.usedFirstBytes = usedFirstBytes
    }

    /// The first two bytes a match of `scalars` can start with in a text (the second nil for a one-byte term),
    /// allowing for capitals and for any whitespace where the term has a space.
    private static func leadingBytes(of scalars: [UInt32]) -> Set<Prefix> {
        func encodings(_ value: UInt32) -> [[UInt8]] {
            var variants: [UInt32] = [value]
            if let scalar = Unicode.Scalar(value),
                let upper = scalar.properties.uppercaseMapping.unicodeScalars.first, upper.value >= 0x80
            {
                variants.append(upper.value)
            }
            return variants.map { variant in
                var bytes: [UInt8] = []
                UTF8Decoding.append(variant, to: &bytes)
                return bytes
            }
        }
        var prefixes = Set<Prefix>()
        for first in encodings(scalars[0]) {
            if first.count >= 2 {
                prefixes.insert(Prefix(first: first[0], second: first[1]))
            } else if scalars.count == 1 {
                prefixes.insert(Prefix(first: first[0], second: nil))
            } else if scalars[1] == 0x20 {
                // Whitespace: ASCII, NBSP (C2 A0), U+2000–U+205F (E2 ..), U+3000 (E3 80 80).
                for second: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xC2, 0xE2, 0xE3] {
                    prefixes.insert(Prefix(first: first[0], second: second))
                }
            } else {
                for second in encodings(scalars[1]) { prefixes.insert(Prefix(first: first[0], second: second[0])) }
            }
        }
        return prefixes
    }

    private struct Prefix: Hashable {
        var first: UInt8
        var second: UInt8?
    }

    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// The spans of all matches in `bytes`, sorted and non-overlapping.
    ///
    /// - Complexity: O(*n*) byte tests plus, at each position whose first two bytes can start a term, one
    ///   comparison per such term (usually one or two).
    func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Replacement] {
        guard !terms.isEmpty else { return [] }
        var found: [Replacement] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let first = Self.fold(bytes[index])
            guard usedFirstBytes[Int(first)] else {
                index += 1
                continue
            }
            var matchedEnd = -1
            var precededByWord: Bool? = nil
            if index + 1 < count {
                let key = Int(first) << 8 | Int(Self.fold(bytes[index + 1]))
                for termIndex in pairTerms[Int(pairStarts[key])..<Int(pairStarts[key + 1])] {
                    let term = terms[Int(termIndex)]
                    if term.leadingBoundary {
                        if precededByWord == nil { precededByWord = isPrecededByWord(bytes, index) }
                        if precededByWord! { continue }
                    }
                    if let end = match(term, in: bytes, at: index) {
                        matchedEnd = end
                        break
                    }
                }
            }
            let single = singleTerms[Int(first)]
            if matchedEnd < 0 && single >= 0
                && !(terms[Int(single)].leadingBoundary && isPrecededByWord(bytes, index)),
                let end = match(terms[Int(single)], in: bytes, at: index)
            {
                matchedEnd = end
            }
            if matchedEnd > index {
                found.append(Replacement(range: index..<matchedEnd, kind: .mask))
                index = matchedEnd
            } else {
                index += 1
            }
        }
        return found
    }

    private func isPrecededByWord(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index > 0 && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, before: index))
    }

    private func match(_ term: Term, in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        var position = start
        let count = bytes.count
        for expected in term.scalars {
            guard position < count else { return nil }
            if expected == 0x20 {
                var spaces = 0
                while position < count {
                    let (value, length) = UTF8Decoding.scalar(in: bytes, at: position)
                    guard UTF8Decoding.isWhitespace(value) else { break }
                    position += length
                    spaces += 1
                }
                if spaces == 0 { return nil }
            } else {
                let (value, length) = UTF8Decoding.scalar(in: bytes, at: position)
                guard value == expected || UTF8Decoding.foldCase(value) == expected else { return nil }
                position += length
            }
        }
        if term.trailingBoundary && position < count
            && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, at: position).value)
        {
            return nil
        }
        return position
    }
}
