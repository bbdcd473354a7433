import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// Seeded mutation loops: every reader gets at least 10,000 randomly mutated and truncated inputs; nothing may crash,
/// and every failure must be a clean data error (exit status 65) naming the file.
@Suite struct CorpusFuzzTests {
    static let interestingBytes: [UInt8] = [
        0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x5C, 0x0A, 0x0D, 0x00, 0x20, 0x75, 0xFF, 0xC3, 0xE4, 0xED, 0xF4,
        0x80,
        0x1F, 0x8B,
    ]

    static func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = interestingBytes.randomElement(using: &random)!
            case 1:
                bytes.insert(
                    interestingBytes.randomElement(using: &random)!, at: Int.random(in: 0...bytes.count, using: &random)
                )
            case 2 where !bytes.isEmpty:
                bytes.remove(at: Int.random(in: 0..<bytes.count, using: &random))
            case 3:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 4 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            default:
                if bytes.count > 4 {
                    let start = Int.random(in: 0..<bytes.count - 2, using: &random)
                    let end = Int.random(in: start..<bytes.count, using: &random)
                    bytes.insert(contentsOf: bytes[start..<end], at: Int.random(in: 0...bytes.count, using: &random))
                }
            }
        }
        return bytes
    }

    static func check(name: String, seed: UInt64, base: [UInt8], iterations: Int = 10_000, minimumShare: Int = 20)
        throws
    {
        var random = SeededGenerator(seed: seed)
        var failures = 0
        var successes = 0
        for iteration in 0..<iterations {
            let bytes = mutate(base, using: &random)
            let path = "fuzz/" + name
            var options = CorpusOptions()
            options.skipInvalid = iteration % 2 == 1
            do {
                let reader = CorpusReader(name: path, bytes: bytes, options: options)
                var documents: [Document] = []
                try reader.forEach { documents.append($0) }
                #expect(!documents.isEmpty)
                successes += 1
            } catch let error as CorpusError {
                failures += 1
                if error.exitStatus != .dataError || !error.description.hasPrefix(path) {
                    Issue.record("iteration \(iteration): \(error.exitStatus) \(error.description)")
                    return
                }
            }
        }
        // Both outcomes must really occur (gzip's CRC rejects most mutations, so fewer of them succeed), or the loop is not testing the error paths.
        #expect(failures > iterations / 20)
        #expect(successes > iterations / minimumShare)
    }

    static let jsonl = Array(
        """
        {"id": "a", "text": "中国外交部表示反对。", "label": "state_media", "source": "Eastern Herald", "n": [1, {"x": null}]}
        {"id": 2, "text": "The \\"so-called\\" democracy\\u2014CCP", "label": "independent_media", "source": null}
        {"text": "Việt Nam và Trung Quốc", "label": "state_media", "date": "2024-01-02"}

        """.utf8)

    static let csv = Array(
        "id,text,label\n1,\"Beijing, Hanoi\",A\n2,\"a \"\"quoted\"\" word\",B\n3,\"two\nlines\",A\n4,中共当局,B\n".utf8)

    @Test func jsonLinesReaderNeverCrashes() throws {
        try Self.check(name: "fuzz.jsonl", seed: 1, base: Self.jsonl)
    }

    @Test func csvReaderNeverCrashes() throws {
        try Self.check(name: "fuzz.csv", seed: 2, base: Self.csv)
    }

    @Test func gzipReaderNeverCrashes() throws {
        try Self.check(name: "fuzz.jsonl.gz", seed: 3, base: try gzipCompressed(Self.jsonl), minimumShare: 1000)
    }

    @Test func textReaderNeverCrashes() throws {
        try Self.check(name: "fuzz.txt", seed: 4, base: Array("中國外交部\n Việt Nam \n text".utf8))
    }
}
