/// How to read a corpus: field names, format and what to do with bad records.
public struct CorpusOptions: Hashable, Sendable {
    /// The input formats `stance` reads.
    public enum Format: String, Sendable, CaseIterable {
        case auto, jsonl, csv, txt
    }

    public var textField = "text"
    public var labelField = "label"
    public var idField = "id"
    public var sourceField = "source"
    public var targetField = "target"
    public var dateField = "date"
    /// For a directory of `.txt` files: take each file's parent folder name as its source.
    public var sourceFromDirectory = false
    /// Skip bad records (counting them by reason) instead of stopping at the first one.
    public var skipInvalid = false
    /// Whether each document keeps the raw bytes of its JSON Lines record (``Document/rawRecord``), so that a
    /// command can write the record back with every field (`stance clean`).
    public var keepsRecords = false
    public var format: Format = .auto

    public init() {}
}
