import Synchronization

/// Where the library reports what a run should tell its user without stopping: warnings (a fit that stopped at
/// `--max-iter`, folds that may leak an outlet's house style) and notes (records skipped and why).
///
/// The command line prints each message on standard error as it arrives (`stance: warning: …` for warnings,
/// `stance: …` for notes); ``messages`` keeps every one, in order, for a report that lists the warnings of its run.
public final class WarningSink: Sendable {
    /// One message of a run.
    public struct Message: Equatable, Sendable {
        /// A warning says a result may not mean what it seems to; a note says what was done (records skipped).
        public enum Kind: Equatable, Sendable { case warning, note }

        public var kind: Kind
        /// One lower-case sentence, without the `stance: warning:` prefix.
        public var text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    private let received: Mutex<[Message]> = Mutex([])
    private let onMessage: (@Sendable (Message) -> Void)?

    /// - Parameter onMessage: called with every message as it is reported (the command line prints it).
    public init(onMessage: (@Sendable (Message) -> Void)? = nil) {
        self.onMessage = onMessage
    }

    /// Reports a warning.
    public func warn(_ text: String) { report(Message(kind: .warning, text: text)) }

    /// Reports a note.
    public func note(_ text: String) { report(Message(kind: .note, text: text)) }

    /// Every message reported so far, in the order reported.
    public var messages: [Message] { received.withLock { $0 } }

    /// The warnings reported so far (notes left out), in the order reported.
    public var warnings: [String] { messages.filter { $0.kind == .warning }.map(\.text) }

    private func report(_ message: Message) {
        received.withLock { $0.append(message) }
        onMessage?(message)
    }
}
