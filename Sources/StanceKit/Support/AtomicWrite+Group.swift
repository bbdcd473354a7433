import CSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that belong together (a matrix, its column names, its row variables) written so that they appear together:
/// each is written in full under a temporary name beside its destination (as ``AtomicFile`` does), and only when
/// every one of them is on disk are they renamed into place, one after the other, in the order written.
///
/// A failure while writing any of them (a full disk, a bad value) removes every temporary file and replaces nothing;
/// a signal before the renames does the same (the temporary files stay registered for removal until renamed). Only
/// the renames themselves, a few system calls, can be cut in the middle: the files then carry a run id
/// (``ExportRun``) that shows the mismatch.
///
/// Devices, FIFOs and sockets (``OutputTarget/direct(_:)``) are written to at once: there is nothing to replace.
public final class AtomicFileGroup {
    private var staged: [AtomicFile.Staged] = []
    private var committed = false

    public init() {}

    /// Writes what `body` passes to the writer under a temporary name for `path`, renamed by ``commit()``.
    ///
    /// - Throws: as ``AtomicFile/write(to:_:)``; the files staged before stay staged (the group removes them
    ///   unless committed).
    public func write(to path: String, _ body: (BufferedWriter) throws -> Void) throws {
        precondition(!committed, "a file group is written once")
        switch try OutputTarget(path) {
        case .direct:
            try AtomicFile.write(to: path, body)
        case .replace(let destination):
            staged.append(try AtomicFile.stage(destination, shownAs: path, body))
        }
    }

    /// Writes `bytes` under a temporary name for `path`, renamed by ``commit()``.
    public func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { try $0.write(bytes: bytes) }
    }

    /// The number of bytes staged for `path` (as given to ``write(to:_:)``), or `nil` when it was written directly
    /// or not at all.
    public func size(of path: String) -> Int? {
        staged.first { $0.shownAs == path }?.size
    }

    /// Renames every staged file into place, in the order written.
    ///
    /// - Throws: ``IOFailure`` when a rename fails; the files not yet renamed are removed.
    public func commit() throws {
        precondition(!committed, "a file group is committed once")
        committed = true
        if let first = staged.first { TestSeams.pauseBeforeRename(temporary: first.temporary) }
        defer { discard() }
        while !staged.isEmpty {
            let file = staged.removeFirst()
            defer { stance_forget_temporary(file.slot) }
            try file.moveIntoPlace()
        }
    }

    /// Removes the temporary files not renamed.
    private func discard() {
        for file in staged {
            _ = unlink(file.temporary)
            stance_forget_temporary(file.slot)
        }
        staged = []
    }

    deinit { discard() }
}
