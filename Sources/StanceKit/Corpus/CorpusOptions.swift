/// How to read a corpus: field names, format and what to do with bad records.
public struct CorpusOptions: Hashable, Sendable {
    /// The input formats `stance` reads.
    public enum Format: String, Sendable, CaseIterable {
        case auto, jsonl, csv, txt, html
    }

    public var textField = "text"
    public var labelField = "label"
    public var idField = "id"
    public var sourceField = "source"
    public var targetField = "target"
    public var dateField = "date"
    /// A JSON Lines or CSV field holding a saved web page, read as HTML (``HTMLText``) when the text field is
    /// absent or null.
    public var htmlField = "html"
    /// For a directory of `.txt` files: take each file's parent folder name as its source.
    public var sourceFromDirectory = false
    /// Skip bad records (counting them by reason) instead of stopping at the first one.
    public var skipInvalid = false
    /// Whether each document keeps the raw bytes of its JSON Lines record (``Document/rawRecord``), so that a
    /// command can write the record back with every field (`stance clean`).
    public var keepsRecords = false
    public var format: Format = .auto
    /// Input fields to keep in ``Document/fields`` besides the text and the five named ones (for grouping by any
    /// field).
    public var keptFields: Set<String> = []
    /// The character encoding of the input files.
    public var encoding: TextEncoding = .auto
    /// The CSV field separator (one ASCII byte); `nil`: `,`, or a tab for `.tsv` files.
    public var delimiter: UInt8?
    /// How to read numeric day-month dates (`1/2/2023`) where dates are used.
    public var dateOrder: DateParser.Order?
    /// Keep every input field but the text in ``Document/fields`` (for `stance export`'s document variables).
    public var keepAllFields = false
    /// The longest record a reader buffers (`--max-record-bytes`): a longer line, CSV record or text file stops the
    /// run with `FILE:LINE` (exit status 65) before more of it is read.
    public var maxRecordBytes = InputFile.defaultMaxRecordBytes

    public init() {}

    /// The byte of a `--delimiter` value: `tab` (or `\t`) or one ASCII character other than a quote or a line
    /// break; `nil` for anything else.
    public static func delimiterByte(_ value: String) -> UInt8? {
        if value == "tab" || value == "\\t" { return 0x09 }
        guard value.utf8.count == 1, let byte = value.utf8.first, byte < 0x80,
            ![UInt8(ascii: "\""), 0x0A, 0x0D].contains(byte)
        else { return nil }
        return byte
    }
}
