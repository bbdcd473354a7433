import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

/// The writers behind large exports: direct I/O with a padded, truncated last block, and the background writer.
struct FileOutputTests {
    private func temporaryFile(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stance-output-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Pieces of awkward sizes through a buffer of two blocks: full buffers, a partial last block, an empty file,
    /// and lengths that are exact multiples of the block. The file must hold exactly the bytes, with no padding.
    @Test(arguments: [0, 1, 4095, 4096, 4097, 8192, 20_000, 100_003])
    func directWriterWritesExactlyTheBytes(length: Int) throws {
        let path = try temporaryFile("direct-\(length).bin")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var generator = SeededGenerator(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try AtomicFile.write(to: path) { output in
            let file = DirectFileWriter(descriptor: output.descriptor, name: path, capacity: 8192)
            var offset = 0
            var piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                try file.write(Array(bytes[offset..<end]))
                offset = end
                piece = piece * 3 + 7
            }
            try file.finish()
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    /// Ordinary writes after the direct ones land after them (the writer leaves direct mode at the right length).
    @Test func bufferedWritesMayFollow() throws {
        let path = try temporaryFile("mixed.txt")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try AtomicFile.write(to: path) { output in
            let file = DirectFileWriter(descriptor: output.descriptor, name: path, capacity: 4096)
            try file.write(Array(repeating: UInt8(ascii: "a"), count: 5000))
            try file.finish()
            try output.write("tail\n")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == String(repeating: "a", count: 5000) + "tail\n")
    }

    /// The background writer keeps the order of its arrays and reports the first failure from `finish`.
    @Test func backgroundWriterKeepsOrderAndReportsFailure() throws {
        var received: [[UInt8]] = []
        let lock = NSLock()
        let writer = BackgroundWriter(pending: 2) { bytes in lock.withLock { received.append(bytes) } }
        for index in 0..<50 { writer.write([UInt8(index)]) }
        try writer.finish()
        #expect(received == (0..<50).map { [UInt8($0)] })

        struct Refused: Error {}
        let failing = BackgroundWriter(pending: 1) { bytes in if bytes == [3] { throw Refused() } }
        for index in 0..<6 { failing.write([UInt8(index)]) }
        #expect(throws: Refused.self) { try failing.finish() }
    }
}
