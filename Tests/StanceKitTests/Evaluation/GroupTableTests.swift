import Testing

@testable import StanceKit

/// The per-group table of `eval --per-group`, on predictions small enough to check by hand.
@Suite struct GroupTableTests {
    /// Four documents of outlet A (gold a, a, b, b) and two of B, predicted by their most probable class.
    static let gold = [0, 0, 1, 1, 0, 1]
    static let probabilities: [[Double]] = [
        [0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4], [0.5, 0.5],
    ]
    static let values = ["A", "A", "A", "A", "B", "B"]

    /// A: predicted (a, b, b, b) → share predicted a 1/4, correct 3/4, mean p(a) (0.9 + 0.4 + 0.2 + 0.3) / 4 = 0.45;
    /// B: (a, a) on a tie → correct 1/2. With `--min-group-size 3`, B is folded into `(other: 1 groups)`.
    @Test func figuresByHand() {
        let table = GroupTable(
            field: "source", values: Self.values, gold: Self.gold, probabilities: Self.probabilities,
            labels: ["a", "b"], minimumSize: 3, bootstrap: BootstrapSettings(replicates: 200, seed: 3))
        #expect(table.rows.map(\.value) == ["A", "(other: 1 groups)"])
        let a = table.rows[0]
        #expect(a.count == 4 && a.sharePredicted == [0.25, 0.75] && a.shareCorrect == 0.75)
        #expect(abs(a.meanProbability[0] - 0.45) < 1e-15)
        #expect(table.rows[1].count == 2 && table.rows[1].shareCorrect == 0.5)
    }

    /// The same six documents under three repeats with the same predictions: the figures and n are those of one
    /// repeat (n counts documents, not predictions), and because the bootstrap resamples documents with all their
    /// predictions, the intervals are those of one repeat (to rounding); resampling the 12 predictions of A one by one
    /// instead (units left out) gives narrower ones.
    @Test func repeatsCountDocumentsOnceAndDoNotNarrowIntervals() throws {
        let settings = BootstrapSettings(replicates: 400, seed: 11)
        let once = GroupTable(
            field: "source", values: Self.values, gold: Self.gold, probabilities: Self.probabilities,
            labels: ["a", "b"], minimumSize: 1, bootstrap: settings)
        let repeats = 3
        let values = Array([[String]](repeating: Self.values, count: repeats).joined())
        let gold = Array([[Int]](repeating: Self.gold, count: repeats).joined())
        let probabilities = Array([[[Double]]](repeating: Self.probabilities, count: repeats).joined())
        let units = (0..<repeats).flatMap { _ in Array(0..<Self.values.count) }
        let repeated = GroupTable(
            field: "source", values: values, gold: gold, probabilities: probabilities, labels: ["a", "b"],
            minimumSize: 1, bootstrap: settings, units: units)
        #expect(repeated.rows.map(\.count) == [4, 2])
        #expect(repeated.rows.map(\.shareCorrect) == once.rows.map(\.shareCorrect))
        for (r, o) in zip(repeated.rows, once.rows) {
            #expect(r.ci95.keys.sorted() == o.ci95.keys.sorted())
            for (name, interval) in r.ci95 {
                #expect(
                    abs(interval.low - o.ci95[name]!.low) < 1e-12 && abs(interval.high - o.ci95[name]!.high) < 1e-12)
            }
        }
        let naive = GroupTable(
            field: "source", values: values, gold: gold, probabilities: probabilities, labels: ["a", "b"],
            minimumSize: 1, bootstrap: settings)
        #expect(naive.rows[0].count == 12)
        let wide = try #require(repeated.rows[0].ci95["share_correct"])
        let narrow = try #require(naive.rows[0].ci95["share_correct"])
        #expect(narrow.high - narrow.low < wide.high - wide.low)
    }
}
