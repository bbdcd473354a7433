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
                share buttons, subscription prompts, time codes); then the corpus rule boilerplate (short lines near \
                the start or end recurring in at least 3 documents and 20% of a source's documents; a recurring line \
                with a lexicon hit is kept and counted as boilerplate_lexicon unless --remove-lexicon-boilerplate). \
                --dedupe near keeps one document per near-duplicate cluster of the cleaned texts (the log gets one \
                near_duplicate line per dropped document, with duplicate_of). Markers and interface strings are the TSV files \
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
        @Flag(
            help: "Keep lines recurring across a source's documents (rule boilerplate, which reads the corpus whole).")
        var noBoilerplate = false
        @Option(help: "Boilerplate: documents of the source that must hold a line.")
        var boilerplateMinDocs = 3
        @Option(help: "Boilerplate: share of the source's documents that must hold a line.")
        var boilerplateMinShare = 0.2
        @Option(
            help: """
                Boilerplate: a lexicon (TSV or shipped name; default: the shipped lexicons); recurring lines with a hit \
                are kept as boilerplate_lexicon. May be repeated.
                """)
        var boilerplateLexicon: [String] = []
        @Flag(help: "Boilerplate: remove recurring lines with a lexicon hit too.")
        var removeLexiconBoilerplate = false
        @Option(
            help: "Drop documents that duplicate others: near (one per near-duplicate cluster of the cleaned texts).")
        var dedupe: DedupeMode?
        @OptionGroup var nearDuplicates: NearDuplicateOptions
        @Option(help: "Threads (the output is identical for any number).")
        var threads: ThreadBudget = .machine

        func validate() throws {
            if dryRun && out != nil { throw ValidationError("--dry-run writes no records: leave out --out") }
            if nearDuplicates.nearDuplicates && dedupe == nil {
                throw ValidationError("clean drops near-duplicates with --dedupe near")
            }
        }

        enum DedupeMode: String, ExpressibleByArgument, CaseIterable {
            case near
        }

        func run() throws {
            var cleaning = CleaningJob(
                cleaner: DocumentCleaner(settings: try rules.settings()), options: input.corpusOptions,
                threads: threads)
            if !noBoilerplate {
                var settings = SourceBoilerplateSettings()
                settings.minimumDocuments = boilerplateMinDocs
                settings.minimumShare = boilerplateMinShare
                settings.removeLexiconLines = removeLexiconBoilerplate
                cleaning.boilerplate = try SourceBoilerplate.withLexicons(
                    settings: settings, lexiconPaths: boilerplateLexicon)
            }
            cleaning.dedupe = dedupe == .near ? nearDuplicates.settings : nil
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
