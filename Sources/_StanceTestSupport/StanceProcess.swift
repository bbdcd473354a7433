import Foundation

/// The result of running the built `stance` executable.
public struct StanceRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// The `stance` executable built beside the test bundle.
public var stanceExecutablePath: String {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var candidate = runner.appendingPathComponent("stance").path
    if !FileManager.default.fileExists(atPath: candidate) {
        // Some runners start from inside the .xctest bundle.
        candidate = runner.deletingLastPathComponent().appendingPathComponent("stance").path
    }
    return candidate
}

/// Every byte left on `handle` (a pipe's reading end), read with `read(2)` and retried when a signal interrupts it.
/// Foundation's `readDataToEndOfFile()` stops the test process on `EINTR` ("Interrupted system call"), which a
/// loaded machine produces now and then.
public func readToEnd(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[..<count])
        } else if count == 0 || errno != EINTR {
            return data
        }
    }
}

/// Runs `stance` with `arguments`, feeding `input` on standard input, and collects its outputs; in
/// `currentDirectory` when given.
public func runStance(
    _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil,
    currentDirectory: String? = nil
) throws -> StanceRun {
    let piped = PipedStance(arguments, environment: environment)
    if let currentDirectory { piped.process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let process = piped.process
    try process.run()
    let writer = Thread {
        piped.input.fileHandleForWriting.write(Data(input))
        try? piped.input.fileHandleForWriting.close()
    }
    writer.start()
    let errorData = ErrorCollector(piped.error.fileHandleForReading)
    let output = readToEnd(piped.output.fileHandleForReading)
    process.waitUntilExit()
    return StanceRun(
        status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
        standardError: String(decoding: errorData.wait(), as: UTF8.self))
}

/// A `stance` process with a pipe on each of its standard streams, not started yet.
struct PipedStance {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let error = Pipe()

    init(_ arguments: [String], environment: [String: String]?) {
        process.executableURL = URL(fileURLWithPath: stanceExecutablePath)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
    }
}

/// Reads a pipe to its end on another thread, so that a full standard-error pipe cannot block the child.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread {
            self.data = readToEnd(handle)
            self.done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Trains a per-target model (word unigrams, character unigrams) on the `train-small.jsonl` fixture into
/// `directory` with the built `stance`, and returns its path; the run's failure is the caller's to report.
public func trainSmallPerTargetModel(in directory: TemporaryDirectory) throws -> (path: String, run: StanceRun) {
    let path = directory.path + "/per-target.stance"
    let run = try runStance(
        [
            "train", "--data", fixturePath("train-small.jsonl"), "--out", path, "--per-target",
            "--word-ngrams", "1", "--char-ngrams", "1",
        ])
    return (path, run)
}
