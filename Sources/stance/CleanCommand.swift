import ArgumentParser
import Foundation
import StanceKit

extension Stance {
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove page clutter from texts before they are measured.",
            discussion: """
                Writes JSON Lines with every input field kept and the text cleaned (same ids, same order). Rules, \
                each a reason in the log and each with a switch to turn it off: repeated_paragraph (a paragraph \
                that repeats an earlier one, or a text that is itself twice), appended_material (what follows a \
                continuation marker such as 往下看更多文章, Read more, Tin liên quan when it reads as other items), \
                navigation_run (runs of short headline-like lines), interface_string (lines of player controls, \
                share buttons, subscription prompts, time codes). Markers and interface strings are the TSV files \
                in labels/cleaning, which you can extend.
                --log writes one JSON line per removed span: id, reason, the removed text in the original script, \
                start and end (Unicode scalars of the input text, 0-based, half-open). --dry-run prints the \
                removals by reason and source instead of the cleaned records.
                """
        )

        @Argument(help: "Corpus files or directories (- for standard input).")
        var files: [String]
        @Option(help: "Write the cleaned JSON Lines here (default: standard output).")
        var out: String?
        @Option(help: "Write one JSON line per removed span here.")
        var log: String?
        @Flag(help: "Print the removals by reason and source; write no cleaned records.")
        var dryRun = false
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var rules: CleaningOptions
        @Option(help: "Threads (the output is identical for any number).")
        var threads: ThreadBudget = .machine

        func validate() throws {
            if dryRun && out != nil { throw ValidationError("--dry-run writes no records: leave out --out") }
        }

        func run() throws {
            let cleaning = CleaningJob(
                cleaner: DocumentCleaner(settings: try rules.settings()), options: input.corpusOptions,
                threads: threads)
            let (report, skipped) = try cleaning.run(paths: files, out: out, log: log, dryRun: dryRun)
            for line in skipped { writeStandardError("stance: \(line)\n") }
            if dryRun {
                let output = BufferedWriter.standardOutput()
                try output.write(report.table())
                try output.flush()
            } else {
                progressReporter?(
                    "cleaned \(report.documentCount) documents, \(report.changedDocuments) changed")
            }
        }
    }
}
