import Foundation

/// Splits `stance kwic`'s positional arguments into patterns and corpus files.
public enum KeywordArguments {
    /// The arguments that name an existing file or directory, or `-`, are corpus files; the others are patterns,
    /// except that one ending like a corpus file (`.jsonl`, `.csv`, `.tsv`, `.txt`, `.gz`) is a missing file.
    ///
    /// - Throws: ``CorpusError/fileNotFound(path:)`` for such a missing file.
    public static func split(_ arguments: [String]) throws -> (patterns: [String], files: [String]) {
        var patterns: [String] = []
        var files: [String] = []
        let suffixes = [".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt", ".gz"]
        for argument in arguments {
            if argument == "-" || FileManager.default.fileExists(atPath: argument) {
                files.append(argument)
            } else if suffixes.contains(where: { argument.lowercased().hasSuffix($0) }) {
                throw CorpusError.fileNotFound(path: argument)
            } else {
                patterns.append(argument)
            }
        }
        return (patterns, files)
    }
}
