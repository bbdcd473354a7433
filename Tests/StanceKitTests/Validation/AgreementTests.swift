import Testing

@testable import StanceKit

/// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011): the worked examples' data and published
/// values (three decimals); the `krippendorff` package gives the same to 1e-9 (scripts/check-agreement).
@Suite struct AgreementTests {
    private func codes(_ matrix: [[Int?]]) -> [[Int?]] {
        // Rows are coders in the paper; units are columns. Values 1...5 become indices 0...4.
        matrix[0].indices.map { u in matrix.map { $0[u].map { $0 - 1 } } }
    }

    @Test func fourCodersWithMissingValues() {
        let data = codes([
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ])
        let alpha = KrippendorffAlpha(codes: data, categoryCount: 5)
        #expect(alpha.pairableUnits == 11)
        let values: [Double] = [1, 2, 3, 4, 5]
        #expect(abs(alpha.alpha(level: .nominal) - 0.743) < 5e-4)
        #expect(abs(alpha.alpha(level: .ordinal) - 0.815) < 5e-4)
        #expect(abs(alpha.alpha(level: .interval, values: values) - 0.849) < 5e-4)
        // The coincidence matrix's marginals: n = 40 pairable values; n_1 = 9 (the paper's table).
        let o = alpha.coincidences()
        #expect(abs(o.reduce(0) { $0 + $1.reduce(0, +) } - 40) < 1e-12)
        #expect(abs(o[0].reduce(0, +) - 9) < 1e-12)
    }

    @Test func binaryAndNominalTwoCoders() {
        let binary = codes([[1, 2, 1, 1, 1, 1, 1, 1, 2, 1], [2, 2, 2, 1, 1, 2, 1, 1, 1, 1]])
        #expect(abs(KrippendorffAlpha(codes: binary, categoryCount: 2).alpha(level: .nominal) - 0.095) < 5e-4)
        let nominal = codes([[1, 1, 2, 2, 4, 3, 3, 3, 5, 4, 4, 1], [2, 1, 2, 2, 2, 3, 3, 3, 5, 4, 4, 4]])
        #expect(abs(KrippendorffAlpha(codes: nominal, categoryCount: 5).alpha(level: .nominal) - 0.692) < 5e-4)
    }

    /// Agree on a 4, b 3; A a/B b 2; A b/B a 1: p_o = 0.7, p_e = 0.6·0.5 + 0.4·0.5 = 0.5, κ = 0.2/0.5 = 0.4.
    @Test func cohenKappaByHand() {
        let first: [Int?] = [0, 0, 0, 0, 1, 1, 1, 0, 0, 1, nil]
        let second: [Int?] = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1]
        #expect(abs(cohenKappa(first, second, categoryCount: 2) - 0.4) < 1e-12)
    }

    /// Units (a,a,a), (a,a,b), (b,b,b), (a,b,b): P_i = 1, 1/3, 1, 1/3, P̄ = 2/3; p_a = p_b = 1/2, P̄_e = 1/2;
    /// κ = (2/3 − 1/2)/(1/2) = 1/3. A unit one coder skipped is left out.
    @Test func fleissKappaByHand() {
        let units: [[Int?]] = [[0, 0, 0], [0, 0, 1], [1, 1, 1], [0, 1, 1], [0, nil, 1]]
        #expect(abs(fleissKappa(units, categoryCount: 2) - 1.0 / 3.0) < 1e-12)
    }

    @Test func undefinedWithoutVariationAndOneUnit() {
        #expect(KrippendorffAlpha(codes: [[0, 0], [0, 0]], categoryCount: 2).alpha(level: .nominal).isNaN)
        // One unit on which two coders differ: o_ab = o_ba = 1, n = 2, α = 1 − 1·2/2 = 0.
        #expect(KrippendorffAlpha(codes: [[0, 1]], categoryCount: 2).alpha(level: .nominal) == 0)
    }

    @Test func labelMapParsesSeveralCodesAndDrops() throws {
        let map = try LabelMap(parsing: "state_media=pro_beijing,official, independent_media=critical,off_topic=_drop")
        #expect(
            map.mapping == ["pro_beijing": "state_media", "official": "state_media", "critical": "independent_media"])
        #expect(map.dropped == ["off_topic"])
        #expect(map.resolve("official", modelLabels: ["independent_media", "state_media"]) == .label("state_media"))
        #expect(map.resolve("state_media", modelLabels: ["independent_media", "state_media"]) == .label("state_media"))
        #expect(map.resolve("off_topic", modelLabels: []) == .dropped)
        #expect(map.resolve("neutral", modelLabels: ["independent_media"]) == .unmapped)
        #expect(throws: CodingError.self) { try LabelMap(parsing: "orphan") }
        #expect(throws: CodingError.self) { try LabelMap(parsing: "a=x,b=x") }
    }

    @Test func weightedClassificationByHand() {
        // Reference a a b b, predicted a b b b, weights 1 2 1 1: C = [[1, 2], [0, 2]]; accuracy 3/5;
        // precision a 1, b 2/4; recall a 1/3, b 1; F1 a 0.5, b 2/3.
        let metrics = WeightedClassification(
            reference: [0, 0, 1, 1], predicted: [0, 1, 1, 1], weights: [1, 2, 1, 1], classCount: 2)
        #expect(metrics.confusion == [[1, 2], [0, 2]])
        #expect(abs(metrics.accuracy - 0.6) < 1e-12)
        #expect(abs(metrics.precision[1] - 0.5) < 1e-12)
        #expect(abs(metrics.recall[0] - 1.0 / 3.0) < 1e-12)
        #expect(abs(metrics.macroF1 - (0.5 + 2.0 / 3.0) / 2) < 1e-12)
    }
}
