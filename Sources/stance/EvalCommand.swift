import ArgumentParser
import StanceKit

extension CSelectionRule: ExpressibleByArgument {}

extension Stance {
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure a classifier honestly: cross-validation or a held-out set, with intervals.",
            discussion: """
                Cross-validation (default): texts are normalised once; in every fold the vocabulary, idf, weights \
                and (with --C auto) C are fitted on the training documents only, then the held-out documents are \
                scored. Folds are stratified by label (by target and label with --per-target); identical texts \
                share a fold; with --group-by FIELD no value of FIELD is on both sides. With --C auto every \
                training fold is split into --inner-folds folds to choose C from 0.01 to 100 (9 values, log scale).
                Held-out: --model MODEL scores --data with a trained model; gold labels the model does not have \
                stop the run unless --label-map MODEL_LABEL=GOLD,... maps them (GOLD=_drop leaves them out).
                Out of time: --split-by date --before YYYY-MM-DD trains on the documents dated before the day and \
                tests on the rest; --after trains on those dated on or after it and tests on the earlier ones.
                --per-group FIELD adds a table with a row per value of FIELD (e.g. source): n, share predicted and \
                mean probability per class, share correct, with intervals; --min-group-size N folds smaller groups \
                into one row.
                Headline figures are computed over the pooled out-of-fold predictions (with --repeats R, every \
                document counts once per repeat; confusion counts add up over repeats), with 95% bootstrap \
                intervals over documents, or over groups with --group-by.
                --predictions FILE writes one stance score JSON line per document and repeat, with gold, fold \
                and repeat. --compare OTHER reads such a file from another run on the same data (matched by id \
                and repeat) and runs a paired bootstrap on the difference.
                --expect FILE checks floors (ceilings for log_loss, brier, ece); a metric past its bound or \
                named but not computed is printed with the gap and the exit status is 1.
                """
        )

        @Option(help: "A labeled corpus; may be repeated.")
        var data: [String]
        @Option(help: "Evaluate this trained model on --data instead of cross-validating.")
        var model: String?
        @Option(help: "Cross-validation folds.")
        var folds = 5
        @Option(help: "Repetitions of the cross-validation with different folds.")
        var repeats = 1
        @Option(help: "Keep all documents with the same value of this field (e.g. source) in one fold.")
        var groupBy: String?
        @Option(help: "With --C auto: inner folds within every training fold.")
        var innerFolds = CrossValidationSettings.defaultInnerFolds
        @Option(
            help:
                "With --C auto: write every inner fold's score and the held-out predictions at every C as JSON to this file."
        )
        var cTrace: String?
        @Option(
            help:
                "With --C auto: how the inner scores choose C (\(CSelectionRule.allCases.map(\.rawValue).joined(separator: ", ")))."
        )
        var cRule = CSelectionRule.standard
        @Option(help: "Labels whose mean F1 is reported as f_avg, e.g. FAVOR,AGAINST (SemEval-2016 / NLPCC-2016).")
        var f1Labels: String?
        @Option(help: "Write the results as JSON to this file.")
        var json: String?
        @Option(help: "Write the out-of-fold (or held-out) predictions as JSON Lines to this file.")
        var predictions: String?
        @Option(help: "Floors for the metrics (JSON); exit status 1 when one is not met.")
        var expect: String?
        @Option(help: "Write an HTML report into this directory (report.html, and every plot as an SVG file).")
        var report: String?
        @Option(help: "Ordered labels for the report's position scale, e.g. left,center,right.")
        var order: String?
        @Option(help: "Another run's --predictions file: paired bootstrap of the difference.")
        var compare: String?
        @Option(help: "Bootstrap replicates for intervals.")
        var replicates = 1000
        @Option(help: "With --model: map gold labels to the model's: MODEL_LABEL=GOLD[,GOLD...][,GOLD=_drop].")
        var labelMap: String?
        @Option(help: "Split instead of cross-validating: 'date' (with --before or --after).")
        var splitBy: String?
        @Option(help: "With --split-by date: train on documents dated before this day (YYYY-MM-DD), test on the rest.")
        var before: String?
        @Option(help: "With --split-by date: train on documents dated on or after this day, test on the earlier ones.")
        var after: String?
        @Option(help: "Add a table with a row per value of this field (e.g. source, lang, month).")
        var perGroup: String?
        @Option(help: "With --per-group: fold groups with fewer predictions than this into one row.")
        var minGroupSize = 1
        @OptionGroup var input: CorpusInputOptions
        @OptionGroup var cleaning: CleanOption
        @OptionGroup var corpusCleaning: BoilerplateCleanOption
        @OptionGroup var features: FeatureOptions
        @OptionGroup var classifier: ClassifierOptions
        @OptionGroup var nearDuplicates: NearDuplicateOptions

        func validate() throws {
            if data.isEmpty { throw ValidationError("give at least one --data file") }
            if folds < 2 { throw ValidationError("--folds must be at least 2") }
            if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
            if innerFolds < 2 { throw ValidationError("--inner-folds must be at least 2") }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
            if model != nil && classifier.cIsAuto {
                throw ValidationError("--C auto goes with cross-validation, not --model")
            }
            if cTrace != nil && !classifier.cIsAuto { throw ValidationError("--c-trace goes with --C auto") }
            if model != nil && nearDuplicates.nearDuplicates {
                throw ValidationError("--near-duplicates goes with cross-validation, not --model")
            }
            if let f1Labels, EvaluationJob.averagedLabels(f1Labels).isEmpty {
                throw ValidationError("--f1-labels names no label")
            }
            if labelMap != nil && model == nil { throw ValidationError("--label-map goes with --model") }
            if let splitBy {
                if splitBy != "date" { throw ValidationError("--split-by takes 'date'") }
                if (before == nil) == (after == nil) {
                    throw ValidationError("--split-by date needs --before or --after")
                }
                if model != nil { throw ValidationError("--split-by trains a model; it does not go with --model") }
                if classifier.cIsAuto { throw ValidationError("--C auto goes with cross-validation, not --split-by") }
            } else if before != nil || after != nil {
                throw ValidationError("--before and --after go with --split-by date")
            }
            if minGroupSize < 1 { throw ValidationError("--min-group-size must be at least 1") }
        }

        func run() throws {
            let settings = try classifier.settings(features: features)
            var job = EvaluationJob(
                data: data, corpus: input.corpusOptions, outletLabelling: classifier.outletLabelling,
                modelPath: model, settings: settings, lexiconPaths: features.lexicon, folds: folds, repeats: repeats,
                groupBy: groupBy, chooseC: classifier.cIsAuto, innerFolds: innerFolds, f1Labels: f1Labels,
                replicates: replicates, threads: features.threads, jsonPath: json, predictionsPath: predictions,
                expectPath: expect, reportDirectory: report, comparePath: compare, labelMap: labelMap,
                dateSplit: try before.map { try DateSplit(day: $0, side: .before) }
                    ?? after.map { try DateSplit(day: $0, side: .after) },
                perGroup: perGroup, minGroupSize: minGroupSize,
                nearDuplicates: nearDuplicates.nearDuplicates ? nearDuplicates.settings : nil,
                reportOrder: order.map { $0.split(separator: ",").map(String.init) },
                commandLine: CommandLine.arguments)
            job.cTracePath = cTrace
            job.cRule = cRule
            job.cleaner = try cleaning.cleaner()
            job.cleanBoilerplate = try corpusCleaning.rule(clean: cleaning.clean, lexicons: features.lexicon)
            try job.run(warnings: standardErrorWarnings(), progress: progressReporter) { text in
                let stdout = BufferedWriter.standardOutput()
                try stdout.write(text)
                try stdout.flush()
            }
        }
    }
}
