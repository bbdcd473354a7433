import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// The committed version-2 file `Tests/Fixtures/model-v2.stance` (made once by `scripts/make-test-model`, see its
/// header): every later stance must read it and score it exactly as recorded, cleaning included.
@Suite struct ModelFileVersionTwoTests {
    /// Texts the project wrote: a doubled English text (cleaned to the text once), machine-translation spacing
    /// (`so -called`), the lexicon's terms in Traditional Chinese (converted), English and Vietnamese.
    static let texts = [
        "上游水坝为整个地区带来廉价电力。", "這項貿易協定讓小作坊紛紛倒閉，魯莽！",
        "The trade deal and the so -called reckless dams.", "Các đập ở thượng nguồn và nguồn nước, thật liều lĩnh.",
        "The reckless new dams ruin the fishing villages downstream.\n"
            + "The reckless new dams ruin the fishing villages downstream.",
    ]

    @Test func frozenVersionTwoModelStillGivesTheSameProbabilities() throws {
        let bytes = try fileBytes(fixturePath("model-v2.stance"))
        // Format version 2 in the header.
        #expect(bytes[8..<12].elementsEqual([2, 0, 0, 0]))
        let model = try ModelFile.read(path: fixturePath("model-v2.stance"))
        #expect(model.labels == ["critical", "neutral"])
        #expect(model.summary.documentCount == 18)
        #expect(model.lexicon != nil)
        let cleaning = try #require(model.settings.cleaning)
        #expect(cleaning.rules == Set(CleaningReason.perDocument))
        #expect(!cleaning.markers.isEmpty && !cleaning.interfaceStrings.isEmpty)
        #expect(model.settings.seed == 7)
        let documents = Self.texts.enumerated().map { Document(id: String($0.offset), text: $0.element) }
        // Values recorded when the file was made (scripts/make-test-model); keep them.
        let expected: [[Double]] = [
            [0.16191313728981754, 0.8380868627101824],
            [0.5409908783570654, 0.45900912164293467],
            [0.6367543869060662, 0.36324561309393366],
            [0.5606681953667347, 0.4393318046332652],
            [0.527454752360048, 0.4725452476399519],
        ]
        var scorer = try ArticleScorer(model: model)
        let scored = try scorer.score(documents)
        #expect(scored.map(\.label) == ["neutral", "critical", "critical", "critical", "critical"])
        for (article, probabilities) in zip(scored, expected) {
            for (value, wanted) in zip(article.probabilities, probabilities) {
                #expect(value.isApproximatelyEqual(to: wanted, absoluteTolerance: 1e-12))
            }
        }
        // The model cleans as it was trained to: the doubled text is rated as the text once, and without cleaning
        // it is rated more extremely (the lexicon counts grow with the repetition).
        let once = try scorer.score([Document(id: "once", text: String(Self.texts[4].split(separator: "\n")[0]))])
        #expect(once[0].probabilities == scored[4].probabilities)
        scorer.cleaner = nil
        let raw = try scorer.score([documents[4]])
        #expect(raw[0].probabilities[0].isApproximatelyEqual(to: 0.5594976874317757, absoluteTolerance: 1e-12))
        #expect(abs(raw[0].probabilities[0] - 0.5) > abs(scored[4].probabilities[0] - 0.5))
    }
}
