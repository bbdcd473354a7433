import Foundation

/// What one Unicode scalar becomes under steps c and d of ``TextNormalizer``: NFKC, lower case, folded typography.
///
/// For every scalar of the Basic Multilingual Plane the table holds the UTF-8 bytes it turns into (or "unchanged")
/// and a few flags the normaliser needs (whitespace, paragraph break, letter, Latin letter, combining mark, Han).
/// It is computed once per process from the Unicode properties of the standard library and Foundation's NFKC, so
/// that normalising a text costs one table look-up per non-ASCII scalar instead of a Foundation call.
///
/// Typography is folded as follows (after NFKC, which already maps full-width ASCII such as `，！？：；（）` to
/// ASCII, U+3000 and NBSP to a space, and `…` to `...`):
///
/// | characters | become |
/// | --- | --- |
/// | `“ ” „ ‟ « » 「 」 『 』 ＂ 〝 〞 〟` and the book-title marks `《 》 〈 〉` | `"` |
/// | `‘ ’ ‚ ‛ ‹ ›` | `'` |
/// | `‐ ‑ ‒ – — ― − ﹣ － ﹘ ⸺ ⸻` | `-` |
/// | `… ⋯` | `...` |
/// | `、 ､` (enumeration comma) | `,` |
/// | `。 ｡` | `.` |
/// | `【 】 〔 〕 〖 〗 〘 〙 〚 〛` | `[ ]` |
/// | every White_Space character and every other control character | a space (runs collapse later) |
/// | zero-width space, joiners, word joiner, BOM, soft hyphen, Mongolian vowel separator | nothing |
struct ScalarFoldingTable: Sendable, Equatable {
    /// Flags of an entry.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        /// The scalar is emitted as it is (its mapping is the scalar's own UTF-8 bytes).
        static let identity = Flags(rawValue: 1)
        /// The scalar is whitespace (or a control character): it becomes part of a single space.
        static let whitespace = Flags(rawValue: 2)
        /// The scalar ends a paragraph (line feed, carriage return, form feed, NEL, U+2028, U+2029): an unclosed
        /// quotation ends here.
        static let paragraphBreak = Flags(rawValue: 4)
        /// The mapping ends in a letter or digit (so a following `’` is an apostrophe).
        static let wordCharacter = Flags(rawValue: 8)
        /// The mapping consists of Latin letters only (it belongs to a Latin word, for Vietnamese tone placement).
        static let latinLetter = Flags(rawValue: 16)
        /// The mapping contains a non-ASCII Latin letter (the word may carry a Vietnamese tone mark).
        static let nonASCIILatin = Flags(rawValue: 32)
        /// The scalar is a combining mark (canonical combining class not 0, or a Hangul medial or final jamo): it
        /// belongs to the cluster of the scalar before it and needs composition.
        static let combining = Flags(rawValue: 64)
        /// The scalar is a Han ideograph that NFKC leaves unchanged: it belongs to a Han run that OpenCC may convert.
        static let hanRun = Flags(rawValue: 128)
    }

    /// Per BMP scalar: `offset << 8 | length` of its mapping in `bytes` (unused for identity entries).
    private let entries: [UInt32]
    private let entryFlags: [Flags]
    /// All mappings, concatenated.
    let bytes: [UInt8]

    /// The table for the running process.
    static let shared = ScalarFoldingTable(computingEveryEntry: false)

    /// Ranges in which every scalar folds as the first one does: the CJK ideographs that NFKC leaves alone, the
    /// Hangul syllables and the private use area (each its own scalar, with the same flags). Their 45,000 entries
    /// are copied from the first of their range instead of computed; a test computes every entry one by one.
    static let uniformRanges: [ClosedRange<UInt32>] = [
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xE000...0xF8FF,
    ]

    /// Builds the table, every process that normalises text: the entries outside ``uniformRanges`` (or all of them,
    /// with `computingEveryEntry`) in pages of 4,096 scalars on all cores, then the mappings collected in scalar
    /// order, so the table is the same however the pages were shared out.
    init(computingEveryEntry: Bool) {
        let pageSize = 0x1000
        let uniform = computingEveryEntry ? [] : Self.uniformRanges
        let pages = parallelMap(count: 0x10000 / pageSize, threads: .machine) {
            page -> (flags: [Flags], mappings: [(value: UInt32, bytes: [UInt8])]) in
            var flags = [Flags](repeating: [], count: pageSize)
            var mappings: [(value: UInt32, bytes: [UInt8])] = []
            let start = UInt32(page * pageSize)
            var value = start
            while value < start + UInt32(pageSize) {
                if let range = uniform.first(where: { $0.contains(value) }),
                    case let first = Self.fold(Unicode.Scalar(range.lowerBound)!), first.flags.contains(.identity)
                {
                    // The range, or its part on this page, takes the flags of its first scalar.
                    let last = min(range.upperBound, start + UInt32(pageSize) - 1)
                    for index in Int(value - start)...Int(last - start) { flags[index] = first.flags }
                    value = last + 1
                    continue
                }
                if let scalar = Unicode.Scalar(value) {
                    let fold = Self.fold(scalar)
                    flags[Int(value - start)] = fold.flags
                    if !fold.flags.contains(.identity) { mappings.append((value, fold.mapping)) }
                }
                value += 1
            }
            return (flags, mappings)
        }
        var entries = [UInt32](repeating: 0, count: 0x10000)
        var entryFlags: [Flags] = []
        entryFlags.reserveCapacity(0x10000)
        var bytes: [UInt8] = []
        for page in pages {
            entryFlags.append(contentsOf: page.flags)
            for (value, mapping) in page.mappings {
                if let existing = Self.find(mapping, in: bytes) {
                    entries[Int(value)] = UInt32(existing) << 8 | UInt32(mapping.count)
                } else {
                    entries[Int(value)] = UInt32(bytes.count) << 8 | UInt32(mapping.count)
                    bytes.append(contentsOf: mapping)
                }
            }
        }
        self.entries = entries
        self.entryFlags = entryFlags
        self.bytes = bytes
    }

    private static func find(_ mapping: [UInt8], in bytes: [UInt8]) -> Int? {
        // Short ASCII mappings (`"`, `'`, `-`, `,`, lower-case letters) are shared; longer ones are appended.
        guard mapping.count == 1, let index = bytes.firstIndex(of: mapping[0]) else { return nil }
        return index
    }

    /// The flags of a BMP scalar.
    @inline(__always)
    func flags(_ value: UInt32) -> Flags { entryFlags[Int(value)] }

    /// The mapping of a BMP scalar that is not an identity entry: a range of `bytes`.
    @inline(__always)
    func mapping(_ value: UInt32) -> Range<Int> {
        let entry = entries[Int(value)]
        let start = Int(entry >> 8)
        return start..<(start + Int(entry & 0xFF))
    }

    // MARK: - Computing one entry

    static let zeroWidth: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E]
    static let paragraphBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]

    /// The typography fold of step d, for scalars that NFKC leaves alone (or produces).
    static func typography(_ value: UInt32) -> String? {
        switch value {
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x300C, 0x300D, 0x300E, 0x300F, 0xFF02, 0x301D, 0x301E,
            0x301F, 0x300A, 0x300B, 0x3008, 0x3009:
            "\""
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A:
            "'"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D, 0xFE58, 0x2E3A, 0x2E3B:
            "-"
        case 0x2026, 0x22EF:
            "..."
        case 0x3001, 0xFF64:
            ","
        case 0x3002, 0xFF61:
            "."
        case 0x3010, 0x3014, 0x3016, 0x3018, 0x301A:
            "["
        case 0x3011, 0x3015, 0x3017, 0x3019, 0x301B:
            "]"
        default:
            nil
        }
    }

    /// Whether a scalar is a Han ideograph that NFKC leaves unchanged (not a compatibility ideograph).
    @inline(__always)
    static func isPlainHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2F7FF, 0x30000...0x3134F: true
        default: false
        }
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        let script = Script(scalar)
        return script == .latin || script == .vietnameseLatin
    }

    /// The fold of one scalar alone: its UTF-8 bytes after NFKC, lower-casing and typography, and its flags.
    ///
    /// Used to build the table and, at run time, for scalars outside the Basic Multilingual Plane.
    static func fold(_ scalar: Unicode.Scalar) -> (mapping: [UInt8], flags: Flags) {
        let value = scalar.value
        var flags: Flags = []
        if scalar.properties.canonicalCombiningClass != .notReordered || (0x1160...0x11FF).contains(value) {
            flags.insert(.combining)
        }
        if zeroWidth.contains(value) { return ([], flags) }
        if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
            flags.insert(.whitespace)
            if paragraphBreaks.contains(value) { flags.insert(.paragraphBreak) }
            return ([0x20], flags)
        }
        if isPlainHan(value) { return ([], flags.union([.identity, .wordCharacter, .hanRun])) }
        var output: [Unicode.Scalar]
        if let folded = typography(value) {
            output = Array(folded.unicodeScalars)
        } else if value < 0x80 {
            output = [value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar]
        } else if !scalar.properties.changesWhenNFKCCaseFolded {
            output = [scalar]
        } else {
            let normalized = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
            output = []
            for produced in normalized.unicodeScalars {
                if let folded = typography(produced.value) {
                    output.append(contentsOf: folded.unicodeScalars)
                } else if zeroWidth.contains(produced.value) {
                    continue
                } else if produced.properties.isWhitespace {
                    output.append(" ")
                } else {
                    output.append(produced)
                }
            }
            if output.allSatisfy({ $0 == " " }) && !output.isEmpty {
                flags.insert(.whitespace)
                return ([0x20], flags)
            }
        }
        if let last = output.last, isWordCharacter(last) { flags.insert(.wordCharacter) }
        if !output.isEmpty && output.allSatisfy(isLatinLetter) { flags.insert(.latinLetter) }
        if output.contains(where: { $0.value >= 0x80 && isLatinLetter($0) }) { flags.insert(.nonASCIILatin) }
        if output.count == 1 && output[0] == scalar {
            flags.insert(.identity)
            return ([], flags)
        }
        var mapping: [UInt8] = []
        for produced in output { mapping.append(contentsOf: UTF8.encode(produced)) }
        return (mapping, flags)
    }
}

extension UTF8 {
    /// The UTF-8 bytes of one scalar.
    static func encode(_ scalar: Unicode.Scalar) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        UTF8.encode(scalar) { bytes.append($0) }
        return bytes
    }
}
