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
/// each. A character alone can only match a one-character key, and OpenCC's phrase dictionaries hold none, so each
/// direction converts through a configuration with the character dictionary of `t2s.json` or `s2t.json` only
/// (``characterConfiguration(_:)``): opening `s2t.json` means loading its 925 KB phrase dictionary, 22–38 ms here,
/// against 1 ms for the characters alone. A test checks that both give the same table. When OpenCC cannot be
/// opened the table is empty: every character then counts as neither, Han text is identified as `zh-Hans`, and
/// ``TextNormalizer`` (which needs OpenCC anyway) refuses to start.
struct HanVariantTable: Sendable, Equatable {
    static let traditionalBit: UInt8 = 1
    static let simplifiedBit: UInt8 = 2
    static let lowerBound: UInt32 = 0x3400
    static let upperBound: UInt32 = 0xA000

    /// One byte of flags per code point in `lowerBound..<upperBound`.
    private let flags: [UInt8]

    /// The table for the running process.
    static let shared = HanVariantTable(configurations: .characters)

    /// Which OpenCC configurations convert the characters.
    enum Configurations: Sendable {
        /// `t2s.json` and `s2t.json` as installed.
        case installed
        /// Their character dictionaries alone (`TSCharacters.ocd2`, `STCharacters.ocd2`), through
        /// ``characterConfiguration(_:)``; the installed configurations when that fails.
        case characters
    }

    init(configurations: Configurations) {
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
        // The two directions are independent (each its own OpenCC handle; each conversion takes 13–29 ms here), so
        // on a machine with two cores they are built side by side: every process that meets Chinese text waits for
        // this table.
        let directions = [
            (installed: "t2s.json", dictionary: "TSCharacters.ocd2", bit: Self.traditionalBit),
            (installed: "s2t.json", dictionary: "STCharacters.ocd2", bit: Self.simplifiedBit),
        ]
        let bits = parallelMap(count: directions.count, threads: .machine) {
            let direction = directions[$0]
            let converter: OpenCCConverter?
            switch configurations {
            case .installed:
                converter = try? OpenCCConverter(configuration: direction.installed)
            case .characters:
                converter =
                    (try? OpenCCConverter(
                        configurationText: Self.characterConfiguration(direction.dictionary),
                        name: direction.dictionary + " alone"))
                    ?? (try? OpenCCConverter(configuration: direction.installed))
            }
            return Self.changed(characters, input: input, converter: converter, bit: direction.bit)
        }
        var flags = [UInt8](repeating: 0, count: Int(Self.upperBound - Self.lowerBound))
        for direction in bits {
            for index in flags.indices { flags[index] |= direction[index] }
        }
        self.flags = flags
    }

    /// An OpenCC configuration that converts with one character dictionary and nothing else (``OpenCCConverter``
    /// finds the dictionary in the data directory, as for OpenCC's own configurations).
    static func characterConfiguration(_ dictionary: String) -> String {
        let dict = #"{"type": "ocd2", "file": "\#(dictionary)"}"#
        return #"{"name": "\#(dictionary) alone", "segmentation": {"type": "mmseg", "dict": \#(dict)}, "#
            + #""conversion_chain": [{"dict": \#(dict)}]}"# + "\n"
    }

    /// `bit` for every character of `characters` that `converter` changes on its own (`input` holds them one per
    /// line), nothing without a converter.
    private static func changed(
        _ characters: [Unicode.Scalar], input: String, converter: OpenCCConverter?, bit: UInt8
    ) -> [UInt8] {
        var flags = [UInt8](repeating: 0, count: Int(upperBound - lowerBound))
        guard let converter else { return flags }
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
