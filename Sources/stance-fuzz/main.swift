import Foundation
import StanceKit

#if canImport(Glibc)
    import Glibc
#endif

// `stance-fuzz TARGET SECONDS FILE...`: runs one reader of StanceKit on each file in turn, in this one process, for
// scripts/fuzz (thousands of runs would spend most of their time starting `stance` otherwise). For each file it
// prints `start I` before the run and `done I STATUS MESSAGE` after it, STATUS being the exit status `stance` would
// end with (0, the status of a `StanceFailure`, or 70 for any other error, as `Stance.report` maps them) and MESSAGE
// the sentence it would print. A crash ends
// the process after `start I`; a run over SECONDS is ended by SIGALRM; scripts/fuzz tells both apart and goes on
// from the next file.
//
// TARGET: corpus (what `stance corpus` reads: JSON Lines, CSV, text, gzip, by the file name), model (load, then
// score the corpus named by $STANCE_FUZZ_CORPUS), lexicon (read and match against that corpus), mask (read and
// normalise that corpus with the terms).

func status(of body: () throws -> Void) -> (status: Int32, message: String) {
    do {
        try body()
        return (0, "")
    } catch let failure as any StanceFailure {
        return (failure.exitStatus.rawValue, failure.description)
    } catch {
        return (ExitStatus.software.rawValue, "an unexpected \(type(of: error))")
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let seconds = UInt32(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: stance-fuzz corpus|model|lexicon|mask SECONDS FILE...\n".utf8))
    exit(64)
}
let target = arguments[1]
let files = arguments.dropFirst(3)
let corpusPath = ProcessInfo.processInfo.environment["STANCE_FUZZ_CORPUS"] ?? ""
let quiet = WarningSink()

func readCorpus(_ path: String) throws -> [Document] {
    var documents: [Document] = []
    try CorpusReader(paths: [path]).forEach { documents.append($0) }
    return documents
}

let documents = target == "corpus" ? [] : (try? readCorpus(corpusPath)) ?? []
if target != "corpus" && documents.isEmpty {
    FileHandle.standardError.write(Data("stance-fuzz: set STANCE_FUZZ_CORPUS to a small valid corpus\n".utf8))
    exit(64)
}
let plainNormalizer = try TextNormalizer(options: .init(convertTraditional: true))

for (index, path) in files.enumerated() {
    print("start \(index)")
    fflush(nil)
    alarm(seconds)
    let result = status {
        switch target {
        case "corpus":
            _ = try CorpusSummary(paths: [path], options: CorpusOptions(), warnings: quiet)
        case "model":
            let model = try ModelFile.read(path: path)
            let scorer = try ArticleScorer(model: model, explain: 3)
            for article in try scorer.score(documents) {
                _ = article.json(labels: model.labels, explain: true)
            }
        case "lexicon":
            let lexicon = try Lexicon(contentsOfFile: path) { plainNormalizer.normalize($0).text }
            let extractor = FeatureExtractor(configuration: FeatureConfiguration(), lexicon: lexicon)
            _ = try extractor.fitTransform(documents.map { plainNormalizer.normalize($0.text) }, threads: .single)
        case "mask":
            let terms = try TextNormalizer.loadMaskTerms(path: path)
            let normalizer = try TextNormalizer(options: .init(convertTraditional: false, maskTerms: terms))
            for document in documents { _ = normalizer.normalize(document.text) }
        default:
            FileHandle.standardError.write(Data("stance-fuzz: unknown target \(target)\n".utf8))
            exit(64)
        }
    }
    alarm(0)
    let message = result.message.replacingOccurrences(of: "\n", with: " ")
    print("done \(index) \(result.status) \(message)")
    fflush(nil)
}
