import Foundation
import RealModule
import StanceKit
import Testing
import _StanceTestSupport

/// `ArticleScorer` on hand-made models whose every number is worked out by hand below.
///
/// The vocabulary has two word unigrams, `w:cheap` and `w:ruin`, both with idf 1, so a text's row is its sublinear
/// term frequencies scaled to unit length: "cheap" → (1, 0), "ruin" → (0, 1), "cheap ruin" → (1/√2, 1/√2).
@Suite struct ArticleScorerTests {
    static let configuration = FeatureConfiguration(
        wordNGrams: 1...1, charNGrams: nil, charWB: nil, minDF: 1, maxDF: 1, maxFeatures: nil, sublinearTF: true,
        useLexicons: false)

    static func model(labels: [String], weights: [Double], intercepts: [Double]) throws -> StanceModel {
        let vocabulary = try FittedVocabulary(
            configuration: configuration, terms: ["w:cheap", "w:ruin"], idf: [1, 1], documentCount: 4, lexicon: nil)
        let classifier = LogisticModel(
            labels: labels, featureCount: 2, weights: weights, intercepts: intercepts, objective: 0, iterations: 1,
            converged: true)
        let settings = TrainingSettings(features: configuration)
        return StanceModel(
            settings: settings, lexicon: nil, labels: labels,
            subModels: [
                .init(target: nil, vocabulary: vocabulary, classifier: classifier, classCounts: labels.map { ($0, 2) })
            ],
            summary: .init(
                documentCount: 2 * labels.count, classCounts: Dictionary(uniqueKeysWithValues: labels.map { ($0, 2) }),
                inputHash: "0"))
    }

    /// Binary: w = (2, −3) for (cheap, ruin), b = 0.5; z = wᵀx + b is the log-odds of `favor`.
    static func binary() throws -> StanceModel {
        try model(labels: ["against", "favor"], weights: [2, -3], intercepts: [0.5])
    }

    static func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { Document(id: String($0.offset + 1), text: $0.element) }
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + Double.exp(-z)) }

    @Test func binaryProbabilitiesAndEvidenceStrengthByHand() throws {
        let scorer = try ArticleScorer(model: Self.binary())
        let scored = try scorer.score(Self.documents(["cheap", "ruin", "cheap ruin", "xyz"]))
        #expect(scored.count == 4)
        let s = 1 / 2.0.squareRoot()
        // "cheap": z = 2 + 0.5 = 2.5 → favor. Margin over `against` (logit 0): B = 0.5, F = 2, strength 2/2.5 = 0.8.
        // "ruin": z = −3 + 0.5 = −2.5 → against. B = 0 − 0.5 = −0.5, F = 2.5 − (−0.5) = 3, strength 3/3.5 = 6/7.
        // "cheap ruin": z = (2 − 3)/√2 + 0.5 = 0.5 − 1/√2 ≈ −0.2071 → against. B = −0.5, F = 1/√2,
        //   strength (1/√2)/(1/√2 + 1/2) = 2 − √2.
        // "xyz": no feature, z = 0.5 → favor, F = 0, strength 0.
        let z = [2.5, -2.5, 0.5 - s, 0.5]
        let strengths = [0.8, 6.0 / 7.0, 2 - 2.0.squareRoot(), 0]
        let labels = ["favor", "against", "against", "favor"]
        for (index, article) in scored.enumerated() {
            let favor = Self.sigmoid(z[index])
            #expect(article.probabilities[1].isApproximatelyEqual(to: favor, absoluteTolerance: 1e-15))
            #expect(article.probabilities[0].isApproximatelyEqual(to: 1 - favor, absoluteTolerance: 1e-15))
            #expect(article.label == labels[index])
            #expect(article.evidenceStrength.isApproximatelyEqual(to: strengths[index], absoluteTolerance: 1e-14))
            #expect(article.noFeatures == (index == 3))
            #expect(article.evidence.isEmpty)
        }
        // The predicted class against the other: logit = ±z, intercept = ±b.
        #expect(scored[0].logit.isApproximatelyEqual(to: 2.5, absoluteTolerance: 1e-15))
        #expect(scored[0].intercept == 0.5)
        #expect(scored[1].logit.isApproximatelyEqual(to: 2.5, absoluteTolerance: 1e-15))
        #expect(scored[1].intercept == -0.5)
        #expect(scored[2].logit.isApproximatelyEqual(to: s - 0.5, absoluteTolerance: 1e-15))
    }

    @Test func minimumEvidenceTurnsWeakRatingsIntoAbstentions() throws {
        let scorer = try ArticleScorer(model: Self.binary(), minimumEvidence: 0.7)
        let scored = try scorer.score(Self.documents(["cheap", "ruin", "cheap ruin", "xyz"]))
        // Strengths 0.8, 0.857, 0.586, 0: the last two fall below 0.7.
        #expect(scored.map(\.label) == ["favor", "against", ArticleScorer.abstain, ArticleScorer.abstain])
        let plain = try ArticleScorer(model: Self.binary()).score(Self.documents(["cheap ruin"]))
        #expect(scored[2].probabilities == plain[0].probabilities)
    }

    @Test func explanationShowsOnlyFeaturesForThePredictedClass() throws {
        let scorer = try ArticleScorer(model: Self.binary(), explain: 5)
        let scored = try scorer.score(Self.documents(["cheap ruin", "Cheap!"]))
        // Predicted `against`: ruin pushes towards it by 3/√2, cheap away from it by 2/√2 (not shown).
        #expect(scored[0].evidence.map(\.feature) == ["w:ruin"])
        #expect(
            scored[0].evidence[0].contribution.isApproximatelyEqual(to: 3 / 2.0.squareRoot(), absoluteTolerance: 1e-15))
        #expect(scored[0].evidence[0].text == "ruin")
        #expect(scored[0].evidence[0].quoted == false)
        // The original spelling is shown, before case folding.
        #expect(scored[1].evidence.map(\.feature) == ["w:cheap"])
        #expect(scored[1].evidence[0].text == "Cheap")
    }

    @Test(arguments: ["cheap ruin", "ruin", "cheap", "ruin ruin cheap", "xyz"])
    func interceptPlusAllContributionsIsTheLogitForTwoClasses(_ text: String) throws {
        let model = try Self.binary()
        let scorer = try ArticleScorer(
            model: model, explain: model.subModels[0].vocabulary.columnCount, includesOpposingEvidence: true)
        let article = try #require(try scorer.score(Self.documents([text])).first)
        let total = article.evidence.reduce(article.intercept) { $0 + $1.contribution }
        #expect(total.isApproximatelyEqual(to: article.logit, absoluteTolerance: 1e-14))
        // And the logit is the log-odds of the predicted class.
        let p = article.probabilities[article.label == "favor" ? 1 : 0]
        #expect(article.logit.isApproximatelyEqual(to: Double.log(p / (1 - p)), absoluteTolerance: 1e-12))
        let contributions = article.evidence.map(\.contribution)
        #expect(contributions == contributions.sorted(by: >))
    }

    @Test func opposingEvidenceIsListedAfterTheSupportingOnes() throws {
        let model = try Self.binary()
        let scorer = try ArticleScorer(model: model, explain: 2, includesOpposingEvidence: true)
        let article = try #require(try scorer.score(Self.documents(["cheap ruin"])).first)
        #expect(article.evidence.map(\.feature) == ["w:ruin", "w:cheap"])
        #expect(
            article.evidence[1].contribution.isApproximatelyEqual(to: -2 / 2.0.squareRoot(), absoluteTolerance: 1e-15))
        #expect(article.intercept == -0.5)
    }

    /// Three classes a, b, c: W_a = 0, W_b = (1, −1), W_c = (−2, 0.5); b = (0, 0.2, −0.1).
    @Test func threeClassesByHand() throws {
        let model = try Self.model(
            labels: ["a", "b", "c"], weights: [0, 0, 1, -1, -2, 0.5], intercepts: [0, 0.2, -0.1])
        let scorer = try ArticleScorer(model: model, explain: 2, includesOpposingEvidence: true)
        let scored = try scorer.score(Self.documents(["cheap", "ruin"]))
        // "cheap", x = (1, 0): z = (0, 1.2, −2.1) → b; runner-up a: B = 0.2, F = 1.2 − 0.2 = 1, strength 1/1.2.
        let z = [0.0, 1.2, -2.1]
        let total = z.map { Double.exp($0) }.reduce(0, +)
        for k in 0..<3 {
            #expect(
                scored[0].probabilities[k].isApproximatelyEqual(to: Double.exp(z[k]) / total, absoluteTolerance: 1e-15))
        }
        #expect(scored[0].label == "b")
        #expect(scored[0].evidenceStrength.isApproximatelyEqual(to: 1 / 1.2, absoluteTolerance: 1e-14))
        #expect(scored[0].intercept == 0.2)
        #expect(scored[0].logit.isApproximatelyEqual(to: 1.2, absoluteTolerance: 1e-15))
        #expect(scored[0].evidence.map(\.feature) == ["w:cheap"])
        #expect(scored[0].evidence[0].contribution == 1)
        // "ruin", x = (0, 1): z = (0, −0.8, 0.4) → c; runner-up a: B = −0.1, F = 0.4 + 0.1 = 0.5, strength 0.5/0.6.
        #expect(scored[1].label == "c")
        #expect(scored[1].evidenceStrength.isApproximatelyEqual(to: 0.5 / 0.6, absoluteTolerance: 1e-14))
        let sum = scored[1].evidence.reduce(scored[1].intercept) { $0 + $1.contribution }
        #expect(sum.isApproximatelyEqual(to: scored[1].logit, absoluteTolerance: 1e-15))
        #expect(scored[1].logit.isApproximatelyEqual(to: 0.4, absoluteTolerance: 1e-15))
    }

    @Test func interceptPlusAllContributionsIsTheLogitOnATrainedModel() throws {
        let (documents, _) = try CorpusReader.readAll(paths: [fixturePath("train-small.jsonl")])
        let settings = TrainingSettings(features: FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...2))
        let model = try StanceTrainer(settings: settings).train(documents)
        let columns = model.subModels[0].vocabulary.columnCount
        let scorer = try ArticleScorer(model: model, explain: columns, includesOpposingEvidence: true)
        let texts = [
            "上游水坝截断河流，渔村受到破坏。", "這項貿易協定打開了新市場。", "The dams ruin the fishing villages.",
            "Hiệp định thương mại mở ra thị trường mới.",
        ]
        for article in try scorer.score(Self.documents(texts)) {
            #expect(article.evidence.count > 1)
            let total = article.evidence.reduce(article.intercept) { $0 + $1.contribution }
            #expect(total.isApproximatelyEqual(to: article.logit, absoluteTolerance: 1e-12))
            let p = article.probabilities[model.labels.firstIndex(of: article.label)!]
            #expect(article.logit.isApproximatelyEqual(to: Double.log(p / (1 - p)), absoluteTolerance: 1e-9))
        }
    }

    @Test func unknownTargetOfAPerTargetModel() throws {
        var model = try Self.binary()
        model.settings.perTarget = true
        model.subModels[0].target = "dams"
        let scorer = try ArticleScorer(model: model)
        let document = Document(
            id: "x", text: "cheap", target: "trade", location: SourceLocation(file: "in.jsonl", line: 9))
        #expect(throws: ScoringError.unknownTarget(location: document.location, target: "trade", known: ["dams"])) {
            try scorer.score([document])
        }
        #expect(
            ScoringError.unknownTarget(location: document.location, target: "trade", known: ["dams"]).description
                == "in.jsonl:9: the per-target model has no sub-model for 'trade' (it knows 'dams')")
        let fine = try scorer.score([Document(id: "y", text: "cheap", target: "dams")])
        #expect(fine[0].label == "favor")
    }
}
