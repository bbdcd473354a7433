import ArgumentParser
import StanceKit

extension Stance {
    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the --by table of stance score from its article lines.",
            discussion: """
                Reads the JSON lines stance score writes (from any number of runs, e.g. one per Spark partition) \
                and prints the table score --by prints: one row per group with the mean probability of each class \
                and its 95% bootstrap interval, shares predicted, adjusted shares when --model gives the rates of \
                the model that rated the articles, mean evidence strength and abstentions. Duplicates count once \
                per group (same fingerprint, or same near_duplicate_cluster). Read in the order score wrote them, \
                score --by X and score | aggregate --by X print the same bytes.
                """
        )

        @Argument(help: "Article-line files of stance score (standard input when none or -).")
        var files: [String] = []
        @Option(help: "Aggregate by these fields (comma-separated: source, lang, month, target, label, ...).")
        var by: String
        @Option(help: "The table's format: table, tsv or json.")
        var format: ScoringJob.GroupFormat = .table
        @Option(help: "The model that rated the articles, for adjusted shares (its cross-validated rates).")
        var model: String?
        @Option(help: "Bootstrap replicates for group intervals.")
        var replicates = 1000
        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 1
        @Option(help: "How to read numeric dates such as 2/1/2023: dmy (day first) or mdy (month first).")
        var dateOrder: DateParser.Order?
        @Flag(help: "Skip bad lines and articles whose date cannot be read, with a note, instead of stopping.")
        var skipInvalid = false
        @Option(help: "Write an HTML report with standalone SVG figures into this directory (report.html).")
        var report: String?
        @Option(help: "Ordered labels for the report's position scale, e.g. left,center,right.")
        var order: String?

        func validate() throws {
            if FieldSelection.split(by).isEmpty { throw ValidationError("--by needs at least one field") }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
        }

        func run() throws {
            let job = AggregateJob(
                files: files, groupBy: FieldSelection.split(by), format: format, modelPath: model,
                bootstrap: BootstrapSettings(replicates: replicates, seed: seed), dateOrder: dateOrder,
                skipInvalid: skipInvalid, reportDirectory: report,
                reportOrder: order.map { $0.split(separator: ",").map(String.init) }, commandLine: CommandLine.arguments
            )
            try job.run(output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings())
        }
    }
}
