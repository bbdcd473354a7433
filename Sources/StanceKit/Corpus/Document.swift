/// One document of a corpus, as read from JSON Lines, CSV or text files.
///
/// Ids are always strings (a number in the input is written as its decimal text); a record without an id gets its
/// 1-based record number. Optional fields that are absent or JSON `null` are `nil`, never an empty string.
public struct Document: Hashable, Sendable {
    public var id: String
    public var text: String
    public var label: String?
    public var source: String?
    public var target: String?
    public var date: String?
    /// Where the record starts.
    public var location: SourceLocation
    /// Other input fields by their input name, when ``CorpusOptions/keptFields`` or
    /// ``CorpusOptions/keepAllFields`` asks for them (numbers and booleans as written; absent, null and empty
    /// values left out).
    public var fields: [String: String] = [:]
    /// The record's JSON Lines bytes, when the reader was asked to keep them (``CorpusOptions/keepsRecords``).
    public var rawRecord: [UInt8]?

    public init(
        id: String, text: String, label: String? = nil, source: String? = nil, target: String? = nil,
        date: String? = nil, location: SourceLocation = SourceLocation(file: "-", line: 0)
    ) {
        self.id = id
        self.text = text
        self.label = label
        self.source = source
        self.target = target
        self.date = date
        self.location = location
    }

    /// The value of a named metadata field (`label`, `source`, `target`, `date`, `id`, or any input field kept in
    /// ``fields``), for grouping.
    public func field(_ name: String) -> String? {
        switch name {
        case "id": return id
        case "label": return label
        case "source": return source
        case "target": return target
        case "date": return date
        default: return fields[name]
        }
    }
}
