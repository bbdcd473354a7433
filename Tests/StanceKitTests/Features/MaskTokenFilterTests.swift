import StanceKit
import Testing

/// The mask token never becomes a column, whichever way a vocabulary is fitted, while the old vocabularies that
/// hold it still transform as before.
@Suite struct MaskTokenFilterTests {
    static let texts = [
        "Beijing Evening Post reporter said the talks went well. Beijing Evening Post said more.",
        "The minister said the plan was fair, Beijing Evening Post learned.",
        "Critics said the new rules would limit speech.",
        "Officials said the economy grew, critics disagreed.",
    ]

    func normalized() throws -> [NormalizedText] {
        let normalizer = try TextNormalizer(options: .init(maskTerms: ["Beijing Evening Post"]))
        return Self.texts.map { normalizer.normalize($0) }
    }

    @Test func noVocabularyHoldsTheMaskToken() throws {
        let texts = try normalized()
        #expect(texts[0].text.contains("xxmask"))
        let configuration = FeatureConfiguration(wordNGrams: 1...2, charNGrams: nil, charWB: 2...5)
        let extractor = FeatureExtractor(configuration: configuration)
        let fitted = try extractor.referenceVocabulary(texts)
        let (together, _) = try extractor.fitTransform(texts)
        let counted = try extractor.countCorpus(texts).fitTransform(Array(texts.indices)).vocabulary
        for vocabulary in [fitted, together, counted] {
            #expect(!vocabulary.terms.isEmpty)
            #expect(vocabulary.terms.allSatisfy { !$0.contains("xxm") && !$0.contains("xmask") })
            #expect(!vocabulary.terms.contains("w:xxmask") && vocabulary.terms.contains("wb:mask "))
            #expect(vocabulary.terms.contains("w:said"))
            #expect(vocabulary.terms.contains("wb:said "))
        }
        #expect(fitted.terms == together.terms && fitted.terms == counted.terms)
    }

    @Test func aStoredVocabularyWithTheMaskTokenStillUsesIt() throws {
        let texts = try normalized()
        let configuration = FeatureConfiguration(wordNGrams: 1...1, charNGrams: nil)
        let old = try FittedVocabulary(
            configuration: configuration, terms: ["w:said", "w:xxmask"], idf: [1, 1], documentCount: 4, lexicon: nil)
        let row = Array(old.transform([texts[0]]).row(0))
        // Two `said` and two `xxmask`: equal sublinear weights 1 + ln 2, scaled to unit length, 1/√2 each.
        #expect(row.count == 2)
        #expect(row.map(\.0) == [0, 1])
        #expect(abs(row[0].1 - 0.5.squareRoot()) < 1e-12 && abs(row[1].1 - 0.5.squareRoot()) < 1e-12)
    }
}
