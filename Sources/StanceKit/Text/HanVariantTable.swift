import Foundation

/// Which Han characters are Traditional-only and which are Simplified-only, as OpenCC itself sees them.
///
/// A character is *Traditional* when OpenCC's `t2s.json` changes it on its own, and *Simplified* when `s2t.json`
/// changes it on its own. Characters common to both scripts (人, 中, 的, ...) are neither. The table covers the CJK
/// Unified Ideographs (U+4E00–U+9FFF) and Extension A (U+3400–U+4DBF), where nearly all variant pairs live; other
/// characters count as neither.
///
/// The table is built once per process, the first time it is used: every covered character is converted alone
/// (one character per line, so that no phrase spans two of them) in one OpenCC call per direction, about 100 KB
/// each. When OpenCC cannot be opened the table is empty: every character then counts as neither, Han text is
/// identified as `zh-Hans`, and ``TextNormalizer`` (which needs OpenCC anyway) refuses to start.
struct HanVariantTable: Sendable {
    static let traditionalBit: UInt8 = 1
    static let simplifiedBit: UInt8 = 2
    static let lowerBound: UInt32 = 0x3400
    static let upperBound: UInt32 = 0xA000

    /// One byte of flags per code point in `lowerBound..<upperBound`.
    private let flags: [UInt8]

    /// The table for the running process.
    static let shared = HanVariantTable()

    private init() {
        let scripts = ScriptTable.shared
        let characters = (Self.lowerBound..<Self.upperBound).compactMap { value in
            scripts.script(value) == .han ? Unicode.Scalar(value) : nil
        }
        var joined = String.UnicodeScalarView()
        for scalar in characters {
            joined.append(scalar)
            joined.append("\n")
        }
        let input = String(joined)
        // The two directions are independent (each its own OpenCC handle; `s2t.json` alone takes 25–37 ms to open
        // and each conversion 15–29 ms here), so on a machine with two cores they are built side by side: every
        // process that meets Chinese text waits for this table.
        let directions = [("t2s.json", Self.traditionalBit), ("s2t.json", Self.simplifiedBit)]
        let bits = parallelMap(count: directions.count, threads: ProcessInfo.processInfo.activeProcessorCount) {
            Self.changed(characters, input: input, configuration: directions[$0].0, bit: directions[$0].1)
        }
        var flags = [UInt8](repeating: 0, count: Int(Self.upperBound - Self.lowerBound))
        for direction in bits {
            for index in flags.indices { flags[index] |= direction[index] }
        }
        self.flags = flags
    }

    /// `bit` for every character of `characters` that `configuration` changes on its own (`input` holds them one per
    /// line), nothing when OpenCC cannot open the configuration.
    private static func changed(
        _ characters: [Unicode.Scalar], input: String, configuration: String, bit: UInt8
    ) -> [UInt8] {
        var flags = [UInt8](repeating: 0, count: Int(upperBound - lowerBound))
        guard let converter = try? OpenCCConverter(configuration: configuration) else { return flags }
        let lines = converter.convert(input).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count >= characters.count {
            for (index, scalar) in characters.enumerated() where !lines[index].unicodeScalars.elementsEqual([scalar]) {
                flags[Int(scalar.value - lowerBound)] |= bit
            }
        } else {
            // OpenCC did not keep the line structure: fall back to one call per character.
            for scalar in characters where converter.convert(String(scalar)) != String(scalar) {
                flags[Int(scalar.value - lowerBound)] |= bit
            }
        }
        return flags
    }

    /// The flags of one code point (`traditionalBit`, `simplifiedBit`, or zero).
    @inline(__always)
    func flags(of value: UInt32) -> UInt8 {
        value >= Self.lowerBound && value < Self.upperBound ? flags[Int(value &- Self.lowerBound)] : 0
    }

    /// Whether `t2s.json` changes this character on its own.
    @inline(__always)
    func isTraditional(_ value: UInt32) -> Bool { flags(of: value) & Self.traditionalBit != 0 }

    /// Whether `s2t.json` changes this character on its own.
    @inline(__always)
    func isSimplified(_ value: UInt32) -> Bool { flags(of: value) & Self.simplifiedBit != 0 }
}
