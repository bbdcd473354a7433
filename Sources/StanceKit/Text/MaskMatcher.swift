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
///
/// The terms are stored in a trie over case-folded scalars (Fredkin, "Trie memory", *CACM* 3(9), 1960), whose edges
/// live in one open-addressing hash table keyed by (node, scalar). A bit set of the byte pairs that can start a
/// term keeps the trie out of most positions of a text.
struct MaskMatcher: Sendable {
    /// Per trie node: the index of the term ending there, or -1.
    private let terminals: [Int32]
    /// Per term: whether it needs a word boundary after it.
    private let trailingBoundaries: [Bool]
    /// Per first scalar of a term (as the root's child node): whether terms starting with it need a word boundary
    /// before them.
    private let leadingBoundaries: [Bool]
    private let edgeKeys: [UInt64]
    private let edgeChildren: [Int32]
    private let edgeMask: Int
    private let edgeShift: UInt64
    /// Bit `a << 8 | b` is set when a match can start with the (ASCII-folded) bytes `a b`.
    private let startPairs: [UInt64]
    /// Bit `a` is set when a one-byte term is `a` (such a match may end the text).
    private let singleBytes: [UInt64]
    /// The trie node after one folded ASCII byte (or -1), and after two folded ASCII bytes that are not whitespace
    /// (index `a << 8 | b`, or -1): the first two steps, where most attempts end, without hashing.
    private let asciiNodes: [Int32]
    private let asciiPairNodes: [Int32]

    let isEmpty: Bool

    init(terms rawTerms: [String]) {
        var termScalars: [[UInt32]] = []
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
            guard !scalars.isEmpty, seen.insert(scalars).inserted else { continue }
            termScalars.append(scalars)
        }
        // Build the trie with a dictionary, then pack its edges.
        var edges: [UInt64: Int32] = [:]
        var terminals: [Int32] = [-1]
        var leadingBoundaries: [Bool] = [false]
        var trailingBoundaries: [Bool] = []
        var startPairs = [UInt64](repeating: 0, count: 1024)
        var singleBytes = [UInt64](repeating: 0, count: 4)
        for (index, scalars) in termScalars.enumerated() {
            var node: Int32 = 0
            for value in scalars {
                let key = UInt64(node) << 32 | UInt64(value)
                if let child = edges[key] {
                    node = child
                } else {
                    let child = Int32(terminals.count)
                    edges[key] = child
                    terminals.append(-1)
                    leadingBoundaries.append(node == 0 && UTF8Decoding.isLatinWordScalar(value))
                    node = child
                }
            }
            terminals[Int(node)] = Int32(index)
            trailingBoundaries.append(UTF8Decoding.isLatinWordScalar(scalars.last!))
            for prefix in Self.leadingBytes(of: scalars) {
                if let second = prefix.second {
                    let bit = Int(prefix.first) << 8 | Int(second)
                    startPairs[bit >> 6] |= 1 << UInt64(bit & 63)
                } else {
                    singleBytes[Int(prefix.first) >> 6] |= 1 << UInt64(prefix.first & 63)
                    for second in 0..<256 {
                        let bit = Int(prefix.first) << 8 | second
                        startPairs[bit >> 6] |= 1 << UInt64(bit & 63)
                    }
                }
            }
        }
        var capacity = 16
        while capacity < 2 * edges.count { capacity *= 2 }
        var edgeKeys = [UInt64](repeating: 0, count: capacity)
        var edgeChildren = [Int32](repeating: 0, count: capacity)
        for (key, child) in edges {
            var slot = Self.slot(key + 1, shift: UInt64(64 - capacity.trailingZeroBitCount))
            while edgeKeys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            edgeKeys[slot] = key + 1
            edgeChildren[slot] = child
        }
        var asciiNodes = [Int32](repeating: -1, count: 128)
        var asciiPairNodes = [Int32](repeating: -1, count: 0x10000)
        for first in 0..<128 {
            guard let node = edges[UInt64(first)] else { continue }
            asciiNodes[first] = node
            for second in 0..<128 where !UTF8Decoding.isWhitespace(UInt32(second)) {
                if let pairNode = edges[UInt64(node) << 32 | UInt64(second)] {
                    asciiPairNodes[first << 8 | second] = pairNode
                }
            }
        }
        self.asciiNodes = asciiNodes
        self.asciiPairNodes = asciiPairNodes
        self.terminals = terminals
        self.trailingBoundaries = trailingBoundaries
        self.leadingBoundaries = leadingBoundaries
        self.edgeKeys = edgeKeys
        self.edgeChildren = edgeChildren
        self.edgeMask = capacity - 1
        self.edgeShift = UInt64(64 - capacity.trailingZeroBitCount)
        self.startPairs = startPairs
        self.singleBytes = singleBytes
        self.isEmpty = termScalars.isEmpty
    }

    /// Fibonacci hashing: the top bits of the product with 2⁶⁴/φ (Knuth, TAOCP vol. 3, §6.4).
    @inline(__always)
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The child of `node` along `value`, or -1.
    @inline(__always)
    private func child(_ node: Int32, _ value: UInt32) -> Int32 {
        let key = (UInt64(node) << 32 | UInt64(value)) + 1
        var slot = Self.slot(key, shift: edgeShift)
        while true {
            let stored = edgeKeys[slot]
            if stored == key { return edgeChildren[slot] }
            if stored == 0 { return -1 }
            slot = (slot + 1) & edgeMask
        }
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

    @inline(__always)
    private static func contains(_ bits: [UInt64], _ bit: Int) -> Bool { bits[bit >> 6] >> UInt64(bit & 63) & 1 != 0 }

    /// The spans of all matches in `bytes`, sorted and non-overlapping.
    ///
    /// - Complexity: O(*n*) byte tests plus, at each position whose first two bytes can start a term, one trie step
    ///   per matched character.
    func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Replacement] {
        guard !isEmpty else { return [] }
        var found: [Replacement] = []
        var index = 0
        let count = bytes.count
        var previousIsAlphanumeric = false
        while index < count {
            let byte = bytes[index]
            let first = Int(Self.fold(byte))
            // Inside an ASCII word no term can start: those starting with a letter or digit need a boundary.
            let isAlphanumeric = UInt8(first) &- 0x61 < 26 || byte &- 0x30 < 10
            if isAlphanumeric && previousIsAlphanumeric {
                index += 1
                continue
            }
            let possible =
                index + 1 < count
                ? Self.contains(startPairs, first << 8 | Int(Self.fold(bytes[index + 1])))
                : Self.contains(singleBytes, first)
            if possible, let end = longestMatch(in: bytes, at: index) {
                found.append(Replacement(range: index..<end, kind: .mask))
                index = end
                let last = Self.fold(bytes[end - 1])
                previousIsAlphanumeric = last &- 0x61 < 26 || last &- 0x30 < 10
            } else {
                previousIsAlphanumeric = isAlphanumeric
                index += 1
            }
        }
        return found
    }

    /// The end of the longest term that matches at `start`, if any.
    private func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let count = bytes.count
        var node: Int32 = 0
        var position = start
        var matchedEnd: Int? = nil
        // Fast start: two ASCII bytes, neither whitespace, by table.
        if start + 1 < count && bytes[start] < 0x80 && bytes[start + 1] < 0x80
            && !UTF8Decoding.isWhitespace(UInt32(bytes[start + 1]))
        {
            let first = Int(Self.fold(bytes[start]))
            let firstNode = asciiNodes[first]
            guard firstNode >= 0 else { return nil }
            if leadingBoundaries[Int(firstNode)] && start > 0
                && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, before: start))
            {
                return nil
            }
            if isMatch(firstNode, in: bytes, endingAt: start + 1) { matchedEnd = start + 1 }
            let pairNode = asciiPairNodes[first << 8 | Int(Self.fold(bytes[start + 1]))]
            guard pairNode >= 0 else { return matchedEnd }
            node = pairNode
            position = start + 2
            if isMatch(node, in: bytes, endingAt: position) { matchedEnd = position }
        }
        while position < count {
            let (value, length) = UTF8Decoding.scalar(in: bytes, at: position)
            var next: Int32
            if UTF8Decoding.isWhitespace(value) {
                next = child(node, 0x20)
                guard next >= 0 else { break }
                position += length
                while position < count {
                    let (space, spaceLength) = UTF8Decoding.scalar(in: bytes, at: position)
                    guard UTF8Decoding.isWhitespace(space) else { break }
                    position += spaceLength
                }
            } else {
                next = child(node, value)
                if next < 0 {
                    let folded = UTF8Decoding.foldCase(value)
                    if folded != value { next = child(node, folded) }
                }
                guard next >= 0 else { break }
                position += length
            }
            if node == 0 && leadingBoundaries[Int(next)] && start > 0
                && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, before: start))
            {
                return nil
            }
            node = next
            if isMatch(node, in: bytes, endingAt: position) { matchedEnd = position }
        }
        return matchedEnd
    }

    /// Whether a term ends at `node` and may end at `position` (no Latin letter or digit follows where it needs a
    /// boundary).
    @inline(__always)
    private func isMatch(_ node: Int32, in bytes: UnsafeBufferPointer<UInt8>, endingAt position: Int) -> Bool {
        let term = terminals[Int(node)]
        guard term >= 0 else { return false }
        return
            !(trailingBoundaries[Int(term)] && position < bytes.count
            && UTF8Decoding.isLatinWordScalar(UTF8Decoding.scalar(in: bytes, at: position).value))
    }
}
