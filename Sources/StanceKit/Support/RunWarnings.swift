import Foundation

/// The warnings a run gave, in the order given, so that a report can repeat every one of them.
///
/// A reference type shared by the stages of one run; appending is thread-safe. Each warning is also written to
/// standard error as `stance: warning: …` when the collector was made with `echo`.
public final class RunWarnings: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    private let echo: Bool

    /// - Parameter echo: also write each warning to standard error as it comes.
    public init(echo: Bool = false) { self.echo = echo }

    /// Records `message` (without the `stance: warning:` prefix or a final line feed).
    public func add(_ message: String) {
        let message = message.hasPrefix("warning: ") ? String(message.dropFirst(9)) : message
        lock.lock()
        list.append(message)
        lock.unlock()
        if echo { FileHandle.standardError.write(Data("stance: warning: \(message)\n".utf8)) }
    }

    /// Every warning so far, in order.
    public var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
