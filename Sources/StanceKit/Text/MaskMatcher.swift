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
    /// For each possible first byte of a match, the indices of the terms that can start with it, longest first.
    private let candidates: [[Int32]]

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
        var candidates = [[Int32]](repeating: [], count: 256)
        for (index, term) in terms.enumerated() {
            var firstBytes = Set<UInt8>()
            var encoded: [UInt8] = []
            UTF8Decoding.append(term.scalars[0], to: &encoded)
            firstBytes.insert(encoded[0])
            if let scalar = Unicode.Scalar(term.scalars[0]) {
                for variant in scalar.properties.uppercaseMapping.unicodeScalars.prefix(1) {
                    encoded.removeAll()
                    UTF8Decoding.append(variant.value, to: &encoded)
                    firstBytes.insert(encoded[0])
                }
            }
            for byte in firstBytes { candidates[Int(byte)].append(Int32(index)) }
        }
        for byte in 0..<256 {
            candidates[byte].sort { a, b in
                let (x, y) = (terms[Int(a)].scalars, terms[Int(b)].scalars)
                return x.count != y.count ? x.count > y.count : x.lexicographicallyPrecedes(y)
            }
        }
        self.terms = terms
        self.candidates = candidates
    }

    /// The spans of all matches in `bytes`, sorted and non-overlapping.
    ///
    /// - Complexity: O(*n*) byte tests plus, at each position whose first byte can start a term, one comparison per
    ///   candidate term.
    func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Replacement] {
        guard !terms.isEmpty else { return [] }
        var found: [Replacement] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            let list = candidates[Int(byte)]
            if list.isEmpty || byte & 0xC0 == 0x80 {
                index += 1
                continue
            }
            let precededByWord = index > 0 && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, before: index))
            var matchedEnd = -1
            for termIndex in list {
                let term = terms[Int(termIndex)]
                if term.leadingBoundary && precededByWord { continue }
                if let end = match(term, in: bytes, at: index) {
                    matchedEnd = end
                    break
                }
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
