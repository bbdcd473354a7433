import ArgumentParser
import Foundation
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
        var format: GroupFormat = .table
        @Option(help: "With --by: also write each article's JSON line to this file.")
        var articles: String?
        @Option(help: "Bootstrap replicates for group intervals.")
        var replicates = 1000
        @Option(help: "Seed of the bootstrap.")
        var seed: UInt64 = 1
        @Option(help: "Threads (results are identical for any number).")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        enum GroupFormat: String, ExpressibleByArgument, CaseIterable { case table, tsv, json }

        func validate() throws {
            if explain < 0 { throw ValidationError("--explain must be 0 or more") }
            if let minEvidence, !(0...1).contains(minEvidence) {
                throw ValidationError("--min-evidence must be in [0, 1]")
            }
            if threads < 1 { throw ValidationError("--threads must be at least 1") }
            if replicates < 2 { throw ValidationError("--replicates must be at least 2") }
            if articles != nil && by == nil { throw ValidationError("--articles goes with --by") }
            if clean && noClean { throw ValidationError("--clean and --no-clean exclude each other") }
        }

        func run() throws {
            let path = try resolveModelPath(model)
            let loaded = try ModelFile.read(path: path)
            var scorer = try ArticleScorer(
                model: loaded, explain: explain, minimumEvidence: minEvidence, threads: threads)
            if noClean {
                scorer.cleaner = nil
            } else if clean && scorer.cleaner == nil {
                scorer.cleaner = DocumentCleaner(settings: try cleaningRules.settings())
            }
            let reader = try CorpusReader(paths: files.isEmpty ? ["-"] : files, options: input.corpusOptions)
            let fields = by.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let stdout = BufferedWriter.standardOutput()
            let articleOutput: BufferedWriter?
            var articleFile: String?
            if let articles {
                articleFile = articles + ".partial-\(getpid())"
                let descriptor = open(articleFile!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard descriptor >= 0 else { throw IOFailure(path: articles, reason: "cannot create the file") }
                articleOutput = BufferedWriter(descriptor: descriptor, name: articles)
            } else {
                articleOutput = fields == nil ? stdout : nil
            }
            var aggregateInput: [ArticleScore] = []
            var skippedTargets = 0
            var pending: [Document] = []

            func flushPending() throws {
                guard !pending.isEmpty else { return }
                let scored = try scorer.score(pending)
                pending.removeAll(keepingCapacity: true)
                for article in scored {
                    if let articleOutput {
                        try articleOutput.write(
                            article.json(labels: loaded.labels, explain: explain > 0).rendered() + "\n")
                    }
                    if let fields {
                        var keys: [String: String] = [:]
                        for field in fields {
                            if let value = ArticleScore.groupValue(
                                field, of: article.document, language: article.language)
                            {
                                keys[field] = value
                            }
                        }
                        aggregateInput.append(
                            ArticleScore(
                                keys: keys, probabilities: article.probabilities, predicted: article.label,
                                evidence: article.evidenceStrength,
                                duplicateKey: article.fingerprint.high ^ article.fingerprint.low))
                    }
                }
                try articleOutput?.flush()
            }

            do {
                while let document = try reader.next() {
                    do {
                        try scorer.check(document)
                    } catch let error as ScoringError where input.skipInvalid {
                        _ = error
                        skippedTargets += 1
                        continue
                    }
                    pending.append(document)
                    if pending.count >= 512 || !reader.hasBufferedInput { try flushPending() }
                }
                try flushPending()
            } catch {
                // Lines already read are rated and written before the error stops the run.
                try? flushPending()
                try? articleOutput?.flush()
                throw error
            }
            reportSkipped(reader)
            if skippedTargets > 0 {
                writeStandardError(
                    "stance: skipped \(skippedTargets) record\(skippedTargets == 1 ? "" : "s"): target without a sub-model\n"
                )
            }
            if let articleOutput, let articleFile, let articles {
                try articleOutput.flush()
                close(articleOutput.descriptor)
                guard rename(articleFile, articles) == 0 else {
                    throw IOFailure(path: articles, reason: "cannot rename into place")
                }
            }
            if let fields {
                let aggregation = try SourceAggregation(
                    articles: aggregateInput, labels: loaded.labels, groupBy: fields,
                    settings: BootstrapSettings(replicates: replicates, seed: seed))
                switch format {
                case .table: try stdout.write(aggregation.table())
                case .tsv: try stdout.write(aggregation.tsv())
                case .json: try stdout.write(aggregation.jsonText())
                }
            }
            try stdout.flush()
        }
    }
}

/// The model file to use: `--model`, else `$STANCE_MODEL`, else the default model installed with stance.
func resolveModelPath(_ explicit: String?) throws -> String {
    if let explicit { return explicit }
    if let environment = ProcessInfo.processInfo.environment["STANCE_MODEL"], !environment.isEmpty {
        return environment
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent()
    let candidates = [
        executable.appendingPathComponent("../share/stance/models/default.stance").standardized.path,
        executable.appendingPathComponent("../../models/default.stance").standardized.path,
        executable.appendingPathComponent("../../../models/default.stance").standardized.path,
    ]
    if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
    throw UsageFailure(
        message:
            "no model: pass --model MODEL, set STANCE_MODEL, or train one with 'stance train --data FILE --out MODEL' "
            + "(a build from the repository finds models/default.stance, made by scripts/train-default-model)")
}

/// Wrong usage found after parsing (exit status 64).
struct UsageFailure: StanceFailure {
    var message: String
    var exitStatus: ExitStatus { .usage }
    var description: String { message }
}
