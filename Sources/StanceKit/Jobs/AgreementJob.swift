/// `stance agree`: reads the coders' sheets, measures their agreement and, when a model or its predictions are
/// given, the model against the coders (``AgreementRun``); prints the tables and writes the JSON asked for.
public struct AgreementJob: Sendable {
    /// One CSV sheet per coder.
    public var sheetPaths: [String]
    public var settings: AgreementSettings
    /// `sample.jsonl`; when `nil`, the one beside the first sheet is used if it exists.
    public var samplePath: String?
    public var model: ModelInput
    /// Codes mapped to the model's labels (``LabelMap``, as given), or `nil`.
    public var labelMap: String?
    /// Where the result JSON goes, if anywhere.
    public var jsonPath: String?

    public init(
        sheetPaths: [String], settings: AgreementSettings, samplePath: String? = nil, model: ModelInput = .none,
        labelMap: String? = nil, jsonPath: String? = nil
    ) {
        self.sheetPaths = sheetPaths
        self.settings = settings
        self.samplePath = samplePath
        self.model = model
        self.labelMap = labelMap
        self.jsonPath = jsonPath
    }

    /// Measures, hands the tables to `output`, then writes the JSON.
    ///
    /// - Throws: ``CodingError``, ``IOFailure``, ``CorpusError``, ``ModelFileError``.
    public func run(warnings: WarningSink, output: (String) throws -> Void) throws {
        let report = try AgreementRun.run(
            sheetPaths: sheetPaths, settings: settings, samplePath: samplePath, model: model,
            labelMap: try labelMap.map(LabelMap.init(parsing:)) ?? LabelMap(), warn: { warnings.warn($0) })
        try output(report.table())
        if let jsonPath { try AtomicFile.write(report.jsonText(), to: jsonPath) }
    }
}
