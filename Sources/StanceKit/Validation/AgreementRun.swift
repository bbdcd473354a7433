import Foundation

/// One line of `sample.jsonl` (written by ``CodingSample``).
public struct SampleRecord: Sendable, Equatable {
    public var unit: String
    public var id: String
    public var inclusionProbability: Double
    public var source: String?
    public var date: String?
    public var language: String?
    public var text: String?
    public var line: Int

    /// Reads `sample.jsonl`.
    ///
    /// - Throws: ``CodingError/invalidFile(path:line:reason:)`` for a line that is not a sample record.
    public static func read(path: String) throws -> [SampleRecord] {
        let data = try InputFile.readBytes(path, what: "the sample file")
        var records: [SampleRecord] = []
        var seen: Set<String> = []
        let decoder = JSONDecoder()
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            // JSONDecoder reads doubles exactly; JSONSerialization on Linux does not always.
            guard let object = try? decoder.decode(SampleLine.self, from: Data(line.utf8)),
                object.inclusionProbability > 0, object.inclusionProbability <= 1
            else {
                throw CodingError.invalidFile(
                    path: path, line: number + 1,
                    reason: "expected a stance sample line with unit, id and inclusion_probability in (0, 1]")
            }
            let unit = object.unit
            guard seen.insert(unit).inserted else {
                throw CodingError.invalidFile(path: path, line: number + 1, reason: "unit '\(unit)' appears twice")
            }
            records.append(
                SampleRecord(
                    unit: unit, id: object.id, inclusionProbability: object.inclusionProbability,
                    source: object.source, date: object.date, language: object.lang, text: object.text,
                    line: number + 1))
        }
        return records
    }
}

/// One document's prediction, from `stance score` output or from scoring with a model.
public struct UnitPrediction: Sendable, Equatable {
    public var label: String
    public var language: String?
    public var source: String?

    public init(label: String, language: String?, source: String?) {
        self.label = label
        self.language = language
        self.source = source
    }

    /// Reads `stance score` JSON lines (or `stance eval --predictions`): id → prediction, and the labels (the keys of
    /// `probabilities`). An `abstain` label is replaced by the most probable label.
    public static func read(path: String) throws -> (predictions: [String: UnitPrediction], labels: [String]) {
        let data = try InputFile.readBytes(path, what: "the predictions")
        var predictions: [String: UnitPrediction] = [:]
        var labels: Set<String> = []
        let decoder = JSONDecoder()
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let object = try? decoder.decode(ScoreLine.self, from: Data(line.utf8)),
                !object.probabilities.isEmpty
            else {
                throw CodingError.invalidFile(
                    path: path, line: number + 1,
                    reason: "expected a stance score line with id, label and probabilities")
            }
            let (id, probabilities) = (object.id, object.probabilities)
            var label = object.label
            labels.formUnion(probabilities.keys)
            if label == ArticleScorer.abstain {
                label = probabilities.keys.sortedByCodePoint().max { probabilities[$0]! < probabilities[$1]! }!
            }
            predictions[id] = UnitPrediction(
                label: label, language: object.lang, source: object.source)
        }
        return (predictions, labels.sortedByCodePoint())
    }
}

/// Where `stance agree` gets the model's side, if anywhere.
public enum ModelInput: Sendable {
    case none
    /// A trained model, which scores the units' texts from `sample.jsonl`.
    case model(path: String, threads: ThreadBudget)
    /// A file of `stance score` lines.
    case predictions(path: String)
}

/// The whole of `stance agree`: reads the sheets, joins them, measures agreement and, when asked, the model against
/// the coders.
public enum AgreementRun {
    /// Runs.
    ///
    /// - Parameters:
    ///   - sheetPaths: one CSV per coder.
    ///   - samplePath: `sample.jsonl`; when `nil`, the one beside the first sheet is used if it exists.
    ///   - warn: called with warnings (a coder without codes, ids only on some sheets).
    /// - Throws: ``CodingError``, ``IOFailure``, ``CorpusError``, ``ModelFileError``.
    public static func run(
        sheetPaths: [String], settings: AgreementSettings, samplePath: String?, model: ModelInput,
        labelMap: LabelMap, warn: (String) -> Void
    ) throws -> AgreementReport {
        let sheets = try sheetPaths.map(CodingSheet.read(path:))
        let needsOrder = settings.levels.contains { $0 != .nominal }
        let data = try ReliabilityData(
            sheets: sheets, order: settings.order, needsOrder: needsOrder, missing: settings.missing)
        for (code, count) in data.missingCounts.sorted(by: { codePointPrecedes($0.key, $1.key) }) {
            warn("\(count) code\(count == 1 ? "" : "s") '\(code)' left out as missing (--missing)")
        }
        let beside = ((sheetPaths[0] as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("sample.jsonl")
        let samplePath = samplePath ?? (FileManager.default.fileExists(atPath: beside) ? beside : nil)
        let sample = try samplePath.map(SampleRecord.read(path:))
        var sampleIndex: [String: SampleRecord] = [:]
        if let sample, let samplePath {
            for record in sample { sampleIndex[record.unit] = record }
            for sheet in sheets {
                for row in sheet.rows where sampleIndex[row.id] == nil {
                    throw CodingError.invalidFile(
                        path: sheet.path, line: row.line,
                        reason: "unit '\(row.id)' is not in \(samplePath): is this sheet from that sample?")
                }
            }
        }
        for coder in data.coders.indices where !data.codes.contains(where: { $0[coder] != nil }) {
            warn("\(sheetPaths[coder]) has no codes")
        }
        var report = try AgreementReport(data: data, settings: settings)

        let predictions: [String: UnitPrediction]
        let labels: [String]
        switch model {
        case .none:
            return report
        case .predictions(let path):
            (predictions, labels) = try UnitPrediction.read(path: path)
        case .model(let path, let threads):
            guard let sample else {
                throw CodingError.usage(
                    "--model scores the units' texts, which are in the sample.jsonl written by stance sample: "
                        + "give --sample FILE, or score the documents yourself and pass --predictions")
            }
            let loaded = try ModelFile.read(path: path)
            let scorer = try ArticleScorer(model: loaded, threads: threads)
            let documents = try sample.map { record in
                guard let text = record.text else {
                    throw CodingError.invalidFile(path: samplePath!, line: record.line, reason: "no text to score")
                }
                return Document(id: record.id, text: text, source: record.source, date: record.date)
            }
            var scored: [String: UnitPrediction] = [:]
            for article in try scorer.score(documents) {
                scored[article.document.id] = UnitPrediction(
                    label: article.label, language: article.language.rawValue, source: article.document.source)
            }
            (predictions, labels) = (scored, loaded.labels)
        }
        var predicted: [String] = []
        var weights: [Double] = []
        var languages: [String] = []
        var sources: [String] = []
        for unit in data.units {
            let record = sampleIndex[unit]
            let documentID = record?.id ?? unit
            guard let prediction = predictions[documentID] else {
                throw CodingError.insufficient(
                    "no prediction for document '\(documentID)'" + (record != nil ? " (unit \(unit))" : ""))
            }
            guard labels.contains(prediction.label) else {
                throw CodingError.insufficient(
                    "the prediction for '\(documentID)' is '\(prediction.label)', not one of the labels "
                        + labels.joined(separator: ", "))
            }
            predicted.append(prediction.label)
            weights.append(1 / (record?.inclusionProbability ?? 1))
            languages.append(prediction.language ?? record?.language ?? "(none)")
            sources.append(record?.source ?? prediction.source ?? "(none)")
        }
        report.model = try ModelAgreementReport(
            data: data, sheetPaths: sheetPaths, predictions: predicted, labels: labels, labelMap: labelMap,
            weights: weights, weighted: sample != nil, languages: languages, sources: sources,
            bootstrap: settings.bootstrap)
        return report
    }
}

/// The fields of a `sample.jsonl` line that ``SampleRecord/read(path:)`` uses.
private struct SampleLine: Decodable {
    var unit: String
    var id: String
    var inclusionProbability: Double
    var source: String?
    var date: String?
    var lang: String?
    var text: String?

    enum CodingKeys: String, CodingKey {
        case unit, id, source, date, lang, text
        case inclusionProbability = "inclusion_probability"
    }
}

/// The fields of a `stance score` line that ``UnitPrediction/read(path:)`` uses.
private struct ScoreLine: Decodable {
    var id: String
    var label: String
    var probabilities: [String: Double]
    var lang: String?
    var source: String?
}
