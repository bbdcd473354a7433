import ArgumentParser
import StanceKit

extension AllocationMethod: ExpressibleByArgument {}

extension Stance {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a reproducible stratified sample for human coding and write one sheet per coder.",
            discussion: """
                Strata are the combinations of the --stratify fields (source, lang, month, predicted with \
                --model; also label, target, date). Proportional allocation by largest remainder gives every \
                non-empty stratum at least one unit; --allocation equal gives strata equal sizes. Each unit's \
                inclusion probability is n_h/N_h (1 for a stratum taken whole).
                Writes DIR/sample.jsonl (unit, document id, stratum, inclusion probability, weight, full text) and \
                DIR/coder-1.csv ... (UTF-8 with a byte-order mark, RFC 4180): an opaque unit id, the text, and empty \
                code and note columns, the same units in a different seeded order on every sheet. With --overlap M \
                only M units are on every sheet and the rest are split between coders. Source, language and date \
                (--show-source), lexicon hits (--show-hits) and the model's prediction (--show-model) appear only \
                when asked for. Same corpus, settings and --seed: the same files.
                """
        )

        @Argument(help: "Corpus files (JSON Lines, CSV, text).")
        var files: [String]
        @Option(help: "Units to draw.")
        var n: Int
        @Option(help: "Fields to stratify by, comma-separated: source, lang, month, predicted, label, target.")
        var stratify: String?
        @Option(help: "Allocation of units to strata: proportional or equal.")
        var allocation: AllocationMethod = .proportional
        @Option(help: "A trained model: needed for --stratify predicted and --show-model.")
        var model: String?
        @Option(help: "Seed of the sample and the sheets' orders.")
        var seed: UInt64 = 0
        @Option(help: "Number of coders (one sheet each).")
        var coders = 2
        @Option(help: "Units coded by every coder; the rest are split between coders (default: all units).")
        var overlap: Int?
        @Option(help: "Shorten each text on the sheets to this many characters.")
        var excerpt: Int?
        @Flag(help: "Show source, language and date on the sheets (coders are no longer blind to them).")
        var showSource = false
        @Flag(help: "Show lexicon hits on the sheets (needs --lexicon).")
        var showHits = false
        @Flag(help: "Show the model's prediction and its probability on the sheets (needs --model).")
        var showModel = false
        @Option(help: "Lexicon TSV for --show-hits.")
        var lexicon: String?
        @Option(help: "Threads for scoring with --model.")
        var threads: ThreadBudget = .single
        @Option(help: "Directory to write sample.jsonl and the sheets into.")
        var out: String
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption

        func validate() throws {
            if n < 1 { throw ValidationError("--n must be at least 1") }
            if coders < 1 { throw ValidationError("--coders must be at least 1") }
            if let overlap, overlap < 0 { throw ValidationError("--overlap must not be negative") }
            if let excerpt, excerpt < 1 { throw ValidationError("--excerpt must be at least 1") }
            if showHits && lexicon == nil { throw ValidationError("--show-hits needs --lexicon") }
        }

        func run() throws {
            let fields = (stratify ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let settings = CodingSampleSettings(
                size: n, stratify: fields, allocation: allocation, seed: seed, coders: coders, overlap: overlap,
                excerpt: excerpt, showSource: showSource, showHits: showHits, showModel: showModel)
            var job = SamplingJob(
                files: files, corpus: input.corpusOptions, settings: settings, modelPath: model, lexiconPath: lexicon,
                threads: threads, outputDirectory: out)
            job.cleaner = try cleaning.cleaner()
            try job.run(warnings: standardErrorWarnings()) { text in
                let stdout = BufferedWriter.standardOutput()
                try stdout.write(text)
                try stdout.flush()
            }
        }
    }
}
