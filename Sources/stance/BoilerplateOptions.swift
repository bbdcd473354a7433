import ArgumentParser
import StanceKit

/// The options of the source-boilerplate rule (lines recurring across a source's documents).
struct BoilerplateOptions: ParsableArguments {
    @Flag(help: "List boilerplate lines: short lines near the start or end recurring across a source's documents.")
    var boilerplate = false
    @Option(help: "Write one JSON line per boilerplate span (id, reason, text, start, end, removed) to this file.")
    var boilerplateLog: String?
    @Option(help: "Boilerplate: documents of the source that must hold a line.")
    var boilerplateMinDocs = 3
    @Option(help: "Boilerplate: share of the source's documents that must hold a line.")
    var boilerplateMinShare = 0.2
    @Option(help: "Boilerplate: lines at either end of a document considered (non-blank lines).")
    var boilerplateEdgeLines = 8
    @Option(help: "Boilerplate: longest line considered, in Unicode scalars.")
    var boilerplateMaxLength = 100
    @Option(help: "Boilerplate: a lexicon TSV; recurring lines with a hit are reported as boilerplate_lexicon.")
    var boilerplateLexicon: [String] = []
    @Flag(help: "Boilerplate: remove recurring lines with a lexicon hit too.")
    var removeLexiconBoilerplate = false

    var enabled: Bool { boilerplate || boilerplateLog != nil }

    var settings: SourceBoilerplateSettings {
        var settings = SourceBoilerplateSettings()
        settings.minimumDocuments = boilerplateMinDocs
        settings.minimumShare = boilerplateMinShare
        settings.edgeLines = boilerplateEdgeLines
        settings.maximumLineLength = boilerplateMaxLength
        settings.removeLexiconLines = removeLexiconBoilerplate
        return settings
    }

    func validate() throws {
        do {
            try settings.validate()
        } catch let error as SourceBoilerplateError {
            throw ValidationError(error.description)
        }
    }
}
