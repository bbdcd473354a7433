import COpenCC
import Foundation

/// A thread-safe OpenCC converter for one configuration (for example `t2s.json`).
///
/// OpenCC's C API does not promise that one handle may be used by several threads at once, so the converter keeps a
/// small pool of handles guarded by a lock: a conversion takes a handle out of the pool (opening a new one when the
/// pool is empty), converts without holding the lock, and puts the handle back. The pool therefore never holds more
/// handles than there were simultaneous conversions, and threads never wait for each other's conversions, only for
/// the few instructions that pop and push a handle.
///
/// OpenCC converts by maximum forward matching over its phrase dictionaries before falling back to single
/// characters (BYVoid, *Open Chinese Convert*, <https://github.com/BYVoid/OpenCC>), so `乾隆` stays `乾隆` under
/// `t2s.json` while a character table would give `干隆`.
final class OpenCCConverter: @unchecked Sendable {
    /// The configuration file name given to `opencc_open`.
    let configuration: String
    private let lock = NSLock()
    private var pool: [UnsafeMutableRawPointer] = []

    /// Opens one handle at once, so that a missing configuration is reported here and not on first use.
    ///
    /// - Throws: ``TextNormalizationError/openCCUnavailable(configuration:reason:)``.
    init(configuration: String) throws {
        self.configuration = configuration
        pool.append(try Self.open(configuration))
    }

    deinit {
        for handle in pool { opencc_close(handle) }
    }

    private static func open(_ configuration: String) throws -> UnsafeMutableRawPointer {
        guard let handle = opencc_open(configuration), handle != UnsafeMutableRawPointer(bitPattern: -1) else {
            let reason = opencc_error().map { String(cString: $0) } ?? "unknown error"
            throw TextNormalizationError.openCCUnavailable(configuration: configuration, reason: reason)
        }
        return handle
    }

    private func takeHandle() -> UnsafeMutableRawPointer? {
        lock.lock()
        let handle = pool.popLast()
        lock.unlock()
        return handle ?? (try? Self.open(configuration))
    }

    private func returnHandle(_ handle: UnsafeMutableRawPointer) {
        lock.lock()
        pool.append(handle)
        lock.unlock()
    }

    /// Converts UTF-8 bytes and passes the converted bytes to `body`, which must not keep the buffer.
    ///
    /// When OpenCC fails (it should not once a handle is open), `body` receives the input unchanged.
    ///
    /// - Complexity: O(*n* · *k*) for *n* input characters and the longest dictionary phrase *k*.
    func convert<R>(_ input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard input.count > 0, let base = input.baseAddress, let handle = takeHandle() else { return body(input) }
        defer { returnHandle(handle) }
        let converted = base.withMemoryRebound(to: CChar.self, capacity: input.count) {
            opencc_convert_utf8(handle, $0, input.count)
        }
        guard let converted else { return body(input) }
        defer { opencc_convert_utf8_free(converted) }
        let length = strlen(converted)
        return converted.withMemoryRebound(to: UInt8.self, capacity: length) {
            body(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Converts a string (a convenience for tables and tests; hot paths use the buffer form).
    func convert(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in convert(input) { String(decoding: $0, as: UTF8.self) } }
    }
}
