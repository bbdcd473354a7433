import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// TRON against L-BFGS on a synthetic text-sized problem. Prints figures; asserts only that both solvers
/// converge to the same objective. Runs only when `STANCE_BENCHMARK` is set, in a release build:
///
///     STANCE_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter SolverBenchmarkTests
@Suite(.enabled(if: ProcessInfo.processInfo.environment["STANCE_BENCHMARK"] != nil))
struct SolverBenchmarkTests {
    /// `rows` documents over `columns` features with Zipf-like feature frequencies, ~`perRow` distinct features
    /// per document (log-scaled counts, L2-normalised rows as TF-IDF would give), labels from a sparse
    /// true weight vector plus logistic noise.
    static func textLike(rows: Int, columns: Int, perRow: Int, classes: Int, seed: UInt64) -> (SparseMatrix, [Int]) {
        var generator = SeededGenerator(seed: seed)
        var truth = [Double](repeating: 0, count: columns * classes)
        for index in truth.indices where Double.random(in: 0..<1, using: &generator) < 0.05 {
            truth[index] = Double.random(in: -4...4, using: &generator)
        }
        var x = SparseMatrix(columnCount: columns)
        var labels: [Int] = []
        let logColumns = Foundation.log(Double(columns))
        for _ in 0..<rows {
            var counts: [Int32: Double] = [:]
            for _ in 0..<perRow {
                // Zipf-like: column = exp(u · log(columns)) − 1.
                let u = Double.random(in: 0..<1, using: &generator)
                let column = Int32(min(columns - 1, Int(Foundation.exp(u * logColumns)) - 1))
                counts[column, default: 0] += 1
            }
            var entries = counts.map { ($0.key, 1 + Foundation.log($0.value)) }.sorted { $0.0 < $1.0 }
            let norm = entries.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            entries = entries.map { ($0.0, $0.1 / norm) }
            var scores = [Double](repeating: 0, count: classes)
            for (column, value) in entries {
                for k in 0..<classes { scores[k] += truth[Int(column) * classes + k] * value }
            }
            for k in 0..<classes {
                let u = Double.random(in: 1e-12..<1, using: &generator)
                scores[k] += Foundation.log(u / (1 - u))  // logistic noise
            }
            labels.append(scores.indices.max { scores[$0] < scores[$1] }!)
            x.appendRow(entries)
        }
        return (x, labels)
    }

    @Test(arguments: [2, 3])
    func tronVersusLBFGS(classes: Int) throws {
        let (x, labels) = Self.textLike(rows: 20_000, columns: 100_000, perRow: 150, classes: classes, seed: 2026)
        let names = (0..<classes).map { "class\($0)" }
        print("benchmark: \(x.rowCount) × \(x.columnCount), nnz \(x.nonZeroCount), \(classes) classes")
        if let directory = ProcessInfo.processInfo.environment["STANCE_BENCHMARK_DUMP"] {
            // svmlight format (zero-based columns) for a scikit-learn comparison.
            var text = ""
            for row in 0..<x.rowCount {
                text += "\(labels[row])"
                for (column, value) in x.row(row) { text += " \(column):\(value)" }
                text += "\n"
            }
            try text.write(toFile: "\(directory)/benchmark-k\(classes).svm", atomically: true, encoding: .utf8)
        }
        var objectives: [Double] = []
        for tolerance in [1e-4, 1e-6] {
            for solver in [LogisticRegression.Solver.trustRegionNewton, .lbfgs] {
                for threads in [1, 2] {
                    let trainer = LogisticRegression(
                        C: 1, tolerance: tolerance, maxIterations: 2000, threads: threads, solver: solver)
                    let clock = ContinuousClock()
                    var model: LogisticModel?
                    let elapsed = try clock.measure {
                        model = try trainer.fit(X: x, labels: labels, labelNames: names)
                    }
                    let fitted = try #require(model)
                    if tolerance == 1e-6 { objectives.append(fitted.objective) }
                    print(
                        "benchmark: K=\(classes) tol=\(tolerance) \(solver.rawValue) threads=\(threads): "
                            + "\(fitted.iterations) iterations, \(elapsed), objective "
                            + String(format: "%.12f", fitted.objective) + ", converged \(fitted.converged)")
                }
            }
        }
        let best = objectives.min()!
        for value in objectives { #expect((value - best) / best < 1e-9) }
    }
}
