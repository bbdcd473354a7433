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

        @Option(help: "Output format: table or json.")
        var format: SummaryFormat = .table

        @OptionGroup var nearDuplicates: NearDuplicateOptions
        @OptionGroup var boilerplate: BoilerplateOptions

        @Option(help: "Worker threads for near-duplicates and boilerplate (results are identical for any number).")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            let reader = try CorpusReader(paths: files, options: input.corpusOptions)
            var summary = CorpusSummary()
            var ids: [String] = []
            var texts: [String] = []
            var sources: [String?] = []
            let keepTexts = nearDuplicates.nearDuplicates || boilerplate.enabled
            try reader.forEach {
                summary.add($0, language: LanguageIdentifier.identify($0.text))
                if keepTexts {
                    ids.append($0.id)
                    texts.append($0.text)
                    sources.append($0.source)
                }
            }
            summary.skipped = reader.skipped
            reportSkipped(reader)
            let started = DispatchTime.now().uptimeNanoseconds
            let clustering = try nearDuplicates.clusters(
                of: nearDuplicates.nearDuplicates ? texts : [], threads: threads)
            if let clustering {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                progressReporter?(
                    "near-duplicates: \(texts.count) documents, \(clustering.candidatePairs) candidate pairs, "
                        + "\(String(format: "%.2f", seconds)) s")
            }
            let settings = nearDuplicates.settings
            var boilerplateTable = ""
            var boilerplateCounts: JSON?
            if boilerplate.enabled {
                let spans = try boilerplate.rule().spans(texts: texts, sources: sources, threads: threads)
                boilerplateTable = SourceBoilerplate.table(
                    spans: spans, texts: texts, sources: sources, settings: boilerplate.settings)
                boilerplateCounts = SourceBoilerplate.counts(spans: spans)
                if let path = boilerplate.boilerplateLog {
                    let log = SourceBoilerplate.logLines(spans: spans, texts: texts, ids: ids)
                    try AtomicFile.write(log.map { $0.rendered() + "\n" }.joined(), to: path)
                }
            }
            let output = BufferedWriter.standardOutput()
            switch format {
            case .table:
                try output.write(summary.table())
                if let clustering { try output.write("\n" + clustering.table(ids: ids, settings: settings)) }
                if boilerplate.boilerplate { try output.write("\n" + boilerplateTable) }
            case .json:
                var json = summary.json
                if case .object(var members) = json {
                    if let clustering {
                        members.append(("near_duplicates", clustering.json(ids: ids, settings: settings)))
                    }
                    if let boilerplateCounts { members.append(("boilerplate", boilerplateCounts)) }
                    json = .object(members)
                }
                try output.write(json.rendered(pretty: true) + "\n")
            }
            try output.flush()
        }
    }
}
