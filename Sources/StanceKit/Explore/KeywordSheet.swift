import Foundation

/// Coding sheets for auditing a lexicon's precision: the hits a coder reads, one unit a row, and the key that ties
/// each unit back to its document.
///
/// - `DIR/sheet.csv`: CSV, UTF-8 with a byte-order mark (so that spreadsheet programs open it as UTF-8), CRLF line
///   ends, columns `id` (an opaque unit id, `u0001`…), `text` (the hit in context, the match in `[[…]]`), and
///   `code` and `note`, empty, for the coder. Units come in a seeded random order, not corpus order, so that a
///   coder does not read one outlet's hits in a row.
/// - `DIR/sample.jsonl`: one line per unit: `id` (the unit), `document` (the document id), `start` and `end` (UTF-8
///   byte offsets of the match in the original text), `concept`, `term`, `match`, `quoted`.
public enum KeywordSheet {
    /// Writes the sheet of `hits` into `directory` (created when missing), each file atomically.
    ///
    /// - Throws: ``IOFailure`` when the directory or a file cannot be written.
    public static func write(_ hits: [KeywordInContext.Hit], to directory: String, seed: UInt64) throws {
        try makeDirectory(directory)
        var order = Array(hits.indices)
        var random = StableRandom(seed: seed, stream: 0x5348_4545_5453)  // "SHEETS"
        random.shuffle(&order)
        let width = max(4, String(hits.count).count)
        var sheet = "\u{FEFF}id,text,code,note\r\n"
        var key = ""
        for (position, index) in order.enumerated() {
            let hit = hits[index]
            let digits = String(position + 1)
            let unit = "u" + String(repeating: "0", count: width - digits.count) + digits
            sheet += "\(unit),\(DocumentVariables.cell(hit.line)),,\r\n"
            key +=
                JSON.object([
                    ("id", .string(unit)), ("document", .string(hit.documentID)), ("start", .int(hit.start)),
                    ("end", .int(hit.end)), ("concept", .string(hit.concept)), ("term", .string(hit.term)),
                    ("match", .string(hit.match)), ("quoted", .bool(hit.quoted)),
                ]).rendered() + "\n"
        }
        try AtomicFile.write(sheet, to: directory + "/sheet.csv")
        try AtomicFile.write(key, to: directory + "/sample.jsonl")
    }

    private static func makeDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw IOFailure(path: path, reason: "exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: path, reason: "cannot create the directory")
        }
    }
}
