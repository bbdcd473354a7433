import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// The model file (`docs/model-format.md`): round trips, determinism, the header byte by byte, every refusal with
/// its exact message, and the committed version-1 file `Tests/Fixtures/model-v1.stance`.
@Suite struct ModelFileTests {
    static func smallCorpus() throws -> [Document] {
        try CorpusReader.readAll(paths: [fixturePath("train-small.jsonl")]).documents
    }

    /// Models that exercise every optional part: binary with a coefficient table (dense Newton), per-target with a
    /// lexicon (sparse solver, no table, targets), three classes.
    static func models() throws -> [StanceModel] {
        let documents = try smallCorpus()
        let unigrams = FeatureConfiguration(wordNGrams: 1...1, charNGrams: 1...1)
        let binary = try StanceTrainer(settings: TrainingSettings(features: unigrams)).train(documents)
        let normalization = TextNormalizer.Options()
        let lexicon = try StanceTrainer.loadLexicon(
            path: fixturePath("blame-lexicon.tsv"), normalization: normalization)
        let perTarget = try StanceTrainer(
            settings: TrainingSettings(features: FeatureConfiguration(charNGrams: 1...2), C: 0.5, perTarget: true),
            lexicon: lexicon
        ).train(documents)
        var three = documents
        for index in three.indices where three[index].id.hasSuffix("vi-1") || three[index].id.hasSuffix("vi-2") {
            three[index].label = "neutral"
        }
        let multi = try StanceTrainer(settings: TrainingSettings(balancedClassWeights: true)).train(three)
        return [binary, perTarget, multi]
    }

    /// Probabilities of a few texts in the four languages, for comparing models.
    static func probabilities(_ model: StanceModel) throws -> [[Double]] {
        let texts = [
            "上游水坝为整个地区带来廉价电力。", "這項貿易協定讓小作坊紛紛倒閉，魯莽！", "The trade deal and the dams.",
            "Các đập ở thượng nguồn và nguồn nước.",
        ]
        let documents = texts.enumerated().map {
            Document(id: String($0.offset), text: $0.element, target: model.settings.perTarget ? "dams" : nil)
        }
        return try ArticleScorer(model: model).score(documents).map(\.probabilities)
    }

    @Test func encodeDecodeEncodeGivesTheSameBytesAndScores() throws {
        let models = try Self.models()
        #expect(models[0].subModels[0].classifier.coefficients != nil)
        #expect(models[1].lexicon != nil && models[1].subModels.count == 2)
        #expect(models[2].labels == ["against", "favor", "neutral"])
        for model in models {
            let bytes = try ModelFile.encode(model)
            let decoded = try ModelFile.decode(bytes, path: "memory")
            #expect(try ModelFile.encode(decoded) == bytes)
            #expect(decoded.labels == model.labels)
            #expect(decoded.settings == model.settings)
            #expect(decoded.lexicon == model.lexicon)
            #expect(decoded.summary == model.summary)
            #expect(decoded.subModels.map(\.target) == model.subModels.map(\.target))
            for (a, b) in zip(decoded.subModels, model.subModels) {
                #expect(a.vocabulary == b.vocabulary)
                #expect(a.classifier == b.classifier)
                #expect(a.classCounts.map(\.label) == b.classCounts.map(\.label))
                #expect(a.classCounts.map(\.count) == b.classCounts.map(\.count))
            }
            #expect(try Self.probabilities(decoded) == Self.probabilities(model))
        }
    }

    @Test func writeAndReadThroughAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = try Self.models()[0]
        let path = directory.path + "/m.stance"
        try ModelFile.write(model, to: path)
        #expect(try fileBytes(path) == ModelFile.encode(model))
        let read = try ModelFile.read(path: path)
        #expect(try Self.probabilities(read) == Self.probabilities(model))
        // Writing again over the file leaves no temporary files behind.
        try ModelFile.write(model, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.stance"])
    }

    @Test func trainingTwiceAtAnyThreadCountGivesIdenticalBytes() throws {
        let documents = try Self.smallCorpus()
        let settings = TrainingSettings(features: FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...3))
        let one = try ModelFile.encode(StanceTrainer(settings: settings, threads: 1).train(documents))
        let two = try ModelFile.encode(StanceTrainer(settings: settings, threads: 2).train(documents))
        let three = try ModelFile.encode(StanceTrainer(settings: settings, threads: 3).train(documents))
        #expect(one == two)
        #expect(one == three)
    }

    /// CRC-32 as ISO 3309 / ITU-T V.42 define it (reflected polynomial 0xEDB88320, initial and final XOR with
    /// 0xFFFFFFFF), bit by bit: independent of zlib, which the model file uses.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func littleEndian<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type) -> T {
        bytes.reversed().reduce(T(0)) { $0 << 8 | T($1) }
    }

    @Test func headerFieldsAreAsDocumented() throws {
        #expect(Self.crc32(Array("123456789".utf8)) == 0xCBF4_3926)  // the standard check value
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        #expect(Array(bytes[0..<8]) == [0x89, 0x53, 0x54, 0x4E, 0x43, 0x0D, 0x0A, 0x1A])
        #expect(Self.littleEndian(bytes[8..<12], as: UInt32.self) == 1)
        #expect(Self.littleEndian(bytes[12..<20], as: UInt64.self) == UInt64(bytes.count - 24))
        #expect(Self.littleEndian(bytes[20..<24], as: UInt32.self) == Self.crc32(Array(bytes[24...])))
        // The payload starts with the settings as a length-prefixed JSON text with sorted keys.
        let settingsLength = Int(Self.littleEndian(bytes[24..<32], as: UInt64.self))
        let settings = String(decoding: bytes[32..<(32 + settingsLength)], as: UTF8.self)
        #expect(settings.hasPrefix(#"{"C":"1.0","balancedClassWeights":false,"features":{"#))
        let object = try jsonObject(settings)
        #expect(
            object.keys.sorted() == [
                "C", "balancedClassWeights", "features", "maxIterations", "normalization", "perTarget", "seed",
                "tolerance",
            ])
        // Then the lexicon flag: 0, no lexicon.
        #expect(bytes[32 + settingsLength] == 0)
    }

    /// The committed version-1 file must be read by every later stance, with the same results.
    @Test func frozenVersionOneModelStillGivesTheSameProbabilities() throws {
        let model = try ModelFile.read(path: fixturePath("model-v1.stance"))
        #expect(model.labels == ["against", "favor"])
        #expect(model.subModels.count == 1 && model.subModels[0].target == nil)
        #expect(model.subModels[0].vocabulary.columnCount == 32)
        #expect(model.summary.documentCount == 16)
        #expect(model.summary.classCounts == ["against": 8, "favor": 8])
        #expect(model.settings.features.wordNGrams == 1...1 && model.settings.features.charNGrams == 1...1)
        #expect(model.settings.seed == 7)
        let texts = [
            "上游水坝为整个地区带来廉价电力。", "這項貿易協定讓小作坊紛紛倒閉。", "The trade deal and the dams.",
            "Các đập ở thượng nguồn và nguồn nước.",
        ]
        let scored = try ArticleScorer(model: model).score(
            texts.enumerated().map { Document(id: String($0.offset), text: $0.element) })
        // Values recorded when the file was made (scripts/make-test-model); keep them.
        let expected: [[Double]] = [
            [0.4458040129792083, 0.5541959870207916],
            [0.5747324402464831, 0.42526755975351693],
            [0.5060902213226173, 0.49390977867738284],
            [0.47960645045395456, 0.5203935495460454],
        ]
        #expect(scored.map(\.label) == ["favor", "against", "against", "favor"])
        for (article, probabilities) in zip(scored, expected) {
            for (value, wanted) in zip(article.probabilities, probabilities) {
                #expect(value.isApproximatelyEqual(to: wanted, absoluteTolerance: 1e-12))
            }
        }
        let strengths = [0.8510756411302758, 0.8467371851789606, 0.3207593478301138, 0.7346186451570765]
        for (article, strength) in zip(scored, strengths) {
            #expect(article.evidenceStrength.isApproximatelyEqual(to: strength, absoluteTolerance: 1e-10))
        }
    }

    static func decodeError(_ bytes: [UInt8]) -> ModelFileError? {
        do {
            _ = try ModelFile.decode(bytes, path: "m.stance")
            return nil
        } catch let error as ModelFileError {
            return error
        } catch {
            return .corrupted(path: "(not a ModelFileError)", reason: "\(error)")
        }
    }

    @Test func everyTruncationIsReportedAsSuch() throws {
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        for length in 0..<bytes.count {
            let error = Self.decodeError(Array(bytes.prefix(length)))
            let expected: ModelFileError =
                switch length {
                case 0..<8: .foreign(path: "m.stance")
                case 8..<24: .truncated(path: "m.stance", expected: 24, found: length)
                default: .truncated(path: "m.stance", expected: bytes.count, found: length)
                }
            if error != expected {
                Issue.record("cut at \(length): \(String(describing: error))")
                break
            }
        }
    }

    /// Rewrites the header of `payload` so that length and checksum fit: only the payload decoder can object.
    static func file(payload: [UInt8], version: UInt32 = 1) -> [UInt8] {
        var bytes = ModelFile.signature
        withUnsafeBytes(of: version.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: crc32(payload).littleEndian) { bytes += $0 }
        return bytes + payload
    }

    /// The supplement is an optional trailing section: a version-2 payload may end right after the last sub-model,
    /// or hold the flag 0, and then reads as the version-1 model with an empty supplement.
    @Test func aVersion2PayloadWithoutTheSupplementReadsAsVersion1() throws {
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        let payload = Array(bytes[24...])
        let original = try ModelFile.decode(bytes, path: "m.stance")
        for trailing in [[], [0]] as [[UInt8]] {
            let model = try ModelFile.decode(Self.file(payload: payload + trailing, version: 2), path: "m.stance")
            #expect(model.supplement.isEmpty)
            #expect(model.labels == original.labels)
            #expect(model.subModels.map(\.classifier.weights) == original.subModels.map(\.classifier.weights))
        }
        #expect(Self.decodeError(Self.file(payload: payload + [2], version: 2)) != nil)
    }

    @Test func damagedPayloadWithAValidChecksumIsCorruptedNotACrash() throws {
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        let payload = Array(bytes[24...])
        #expect(Self.file(payload: payload) == bytes, "the test's own header writer agrees with the file")
        // A payload cut short at many points, with a header that fits it.
        for cut in stride(from: 0, to: payload.count, by: 97) {
            let error = Self.decodeError(Self.file(payload: Array(payload.prefix(cut))))
            guard case .corrupted(let path, _) = error, path == "m.stance" else {
                Issue.record("payload cut at \(cut): \(String(describing: error))")
                continue
            }
        }
        #expect(
            Self.decodeError(Self.file(payload: Array(payload.prefix(200))))
                == .corrupted(path: "m.stance", reason: "its contents end early"))
        #expect(
            Self.decodeError(Self.file(payload: payload + [0]))
                == .corrupted(path: "m.stance", reason: "unexpected data at the end"))
        // A settings text that is not JSON.
        var broken = payload
        broken[32] = UInt8(ascii: "[")
        guard case .corrupted = Self.decodeError(Self.file(payload: broken)) else {
            Issue.record("broken settings JSON was accepted")
            return
        }
    }

    @Test func refusalsHaveOneSentenceMessages() throws {
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        var flipped = bytes
        flipped[bytes.count - 5] ^= 0x01
        #expect(
            Self.decodeError(flipped)
                == .corrupted(path: "m.stance", reason: "the checksum does not match its contents"))
        var newer = bytes
        newer[8] = 6
        #expect(Self.decodeError(newer) == .newerVersion(path: "m.stance", version: 6))
        #expect(
            ModelFileError.newerVersion(path: "m.stance", version: 6).description
                == "m.stance: written by a newer stance (model format version 6; this stance reads up to version 5): upgrade stance to use it"
        )
        #expect(
            ModelFileError.foreign(path: "m.stance").description
                == "m.stance: not a stance model file (it does not start with the stance model signature)")
        #expect(
            ModelFileError.truncated(path: "m.stance", expected: 24, found: 3).description
                == "m.stance: the model file is truncated: it should hold 24 bytes but holds 3")
        #expect(
            ModelFileError.corrupted(path: "m.stance", reason: "its contents end early").description
                == "m.stance: the model file is corrupted: its contents end early")
        #expect(
            Self.decodeError(bytes + [1, 2])
                == .corrupted(path: "m.stance", reason: "2 unexpected bytes after the model data"))
        #expect(Self.decodeError(Array(#"{"labels": []}"#.utf8)) == .foreign(path: "m.stance"))
        #expect(ModelFileError.foreign(path: "x").exitStatus == .dataError)
    }

    @Test func missingFileIsNoInput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/none.stance"
        let expected = IOFailure(path: path, reason: "no such file or directory", exitStatus: .noInput)
        #expect(throws: expected) { try ModelFile.read(path: path) }
        #expect(expected.description == CorpusError.fileNotFound(path: path).description)
    }
}
