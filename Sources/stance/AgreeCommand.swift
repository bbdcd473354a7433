import ArgumentParser
import StanceKit

extension Stance {
    struct Agree: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement among coders' sheets, and the model against the coders.",
            discussion: """
                Each sheet is one coder's CSV with columns id and code (empty = not coded), as a spreadsheet \
                program saves it: UTF-8 with or without a byte-order mark or UTF-16; comma, semicolon or tab. \
                Sheets are joined by id. Prints Krippendorff's alpha at each --levels (coincidence matrix; units \
                with fewer than two codes left out; ordinal and interval on text codes use their --order \
                positions) with 95% bootstrap intervals over units, percent agreement, Cohen's kappa (two coders) \
                or Fleiss' kappa (more; on units every coder coded), agreement per category and the units the \
                coders disagree on.
                --model MODEL (scores the texts in sample.jsonl) or --predictions FILE (stance score lines) adds \
                the model against each coder and the coders' majority, per language and source, weighted by \
                inclusion probabilities when the sheets came from stance sample (sample.jsonl beside the first \
                sheet, or --sample), and alpha with the model as one more coder. --label-map \
                LABEL=CODE,CODE2,...,CODE3=_drop maps codes to the model's labels.
                """
        )

        @Argument(help: "One CSV sheet per coder.")
        var sheets: [String]
        @Option(help: "Levels of measurement, comma-separated: nominal, ordinal, interval (the first is 'alpha').")
        var levels = "nominal"
        @Option(help: "The codes in rank order, comma-separated (needed for ordinal and interval on text codes).")
        var order: String?
        @Option(help: "Codes that mean not coded (e.g. unclear,NA), comma-separated: left out like empty cells.")
        var missing: String?
        @Option(help: "Write the results as JSON to this file.")
        var json: String?
        @Option(help: "A trained model to compare with the coders (scores the texts in sample.jsonl).")
        var model: String?
        @Option(help: "stance score output to compare with the coders, instead of --model.")
        var predictions: String?
        @Option(help: "The sample.jsonl the sheets came from (default: the one beside the first sheet, if any).")
        var sample: String?
        @Option(help: "Map codes to model labels: LABEL=CODE[,CODE...][,CODE=_drop].")
        var labelMap: String?
        @Option(help: "Bootstrap replicates for intervals.")
        var replicates = 1000
        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 0
        @Option(help: "Threads for scoring with --model.")
        var threads: ThreadBudget = .single

        func validate() throws {
            if sheets.count < 2 { throw ValidationError("give at least two sheets (one per coder)") }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
            if model != nil && predictions != nil { throw ValidationError("give --model or --predictions, not both") }
            if labelMap != nil && model == nil && predictions == nil {
                throw ValidationError("--label-map goes with --model or --predictions")
            }
            _ = try parsedLevels()
        }

        private func parsedLevels() throws -> [MeasurementLevel] {
            let names = levels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = names.compactMap(MeasurementLevel.init(rawValue:))
            guard !parsed.isEmpty, parsed.count == names.count else {
                throw ValidationError("--levels takes nominal, ordinal or interval, comma-separated")
            }
            return parsed
        }

        func run() throws {
            let orderList = order.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let settings = AgreementSettings(
                levels: try parsedLevels(), order: orderList,
                bootstrap: BootstrapSettings(replicates: replicates, seed: seed),
                missing: Set(
                    (missing ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                        !$0.isEmpty
                    }))
            let input: ModelInput =
                if let model { .model(path: model, threads: threads) } else if let predictions {
                    .predictions(path: predictions)
                } else { .none }
            let job = AgreementJob(
                sheetPaths: sheets, settings: settings, samplePath: sample, model: input, labelMap: labelMap,
                jsonPath: json)
            try job.run(warnings: standardErrorWarnings()) { text in
                let stdout = BufferedWriter.standardOutput()
                try stdout.write(text)
                try stdout.flush()
            }
        }
    }
}
