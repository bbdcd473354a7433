import Testing

@testable import StanceKit

/// Which format version a model file carries: the lowest one that an older `stance` reads as the model was trained,
/// so that an older `stance` refuses a model it would score differently instead of scoring it wrongly.
@Suite struct ModelVersionTests {
    private let documents = [
        Document(id: "1", text: "The harmony plan failed badly in every region, officials said.", label: "a"),
        Document(id: "2", text: "The harmony plan succeeded in every region.", label: "b"),
        Document(id: "3", text: "和谐计划在各地都失败了。", label: "a"),
        Document(id: "4", text: "Kế hoạch hài hòa đã thành công.", label: "b"),
    ]

    private func fileVersion(cleaning: CleaningSettings?, families: Bool = false) throws -> (UInt8, StanceModel) {
        let settings = TrainingSettings(
            features: FeatureConfiguration(charNGrams: 1...1, quoteFamilies: families), cleaning: cleaning)
        let model = try StanceTrainer(settings: settings).train(documents)
        let bytes = try ModelFile.encode(model)
        let decoded = try ModelFile.decode(bytes, path: "memory")
        #expect(decoded.formatVersion == UInt32(bytes[8]))
        #expect(
            try ArticleScorer(model: decoded).score(documents).map(\.probabilities)
                == ArticleScorer(model: model).score(documents).map(\.probabilities))
        return (bytes[8], decoded)
    }

    @Test func cleaningRevisionTwoIsVersionFour() throws {
        let (none, _) = try fileVersion(cleaning: nil)
        #expect(none == 2)
        let (first, firstModel) = try fileVersion(cleaning: CleaningSettings(revision: 1))
        #expect(first == 2)
        #expect(firstModel.settings.cleaning?.revision == 1)
        let (second, secondModel) = try fileVersion(cleaning: CleaningSettings())
        #expect(second == 4)
        #expect(secondModel.settings.cleaning?.revision == CleaningSettings.currentRevision)
        let (both, _) = try fileVersion(cleaning: CleaningSettings(), families: true)
        #expect(both == 4)
        let (families, _) = try fileVersion(cleaning: CleaningSettings(revision: 1), families: true)
        #expect(families == 3)
    }

    @Test func aNewerVersionIsRefusedByName() throws {
        let model = try StanceTrainer(settings: TrainingSettings(features: FeatureConfiguration(charNGrams: 1...1)))
            .train(documents)
        var bytes = try ModelFile.encode(model)
        bytes[8] = UInt8(ModelFile.newestFormatVersion + 1)
        do {
            _ = try ModelFile.decode(bytes, path: "future.stance")
            Issue.record("a model of a newer format version was read")
        } catch let error as ModelFileError {
            guard case .newerVersion(let path, let version) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(path == "future.stance" && version == ModelFile.newestFormatVersion + 1)
        }
    }
}
