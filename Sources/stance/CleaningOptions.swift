import ArgumentParser
import Foundation
import StanceKit

/// The per-document cleaning rules' switches, shared by `clean` and by the `--clean` option of the other commands.
struct CleaningOptions: ParsableArguments {
    @Flag(help: "Keep repeated paragraphs (rule repeated_paragraph).")
    var noRepeatedParagraphs = false
    @Flag(help: "Keep material appended after continuation markers (rule appended_material).")
    var noAppendedMaterial = false
    @Flag(help: "Keep runs of short headline-like lines (rule navigation_run).")
    var noNavigationRuns = false
    @Flag(help: "Keep lines of interface strings and time codes (rule interface_string).")
    var noInterfaceStrings = false
    @Option(
        help: ArgumentHelp(
            "The folder holding continuation-markers.tsv and interface-strings.tsv (default: labels/cleaning of the project).",
            valueName: "dir"))
    var cleaningLabels: String?

    /// The settings the switches and label files describe.
    func settings() throws -> CleaningSettings {
        var settings = CleaningSettings(labels: try CleaningLabels(directory: try labelsDirectory()))
        for (off, reason) in [
            (noRepeatedParagraphs, CleaningReason.repeatedParagraph), (noAppendedMaterial, .appendedMaterial),
            (noNavigationRuns, .navigationRun), (noInterfaceStrings, .interfaceString),
        ] where off {
            settings.rules.remove(reason)
        }
        return settings
    }

    /// `--cleaning-labels`, else the shipped `labels/cleaning` (``CleaningLabels/directory(explicit:installation:)``).
    func labelsDirectory() throws -> String {
        try CleaningLabels.directory(explicit: cleaningLabels)
    }
}

/// `--clean` and the rule switches, for commands that measure text (`corpus`, `features`, `train`, `eval`).
struct CleanOption: ParsableArguments {
    @Flag(help: "Clean each text first (stance clean's per-document rules) before it is measured.")
    var clean = false
    @OptionGroup var rules: CleaningOptions

    /// The cleaner `--clean` asks for, or `nil`.
    func cleaner() throws -> DocumentCleaner? {
        clean ? DocumentCleaner(settings: try rules.settings()) : nil
    }
}

/// `--no-boilerplate`, for the commands whose `--clean` applies the corpus rule too (`corpus`, `features`, `train`,
/// `eval`; `score` and `sample` clean per document only).
struct BoilerplateCleanOption: ParsableArguments {
    @Flag(
        help: """
            With --clean: keep lines recurring across a source's documents (rule boilerplate; recurring lines with a \
            lexicon hit are kept either way). Without it, train and eval read their files twice for the rule \
            (standard input or a FIFO is held in memory).
            """)
    var noBoilerplate = false

    /// The boilerplate rule `--clean` applies, or `nil` without `--clean` or with `--no-boilerplate`; its lexicon
    /// check uses `lexicons` (the command's `--lexicon`), or the shipped lexicons when there are none.
    func rule(
        clean: Bool, lexicons: [String], settings: SourceBoilerplateSettings = SourceBoilerplateSettings()
    ) throws -> SourceBoilerplate? {
        guard clean && !noBoilerplate else { return nil }
        return try SourceBoilerplate.withLexicons(settings: settings, lexiconPaths: lexicons)
    }
}
