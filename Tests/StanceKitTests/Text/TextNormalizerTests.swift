import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The normaliser used by most tests (OpenCC's t2s.json must be installed: Debian libopencc-data).
func makeNormalizer(_ options: TextNormalizer.Options = .init()) throws -> TextNormalizer {
    try TextNormalizer(options: options)
}

/// The quoted spans of a normalised text, as strings.
func quotedStrings(_ normalized: NormalizedText) -> [String] {
    let bytes = Array(normalized.text.utf8)
    return normalized.quotedRanges.map { String(decoding: bytes[$0], as: UTF8.self) }
}

/// Checks the invariants of `originalOffsets`: one entry per byte plus one, starting at or after 0, never decreasing,
/// ending at the length of the original.
func checkOffsets(_ normalized: NormalizedText, original: String) {
    let offsets = normalized.originalOffsets
    #expect(offsets.count == normalized.text.utf8.count + 1)
    #expect(offsets.last == Int32(original.utf8.count))
    #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(offsets.allSatisfy { $0 >= 0 && $0 <= Int32(original.utf8.count) })
}

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("Hello World", "hello world"),
        ("  leading and trailing  ", "leading and trailing"),
        ("a\t\tb\u{3000}c\u{00A0}d\n\ne\r\nf\u{2028}g", "a b c d e f g"),
        ("ÉCOLE Ünïcode ĐẢNG", "école ünïcode đảng"),
        ("ﬁnance Ｃｈｉｎａ ①②", "finance china 12"),
        ("Chi\u{200B}na\u{00AD}s", "chinas"),
        ("a‐b‑c‒d–e—f―g−h﹣i－j", "a-b-c-d-e-f-g-h-i-j"),
        ("wait… what⋯", "wait... what..."),
        ("“double” ‘single’ „low“ «guillemets» ＂full＂", "\"double\" 'single' \"low\" \"guillemets\" \"full\""),
        ("「角」『白角』", "\"角\"\"白角\""),
        ("中国，美国。日本、韩国！台湾？注：是；（括号）【方】《书名》〈篇〉", "中国,美国.日本,韩国!台湾?注:是;(括号)[方]\"书名\"\"篇\""),
        ("China’s leaders don’t", "china's leaders don't"),
        ("x\u{0007}y", "x y"),
    ])
    func foldsTypographyCaseAndWhitespace(input: String, expected: String) throws {
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == expected)
        checkOffsets(normalized, original: input)
    }

    @Test func pureASCIIIsOnlyLowerCased() throws {
        let input = "The Quick (brown) FOX, 42 times!"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == "the quick (brown) fox, 42 times!")
        // 1:1: every byte maps to itself.
        #expect(normalized.originalOffsets == (0...Int32(input.utf8.count)).map { $0 })
    }

    @Test func offsetsAreExactForOneToOneNonASCII() throws {
        // Han, Vietnamese letters and curly quotes that stay as they are or keep their length.
        let input = "中国 ok đảng"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == input)
        #expect(normalized.originalOffsets == (0...Int32(input.utf8.count)).map { $0 })
    }

    @Test func offsetsStayMonotoneWhereLengthsChange() throws {
        // … (3 bytes) becomes ... (3 bytes, exact); — (3 bytes) becomes - (1 byte); two spaces become one.
        let input = "A…B—C  D"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == "a...b-c d")
        #expect(normalized.originalOffsets == [0, 1, 2, 3, 4, 5, 8, 9, 11, 12])
        #expect(input[normalized.originalRange(of: 1..<4, in: input)] == "…")
        #expect(input[normalized.originalRange(of: 5..<6, in: input)] == "—")
    }

    @Test func emptyAndBlankTexts() throws {
        let normalizer = try makeNormalizer()
        for input in ["", "   \n\t "] {
            let normalized = normalizer.normalize(input)
            #expect(normalized.text == "")
            #expect(normalized.quotedRanges.isEmpty)
            #expect(normalized.originalOffsets == [Int32(input.utf8.count)])
            #expect(normalized.language == .other)
        }
    }

    @Test(arguments: [
        ("See https://www.example.com/a?q=1. Then", "see xxurl. then"),
        ("(http://example.org/wiki/Foo_(bar)) and www.test.cn/x, ok", "(xxurl) and xxurl, ok"),
        ("HTTPS://EXAMPLE.COM/中文", "xxurl中文"),
        ("Mail john.doe+news@example.co.uk.", "mail xxemail."),
        ("联系 press@xinhua.cn 获取", "联系 xxemail 获取"),
        (
            "not urls: whttp://x, @handle, a@b, user@localhost, 5@3.2",
            "not urls: whttp://x, @handle, a@b, user@localhost, 5@3.2"
        ),
        ("https://user@example.com/path", "xxurl"),
    ])
    func replacesURLsAndEmails(input: String, expected: String) throws {
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == expected)
        checkOffsets(normalized, original: input)
    }

    @Test func urlTokenMapsBackToTheWholeURL() throws {
        let input = "Read https://example.com/x today"
        let normalized = try makeNormalizer().normalize(input)
        let range = try #require(normalized.text.utf8.firstRange(of: "xxurl".utf8))
        let lower = normalized.text.utf8.distance(from: normalized.text.utf8.startIndex, to: range.lowerBound)
        let original = normalized.originalRange(of: lower..<(lower + 5), in: input)
        #expect(input[original] == "https://example.com/x")
    }

    @Test func optionsDecodeWithDefaults() throws {
        let decoded = try JSONDecoder().decode(TextNormalizer.Options.self, from: Data("{}".utf8))
        // A file without the setting was written before machine-translation spacing existed: it stays off.
        #expect(decoded == TextNormalizer.Options(machineTranslationSpacing: false))
        #expect(decoded.convertTraditional)
        #expect(TextNormalizer.Options().machineTranslationSpacing)
        let custom = TextNormalizer.Options(convertTraditional: false, maskTerms: ["AP"])
        let roundTrip = try JSONDecoder().decode(
            TextNormalizer.Options.self, from: JSONEncoder().encode(custom))
        #expect(roundTrip == custom)
    }

    @Test func missingOpenCCConfigurationIsASoftwareError() {
        #expect(throws: TextNormalizationError.self) { try OpenCCConverter(configuration: "no-such-config.json") }
        do {
            _ = try OpenCCConverter(configuration: "no-such-config.json")
        } catch let error as TextNormalizationError {
            #expect(error.exitStatus == .software)
            #expect(error.description.contains("no-such-config.json"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func concurrentNormalisationEqualsSerial() throws {
        let normalizer = try makeNormalizer(.init(maskTerms: ["Reuters", "新华社"]))
        let pieces = [
            "Reuters reported that “China’s economy grew—fast” on Monday.", "乾隆皇帝的頭髮很長。", "後來著名的皇后說「好」",
            "Chính phủ Việt Nam cho biết sẽ tiếp tục cải cách, hòa bình và khỏe mạnh.", "据新华社报道，发展很快…",
            "See https://example.com or mail a.b@example.org", "ÉCOLE ﬁnance Ｃｈｉｎａ ①", "\"straight\" and 'single'\n",
        ]
        var generator = SeededGeneratorBox(seed: 42)
        let texts: [String] = (0..<1000).map { _ in
            let count = Int.random(in: 1...6, using: &generator.generator)
            return (0..<count).map { _ in pieces.randomElement(using: &generator.generator)! }.joined(separator: " ")
        }
        let serial = texts.map(normalizer.normalize)
        let results = ResultBox(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: 8) { chunk in
            for index in stride(from: chunk, to: texts.count, by: 8) {
                results.set(index, normalizer.normalize(texts[index]))
            }
        }
        #expect(results.values == serial.map { Optional($0) })
    }
}

struct SeededGeneratorBox {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
}

/// Results written by several threads, one slot each.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [NormalizedText?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: NormalizedText) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [NormalizedText?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// The run-length store of original offsets against the plain array it replaces.
@Suite struct OriginalOffsetMapTests {
    /// Worked by hand: a run restarts wherever an offset is not the previous one plus one.
    @Test func storesRunsWorkedByHand() {
        let offsets: [Int32] = [0, 1, 2, 3, 3, 3, 4, 5, 9, 10, 11, 11, 12]
        let map = OriginalOffsetMap(offsets)
        #expect(map.starts == [0, 4, 5, 8, 11])
        #expect(map.origins == [0, 3, 3, 9, 11])
        #expect(map.count == offsets.count)
        #expect(map.expanded == offsets)
        #expect(offsets.indices.map { map[$0] } == offsets)
    }

    @Test func randomNeverDecreasingOffsets() {
        var generator = SeededGenerator(seed: 11)
        for length in [1, 2, 17, 500] {
            var offsets: [Int32] = []
            var offset: Int32 = Int32.random(in: 0...3, using: &generator)
            for _ in 0..<length {
                offsets.append(offset)
                offset += [0, 1, 1, 1, 2, 5].randomElement(using: &generator)!
            }
            let map = OriginalOffsetMap(offsets)
            #expect(map.expanded == offsets)
            #expect(offsets.indices.allSatisfy { map[$0] == offsets[$0] })
        }
    }

    /// Built step by step as the normaliser builds it (single offsets, ranges, a word's tail rewritten), the map
    /// equals the one built from the plain array of the same offsets.
    @Test func builtStepByStepEqualsBuiltFromArray() {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<200 {
            var map = OriginalOffsetMap()
            var offsets: [Int32] = []
            var next: Int32 = 0
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0:
                    next += Int32.random(in: 0...2, using: &generator)
                    map.append(next)
                    offsets.append(next)
                case 1:
                    let length = Int32.random(in: 0...5, using: &generator)
                    map.append(contentsOf: next..<(next + length))
                    offsets.append(contentsOf: next..<(next + length))
                    next += length
                case 2:
                    let keep = Int.random(in: 0...offsets.count, using: &generator)
                    map.removeSuffix(from: keep)
                    offsets.removeSubrange(keep...)
                default:
                    next += 1
                    map.append(next)
                    offsets.append(next)
                }
                #expect(map.count == offsets.count)
            }
            #expect(map == OriginalOffsetMap(offsets))
            #expect(map.expanded == offsets)
        }
    }

    /// Plain ASCII text copied through normalisation is one run, however long.
    @Test func plainTextIsOneRun() throws {
        let input = Array(repeating: "the cold war mentality", count: 200).joined(separator: " ")
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.originMap.starts.count == 1)
        #expect(normalized.originalOffset(at: 100) == 100)
    }
}

/// Normalising while reading gives the texts one by one normalisation gives, in order, at any thread count.
@Suite struct BackgroundNormalizerTests {
    @Test(arguments: [1, 2, 4])
    func sameResultsInOrder(threads: Int) throws {
        let normalizer = try makeNormalizer()
        let pieces = ["The “Cold War” mentality", "中國共產黨的發展", "Đảng Cộng sản Việt Nam", "so-called democracy"]
        // More than two batches, the last one partial.
        let texts = (0..<(2 * BackgroundNormalizer.batchSize + 17)).map { "\(pieces[$0 % 4]) \($0)" }
        let background = BackgroundNormalizer(normalizer, threads: ThreadBudget(requested: threads)!)
        for text in texts { background.add(text) }
        #expect(background.finish() == texts.map { normalizer.normalize($0) })
    }

    @Test func foldingTableEqualsComputingEveryEntry() {
        // The shared table copies the entries of its uniform ranges (CJK ideographs, Hangul syllables, private use)
        // from the first scalar of each range and builds its pages on all cores; computed one scalar at a time,
        // every entry, flag and mapping byte must be the same.
        let computed = ScalarFoldingTable(computingEveryEntry: true)
        #expect(ScalarFoldingTable.shared == computed)
        #expect(computed.flags(0x4E2D).contains(.hanRun))
        #expect(computed.flags(0xD55C).contains(.wordCharacter))
        #expect(!computed.flags(0xFF0C).contains(.identity))
        #expect(Array(computed.bytes[computed.mapping(0xFF0C)]) == [0x2C])  // full-width comma → ","
    }
}
