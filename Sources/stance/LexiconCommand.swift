import ArgumentParser
import StanceKit

extension Stance {
    struct Lexicon: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with lexicon files.",
            subcommands: [Check.self]
        )
    }
}

extension Stance.Lexicon {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a lexicon, alone or against a corpus.",
            discussion: """
                Per concept and language: the terms and, with --corpus, their hits (matched as the features \
                match them). Lists concepts with terms in one language only and, with a corpus, concepts seen in \
                one language only, terms never seen, and terms found mostly inside longer words: a hit of a term \
                with a Han edge is inside a longer word when ICU's Chinese word segmentation of the Han text \
                around it puts no word boundary at its start or its end (印度 in 印度尼西亚).
                """
        )

        @Argument(help: "The lexicon TSV (concept, term, lang, note, optional tag).")
        var lexicon: String
        @Option(help: "A corpus to check the lexicon against; may be repeated.")
        var corpus: [String] = []
        @OptionGroup var input: CorpusInputOptions
        @Flag(help: "Keep Traditional Chinese as written instead of converting it to Simplified.")
        var keepScript = false
        @Option(help: "The fewest hits for a term to be judged as mostly inside longer words.")
        var minHits = 3
        @Option(help: "The share of a term's hits inside longer words from which it is listed.")
        var insideShare = 0.5
        @Option(help: "Output format: table or json.")
        var format: SummaryFormat = .table
        @Option(help: "Threads, at least 1 (results are identical for any number).")
        var threads: ThreadBudget = .single
        @Option(
            help: ArgumentHelp(
                "Also write the corpus's lexicon hits and word-equivalents per language to this file, the rate reference of train --rate-reference.",
                discussion:
                    "Give unlabelled news of each language the model will read (all sides pooled, training years only).",
                valueName: "file"))
        var referenceOut: String?

        func validate() throws {
            if referenceOut != nil && corpus.isEmpty {
                throw ValidationError("--reference-out needs a --corpus to measure the reference on")
            }
            if minHits < 1 { throw ValidationError("--min-hits must be at least 1") }
            if !(insideShare > 0 && insideShare <= 1) { throw ValidationError("--inside-share must be in (0, 1]") }
        }

        func run() throws {
            let job = LexiconCheckJob(
                lexiconPath: lexicon, files: corpus, corpus: input.corpusOptions,
                normalization: TextNormalizer.Options(convertTraditional: !keepScript),
                options: LexiconCheck.Options(minimumHits: minHits, insideShare: insideShare),
                format: format == .json ? .json : .table, threads: threads, referencePath: referenceOut)
            try job.run(
                output: BufferedWriter.standardOutput(), warnings: standardErrorWarnings(), progress: progressReporter)
        }
    }
}
