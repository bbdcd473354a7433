import RealModule
import Testing

@testable import StanceKit

/// The dense Newton solver against statsmodels, and its failure reports.
///
/// Reference values: printed by `python3 scripts/reference-logit.py` (statsmodels 0.15.0, Newton, tol 1e-14),
/// which defines the same 40-row dataset as `Self.features`.
@Suite struct LogisticNewtonTests {
    static func features() -> SparseMatrix {
        var x = SparseMatrix(columnCount: 3)
        for i in 0..<40 {
            let x1 = Double((37 * i) % 19 - 9) / 4
            let x2 = Double((53 * i) % 23 - 11) / 6
            let x3 = Double((29 * i) % 13 - 6) / 3
            x.appendRow([(Int32(0), x1), (Int32(1), x2), (Int32(2), x3)])
        }
        return x
    }

    static let binaryLabels = [
        0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0,
        0, 0, 1,
    ]
    static let threeClassLabels = [
        0, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 2, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0, 2, 1, 1,
        1, 1, 1,
    ]

    // statsmodels Logit: const, x1, x2, x3.
    static let logitParams = [0.019307201691372646, 1.627935061428383, -0.65677760860068413, 0.72494145561959644]
    static let logitBSE = [0.46674179428674689, 0.50878895944404379, 0.47344178440598061, 0.43606795684964544]
    static let logitLogLikelihood = -14.499536572579583
    // statsmodels MNLogit, class 1 vs 0 then class 2 vs 0, each const, x1, x2, x3.
    static let mnlogitParams = [
        1.3041157165409025, 0.50341547665922404, 0.59438540580036203, 0.93672491253126522, -0.22488001407359864,
        1.3854815398273663, 0.54353551013036716, 1.6096134840169438,
    ]
    static let mnlogitBSE = [
        0.54541696220279989, 0.35498102719775787, 0.4202389607930842, 0.461160792192087, 0.7460665569450895,
        0.51688119083913819, 0.56190843744092511, 0.60144195274094325,
    ]
    static let mnlogitLogLikelihood = -31.039148930605357

    static func expectClose(_ actual: [Double], _ expected: [Double], _ tolerance: Double) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) {
            #expect(a.isApproximatelyEqual(to: e, absoluteTolerance: tolerance, relativeTolerance: tolerance))
        }
    }

    @Test func matchesStatsmodelsLogit() throws {
        let model = try LogisticRegression(C: .infinity, threads: 1).fit(
            X: Self.features(), labels: Self.binaryLabels, labelNames: ["against", "for"])
        #expect(model.converged)
        #expect(model.labels == ["against", "for"])
        let table = try #require(model.coefficients)
        #expect(table.referenceLabel == "against")
        Self.expectClose(table.rows.map(\.estimate), Self.logitParams, 1e-6)
        Self.expectClose(table.rows.map(\.standardError), Self.logitBSE, 1e-6)
        Self.expectClose([model.intercepts[0]] + model.weights, Self.logitParams, 1e-6)
        // The unpenalised objective is the negative log-likelihood.
        #expect(model.objective.isApproximatelyEqual(to: -Self.logitLogLikelihood, relativeTolerance: 1e-10))
        #expect(table.rows.map(\.feature) == [nil, 0, 1, 2])
        #expect(table.rows.allSatisfy { $0.label == "for" })
    }

    @Test func matchesStatsmodelsMNLogit() throws {
        let model = try LogisticRegression(C: .infinity, threads: 1).fit(
            X: Self.features(), labels: Self.threeClassLabels, labelNames: ["a", "b", "c"])
        #expect(model.converged)
        let table = try #require(model.coefficients)
        Self.expectClose(table.rows.map(\.estimate), Self.mnlogitParams, 1e-6)
        Self.expectClose(table.rows.map(\.standardError), Self.mnlogitBSE, 1e-6)
        #expect(model.objective.isApproximatelyEqual(to: -Self.mnlogitLogLikelihood, relativeTolerance: 1e-10))
        #expect(table.rows.map(\.label) == ["b", "b", "b", "b", "c", "c", "c", "c"])
        // Model layout: three rows, the reference row zero.
        #expect(model.weightRowCount == 3)
        #expect(Array(model.weights[0..<3]) == [0, 0, 0] && model.intercepts[0] == 0)
        Self.expectClose(Array(model.weights[3..<6]), Array(Self.mnlogitParams[1..<4]), 1e-6)
        Self.expectClose(
            [model.intercepts[1], model.intercepts[2]], [Self.mnlogitParams[0], Self.mnlogitParams[4]], 1e-6)
    }

    @Test func tableColumnsAreConsistent() throws {
        let model = try LogisticRegression(C: .infinity, threads: 1).fit(
            X: Self.features(), labels: Self.binaryLabels, labelNames: ["against", "for"])
        let table = try #require(model.coefficients)
        for row in table.rows {
            #expect(row.z.isApproximatelyEqual(to: row.estimate / row.standardError, relativeTolerance: 1e-14))
            #expect(row.lower.isApproximatelyEqual(to: row.estimate - 1.959963984540054 * row.standardError))
            #expect(row.upper.isApproximatelyEqual(to: row.estimate + 1.959963984540054 * row.standardError))
        }
        // x1: z = 1.627935 / 0.508789 = 3.19963; two-sided p = 2(1 − Φ(3.19963)) ≈ 0.0013762 (scipy.stats.norm.sf).
        #expect(table.rows[1].pValue.isApproximatelyEqual(to: 0.0013762, relativeTolerance: 1e-3))
        // const: z = 0.0413654, p = 0.967005.
        #expect(table.rows[0].pValue.isApproximatelyEqual(to: 0.967005, relativeTolerance: 1e-5))
    }

    @Test func labelNamesAreSortedByCodePoint() throws {
        // Names given out of order: "for" first. The model must sort them so "for" is the positive class.
        let flipped = Self.binaryLabels.map { 1 - $0 }
        let model = try LogisticRegression(C: .infinity, threads: 1).fit(
            X: Self.features(), labels: flipped, labelNames: ["for", "against"])
        #expect(model.labels == ["against", "for"])
        Self.expectClose(model.weights, Array(Self.logitParams[1...]), 1e-6)
    }

    @Test func reportsCompleteSeparation() {
        // y = 1 exactly when x > 0.
        var x = SparseMatrix(columnCount: 1)
        for value in [-3.0, -2, -1, -0.5, 0.5, 1, 2, 3] { x.appendRow([(Int32(0), value)]) }
        #expect(throws: LogisticRegressionError.self) {
            try LogisticRegression(C: .infinity, threads: 1).fit(
                X: x, labels: [0, 0, 0, 0, 1, 1, 1, 1], labelNames: ["n", "y"])
        }
        do {
            _ = try LogisticRegression(C: .infinity, threads: 1).fit(
                X: x, labels: [0, 0, 0, 0, 1, 1, 1, 1], labelNames: ["n", "y"])
        } catch {
            guard case .separation(let rows) = error else {
                Issue.record("expected separation, got \(error)")
                return
            }
            #expect(rows > 0)
        }
        // With a penalty the same data has a finite optimum.
        #expect(throws: Never.self) {
            try LogisticRegression(C: 1, threads: 1, solver: .newton).fit(
                X: x, labels: [0, 0, 0, 0, 1, 1, 1, 1], labelNames: ["n", "y"])
        }
    }

    @Test func reportsQuasiCompleteSeparation() {
        // Class 0 has x ≤ 0, class 1 has x ≥ 0, both at x = 0: the MLE of the slope is +∞.
        var x = SparseMatrix(columnCount: 1)
        for value in [-2.0, -1, 0, 0, 1, 2, 3] { x.appendRow([(Int32(0), value)]) }
        let error = #expect(throws: LogisticRegressionError.self) {
            try LogisticRegression(C: .infinity, threads: 1).fit(
                X: x, labels: [0, 0, 0, 1, 1, 1, 1], labelNames: ["n", "y"])
        }
        guard case .separation(let rows) = error else {
            Issue.record("expected separation, got \(String(describing: error))")
            return
        }
        // The two tied rows at x = 0 are not predicted with certainty.
        #expect(rows > 0 && rows <= 5)
    }

    @Test func reportsSingularHessian() {
        // Feature 1 duplicates feature 0: the unpenalised Hessian is singular (the third parameter is dependent).
        var x = SparseMatrix(columnCount: 2)
        let base = Self.features()
        for i in 0..<40 {
            let value = Array(base.row(i))[0].1
            x.appendRow([(Int32(0), value), (Int32(1), value)])
        }
        #expect(throws: LogisticRegressionError.singularHessian(parameter: 2)) {
            try LogisticRegression(C: .infinity, threads: 1).fit(
                X: x, labels: Self.binaryLabels, labelNames: ["against", "for"])
        }
    }
}
