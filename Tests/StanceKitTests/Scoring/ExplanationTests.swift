import Foundation
import RealModule
import StanceKit
import Testing
import _StanceTestSupport

/// `--explain`'s two-sided evidence: `intercept + Σ for + Σ against + rest = margin`, by hand and on trained models.
@Suite struct ExplanationTests {
    static func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { Document(id: String($0.offset + 1), text: $0.element) }
    }

    /// Binary: w = (2, −3) for (cheap, ruin), b = 0.5 (the model of `ArticleScorerTests`).
    @Test func binaryByHand() throws {
        let scorer = try ArticleScorer(model: ArticleScorerTests.binary(), explain: 1)
        let article = try #require(try scorer.score(Self.documents(["cheap ruin"])).first)
        // x = (1/√2, 1/√2); z = −1/√2 + 0.5 → against; against's margin over favor is −z = 1/√2 − 0.5.
        let s = 1 / 2.0.squareRoot()
        let explanation = try #require(article.explanation)
        #expect(explanation.runnerUp == "favor")
        #expect(explanation.intercept == -0.5)
        #expect(explanation.margin.isApproximatelyEqual(to: s - 0.5, absoluteTolerance: 1e-15))
        #expect(explanation.supporting.map(\.feature) == ["w:ruin"])
        #expect(explanation.supporting[0].contribution.isApproximatelyEqual(to: 3 * s, absoluteTolerance: 1e-15))
        #expect(explanation.opposing.map(\.feature) == ["w:cheap"])
        #expect(explanation.opposing[0].contribution.isApproximatelyEqual(to: -2 * s, absoluteTolerance: 1e-15))
        #expect(explanation.rest == 0)
        // The two-class margin is the logit the `evidence` key is measured against.
        #expect(explanation.margin == article.logit && explanation.intercept == article.intercept)
        // `evidence` is unchanged: supporting features only.
        #expect(article.evidence.map(\.feature) == ["w:ruin"])
    }

    /// Three classes a, b, c: W_a = 0, W_b = (1, −1), W_c = (−2, 0.5); b = (0, 0.2, −0.1).
    @Test func threeClassesExplainTheMarginOverTheRunnerUp() throws {
        let model = try ArticleScorerTests.model(
            labels: ["a", "b", "c"], weights: [0, 0, 1, -1, -2, 0.5], intercepts: [0, 0.2, -0.1])
        let scorer = try ArticleScorer(model: model, explain: 1)
        // "cheap ruin", x = (s, s), s = 1/√2: z = (0, 0.2 + s − s, −0.1 − 2s + 0.5s) = (0, 0.2, −1.16) → b, runner-up
        // a. Margin b − a = 0.2: intercept 0.2, cheap +s, ruin −s.
        let s = 1 / 2.0.squareRoot()
        let article = try #require(try scorer.score(Self.documents(["cheap ruin"])).first)
        #expect(article.label == "b")
        let explanation = try #require(article.explanation)
        #expect(explanation.runnerUp == "a")
        #expect(explanation.intercept == 0.2)
        #expect(explanation.margin.isApproximatelyEqual(to: 0.2, absoluteTolerance: 1e-15))
        #expect(explanation.supporting.map(\.feature) == ["w:cheap"])
        #expect(explanation.supporting[0].contribution.isApproximatelyEqual(to: s, absoluteTolerance: 1e-15))
        #expect(explanation.opposing.map(\.feature) == ["w:ruin"])
        #expect(explanation.opposing[0].contribution.isApproximatelyEqual(to: -s, absoluteTolerance: 1e-15))
        // "ruin", x = (0, 1): z = (0, −0.8, 0.4) → c over a: intercept −0.1, ruin +0.5.
        let ruin = try #require(try scorer.score(Self.documents(["ruin"])).first?.explanation)
        #expect(ruin.runnerUp == "a" && ruin.intercept == -0.1)
        #expect(ruin.supporting.map(\.contribution) == [0.5] && ruin.opposing.isEmpty)
    }

    /// With K = 1 on a trained model most features fall into `rest`; the identity must still hold exactly.
    @Test(arguments: [1, 2, 5]) func identityOnTrainedModels(top: Int) throws {
        let texts = [
            "上游水坝截断河流，渔村受到破坏。", "這項貿易協定打開了新市場。", "The dams ruin the fishing villages.",
            "Hiệp định thương mại mở ra thị trường mới.", "北約秘書長批評冷戰思維。",
        ]
        let (twoClasses, _) = try CorpusReader.readAll(paths: [fixturePath("train-small.jsonl")])
        for documents in [twoClasses, Self.threeClasses] {
            let settings = TrainingSettings(features: FeatureConfiguration(wordNGrams: 1...2, charNGrams: 1...2))
            let model = try StanceTrainer(settings: settings).train(documents)
            let scorer = try ArticleScorer(model: model, explain: top)
            for article in try scorer.score(Self.documents(texts)) {
                let explanation = try #require(article.explanation)
                #expect(explanation.supporting.count <= top && explanation.opposing.count <= top)
                #expect(explanation.supporting.allSatisfy { $0.contribution > 0 })
                #expect(explanation.opposing.allSatisfy { $0.contribution < 0 })
                let shown = explanation.supporting.map(\.contribution) + explanation.opposing.map(\.contribution)
                let total = shown.reduce(explanation.intercept + explanation.rest, +)
                #expect(total.isApproximatelyEqual(to: explanation.margin, absoluteTolerance: 1e-12))
                // The margin is the log-ratio of the two classes' probabilities.
                let p = article.probabilities[model.labels.firstIndex(of: article.label)!]
                let q = article.probabilities[model.labels.firstIndex(of: explanation.runnerUp)!]
                #expect(explanation.margin.isApproximatelyEqual(to: Double.log(p / q), absoluteTolerance: 1e-9))
                #expect(explanation.margin >= 0)
                if model.labels.count > 2 { #expect(explanation.runnerUp != article.label) }
            }
        }
    }

    /// Three stances on trade, two articles each, in four languages.
    static let threeClasses: [Document] = [
        ("favor", "这项贸易协定打开了新市场，工厂订单增加。"), ("favor", "The trade deal opens new markets for farmers."),
        ("favor", "Hiệp định thương mại mở ra thị trường mới."), ("against", "這項貿易協定讓小作坊紛紛倒閉。"),
        ("against", "The trade deal ruins small workshops."), ("against", "Hiệp định làm hại các xưởng nhỏ."),
        ("none", "部长周二访问了港口。"), ("none", "The minister visited the port on Tuesday."),
    ].enumerated().map { Document(id: "t\($0.offset)", text: $0.element.1, label: $0.element.0) }
}
