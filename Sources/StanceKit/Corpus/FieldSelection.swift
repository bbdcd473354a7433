/// The fields an option names (`--by source,month`, `--group-by source`, `--stable-by year`), checked against the
/// fields the records carry and read from each document.
///
/// A name is one of:
/// - a named field (`id`, `label`, `source`, `target`, `date`), read from the input field its `--…-field` option
///   names;
/// - a derived field: `lang` (also `language`), the language decided from the text, and `month` (`YYYY-MM`) and
///   `year` (`YYYY`) of the date (read by ``DateParser``). When the records carry an input field of that very name,
///   the input field wins: a corpus with its own `lang` or `month` column is grouped by it;
/// - any other input field, kept by the reader (``keptFields``).
///
/// A field that no record carries is a usage error (a mistyped `--by sorce` must not print one `(none)` row); one
/// that some records lack is counted (``missingNote(_:missing:total:)``) and those records group as `(none)`.
public struct FieldSelection: Sendable {
    /// The names in the order the option gave them.
    public let names: [String]
    /// The option, for messages (`--by`).
    public let option: String
    let corpus: CorpusOptions
    let dates: DateParser
    /// The derived names that the records carry as input fields, which therefore win (set by ``check(carried:)``).
    private var fromInput: Set<String> = []

    static let namedFields: Set<String> = ["id", "label", "source", "target", "date"]
    static let dateDerived: Set<String> = ["month", "year"]
    static let languageDerived: Set<String> = ["lang", "language"]

    /// The names of a comma-separated option value (`source, month`), trimmed, without empty ones.
    public static func split(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public init(_ names: [String], option: String, corpus: CorpusOptions, dates: DateParser = DateParser()) {
        self.names = names
        self.option = option
        self.corpus = corpus
        self.dates = dates
    }

    /// The input fields the reader must keep in ``Document/fields`` for these names (derived names too, in case an
    /// input field of that name wins); add them to ``CorpusOptions/keptFields`` before reading.
    public var keptFields: Set<String> { Set(names.filter { !Self.namedFields.contains($0) }) }

    /// Whether reading some name needs the date (and so may meet an unreadable one).
    public var usesDates: Bool { names.contains { Self.dateDerived.contains($0) && !fromInput.contains($0) } }

    /// The input field a named field is read from.
    func inputName(_ name: String) -> String {
        switch name {
        case "label": corpus.labelField
        case "source": corpus.sourceField
        case "target": corpus.targetField
        case "date": corpus.dateField
        case "id": corpus.idField
        default: name
        }
    }

    /// Decides which derived names come from the input from the fields seen so far, without checking anything:
    /// for a stream, whose values are needed before every record is read (``check(carried:)`` then runs at the end).
    public mutating func prepare(carried: [String]) {
        let present = Set(carried)
        fromInput = Set(
            names.filter {
                (Self.dateDerived.contains($0) || Self.languageDerived.contains($0)) && present.contains($0)
            })
    }

    /// Checks every name against `carried`, the fields the records carry (``CorpusReader/fieldNames``), and decides
    /// which derived names come from the input.
    ///
    /// - Throws: ``FieldError`` (exit 64) for a field no record carries, naming the fields they do carry.
    public mutating func check(carried: [String]) throws(FieldError) {
        let present = Set(carried)
        fromInput = []
        for name in names {
            if Self.dateDerived.contains(name) || Self.languageDerived.contains(name) {
                if present.contains(name) {
                    fromInput.insert(name)
                } else if Self.dateDerived.contains(name) && !present.contains(corpus.dateField) {
                    throw .missingDateField(field: corpus.dateField, option: "\(option) \(name)", carried: carried)
                }
                continue
            }
            // A record without an id gets its record number, so `id` is always there.
            if name == "id" { continue }
            let input = inputName(name)
            if !present.contains(input) {
                let named = input == name || option.hasSuffix("-field") ? option : "\(option) \(name)"
                throw .notCarried(field: input, option: named, carried: carried)
            }
        }
    }

    /// The value of `name` for `document` (`nil` when the record lacks it), `language` being the language code decided
    /// from its text.
    ///
    /// - Throws: ``CorpusError/invalidRecord(location:reason:)`` with ``InvalidRecordReason/unreadableDate(field:value:)``
    ///   when `name` is `month` or `year` and the date is in no form ``DateParser`` reads.
    public func value(_ name: String, of document: Document, language: String?) throws(CorpusError) -> String? {
        if fromInput.contains(name) { return document.fields[name] }
        if Self.languageDerived.contains(name) { return language }
        if Self.dateDerived.contains(name) {
            guard let text = document.date else { return nil }
            guard let date = dates.parse(text) else {
                throw .invalidRecord(
                    location: document.location, reason: .unreadableDate(field: corpus.dateField, value: text))
            }
            return name == "month" ? date.monthKey : date.yearKey
        }
        return document.field(name)
    }

    /// The values of every name for `document`, in name order.
    public func values(of document: Document, language: String?) throws(CorpusError) -> [String?] {
        var result: [String?] = []
        for name in names { result.append(try value(name, of: document, language: language)) }
        return result
    }

    /// A note for standard error when `missing` of `total` records lack `name` (`nil` when none or all do: all is
    /// the error ``check(carried:)`` throws).
    public func missingNote(_ name: String, missing: Int, total: Int) -> String? {
        guard missing > 0 else { return nil }
        let field = Self.languageDerived.contains(name) && !fromInput.contains(name) ? name : inputName(name)
        let via = field == name ? "" : " for \(name)"
        return "\(missing) of \(total) record\(total == 1 ? "" : "s") \(missing == 1 ? "has" : "have") no '\(field)'"
            + "\(via) (\(option)); \(missing == 1 ? "it counts" : "they count") as (none)"
    }

    /// The notes of ``missingNote(_:missing:total:)`` for rows of values in name order.
    public func missingNotes(_ rows: [[String?]]) -> [String] {
        names.indices.compactMap { index in
            missingNote(names[index], missing: rows.count { $0[index] == nil }, total: rows.count)
        }
    }

    /// Keys in code point order field by field, `(none)` after every value (so months and years, written
    /// `YYYY-MM` and `YYYY`, come in time order).
    public static func keyPrecedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            if x == "(none)" { return false }
            if y == "(none)" { return true }
            return codePointPrecedes(x, y)
        }
        return a.count < b.count
    }

    /// Whether `name` is in time order when sorted as text (`month`, `year` and `date` derived from dates).
    public static func isTime(_ name: String) -> Bool { dateDerived.contains(name) }
}

/// A field named by an option that no record carries: exit status 64.
public enum FieldError: StanceFailure, Equatable {
    /// `field` is not in any record; `carried` lists the fields the records have.
    case notCarried(field: String, option: String, carried: [String])
    /// `month` or `year` asked for, but no record has the date field.
    case missingDateField(field: String, option: String, carried: [String])

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .notCarried(let field, let option, let carried):
            "no record has the field '\(field)' named by \(option) (the records have: \(carried.joined(separator: ", ")))"
        case .missingDateField(let field, let option, let carried):
            "no record has the date field '\(field)' that \(option) is read from (the records have: \(carried.joined(separator: ", ")); set --date-field)"
        }
    }
}
