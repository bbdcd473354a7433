import ArgumentParser
import StanceKit

extension CorpusOptions.Format: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension DateParser.Order: ExpressibleByArgument {}

/// The options every subcommand that reads a corpus shares: field names, format and bad-record handling.
struct CorpusInputOptions: ParsableArguments {
    @Option(help: "The field (JSON) or column (CSV) holding the text.")
    var textField = "text"
    @Option(help: "The field holding the label.")
    var labelField = "label"
    @Option(help: "The field holding the document id (default: the record number).")
    var idField = "id"
    @Option(help: "The field holding the source (outlet).")
    var sourceField = "source"
    @Option(help: "The field holding the stance target.")
    var targetField = "target"
    @Option(help: "The field holding the date (YYYY-MM-DD...).")
    var dateField = "date"
    @Option(help: "The field (JSON) or column (CSV) holding a web page, read as HTML when the text field is absent.")
    var htmlField = "html"
    @Flag(help: "For a directory of .txt files: take each file's parent folder name as its source.")
    var sourceFromDir = false
    @Flag(help: "Skip bad records and print one summary line per reason, instead of stopping at the first.")
    var skipInvalid = false
    @Option(help: "Input format: auto (by file name), jsonl, csv, txt or html.")
    var inputFormat: CorpusOptions.Format = .auto
    @Option(help: "Input encoding: auto (byte-order mark, else UTF-8), utf-8, utf-16, gb18030, big5, windows-1252.")
    var encoding: TextEncoding = .auto
    @Option(help: "CSV field separator, one ASCII character or 'tab' (default ',', a tab for .tsv files).")
    var delimiter: String?
    @Option(help: "How to read numeric dates such as 2/1/2023: dmy (day first) or mdy (month first).")
    var dateOrder: DateParser.Order?
    @Option(help: "The longest record (line, CSV record or text file) in bytes; a longer one is a data error (65).")
    var maxRecordBytes = InputFile.defaultMaxRecordBytes

    func validate() throws {
        if let delimiter, CorpusOptions.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter takes one ASCII character other than a quote or a line break, or 'tab'")
        }
        if maxRecordBytes < 1 { throw ValidationError("--max-record-bytes must be at least 1") }
    }

    var corpusOptions: CorpusOptions {
        var options = CorpusOptions()
        options.textField = textField
        options.labelField = labelField
        options.idField = idField
        options.sourceField = sourceField
        options.targetField = targetField
        options.dateField = dateField
        options.htmlField = htmlField
        options.sourceFromDirectory = sourceFromDir
        options.skipInvalid = skipInvalid
        options.format = inputFormat
        options.encoding = encoding
        options.delimiter = delimiter.flatMap(CorpusOptions.delimiterByte)
        options.dateOrder = dateOrder
        options.maxRecordBytes = maxRecordBytes
        return options
    }
}

/// `--threads N`: a budget of at least one thread, decided here once and passed down.
extension ThreadBudget: ExpressibleByArgument {
    public init?(argument: String) {
        guard let count = Int(argument) else { return nil }
        self.init(requested: count)
    }

    public var defaultValueDescription: String { "the number of processors" }
}

/// Progress lines on standard error, only when it is a terminal.
var progressReporter: ((String) -> Void)? {
    standardErrorIsTerminal ? { writeStandardError("stance: \($0)\n") } : nil
}

/// The sink the library reports warnings and notes to: each is printed on standard error as it arrives,
/// `stance: warning: …` for a warning and `stance: …` for a note.
func standardErrorWarnings() -> WarningSink {
    WarningSink { message in
        switch message.kind {
        case .warning: writeStandardError("stance: warning: \(message.text)\n")
        case .note: writeStandardError("stance: \(message.text)\n")
        }
    }
}

/// Output formats for summaries and listings.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
