import ArgumentParser
import Foundation
import StanceKit

extension Stance {
    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Summarise a corpus before any modelling.",
            discussion: """
                Counts documents per label, source, target, script and language (zh-Hans, zh-Hant, en, vi, other); text length quantiles; exact \
                duplicate texts (after white-space folding) with their ids; records skipped and why.
                Reads JSON Lines (.jsonl, .jsonl.gz), CSV with a header (.csv), .txt files, directories of .txt \
                files, and - for standard input.
                """
        )

        @Argument(help: "Corpus files or directories (- for standard input).")
        var files: [String]

        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var corpusCleaning: BoilerplateCleanOption

        @Option(help: "Output format: table or json.")
        var format: SummaryFormat = .table

        @OptionGroup var nearDuplicates: NearDuplicateOptions
        @OptionGroup var boilerplate: BoilerplateOptions

        @Option(help: "Worker threads for near-duplicates and boilerplate (results are identical for any number).")
        var threads: ThreadBudget = .machine

        func run() throws {
            var job = CorpusJob(
                paths: files, corpus: input.corpusOptions, format: format == .table ? .table : .json,
                nearDuplicates: nearDuplicates.nearDuplicates ? nearDuplicates.settings : nil,
                boilerplate: boilerplate.enabled ? boilerplate.settings : nil,
                boilerplateLexiconPaths: boilerplate.boilerplateLexicon, boilerplateLog: boilerplate.boilerplateLog,
                listBoilerplate: boilerplate.boilerplate, threads: threads)
            let output = BufferedWriter.standardOutput()
            job.cleaner = try cleaning.cleaner()
            // With --boilerplate the recurring lines are listed instead of cut.
            if !boilerplate.enabled {
                job.cleanBoilerplate = try corpusCleaning.rule(
                    clean: cleaning.clean, lexicons: boilerplate.boilerplateLexicon, settings: boilerplate.settings)
            }
            try output.write(try job.run(warnings: standardErrorWarnings(), progress: progressReporter))
            try output.flush()
        }
    }
}
