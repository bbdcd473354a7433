import Foundation

/// One predicted document of an evaluation: the rated article, its probabilities aligned with the evaluation's
/// labels, and the fold and repeat it was held out in (`nil` fold for a held-out set).
public struct PredictionRow: Sendable {
    public var article: ScoredArticle
    /// Aligned with the evaluation's labels.
    public var probabilities: [Double]
    public var fold: Int?
    public var repetition: Int

    public init(article: ScoredArticle, probabilities: [Double], fold: Int?, repetition: Int) {
        self.article = article
        self.probabilities = probabilities
        self.fold = fold
        self.repetition = repetition
    }

    /// `stance score`'s JSON line with the evaluation's labels, plus gold, fold and repeat.
    public func json(labels: [String]) -> JSON {
        var scored = article
        scored.probabilities = probabilities
        guard case .object(var members) = scored.json(labels: labels, explain: false) else { return .null }
        if let gold = scored.document.label, !members.contains(where: { $0.0 == "gold" }) {
            members.append(("gold", .string(gold)))
        }
        members.append(("fold", fold.map(JSON.int) ?? .null))
        members.append(("repeat", .int(repetition)))
        return .object(members)
    }
}

/// The `stance eval --predictions` file: one JSON line per document and repeat (``PredictionRow/json(labels:)``),
/// written by one run and read back by another's `--compare`.
public enum PredictionsFile {
    /// The file's text for `rows`.
    public static func text(_ rows: [PredictionRow], labels: [String]) -> String {
        var text = ""
        for row in rows { text += row.json(labels: labels).rendered() + "\n" }
        return text
    }

    /// Writes `rows` to `path` atomically.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) when the file cannot be written.
    public static func write(_ rows: [PredictionRow], labels: [String], to path: String) throws {
        try AtomicFile.write(text(rows, labels: labels), to: path)
    }

    /// The probabilities of each line of a predictions file, by label, keyed by ``key(id:repetition:)``.
    ///
    /// - Throws: ``IOFailure`` (exit status 74) when the file cannot be read, ``EvaluationError/invalidPredictions(file:line:)``
    ///   (exit status 65) for a line that is not a predictions line.
    public static func read(path: String) throws -> [String: [String: Double]] {
        let data = try InputFile.readBytes(path, what: "the predictions to compare with")
        var rows: [String: [String: Double]] = [:]
        let decoder = JSONDecoder()
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            // JSONDecoder, not JSONSerialization: on Linux the latter reads some doubles a few units in the last place
            // off (0.7000000000000001 as 0.7000000000000003), and the rows are compared with this run's own.
            guard let row = try? decoder.decode(Line.self, from: Data(line.utf8)) else {
                throw EvaluationError.invalidPredictions(file: path, line: number + 1)
            }
            rows[key(id: row.id, repetition: row.repetition ?? 0)] = row.probabilities
        }
        return rows
    }

    /// The fields of a predictions line that ``read(path:)`` uses.
    private struct Line: Decodable {
        var id: String
        var repetition: Int?
        var probabilities: [String: Double]

        enum CodingKeys: String, CodingKey {
            case id, probabilities
            case repetition = "repeat"
        }
    }

    /// The key of a document's row in ``read(path:)``.
    public static func key(id: String, repetition: Int) -> String { "\(id)\u{1F}\(repetition)" }
}
