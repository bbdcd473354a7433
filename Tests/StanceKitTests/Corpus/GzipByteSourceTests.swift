import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The gzip reader (ISA-L's inflate) against the system's `gzip -dc`, an independent implementation: the same bytes
/// for many members whose boundaries fall anywhere in the reader's 64 KiB input chunks, read through output buffers
/// of awkward sizes; and each kind of damage reported as the file's own error.
@Suite struct GzipByteSourceTests {
    /// Lines of words in four languages, drawn from a seeded generator with random filler, so that members compress
    /// to tens of kilobytes (their boundaries then fall inside and across input chunks).
    static func text(seed: UInt64, lines: Int) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let words = ["framing", "中共", "臺灣", "chủ quyền", "hegemony", "所谓", "rules-based", "Biển Đông"]
        var text = ""
        for line in 0..<lines {
            text += "{\"id\": \(line), \"text\": \""
            for _ in 0..<(3 + random.nextIndex(below: 40)) {
                text += words[random.nextIndex(below: words.count)] + " "
                text += String(random.next() % 1_000_000_007, radix: 36) + " "
            }
            text += "\"}\n"
        }
        return Array(text.utf8)
    }

    /// All the bytes `source` gives, read `size` bytes at a time.
    static func drain(_ source: GzipByteSource, size: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: size)
        var out: [UInt8] = []
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return out }
            out += buffer[..<count]
        }
    }

    /// `gzip -dc` of `path`: the reference.
    static func systemGunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(path)' > '\(path).out'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".out")))
    }

    static func reader(_ path: String) throws -> GzipByteSource {
        try GzipByteSource(compressed: FileByteSource(path: path), path: path)
    }

    @Test(arguments: [1, 7, 4096, (1 << 16) + 3])
    func manyMembersGiveWhatGzipGives(outputSize: Int) throws {
        let directory = try TemporaryDirectory()
        // Nine members: an empty one, small ones and ones of several input chunks.
        var file: [UInt8] = []
        var plain: [UInt8] = []
        for (member, lines) in [0, 1, 40, 900, 3, 2500, 0, 700, 12].enumerated() {
            let text = lines == 0 ? [] : Self.text(seed: UInt64(member + 1), lines: lines)
            plain += text
            file += try gzipCompressed(text)
        }
        #expect(file.count > 3 << 16)
        let path = try directory.write("members.jsonl.gz", bytes: file)
        let reference = try Self.systemGunzip(path)
        #expect(reference == plain)
        #expect(try Self.drain(Self.reader(path), size: outputSize) == reference)
    }

    /// `bytes` damaged by `damage`, read whole: the error's text.
    static func failure(_ bytes: [UInt8], _ damage: (inout [UInt8]) -> Void) throws -> String {
        let directory = try TemporaryDirectory()
        var damaged = bytes
        damage(&damaged)
        let path = try directory.write("d.jsonl.gz", bytes: damaged)
        do {
            _ = try drain(reader(path), size: 1 << 16)
            return "no error"
        } catch let error as CorpusError {
            return "\(error)".replacingOccurrences(of: path, with: "FILE")
        }
    }

    @Test func eachKindOfDamageIsTheFilesError() throws {
        let fifty = Array(String(repeating: #"{"text": "中共 said"}"# + "\n", count: 50).utf8)
        let compressed = try gzipCompressed(fifty)
        let large = try gzipCompressed(Self.text(seed: 9, lines: 2000))
        // The stored CRC-32 (the trailer's first four bytes) no longer matches: found once all is inflated.
        #expect(try Self.failure(compressed) { $0[$0.count - 8] ^= 0x01 }.hasPrefix("FILE:51: corrupt gzip stream"))
        // The stored length no longer matches.
        #expect(try Self.failure(compressed) { $0[$0.count - 3] ^= 0x40 }.hasPrefix("FILE:51: corrupt gzip stream"))
        // The file ends inside the trailer, or inside the data.
        let trailer = try Self.failure(compressed) { $0.removeLast(4) }
        #expect(trailer == "FILE:51: truncated gzip stream: the file ends inside compressed data", "\(trailer)")
        let middle = try Self.failure(large) { $0.removeLast($0.count / 2) }
        #expect(middle.hasSuffix(": truncated gzip stream: the file ends inside compressed data"), "\(middle)")
        // Not a gzip member after the first one.
        #expect(
            try Self.failure(compressed) { $0 += Array("not gzip at all".utf8) }.hasPrefix(
                "FILE:51: corrupt gzip stream"))
        // A bad block type (11, reserved) in the first block header: nothing comes out.
        let header = try Self.failure(compressed) { $0[10] |= 0b110 }
        #expect(header.hasPrefix("FILE:1: corrupt gzip stream"), "\(header)")
        // Damage in the middle of a large member names a line past the start and before the end.
        let inside = try Self.failure(large) { bytes in
            for offset in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[offset] ^= 0xA5 }
        }
        #expect(inside.contains("corrupt gzip stream"), "\(inside)")
        let line = Int(inside.dropFirst("FILE:".count).prefix { $0.isNumber }) ?? 0
        #expect((2...2001).contains(line), "\(inside)")
    }
}
