import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the files that come with `stance` are: the shipped models, the lexicons and the build information.
///
/// Everything is found from the real path of the running executable (`/proc/self/exe`, symbolic links resolved),
/// never from the current directory, so that a `models/default.stance` planted where a user happens to run `stance`
/// is never picked up. Two layouts are recognised, in this order:
///
/// ```
/// installed (scripts/install --prefix P)      source checkout (swift build)
/// P/bin/stance                                REPO/.build/[TRIPLE/]CONFIGURATION/stance
/// P/share/stance/models/default.stance        REPO/models/default.stance
/// P/share/stance/lexicons/NAME.tsv            REPO/labels/lexicons/NAME.tsv
/// P/share/stance/build-info                   REPO/.git (the commit checked out)
/// ```
///
/// A checkout is recognised by a `Package.swift` beside `models/` in one of the executable's ancestors (at most four
/// levels up, which covers `.build/release/stance` and `.build/x86_64-unknown-linux-gnu/release/stance`).
public struct Installation: Sendable, Equatable {
    /// How this copy of `stance` was put on the machine.
    public enum Layout: Sendable, Equatable {
        /// Installed under a prefix: resources in `prefix/share/stance`.
        case installed(prefix: String)
        /// Built inside a source checkout: resources in the repository.
        case checkout(root: String)
    }

    /// The executable's real path.
    public let executable: String
    /// Where the resources are, or `nil` when the executable sits in neither layout.
    public let layout: Layout?

    /// The installation of the running process (`/proc/self/exe`).
    public static var current: Installation {
        Installation(executable: realPath(of: "/proc/self/exe") ?? realPath(of: CommandLine.arguments[0]) ?? "")
    }

    /// The installation an executable at `executable` belongs to (symbolic links resolved).
    public init(executable: String) {
        let resolved = Self.realPath(of: executable) ?? executable
        self.executable = resolved
        self.layout = Self.layout(of: resolved)
    }

    private static func layout(of executable: String) -> Layout? {
        let fileManager = FileManager.default
        let binDirectory = (executable as NSString).deletingLastPathComponent
        let prefix = (binDirectory as NSString).deletingLastPathComponent
        if (binDirectory as NSString).lastPathComponent == "bin" {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: prefix + "/share/stance", isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return .installed(prefix: prefix)
            }
        }
        var directory = binDirectory
        for _ in 0..<4 {
            directory = (directory as NSString).deletingLastPathComponent
            if directory.isEmpty || directory == "/" { break }
            if fileManager.fileExists(atPath: directory + "/Package.swift"),
                fileManager.fileExists(atPath: directory + "/models")
            {
                return .checkout(root: directory)
            }
        }
        return nil
    }

    /// The directory of the shipped models.
    public var modelsDirectory: String? {
        switch layout {
        case .installed(let prefix): prefix + "/share/stance/models"
        case .checkout(let root): root + "/models"
        case nil: nil
        }
    }

    /// The directory of the shipped lexicons.
    public var lexiconsDirectory: String? {
        switch layout {
        case .installed(let prefix): prefix + "/share/stance/lexicons"
        case .checkout(let root): root + "/labels/lexicons"
        case nil: nil
        }
    }

    /// The directory of the shipped cleaning lists (`continuation-markers.tsv`, `interface-strings.tsv`).
    public var cleaningLabelsDirectory: String? {
        switch layout {
        case .installed(let prefix): prefix + "/share/stance/labels/cleaning"
        case .checkout(let root): root + "/labels/cleaning"
        case nil: nil
        }
    }

    /// The default model (`default.stance` in ``modelsDirectory``), when it exists.
    public var defaultModel: String? {
        guard let directory = modelsDirectory else { return nil }
        let path = directory + "/default.stance"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// A `--lexicon` value as a path: a value with no `/` and no extension names a shipped lexicon
    /// (``lexiconsDirectory``/NAME.tsv); anything else is a path, as given.
    ///
    /// - Throws: ``UsageError`` (exit status 64) when a name matches no shipped lexicon; the message lists them.
    public func lexiconPath(_ value: String) throws -> String {
        guard !value.contains("/"), !value.contains("."), !value.isEmpty, value != "-" else { return value }
        let available = shippedLexicons
        if let directory = lexiconsDirectory, available.contains(value) { return directory + "/" + value + ".tsv" }
        throw UsageError(
            "--lexicon \(value): no shipped lexicon has that name (shipped: "
                + (available.isEmpty ? "none" : available.joined(separator: ", "))
                + "); give a path such as ./\(value).tsv for a file")
    }

    /// The names of the shipped lexicons (file names without `.tsv`), sorted.
    public var shippedLexicons: [String] {
        guard let directory = lexiconsDirectory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        else { return [] }
        return names.filter { $0.hasSuffix(".tsv") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The commit this copy was built from: `build-info` when installed, the checked-out commit in a checkout.
    public var commit: String? {
        switch layout {
        case .installed(let prefix):
            guard let text = try? String(contentsOfFile: prefix + "/share/stance/build-info", encoding: .utf8)
            else { return nil }
            for line in text.split(separator: "\n") where line.hasPrefix("commit ") {
                return String(line.dropFirst("commit ".count))
            }
            return nil
        case .checkout(let root):
            return Self.checkedOutCommit(repository: root)
        case nil:
            return nil
        }
    }

    /// The commit `HEAD` names in the git repository at `repository` (a `.git` directory or a worktree's `.git`
    /// file), read from git's files without running git.
    static func checkedOutCommit(repository: String) -> String? {
        var gitDirectory = repository + "/.git"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: gitDirectory, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue {
            guard let pointer = try? String(contentsOfFile: gitDirectory, encoding: .utf8),
                pointer.hasPrefix("gitdir: ")
            else { return nil }
            gitDirectory = String(pointer.dropFirst("gitdir: ".count)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let head = try? String(contentsOfFile: gitDirectory + "/HEAD", encoding: .utf8)
        else { return nil }
        let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("ref: ") else { return String(trimmed.prefix(12)) }
        let reference = String(trimmed.dropFirst("ref: ".count))
        // A worktree keeps its HEAD apart but shares refs with the main repository (`commondir`).
        var directories = [gitDirectory]
        if let common = try? String(contentsOfFile: gitDirectory + "/commondir", encoding: .utf8) {
            let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
            directories.append(path.hasPrefix("/") ? path : gitDirectory + "/" + path)
        }
        for directory in directories {
            if let value = try? String(contentsOfFile: directory + "/" + reference, encoding: .utf8) {
                return String(value.trimmingCharacters(in: .whitespacesAndNewlines).prefix(12))
            }
            if let packed = try? String(contentsOfFile: directory + "/packed-refs", encoding: .utf8) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + reference) {
                    return String(line.prefix(12))
                }
            }
        }
        return nil
    }

    /// The BLAS library this process has loaded (from `/proc/self/maps`), e.g.
    /// `/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0 (reference BLAS)`.
    public static var loadedBLAS: String {
        // Files under /proc report a size of 0, so they are read to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"),
            let data = try? handle.readToEnd(), let maps = String(data: data, encoding: .utf8)
        else { return "unknown" }
        try? handle.close()
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix("libopenblas") { return "\(path) (OpenBLAS)" }
            if name.hasPrefix("libblas") || name.hasPrefix("libcblas") {
                return path.contains("openblas") ? "\(path) (OpenBLAS)" : "\(path) (reference BLAS)"
            }
        }
        return "unknown"
    }

    /// What `stance --version` prints: version, commit and BLAS library.
    public var versionDescription: String {
        "\(version) (commit \(commit ?? "unknown"); BLAS \(Self.loadedBLAS))"
    }

    static func realPath(of path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Wrong usage found after the arguments were parsed (exit status 64), in one sentence.
public struct UsageError: StanceFailure, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var exitStatus: ExitStatus { .usage }
    public var description: String { message }
}
