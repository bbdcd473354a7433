import COpenCC
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
///
/// OpenCC 1.1 looks for a configuration, and for every dictionary a configuration names, in the working directory
/// before its data directory, even when the configuration is given by an absolute path: a `t2s.json` or a
/// `TSPhrases.ocd2` in the folder a researcher runs stance from would take the installed one's place, and convert
/// differently or not open at all. So a configuration found in one of ``dataDirectories`` is opened through a copy
/// in which every dictionary is named by its absolute path (``pinningDictionaries(_:)``), written to a temporary
/// file for as long as `opencc_open` reads it.
final class OpenCCConverter: @unchecked Sendable {
    /// The configuration, as named in messages: an installed file name such as `t2s.json`, or a path.
    let configuration: String
    /// The JSON text opened, with absolute dictionary paths; nil to let OpenCC find ``configuration`` itself (a
    /// path, or a name that no data directory holds).
    private let pinnedText: String?
    private let lock = NSLock()
    private var pool: [UnsafeMutableRawPointer] = []

    /// Where Debian (`libopencc-data`) and OpenCC's own default build install the configurations and dictionaries.
    static let dataDirectories = ["/usr/share/opencc", "/usr/local/share/opencc"]

    /// Opens one handle at once, so that a missing configuration is reported here and not on first use.
    ///
    /// - Parameter configuration: a configuration file name, looked up in ``dataDirectories`` (then by OpenCC), or a
    ///   path, which OpenCC opens as it is.
    /// - Throws: ``TextNormalizationError/openCCUnavailable(configuration:reason:)``.
    init(configuration: String) throws {
        self.configuration = configuration
        var text: String?
        if !configuration.contains("/") {
            for directory in Self.dataDirectories {
                if let installed = try? String(contentsOfFile: directory + "/" + configuration, encoding: .utf8) {
                    text = Self.pinningDictionaries(installed)
                    break
                }
            }
        }
        pinnedText = text
        pool.append(try open())
    }

    /// A converter for a configuration given as its JSON text, called `name` in messages; its dictionaries are
    /// looked up in ``dataDirectories`` as for an installed configuration.
    ///
    /// - Throws: ``TextNormalizationError/openCCUnavailable(configuration:reason:)``.
    init(configurationText text: String, name: String) throws {
        configuration = name
        pinnedText = Self.pinningDictionaries(text) ?? text
        pool.append(try open())
    }

    /// `configuration` (OpenCC's JSON) with the value of every `"file"` member that is a bare file name replaced by
    /// its path in the first of ``dataDirectories`` that holds it (names found in none stay as they are); nil when
    /// the text is not JSON.
    static func pinningDictionaries(_ configuration: String) -> String? {
        func pinned(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                var result: [String: Any] = [:]
                for (key, member) in object {
                    if key == "file", let name = member as? String, !name.contains("/"),
                        let directory = dataDirectories.first(where: {
                            FileManager.default.fileExists(atPath: $0 + "/" + name)
                        })
                    {
                        result[key] = directory + "/" + name
                    } else {
                        result[key] = pinned(member)
                    }
                }
                return result
            }
            if let array = value as? [Any] { return array.map(pinned) }
            return value
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(configuration.utf8)),
            let data = try? JSONSerialization.data(
                withJSONObject: pinned(object), options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    deinit {
        for handle in pool { opencc_close(handle) }
    }

    /// A new handle: on ``pinnedText`` through a temporary file, removed once OpenCC has read it, or on
    /// ``configuration`` as OpenCC finds it.
    private func open() throws -> UnsafeMutableRawPointer {
        guard let pinnedText else { return try Self.open(path: configuration, name: configuration) }
        var template = Array((NSTemporaryDirectory() + "/stance-opencc-XXXXXX.json").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 5) }
        guard descriptor >= 0 else {
            throw TextNormalizationError.openCCUnavailable(
                configuration: configuration,
                reason: "cannot create a temporary file: \(IOFailure.phrase(errno: errno))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        let failure = Array(pinnedText.utf8).withUnsafeBytes { writeAll(descriptor, $0) }
        guard close(descriptor) == 0, failure == nil else {
            throw TextNormalizationError.openCCUnavailable(
                configuration: configuration, reason: "cannot write a temporary file \(path)")
        }
        return try Self.open(path: path, name: configuration)
    }

    private static func open(path: String, name: String) throws -> UnsafeMutableRawPointer {
        guard let handle = opencc_open(path), handle != UnsafeMutableRawPointer(bitPattern: -1) else {
            let reason = opencc_error().map { String(cString: $0) } ?? "unknown error"
            throw TextNormalizationError.openCCUnavailable(configuration: name, reason: reason)
        }
        return handle
    }

    private func takeHandle() -> UnsafeMutableRawPointer? {
        lock.lock()
        let handle = pool.popLast()
        lock.unlock()
        return handle ?? (try? open())
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
