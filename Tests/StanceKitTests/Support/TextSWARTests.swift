import Testing
import _StanceTestSupport

@testable import StanceKit

/// The eight-bytes-at-a-time helpers against their byte-by-byte definitions, and the ASCII fast path of the
/// normaliser against a plain reference implementation.
@Suite struct TextSWARTests {
    private func bytes(of word: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }

    @Test func helpersMatchByteDefinitions() {
        var generator = SeededGenerator(seed: 7)
        // Bytes drawn mostly from the interesting places: controls, space, quote, capitals, letters, DEL.
        let pool: [UInt8] = [
            0x00, 0x09, 0x0A, 0x1F, 0x20, 0x20, 0x21, 0x22, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A,
            0x7B, 0x7E, 0x7F, 0x30, 0x2E,
        ]
        for _ in 0..<20_000 {
            let chunk = (0..<8).map { _ in pool.randomElement(using: &generator)! }
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            let upper = chunk.map { (0x41...0x5A).contains($0) }
            let letter = chunk.map { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
            let plain =
                chunk.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x60 }
                && !zip(chunk, chunk.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
            #expect(SWAR.isPlainChunk(word) == plain)
            #expect(bytes(of: SWAR.upperCaseBytes(word)).map { $0 == 0x80 } == upper)
            #expect(bytes(of: SWAR.letterBytes(word)).map { $0 == 0x80 } == letter)
            #expect(bytes(of: SWAR.lowerCased(word)) == chunk.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 })
            #expect(bytes(of: SWAR.zeroBytes(word)).map { $0 == 0x80 } == chunk.map { $0 == 0 })
        }
        #expect(!SWAR.isPlainChunk(0x8041_4141_4141_4141))
    }

    /// The JSON string test over all bytes, UTF-8 lead and continuation bytes included, which must never stop it.
    @Test func jsonStringStopMatchesByteDefinition() {
        var generator = SeededGenerator(seed: 8)
        let pool: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xE4, 0xFF,
        ]
        for _ in 0..<20_000 {
            let chunk = (0..<8).map { _ in
                Bool.random(using: &generator)
                    ? pool.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            #expect(SWAR.hasJSONStringStop(word) == chunk.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
        }
        #expect(!SWAR.hasJSONStringStop(0xA0A0_A0A0_A0A0_A0A0))
        #expect(SWAR.hasJSONStringStop(0x4141_4141_4141_411F))
    }

    /// The address-stop test over all bytes, with `:`, `.`, `@` and their neighbours often drawn.
    @Test func addressStopMatchesByteDefinition() {
        var generator = SeededGenerator(seed: 9)
        let pool: [UInt8] = [0x2D, 0x2E, 0x2F, 0x39, 0x3A, 0x3B, 0x3F, 0x40, 0x41, 0x6E, 0xAE, 0xBA, 0xC0, 0x00, 0xFF]
        for _ in 0..<20_000 {
            let chunk = (0..<8).map { _ in
                Bool.random(using: &generator)
                    ? pool.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let word = chunk.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            #expect(SWAR.hasAddressStop(word) == chunk.contains { $0 == 0x3A || $0 == 0x2E || $0 == 0x40 })
        }
    }

    /// The first ill-formed byte as the standard library's UTF-8 parser finds it: the offset of its first error.
    private func firstErrorByStandardLibrary(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// The validator (ASCII eight bytes at a time, then scalar by scalar) against the standard library's parser on
    /// seeded byte strings: long ASCII runs with ill-formed bytes at every offset of an 8-byte word, truncated
    /// sequences at the end, overlong forms, surrogates and values above U+10FFFF.
    @Test func utf8ValidationMatchesTheStandardLibrary() {
        var generator = SeededGenerator(seed: 9)
        let pieces: [[UInt8]] = [
            Array("plain ascii text ".utf8), Array("é".utf8), Array("中文".utf8), Array("tiếng".utf8), Array("😀".utf8),
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0x81], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5], [0xFF], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xC3], [0x7F], [0x00],
        ]
        var invalid = 0
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += Array(repeating: 0x61, count: Int.random(in: 0...17, using: &generator))
                bytes += pieces.randomElement(using: &generator)!
            }
            let expected = firstErrorByStandardLibrary(bytes)
            #expect(firstInvalidUTF8Index(bytes) == expected, "\(bytes)")
            if expected != nil { invalid += 1 }
        }
        // Both kinds were drawn.
        #expect(invalid > 1_000 && invalid < 4_500)
        #expect(firstInvalidUTF8Index(Array("abcdefgh".utf8) + [0xC3]) == 8)
        #expect(firstInvalidUTF8Index(Array("abcdefghijklmnop".utf8)) == nil)
    }

    @Test func utf8HelpersMatchTheStandardLibrary() {
        let scalars: [Unicode.Scalar] = [
            "a", "\u{7F}", "é", "\u{7FF}", "\u{800}", "中", "ữ", "\u{FFFD}", "\u{10000}", "😀",
        ]
        for scalar in scalars {
            let expected = Array(String(scalar).utf8)
            var encoded: [UInt8] = []
            UTF8Decoding.append(scalar.value, to: &encoded)
            #expect(encoded == expected)
            #expect(UTF8Decoding.length(of: scalar.value) == expected.count)
            let packed = expected.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
            #expect(UTF8Decoding.packed(scalar.value) == packed)
            let decoded = expected.withUnsafeBufferPointer { UTF8Decoding.scalar(in: $0, at: 0) }
            #expect(decoded.value == scalar.value && decoded.length == expected.count)
            let before = (expected + [0x41]).withUnsafeBufferPointer {
                UTF8Decoding.scalar(in: $0, before: expected.count)
            }
            #expect(before == scalar.value)
        }
    }

    /// ASCII without double quotes: lower case, whitespace runs to one space, trimmed; each output byte maps to the
    /// byte it came from (a collapsed space to the first byte of its run).
    private func reference(_ text: [UInt8]) -> (text: [UInt8], offsets: [Int32]) {
        var output: [UInt8] = []
        var offsets: [Int32] = []
        var pending: Int? = nil
        for (index, byte) in text.enumerated() {
            if byte <= 0x20 || byte == 0x7F {
                if pending == nil { pending = index }
                continue
            }
            if let space = pending, !output.isEmpty {
                output.append(0x20)
                offsets.append(Int32(space))
            }
            pending = nil
            output.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            offsets.append(Int32(index))
        }
        offsets.append(Int32(text.count))
        return (output, offsets)
    }

    @Test func asciiFastPathMatchesReference() throws {
        // The reference knows nothing of machine-translation spacing, a later step with its own tests.
        let normalizer = try TextNormalizer(options: .init(machineTranslationSpacing: false))
        var generator = SeededGenerator(seed: 11)
        let pool = Array("aAbZz09 .,;-'()[]!?\t\n  \u{7F}".utf8) + Array("The Quick Brown Fox said it ".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0...80, using: &generator)
            let text = (0..<length).map { _ in pool.randomElement(using: &generator)! }
            let string = String(decoding: text, as: UTF8.self)
            let normalized = normalizer.normalize(string)
            let expected = reference(text)
            #expect(Array(normalized.text.utf8) == expected.text, "\(string.debugDescription)")
            #expect(normalized.originalOffsets == expected.offsets, "\(string.debugDescription)")
        }
    }
}
