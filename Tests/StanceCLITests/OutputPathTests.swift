import Foundation
import StanceKit
import Testing
import _StanceTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Outputs never replace anything but a regular file: devices and FIFOs are written to, symbolic links are followed,
/// directories and link loops are a clear exit 74; a full disk leaves the old file; a signal before the rename
/// removes the temporary file.
@Suite(.serialized) struct OutputPathTests {
    static let examples = fixturePath("train-small.jsonl")

    /// The files in `directory`, hidden ones included (temporary files start with a dot).
    static func entries(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func outputTargetOfEachKindOfPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("model.stance", "old")
        #expect(try OutputTarget(file) == .replace(file))
        #expect(try OutputTarget(directory.path + "/new.stance") == .replace(directory.path + "/new.stance"))
        #expect(try OutputTarget("/dev/null") == .direct("/dev/null"))
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/link", withDestinationPath: "model.stance")
        #expect(try OutputTarget(directory.path + "/link") == .replace(directory.path + "/model.stance"))
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/dangling", withDestinationPath: "later.txt")
        #expect(try OutputTarget(directory.path + "/dangling") == .replace(directory.path + "/later.txt"))
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/loop", withDestinationPath: "loop")
        let loop = #expect(throws: IOFailure.self) { try OutputTarget(directory.path + "/loop") }
        #expect(loop?.description == "\(directory.path)/loop: is a loop of symbolic links")
        let folder = #expect(throws: IOFailure.self) { try OutputTarget(directory.path) }
        #expect(folder?.description == "\(directory.path): is a directory, not a file to write")
        #expect(folder?.exitStatus == .ioError)
    }

    @Test func trainingOntoDevNullLeavesTheDeviceAlone() throws {
        let run = try runStance(["train", "--data", Self.examples, "--out", "/dev/null"])
        #expect(run.status == 0, "\(run.standardError)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR)
    }

    /// A character device made with mknod (1,3 is the null device) is written to, not replaced; skipped where the
    /// sandbox refuses mknod.
    @Test func aDeviceNodeIsWrittenToNotReplaced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let node = directory.path + "/null"
        guard mknod(node, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 else {
            print("skipped: mknod is not permitted here (\(String(cString: strerror(errno))))")
            return
        }
        let run = try runStance(["train", "--data", Self.examples, "--out", node])
        #expect(run.status == 0, "\(run.standardError)")
        var info = stat()
        #expect(lstat(node, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFCHR)
        #expect(try Self.entries(directory.path) == ["null"])
    }

    @Test func aFIFOIsWrittenTo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        // The reader opens the FIFO and reads to the end of what stance writes (a FIFO has no size to read by).
        let received = ReceivedBytes()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) {
                received.store((try? handle.readToEnd()) ?? Data())
            }
        }
        reader.start()
        let run = try runStance(["train", "--data", Self.examples, "--out", fifo])
        #expect(run.status == 0, "\(run.standardError)")
        var info = stat()
        #expect(lstat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        #expect(received.wait().starts(with: [0x89, 0x53, 0x54, 0x4E, 0x43]))
    }

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("models/real.stance", "old contents")
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/current.stance", withDestinationPath: "models/real.stance")
        let run = try runStance(["train", "--data", Self.examples, "--out", directory.path + "/current.stance"])
        #expect(run.status == 0, "\(run.standardError)")
        let destination = try FileManager.default.destinationOfSymbolicLink(atPath: directory.path + "/current.stance")
        #expect(destination == "models/real.stance")
        let written = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/models/real.stance"))
        #expect(written.starts(with: [0x89, 0x53, 0x54, 0x4E, 0x43]))
    }

    @Test func aDirectoryIsExit74InOneSentence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try runStance(["train", "--data", Self.examples, "--out", directory.path])
        #expect(run.status == 74)
        #expect(run.standardError == "stance: \(directory.path): is a directory, not a file to write\n")
    }

    /// The full-disk seam fails the write after its bytes were written: the old file stays, no temporary is left.
    @Test func aFullDiskLeavesTheOldFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try directory.write("model.stance", "the old model")
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_NO_SPACE"] = "1"
        let run = try runStance(["train", "--data", Self.examples, "--out", model], environment: environment)
        #expect(run.status == 74)
        #expect(run.standardError == "stance: \(model): cannot write: the disk is full\n")
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "the old model")
        #expect(try Self.entries(directory.path) == ["model.stance"])
    }

    /// A small tmpfs filled to the brim: a real full disk (skipped where mount is not permitted).
    @Test func aRealFullFileSystemLeavesTheOldFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mountPoint = directory.path + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            print("skipped: mount -t tmpfs is not permitted here")
            return
        }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [mountPoint]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let model = mountPoint + "/model.stance"
        #expect(FileManager.default.createFile(atPath: model, contents: Data("the old model".utf8)))
        // Fill what is left so that the new model cannot fit.
        let filler = mountPoint + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: Data(repeating: 7, count: 60_000))
        let run = try runStance(["train", "--data", Self.examples, "--out", model])
        #expect(run.status == 74)
        #expect(run.standardError.hasPrefix("stance: \(model): cannot write: the disk is full"))
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "the old model")
        #expect(try Self.entries(mountPoint) == ["filler", "model.stance"])
    }

    /// A child stance paused just before renaming its output gets SIGINT, SIGTERM or SIGHUP: its temporary file is
    /// removed, the destination is untouched, and it dies by that signal.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalBeforeTheRenameRemovesTheTemporaryFile(signal: Int32) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try directory.write("out/model.stance", "the old model")
        let marker = directory.path + "/paused"
        var environment = ProcessInfo.processInfo.environment
        environment["STANCE_TEST_PAUSE_BEFORE_RENAME"] = marker
        // Spawned with default signal actions and an empty signal mask: a test runner may block or ignore signals,
        // and a child inherits both.
        let child = try spawnWithDefaultSignals(
            [stanceExecutablePath, "train", "--data", Self.examples, "--out", model], environment: environment)
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker) && waited < 600 {
            usleep(50_000)
            waited += 1
        }
        let temporary = try String(contentsOfFile: marker, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: temporary))
        kill(child, signal)
        var status: Int32 = 0
        #expect(waitpid(child, &status, 0) == child)
        // WIFSIGNALED / WTERMSIG: the low seven bits hold the signal that ended the process.
        #expect(status & 0x7f == signal)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try Self.entries(directory.path + "/out") == ["model.stance"])
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "the old model")
    }
}

/// Bytes handed from a reader thread to the test, once.
final class ReceivedBytes: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func store(_ bytes: Data) {
        condition.lock()
        data = bytes
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}

/// Starts `arguments` with `posix_spawn`, every signal at its default action and none blocked; returns the pid.
func spawnWithDefaultSignals(_ arguments: [String], environment: [String: String]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var files = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&files)
    defer { posix_spawn_file_actions_destroy(&files) }
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for pointer in argv { free(pointer) }
        for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, arguments[0], &files, &attributes, argv, envp)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
    return pid
}
