import Testing

@testable import StanceKit

@Suite struct BootstrapTests {
    @Test func constantDataGivesZeroWidthIntervals() throws {
        let interval = try bootstrapMeanInterval(Array(repeating: 0.3, count: 50), settings: .init(seed: 1))
        // Every resample sums the same 50 values, so the interval has zero width (at the rounded mean of 0.3).
        #expect(interval.low == interval.high)
        #expect(abs(interval.low - 0.3) < 1e-12)
        // Every prediction right: accuracy is 1 in every resample.
        let gold = (0..<40).map { $0 % 2 }
        let probabilities = gold.map { $0 == 0 ? [0.9, 0.1] : [0.2, 0.8] }
        let intervals = try bootstrapIntervals(
            gold: gold, probabilities: probabilities, labels: ["a", "b"], settings: .init(replicates: 200, seed: 3))
        #expect(intervals["accuracy"] == Interval(low: 1, high: 1))
        #expect(intervals["f1.a"] == Interval(low: 1, high: 1))
        #expect(intervals["f_avg"] == nil)
        #expect(Set(intervals.keys) == ["accuracy", "macro_f1", "log_loss", "brier", "ece", "f1.a", "f1.b"])
    }

    @Test func meanOfBinaryDataMatchesNormalApproximation() throws {
        // 600 ones in 2000: p̂ = 0.3, se = √(0.3·0.7/2000) = 0.010247; 95% ≈ 0.3 ± 1.96·se = [0.27992, 0.32008].
        // Monte Carlo error of a 2.5% quantile with B = 1000 is about 0.0009, so 0.003 is a safe tolerance.
        let values = (0..<2000).map { $0 % 10 < 3 ? 1.0 : 0.0 }
        let interval = try bootstrapMeanInterval(values, settings: .init(replicates: 1000, seed: 11))
        let se = (0.3 * 0.7 / 2000).squareRoot()
        #expect(abs(interval.low - (0.3 - 1.959964 * se)) < 0.003)
        #expect(abs(interval.high - (0.3 + 1.959964 * se)) < 0.003)
    }

    @Test func seedsReproduce() throws {
        let values = (0..<100).map { Double($0 % 7) }
        let a = try bootstrapMeanInterval(values, settings: .init(replicates: 300, seed: 5))
        let b = try bootstrapMeanInterval(values, settings: .init(replicates: 300, seed: 5))
        let c = try bootstrapMeanInterval(values, settings: .init(replicates: 300, seed: 6))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func groupedResamplingMovesWholeGroups() throws {
        // Group x: 10 right; group y: 10 wrong. Drawing 2 groups gives accuracy 0, 1/2 or 1 with chances
        // 1/4, 1/2, 1/4, so the 2.5% and 97.5% percentiles are 0 and 1. Resampling documents instead gives a
        // narrow interval around 1/2 (se = √(.25/20) = 0.11).
        let gold = Array(repeating: 0, count: 20)
        let probabilities = (0..<20).map { $0 < 10 ? [0.8, 0.2] : [0.3, 0.7] }
        let groups = (0..<20).map { $0 < 10 ? "x" : "y" }
        let grouped = try bootstrapIntervals(
            gold: gold, probabilities: probabilities, labels: ["a", "b"], groups: groups,
            settings: .init(replicates: 1000, seed: 2))
        #expect(grouped["accuracy"] == Interval(low: 0, high: 1))
        let documents = try bootstrapIntervals(
            gold: gold, probabilities: probabilities, labels: ["a", "b"], settings: .init(replicates: 1000, seed: 2))
        let interval = try #require(documents["accuracy"])
        #expect(interval.high - interval.low < 0.6)
        #expect(interval.contains(0.5))
    }

    @Test func groupResamplesCopyEachDrawnGroupInDocumentOrder() throws {
        // Groups in order of first appearance: a = rows 0, 2, 5; b = row 1; c = rows 3, 4. A replicate draws three
        // groups with its own stream of the seed and appends each drawn group's rows in document order.
        let resampler = try Resampler(documentCount: 6, groups: ["a", "b", "a", "c", "c", "a"])
        let members = [[0, 2, 5], [1], [3, 4]]
        for replicate in 0..<20 {
            var random = StableRandom(seed: 9, stream: UInt64(replicate))
            let expected = (0..<3).flatMap { _ in members[random.nextIndex(below: 3)] }
            #expect(resampler.rows(replicate: replicate, seed: 9) == expected)
        }
        // Without groups: six documents drawn one at a time.
        let plain = try Resampler(documentCount: 6, groups: nil)
        var random = StableRandom(seed: 9, stream: 4)
        #expect(plain.rows(replicate: 4, seed: 9) == (0..<6).map { _ in random.nextIndex(below: 6) })
    }

    @Test func pairedComparison() throws {
        let gold = (0..<100).map { $0 % 2 }
        let right = gold.map { $0 == 0 ? [0.9, 0.1] : [0.1, 0.9] }
        let wrong = gold.map { $0 == 0 ? [0.1, 0.9] : [0.9, 0.1] }
        let clear = try pairedBootstrap(
            gold: gold, first: right, second: wrong, labels: ["a", "b"], metric: .accuracy,
            settings: .init(replicates: 200, seed: 1))
        #expect(clear.difference == 1)
        #expect(clear.interval == Interval(low: 1, high: 1))
        #expect(clear.signFlipShare == 0)
        #expect(clear.beyondChance)

        // The systems differ on document 0 only: difference 0.01. A resample misses document 0 with chance
        // 0.99^100 = 0.366, giving a difference of 0 (a sign flip), so the interval reaches 0.
        var almost = right
        almost[0] = wrong[0]
        let close = try pairedBootstrap(
            gold: gold, first: right, second: almost, labels: ["a", "b"], metric: .accuracy,
            settings: .init(replicates: 1000, seed: 4))
        #expect(abs(close.difference - 0.01) < 1e-12)
        #expect(close.interval.low == 0)
        #expect(!close.beyondChance)
        #expect(close.signFlipShare > 0.30 && close.signFlipShare < 0.43)
    }

    @Test func foldSpread() {
        // Mean 0.7; sample sd = √((0.2² + 0 + 0.2²) / 2) = 0.2.
        let summary = FoldSummary(values: [["accuracy": 0.5], ["accuracy": 0.7], ["accuracy": 0.9]])
        #expect(abs(summary.mean["accuracy"]! - 0.7) < 1e-12)
        #expect(abs(summary.standardDeviation["accuracy"]! - 0.2) < 1e-12)
        #expect(FoldSummary(values: [["x": 3]]).standardDeviation["x"] == 0)
    }
}
