import ArgumentParser
import StanceKit

extension Stance {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rate articles, then each source, with the evidence behind each rating.",
            discussion: """
                Writes one JSON line per input document, in input order: id, source, target, date, lang, the \
                predicted label, probabilities, evidence_strength (the share of the decision that comes from the \
                text's features rather than the model's intercepts), gold when the input had a label, no_features \
                when no known feature fired, and with --explain K the K strongest features. Output is flushed \
                whenever the input pauses, so stance score can stand inside a pipe.
                With --by FIELDS (source, lang, month, target, ...) it prints one row per group instead: mean \
                probability of each class with a 95% bootstrap interval, share predicted per class, mean evidence \
                strength and abstentions; exact duplicate texts count once per group.
                Each line also carries the record's other input fields (fields), the text's fingerprint and, with \
                --near-duplicates, its near_duplicate_cluster, so that stance aggregate --by builds the same table \
                from the lines alone (score in pieces, aggregate once).
                The model is --model, else $STANCE_MODEL, else the project's default model when installed.
                """
        )

        @Argument(help: "Corpus files (standard input when none or -).")
        var files: [String] = []
        @Option(help: "The model file.")
        var model: String?
        @OptionGroup var input: CorpusInputOptions
        @Flag(help: "Clean each text with the per-document rules first (a model trained with --clean does so already).")
        var clean = false
        @Flag(help: "Do not clean, even when the model was trained on cleaned texts.")
        var noClean = false
        @OptionGroup var cleaningRules: CleaningOptions
        @Option(help: "Add the K features that pushed the predicted class most.")
        var explain = 0
        @Option(help: "Label articles whose evidence strength is below this 'abstain'.")
        var minEvidence: Double?
        @Option(help: "Aggregate by these fields (comma-separated: source, lang, month, target, label, ...).")
        var by: String?
        @Option(help: "With --by: the group table's format: table, tsv or json.")
        var format: ScoringJob.GroupFormat = .table
        @Option(help: "With --by: also write each article's JSON line to this file.")
        var articles: String?
        @Option(help: "Bootstrap replicates for group intervals.")
        var replicates = 1000
        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 1
        @Option(help: "Threads, at least 1 (results are identical for any number).")
        var threads: ThreadBudget = .machine
        @OptionGroup var nearDuplicates: NearDuplicateOptions
        @Option(help: "Write an HTML report with standalone SVG figures into this directory (report.html).")
        var report: String?
        @Option(help: "Ordered labels for the report's position scale, e.g. left,center,right.")
        var order: String?

        func validate() throws {
            if explain < 0 { throw ValidationError("--explain must be 0 or more") }
            if let minEvidence, !(0...1).contains(minEvidence) {
                throw ValidationError("--min-evidence must be in [0, 1]")
            }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
            if articles != nil && by == nil { throw ValidationError("--articles goes with --by") }
            if clean && noClean { throw ValidationError("--clean and --no-clean exclude each other") }
        }

        func run() throws {
            var job = ScoringJob(
                files: files, corpus: input.corpusOptions, modelPath: try ModelLocation.resolve(explicit: model),
                explain: explain, minimumEvidence: minEvidence,
                groupBy: by.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } },
                format: format, articlesPath: articles,
                bootstrap: BootstrapSettings(replicates: replicates, seed: seed), threads: threads,
                nearDuplicates: nearDuplicates.nearDuplicates ? nearDuplicates.settings : nil,
                reportDirectory: report, reportOrder: order.map { $0.split(separator: ",").map(String.init) },
                commandLine: CommandLine.arguments)
            if noClean {
                job.cleaning = .off
            } else if clean {
                job.cleaning = .asModelElse(DocumentCleaner(settings: try cleaningRules.settings()))
            }
            try job.run(output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings())
        }
    }
}

extension ScoringJob.GroupFormat: ExpressibleByArgument {}
