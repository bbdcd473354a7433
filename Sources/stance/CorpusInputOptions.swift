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
    @Flag(help: "For a directory of .txt files: take each file's parent folder name as its source.")
    var sourceFromDir = false
    @Flag(help: "Skip bad records and print one summary line per reason, instead of stopping at the first.")
    var skipInvalid = false
    @Option(help: "Input format: auto (by file name), jsonl, csv or txt.")
    var inputFormat: CorpusOptions.Format = .auto
    @Option(help: "Input encoding: auto (byte-order mark, else UTF-8), utf-8, utf-16, gb18030, big5, windows-1252.")
    var encoding: TextEncoding = .auto
    @Option(help: "CSV field separator, one ASCII character or 'tab' (default ',', a tab for .tsv files).")
    var delimiter: String?
    @Option(help: "How to read numeric dates such as 2/1/2023: dmy (day first) or mdy (month first).")
    var dateOrder: DateParser.Order?
    /// Fields to keep besides the named ones (set by commands, not an option).
    var keptFields: Set<String> = []
    /// Keep every input field (set by `stance export`, not an option).
    var keepAllFields = false

    func validate() throws {
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter takes one ASCII character other than a quote or a line break, or 'tab'")
        }
    }

    /// The byte of a `--delimiter` value.
    static func delimiterByte(_ value: String) -> UInt8? {
        if value == "tab" || value == "\\t" { return 0x09 }
        guard value.utf8.count == 1, let byte = value.utf8.first, byte < 0x80,
            ![UInt8(ascii: "\""), 0x0A, 0x0D].contains(byte)
        else { return nil }
        return byte
    }

    var corpusOptions: CorpusOptions {
        var options = CorpusOptions()
        options.textField = textField
        options.labelField = labelField
        options.idField = idField
        options.sourceField = sourceField
        options.targetField = targetField
        options.dateField = dateField
        options.sourceFromDirectory = sourceFromDir
        options.skipInvalid = skipInvalid
        options.format = inputFormat
        options.encoding = encoding
        options.delimiter = delimiter.flatMap(Self.delimiterByte)
        options.dateOrder = dateOrder
        options.keptFields = keptFields
        options.keepAllFields = keepAllFields
        return options
    }
}

/// Output formats for summaries.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Progress lines on standard error, only when it is a terminal.
var progressReporter: ((String) -> Void)? {
    standardErrorIsTerminal ? { writeStandardError("stance: \($0)\n") } : nil
}

extension CorpusInputOptions {
    /// Reads every document of `paths` into memory, printing the `--skip-invalid` summary and, on a terminal, the
    /// count.
    func readDocuments(_ paths: [String]) throws -> [Document] {
        let documents = try collect(CorpusReader(paths: paths, options: corpusOptions)) { _ in }
        progressReporter?("read \(documents.count) documents")
        return documents
    }

    /// Reads every document of `paths` like ``readDocuments(_:)``, keeping the input fields `selections` name, and
    /// checks that some record carries each (exit 64 otherwise); a field some records lack gets a note.
    func readDocuments(_ paths: [String], checking selections: [FieldSelection]) throws -> [Document] {
        var reading = self
        for selection in selections { reading.keptFields.formUnion(selection.keptFields) }
        let reader = try CorpusReader(paths: paths, options: reading.corpusOptions)
        let documents = try collect(reader) { _ in }
        for var selection in selections {
            try selection.check(carried: reader.fieldNames)
            // A missing label stops training with its own message.
            guard !selection.option.hasSuffix("-field") else { continue }
            let values = try documents.map { try selection.values(of: $0, language: nil) }
            for note in selection.missingNotes(values) { writeStandardError("stance: note: \(note)\n") }
        }
        progressReporter?("read \(documents.count) documents")
        return documents
    }

    /// The documents of `paths` and their normalised texts, normalised on background threads while reading goes
    /// on (``BackgroundNormalizer``).
    func readNormalizedDocuments(
        _ paths: [String], options: TextNormalizer.Options, threads: Int
    ) throws -> (documents: [Document], texts: [NormalizedText]) {
        try readNormalizedDocuments(
            CorpusReader(paths: paths, options: corpusOptions), options: options, threads: threads)
    }

    /// The documents of `reader` and their normalised texts (the reader then knows the fields the records carry).
    func readNormalizedDocuments(
        _ reader: CorpusReader, options: TextNormalizer.Options, threads: Int
    ) throws -> (documents: [Document], texts: [NormalizedText]) {
        let normalizer = BackgroundNormalizer(try TextNormalizer(options: options), threads: threads)
        let documents = try collect(reader) { normalizer.add($0.text) }
        let texts = normalizer.finish()
        progressReporter?("read and normalised \(documents.count) documents")
        return (documents, texts)
    }

    /// Every document of `reader`, each also handed to `each` as it comes, then the `--skip-invalid` summary.
    private func collect(_ reader: CorpusReader, each: (Document) -> Void) throws -> [Document] {
        var documents: [Document] = []
        try reader.forEach { document in
            documents.append(document)
            each(document)
        }
        reportSkipped(reader)
        return documents
    }
}

/// Prints the `--skip-invalid` summary lines of a reader on standard error.
func reportSkipped(_ reader: CorpusReader) {
    for line in reader.skipSummary { writeStandardError("stance: \(line)\n") }
}
