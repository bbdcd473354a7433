import CZlib
import Foundation

/// Where a report's numbers come from: the command line, the `stance` version and commit, the date, the input files
/// with their sizes and fingerprints, N per class and per source, every setting and every warning the run gave.
public struct Provenance: Sendable, Equatable {
    /// One input file.
    public struct InputFile: Sendable, Equatable {
        public var path: String
        /// Bytes, or `nil` for standard input.
        public var size: Int?
        /// CRC-32 of the file's bytes as 8 hex digits (the model file's checksum), or `nil` for standard input.
        public var fingerprint: String?
    }

    public var commandLine: [String]
    public var version: String
    /// `git describe --always --dirty` of the checkout the tool was built in, or `unknown`.
    public var commit: String
    /// UTC, ISO 8601.
    public var date: String
    public var inputs: [InputFile]
    /// Documents per class and per source, in code-point order of the name.
    public var classCounts: [(name: String, count: Int)]
    public var sourceCounts: [(name: String, count: Int)]
    public var documentCount: Int
    public var settings: [(name: String, value: String)]
    public var warnings: [String]

    public static func == (lhs: Provenance, rhs: Provenance) -> Bool {
        lhs.commandLine == rhs.commandLine && lhs.version == rhs.version && lhs.commit == rhs.commit
            && lhs.date == rhs.date && lhs.inputs == rhs.inputs
            && lhs.classCounts.map(\.name) == rhs.classCounts.map(\.name)
            && lhs.classCounts.map(\.count) == rhs.classCounts.map(\.count)
            && lhs.sourceCounts.map(\.name) == rhs.sourceCounts.map(\.name)
            && lhs.sourceCounts.map(\.count) == rhs.sourceCounts.map(\.count)
            && lhs.documentCount == rhs.documentCount && lhs.settings.map(\.name) == rhs.settings.map(\.name)
            && lhs.settings.map(\.value) == rhs.settings.map(\.value) && lhs.warnings == rhs.warnings
    }

    /// Gathers the provenance of a run.
    ///
    /// - Parameters:
    ///   - commandLine: the arguments, program name first (`CommandLine.arguments`).
    ///   - inputs: the input paths (`-` for standard input).
    ///   - labels: each document's label (gold, or predicted for `score`), `nil` when it has none.
    ///   - sources: each document's source.
    ///   - settings: every setting, in the order to show.
    ///   - date: the moment of the run (now by default).
    /// - Throws: ``IOFailure`` when an input cannot be read.
    public static func make(
        commandLine: [String], inputs: [String], labels: [String?], sources: [String?],
        settings: [(name: String, value: String)], warnings: [String], date: Date = Date()
    ) throws -> Provenance {
        let files = try inputs.map { path -> InputFile in
            guard path != "-" else { return InputFile(path: path, size: nil, fingerprint: nil) }
            return try fingerprint(path: path)
        }
        func counts(_ values: [String?]) -> [(name: String, count: Int)] {
            var counts: [String: Int] = [:]
            for value in values { counts[value ?? "(none)", default: 0] += 1 }
            return codePointSorted(counts.keys).map { ($0, counts[$0]!) }
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return Provenance(
            commandLine: commandLine, version: StanceKit.version, commit: currentCommit(),
            date: formatter.string(from: date),
            inputs: files, classCounts: counts(labels), sourceCounts: counts(sources), documentCount: labels.count,
            settings: settings, warnings: warnings)
    }

    /// The size and CRC-32 of a file (directories: of every regular file below it, in path order).
    static func fingerprint(path: String) throws -> InputFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CorpusError.fileNotFound(path: path)
        }
        var files = [path]
        if isDirectory.boolValue {
            let below = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
            files = codePointSorted(below).map { path + "/" + $0 }.filter {
                var directory: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &directory) && !directory.boolValue
            }
        }
        var crc: uLong = crc32(0, nil, 0)
        var size = 0
        for file in files {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw IOFailure(path: file, reason: "cannot read the file")
            }
            defer { try? handle.close() }
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                size += chunk.count
                chunk.withUnsafeBytes { buffer in
                    crc = crc32(crc, buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count))
                }
            }
        }
        let hex = String(UInt32(crc), radix: 16)
        return InputFile(path: path, size: size, fingerprint: String(repeating: "0", count: 8 - hex.count) + hex)
    }

    /// `git describe --always --dirty` run in the directory of the running executable (a build inside a checkout),
    /// or `unknown` (an installed tool, no git).
    static func currentCommit() -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let directory = executable.deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "describe", "--always", "--dirty", "--tags"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "unknown"
        }
        // The throwing read: `readDataToEndOfFile()` stops the process when a signal interrupts the read.
        let data = (try? output.fileHandleForReading.readToEnd()) ?? Data()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }

    /// The provenance block that opens every report.
    public func html() -> String {
        var html = "<section class=\"provenance\">\n<h2>Provenance</h2>\n<table class=\"provenance\">\n"
        func row(_ name: String, _ value: String) {
            html += "<tr><th>\(escapeHTML(name))</th><td>\(value)</td></tr>\n"
        }
        row("command", "<code>\(escapeHTML(commandLine.map(shellQuoted).joined(separator: " ")))</code>")
        row("stance", escapeHTML("\(version) (commit \(commit))"))
        row("date", escapeHTML(date))
        for file in inputs {
            let detail =
                file.size.map { "\($0) bytes, CRC-32 \(file.fingerprint ?? "")" } ?? "standard input"
            row("input", "<code>\(escapeHTML(file.path))</code> (\(escapeHTML(detail)))")
        }
        row("documents", String(documentCount))
        row("per class", escapeHTML(classCounts.map { "\($0.name) \($0.count)" }.joined(separator: ", ")))
        row(
            "per source (\(sourceCounts.count))",
            escapeHTML(sourceCounts.map { "\($0.name) \($0.count)" }.joined(separator: ", ")))
        for setting in settings { row("setting: \(setting.name)", escapeHTML(setting.value)) }
        html += "</table>\n"
        if warnings.isEmpty {
            html += "<p class=\"warnings\">The run gave no warning.</p>\n"
        } else {
            html += "<ul class=\"warnings\">\n"
            for warning in warnings { html += "<li>warning: \(escapeHTML(warning))</li>\n" }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }
}

/// An argument as a POSIX shell would need it written: bare when it is safe, else in single quotes.
func shellQuoted(_ argument: String) -> String {
    let safe = argument.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
    }
    if safe && !argument.isEmpty { return argument }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
