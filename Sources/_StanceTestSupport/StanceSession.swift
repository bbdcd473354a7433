import Foundation

/// A running `stance` process fed line by line, for tests of `stance` inside a pipe: write to its standard input,
/// read its output lines as they come (with a timeout, so that a test cannot hang), then close its input.
public final class StanceSession: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private let errors: ErrorCollector
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private var buffer: [UInt8] = []
    private var ended = false
    private var inputClosed = false

    /// Starts `stance` with `arguments`.
    public init(_ arguments: [String], environment: [String: String]? = nil) throws {
        let piped = PipedStance(arguments, environment: environment)
        process = piped.process
        input = piped.input.fileHandleForWriting
        errors = ErrorCollector(piped.error.fileHandleForReading)
        try process.run()
        let output = piped.output.fileHandleForReading
        Thread { [self] in
            while true {
                let data = output.availableData
                lock.lock()
                if data.isEmpty { ended = true } else { buffer.append(contentsOf: data) }
                lock.unlock()
                arrived.signal()
                if data.isEmpty { break }
            }
        }.start()
    }

    /// Writes `text` to the process's standard input (without closing it).
    public func send(_ text: String) throws {
        try input.write(contentsOf: Data(text.utf8))
    }

    /// The next line of standard output (without its line feed), or `nil` when none arrives within `timeout`
    /// seconds or the output ends first.
    public func readLine(timeout: Double) -> String? {
        let deadline = DispatchTime.now() + timeout
        while true {
            lock.lock()
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                lock.unlock()
                return line
            }
            let done = ended
            lock.unlock()
            if done || arrived.wait(timeout: deadline) == .timedOut { return nil }
        }
    }

    /// Closes standard input and ends the process if it still runs (for clean-up after a failed test).
    public func terminate() {
        closeInput()
        if process.isRunning { process.terminate() }
    }

    /// Closes standard input once.
    private func closeInput() {
        lock.lock()
        let close = !inputClosed
        inputClosed = true
        lock.unlock()
        if close { try? input.close() }
    }

    /// Closes standard input, waits for the process to end (killing it after `timeout` seconds) and returns its
    /// status, the standard output not read yet and all of standard error.
    public func finish(timeout: Double = 120) -> StanceRun {
        closeInput()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        while true {
            lock.lock()
            let done = ended
            lock.unlock()
            if done { break }
            _ = arrived.wait(timeout: .now() + 1)
        }
        lock.lock()
        let rest = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll()
        lock.unlock()
        return StanceRun(
            status: process.terminationStatus, standardOutput: rest,
            standardError: String(decoding: errors.wait(), as: UTF8.self))
    }
}
