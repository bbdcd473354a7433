import ArgumentParser
import StanceKit

extension CorpusOptions.Format: ExpressibleByArgument {}

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
    func readDocuments(_ paths: [String], cleaner: DocumentCleaner? = nil) throws -> [Document] {
        let documents = try collect(CorpusReader(paths: paths, options: corpusOptions), cleaner: cleaner) { _ in }
        progressReporter?("read \(documents.count) documents")
        return documents
    }

    /// The documents of `paths` and their normalised texts, normalised on background threads while reading goes
    /// on (``BackgroundNormalizer``).
    func readNormalizedDocuments(
        _ paths: [String], options: TextNormalizer.Options, threads: Int, cleaner: DocumentCleaner? = nil
    ) throws -> (documents: [Document], texts: [NormalizedText]) {
        let reader = try CorpusReader(paths: paths, options: corpusOptions)
        let normalizer = BackgroundNormalizer(try TextNormalizer(options: options), threads: threads)
        let documents = try collect(reader, cleaner: cleaner) { normalizer.add($0.text) }
        let texts = normalizer.finish()
        progressReporter?("read and normalised \(documents.count) documents")
        return (documents, texts)
    }

    /// Every document of `reader` (cleaned by `cleaner` when given), each also handed to `each` as it comes, then
    /// the `--skip-invalid` summary.
    private func collect(
        _ reader: CorpusReader, cleaner: DocumentCleaner?, each: (Document) -> Void
    ) throws -> [Document] {
        var documents: [Document] = []
        try reader.forEach { document in
            let document = cleaner.map { document.cleaned(by: $0) } ?? document
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
