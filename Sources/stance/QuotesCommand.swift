import ArgumentParser
import StanceKit

extension Stance {
    struct Quotes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every quotation with its family: reported speech, distancing or a quoted term.",
            discussion: """
                One JSON line per quotation: {"id", "start", "end", "family"}, start..<end being UTF-8 byte offsets \
                of the quoted words (marks excluded) in the document's text. The family is decided by rule from \
                cue words around the quotation (speech verbs, so-called/所谓/cái gọi là, naming words) and its \
                length; scripts/quote-families measures the rule against the hand labels in labels/quotes/.
                """
        )

        @Argument(help: "Corpus files (- for standard input).")
        var files: [String]
        @Flag(help: "Keep Traditional Chinese as written instead of converting it to Simplified.")
        var keepScript = false
        @Option(help: "Threads (results are identical for any number).")
        var threads: ThreadBudget = 2
        @OptionGroup var input: CorpusInputOptions

        func run() throws {
            let job = QuoteFamilyJob(
                files: files, corpus: input.corpusOptions,
                normalization: TextNormalizer.Options(convertTraditional: !keepScript), threads: threads)
            try job.run(output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings())
        }
    }
}
