import Foundation

extension TextNormalizer {
    /// Reads mask terms from a tab-separated file whose first column is the term.
    ///
    /// Blank lines, lines starting with `#`, and header lines whose first cell is `term` or `source` (in any case)
    /// are skipped; surrounding whitespace of a term is dropped, and so are repeated terms.
    ///
    /// - Parameter path: the file to read.
    /// - Returns: the terms in file order.
    /// - Throws: ``IOFailure`` under the rule of ``InputFile`` when the file cannot be read;
    ///   ``TableFileError`` naming `file:line` for a line that is not UTF-8 or
    ///   whose first cell is empty.
    public static func loadMaskTerms(path: String) throws -> [String] {
        let data = try InputFile.readBytes(path, what: "the mask list")
        var terms: [String] = []
        var seen = Set<String>()
        var lineNumber = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let decoded = String(validating: Array(rawLine), as: UTF8.self) else {
                throw TableFileError(
                    location: SourceLocation(file: path, line: lineNumber), problem: "the line is not valid UTF-8")
            }
            var line = Substring(decoded)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0.isWhitespace }) || line.hasPrefix("#") { continue }
            let firstCell = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let term = String(firstCell).trimmingCharacters(in: CharacterSet.whitespaces)
            if ["term", "source"].contains(term.lowercased()) { continue }
            guard !term.isEmpty else {
                throw TableFileError(
                    location: SourceLocation(file: path, line: lineNumber),
                    problem: "the first column (the term) is empty")
            }
            if seen.insert(term).inserted { terms.append(term) }
        }
        return terms
    }
}
