import CZlib
import Foundation

/// The `stance` model file: one self-contained, versioned, checksummed file (see `docs/model-format.md`).
///
/// ```
/// offset  size  content
/// 0       8     signature 89 53 54 4E 43 0D 0A 1A  ("\x89STNC\r\n\x1A")
/// 8       4     format version, UInt32 little-endian (2; version 1 is still read)
/// 12      8     payload length in bytes, UInt64 little-endian
/// 20      4     CRC-32 (ISO 3309, as zlib's crc32) of the payload
/// 24      n     payload
/// ```
///
/// The payload holds, in order: the training settings as JSON, the lexicon as JSON (or none), the label set, the
/// training summary, then each sub-model: its target, its class counts, its vocabulary (terms, idf, document count)
/// and its classifier (weights and intercepts as IEEE 754 doubles, objective, iterations, coefficient table as JSON);
/// from version 2 on, then the ``ModelSupplement`` as JSON (or none), which no score depends on.
/// The file holds no thread count, timestamp or path: the same inputs and settings give the same bytes.
public enum ModelFile {
    public static let signature: [UInt8] = [0x89, 0x53, 0x54, 0x4E, 0x43, 0x0D, 0x0A, 0x1A]
    /// The version this `stance` writes. Version 2 (same layout as 1) means that the settings' text-pipeline steps
    /// are those the settings JSON names (machine-translation spacing, mixed-language lexicon matching, cleaning);
    /// a version-1 file is read with all of them off, so it scores byte for byte as before.
    public static let formatVersion: UInt32 = 2
    /// The newest version this `stance` reads and writes. Each newer version has the same layout as 2 and is written
    /// only for the models that need it, so that an older `stance`, which would read them differently, refuses them:
    /// version 3 for lexicon features that split quotations by family (``FeatureConfiguration/quoteFamilies``), which
    /// an older `stance` would read with different columns; version 4 for models that clean with rule revision 2 or
    /// later (``CleaningSettings/revision``), which an older `stance` would clean with the first rules; version 5 for
    /// models whose lexicon rates are divided by a reference (``FeatureConfiguration/rateReference``), which an older
    /// `stance` would read without it. Every other model is still version 2.
    public static let newestFormatVersion: UInt32 = 5

    /// The version the file of a model with `settings` carries: the lowest that reads it as it was trained.
    static func version(for settings: TrainingSettings) -> UInt32 {
        if settings.features.rateReference != nil { return 5 }
        if let cleaning = settings.cleaning, cleaning.revision >= 2 { return 4 }
        return settings.features.quoteFamilies ? 3 : formatVersion
    }
    static let headerSize = 24

    /// The bytes of `model`'s file.
    public static func encode(_ model: StanceModel) throws -> [UInt8] {
        var payload = BinaryWriter()
        payload.write(try json(model.settings))
        payload.write(try model.lexicon.map(json))
        payload.write(model.labels)
        payload.write(model.summary.documentCount)
        payload.write(codePointSorted(model.summary.classCounts.keys))
        payload.write(codePointSorted(model.summary.classCounts.keys).map { model.summary.classCounts[$0]! })
        payload.write(model.summary.inputHash)
        payload.write(model.subModels.count)
        for sub in model.subModels {
            payload.write(sub.target)
            payload.write(sub.classCounts.map(\.label))
            payload.write(sub.classCounts.map(\.count))
            payload.write(sub.vocabulary.documentCount)
            payload.write(sub.vocabulary.terms)
            payload.write(sub.vocabulary.idf)
            let classifier = sub.classifier
            payload.write(classifier.labels)
            payload.write(classifier.featureCount)
            payload.write(classifier.weights)
            payload.write(classifier.intercepts)
            payload.write(classifier.objective)
            payload.write(classifier.iterations)
            payload.write(classifier.converged)
            payload.write(try classifier.coefficients.map(json))
        }
        payload.write(model.supplement.isEmpty ? nil : try json(model.supplement) as String?)
        var file = BinaryWriter()
        file.append(signature)
        file.write(version(for: model.settings))
        file.write(UInt64(payload.bytes.count))
        file.write(checksum(payload.bytes))
        file.append(payload.bytes)
        return file.bytes
    }

    /// Writes `model` to `path` atomically.
    public static func write(_ model: StanceModel, to path: String) throws {
        try AtomicFile.write(try encode(model), to: path)
    }

    /// Reads the model at `path`: the header first, whose declared length is checked against the file's size before
    /// anything is allocated (so `/dev/zero` or a forged length is a clear error, not gigabytes of memory); a FIFO
    /// is read as it comes, up to the declared length.
    ///
    /// - Throws: ``IOFailure`` (66 missing, 74 unreadable or a directory), ``ModelFileError`` (65) for a foreign,
    ///   newer, truncated or corrupted file.
    public static func read(path: String) throws -> StanceModel {
        let kind = try InputFile.examine(path, what: "the model")
        let source = try FileByteSource(path: path, what: "the model")
        var bytes = [UInt8](repeating: 0, count: headerSize)
        let headerBytes = try fill(&bytes, from: 0, source: source)
        guard headerBytes >= signature.count, Array(bytes[0..<signature.count]) == signature else {
            throw ModelFileError.foreign(path: path)
        }
        guard headerBytes == headerSize else {
            throw ModelFileError.truncated(path: path, expected: headerSize, found: headerBytes)
        }
        var header = BinaryReader(bytes, offset: signature.count)
        let version = try header.readUInt32()
        let length = try header.readUInt64()
        if version > newestFormatVersion { throw ModelFileError.newerVersion(path: path, version: version) }
        let expected = length > UInt64(Int.max - headerSize) ? Int.max : headerSize + Int(length)
        if case .regularFile(let size) = kind {
            if size < expected { throw ModelFileError.truncated(path: path, expected: expected, found: size) }
            if size > expected {
                throw ModelFileError.corrupted(
                    path: path, reason: "\(size - expected) unexpected bytes after the model data")
            }
            bytes.reserveCapacity(expected + 1)
        }
        // Grows as the bytes come (a stream's declared length is not trusted for an allocation), then one byte
        // more: a file longer than it says is reported as such by the decoder.
        var filled = headerSize
        while filled <= expected {
            let want = min(expected - filled + 1, max(1 << 20, filled))
            bytes.append(contentsOf: repeatElement(0, count: want))
            let got = try fill(&bytes, from: filled, source: source)
            filled += got
            if filled < bytes.count {
                bytes.removeSubrange(filled...)
                break
            }
        }
        return try decode(bytes, path: path)
    }

    /// Reads from `source` into `bytes[start...]` until it is full or the stream ends; returns how many bytes came.
    private static func fill(_ bytes: inout [UInt8], from start: Int, source: FileByteSource) throws -> Int {
        var filled = start
        while filled < bytes.count {
            let got = try bytes.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            if got == 0 { break }
            filled += got
        }
        return filled - start
    }

    /// Decodes a model file's bytes; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> StanceModel {
        guard bytes.count >= signature.count, Array(bytes[0..<signature.count]) == signature else {
            throw ModelFileError.foreign(path: path)
        }
        var header = BinaryReader(bytes, offset: signature.count)
        guard let version = try? header.readUInt32(), let length = try? header.readUInt64(),
            let storedChecksum = try? header.readUInt32()
        else {
            throw ModelFileError.truncated(path: path, expected: headerSize, found: bytes.count)
        }
        if version > newestFormatVersion { throw ModelFileError.newerVersion(path: path, version: version) }
        if version == 0 { throw ModelFileError.corrupted(path: path, reason: "format version 0 does not exist") }
        let expected = headerSize + Int(clamping: length)
        if bytes.count < expected { throw ModelFileError.truncated(path: path, expected: expected, found: bytes.count) }
        if bytes.count > expected {
            throw ModelFileError.corrupted(
                path: path, reason: "\(bytes.count - expected) unexpected bytes after the model data")
        }
        if checksum(bytes, from: headerSize) != storedChecksum {
            throw ModelFileError.corrupted(path: path, reason: "the checksum does not match its contents")
        }
        do {
            return try decodePayload(bytes, offset: headerSize, version: version, path: path)
        } catch let error as ModelFileError {
            throw error
        } catch is BinaryReader.OutOfData {
            throw ModelFileError.corrupted(path: path, reason: "its contents end early")
        } catch let error as DecodingError {
            throw ModelFileError.corrupted(path: path, reason: describe(error))
        } catch {
            throw ModelFileError.corrupted(path: path, reason: "its contents cannot be decoded")
        }
    }

    private static func decodePayload(_ payload: [UInt8], offset: Int, version: UInt32, path: String) throws
        -> StanceModel
    {
        var reader = BinaryReader(payload, offset: offset)
        var settings = try fromJSON(TrainingSettings.self, try reader.readString())
        if version == 1 { settings = settings.asFormatVersion1() }
        let lexicon = try reader.readOptionalString().map { try fromJSON(Lexicon.self, $0) }
        let labels = try reader.readStrings()
        let documentCount = try reader.readInt()
        let countLabels = try reader.readStrings()
        let counts = try reader.readInts()
        guard countLabels.count == counts.count else {
            throw ModelFileError.corrupted(path: path, reason: "class counts do not match")
        }
        let inputHash = try reader.readString()
        let subModelCount = try reader.readInt()
        guard subModelCount >= 1 && subModelCount <= payload.count else {
            throw ModelFileError.corrupted(path: path, reason: "\(subModelCount) sub-models")
        }
        var subModels: [StanceModel.SubModel] = []
        for _ in 0..<subModelCount {
            let target = try reader.readOptionalString()
            let classLabels = try reader.readStrings()
            let classCounts = try reader.readInts()
            let vocabularyDocuments = try reader.readInt()
            let terms = try reader.readStrings()
            let idf = try reader.readDoubles()
            let vocabulary = try FittedVocabulary(
                configuration: settings.features, terms: terms, idf: idf, documentCount: vocabularyDocuments,
                lexicon: lexicon)
            guard idf.allSatisfy(\.isFinite) else {
                throw ModelFileError.corrupted(path: path, reason: "an idf value is not a finite number")
            }
            let classifierLabels = try reader.readStrings()
            let featureCount = try reader.readInt()
            let weights = try reader.readDoubles()
            let intercepts = try reader.readDoubles()
            guard weights.allSatisfy(\.isFinite), intercepts.allSatisfy(\.isFinite) else {
                throw ModelFileError.corrupted(
                    path: path, reason: "a weight or intercept is not a finite number (NaN or infinite)")
            }
            let objective = try reader.readDouble()
            let iterations = try reader.readInt()
            let converged = try reader.readBool()
            let coefficients = try reader.readOptionalString().map { try fromJSON(CoefficientTable.self, $0) }
            let rows = classifierLabels.count == 2 ? 1 : classifierLabels.count
            guard featureCount == vocabulary.columnCount, weights.count == rows * featureCount,
                intercepts.count == rows,
                classLabels.count == classCounts.count
            else {
                throw ModelFileError.corrupted(path: path, reason: "a classifier does not fit its vocabulary")
            }
            let classifier = LogisticModel(
                labels: classifierLabels, featureCount: featureCount, weights: weights, intercepts: intercepts,
                objective: objective, iterations: iterations, converged: converged, coefficients: coefficients)
            subModels.append(
                .init(
                    target: target, vocabulary: vocabulary, classifier: classifier,
                    classCounts: Array(zip(classLabels, classCounts))))
        }
        // The supplement is an optional trailing section: present when a version-2 payload has bytes left after
        // the last sub-model, and then a JSON? field (flag byte 0 = none, 1 = JSON string follows).
        var supplement = ModelSupplement()
        if version >= 2, reader.remaining > 0, let text = try reader.readOptionalString() {
            supplement = try fromJSON(ModelSupplement.self, text)
            try check(supplement, against: subModels, path: path)
        }
        guard reader.remaining == 0 else {
            throw ModelFileError.corrupted(path: path, reason: "unexpected data at the end")
        }
        var model = StanceModel(
            settings: settings, lexicon: lexicon, labels: labels, subModels: subModels,
            summary: .init(
                documentCount: documentCount, classCounts: Dictionary(uniqueKeysWithValues: zip(countLabels, counts)),
                inputHash: inputHash))
        model.supplement = supplement
        model.formatVersion = version
        return model
    }

    /// Checks that a supplement fits the sub-models it describes.
    private static func check(_ supplement: ModelSupplement, against subModels: [StanceModel.SubModel], path: String)
        throws
    {
        guard supplement.subModels.isEmpty || supplement.subModels.count == subModels.count else {
            throw ModelFileError.corrupted(path: path, reason: "the supplement does not match the sub-models")
        }
        for (extra, sub) in zip(supplement.subModels, subModels) {
            let classifier = sub.classifier
            var fits = extra.unseenColumns.allSatisfy { (0..<classifier.featureCount).contains($0) }
            if let intervals = extra.bootstrap {
                fits =
                    fits && intervals.weightLower.count == classifier.weights.count
                    && intervals.weightUpper.count == classifier.weights.count
                    && intervals.interceptLower.count == classifier.intercepts.count
                    && intervals.interceptUpper.count == classifier.intercepts.count
            }
            if let rates = extra.rates {
                fits =
                    fits && rates.labels == classifier.labels && rates.truePositive.count == rates.labels.count
                    && rates.falsePositive.count == rates.labels.count
            }
            guard fits else {
                throw ModelFileError.corrupted(path: path, reason: "the supplement does not match the sub-models")
            }
        }
    }

    static func checksum(_ bytes: [UInt8], from start: Int = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc: uLong = crc32(0, nil, 0)
            var offset = start
            while offset < buffer.count {
                let chunk = min(buffer.count - offset, 1 << 30)
                crc = crc32(crc, buffer.baseAddress! + offset, uInt(chunk))
                offset += chunk
            }
            return UInt32(crc)
        }
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// One sentence for a stored section that does not decode, naming where (not Foundation's text).
    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            let names = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return names.isEmpty ? "" : " at '\(names.joined(separator: "."))'"
        }
        switch error {
        case .dataCorrupted(let context): return "a stored section is not valid\(at(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "a stored section lacks '\(key.stringValue)'\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "a stored section holds a value of the wrong kind\(at(context.codingPath))"
        @unknown default: return "its contents cannot be decoded"
        }
    }

    private static func fromJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
