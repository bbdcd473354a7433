import Foundation

/// Regression floors for an evaluation, read from an expect file such as
///
/// ```json
/// {"f_avg": 0.68, "macro_f1": 0.5,
///  "per_target": {"iPhone SE": {"f_avg": 0.6}},
///  "per_class": {"FAVOR": {"f1": 0.5}}}
/// ```
///
/// Top-level and per-target keys are headline metrics (`accuracy`, `macro_f1`, `f_avg`, `log_loss`, `brier`,
/// `ece`); per-class keys are `precision`, `recall`, `f1`, `support`. For metrics where higher is better the number
/// is a floor (fail when the metric is below it); for `log_loss`, `brier` and `ece`, where lower is better, it is a
/// ceiling (fail when the metric is above it).
public struct Expectations: Equatable, Sendable {
    public var overall: [String: Double]
    public var perTarget: [String: [String: Double]]
    public var perClass: [String: [String: Double]]

    public init(
        overall: [String: Double] = [:], perTarget: [String: [String: Double]] = [:],
        perClass: [String: [String: Double]] = [:]
    ) {
        self.overall = overall
        self.perTarget = perTarget
        self.perClass = perClass
    }

    /// Reads an expect file.
    ///
    /// - Throws: ``IOFailure`` when the file cannot be read; ``EvaluationError/invalidExpectations(file:reason:)``
    ///   naming the file when it is not such a JSON object.
    public init(contentsOfFile path: String) throws {
        try self.init(json: Data(try InputFile.readBytes(path, what: "the expectations file")), file: path)
    }

    /// Parses expectations from JSON; `file` names the origin in error messages.
    ///
    /// - Throws: ``EvaluationError/invalidExpectations(file:reason:)``.
    public init(json data: Data, file: String) throws {
        func fail(_ reason: String) -> EvaluationError { .invalidExpectations(file: file, reason: reason) }
        let root: [String: ExpectNode]
        do {
            guard case .object(let object) = try JSONDecoder().decode(ExpectNode.self, from: data) else {
                throw fail("expected a JSON object at the top level")
            }
            root = object
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw fail("not valid JSON")
        }
        func number(_ value: ExpectNode, at path: String) throws -> Double {
            guard case .number(let number) = value else { throw fail("expected a number at \(path)") }
            return number
        }
        func floors(_ value: ExpectNode, at path: String, allowed: Set<String>) throws -> [String: Double] {
            guard case .object(let map) = value else { throw fail("expected an object at \(path)") }
            var result: [String: Double] = [:]
            for key in map.keys.sortedByCodePoint() {
                guard allowed.contains(key) else {
                    let names = allowed.sortedByCodePoint().joined(separator: ", ")
                    throw fail("unknown metric \"\(key)\" at \(path) (expected one of: \(names))")
                }
                result[key] = try number(map[key]!, at: "\(path).\(key)")
            }
            return result
        }
        let headline = Set(HeadlineMetric.allCases.map(\.rawValue))
        var overall: [String: Double] = [:]
        var perTarget: [String: [String: Double]] = [:]
        var perClass: [String: [String: Double]] = [:]
        for key in root.keys.sortedByCodePoint() {
            let value = root[key]!
            switch key {
            case "per_target":
                guard case .object(let targets) = value else { throw fail("expected an object at per_target") }
                for (target, entry) in targets {
                    perTarget[target] = try floors(entry, at: "per_target.\(target)", allowed: headline)
                }
            case "per_class":
                guard case .object(let classes) = value else { throw fail("expected an object at per_class") }
                for (label, entry) in classes {
                    perClass[label] = try floors(
                        entry, at: "per_class.\(label)", allowed: ["precision", "recall", "f1", "support"])
                }
            default:
                guard headline.contains(key) else {
                    throw fail("unknown key \"\(key)\" (expected a metric name, per_target or per_class)")
                }
                overall[key] = try number(value, at: key)
            }
        }
        self.init(overall: overall, perTarget: perTarget, perClass: perClass)
    }

    /// Checks computed metrics against the expectations.
    ///
    /// - Parameters:
    ///   - metrics: the overall metrics.
    ///   - perTarget: the per-target metrics, if computed.
    /// - Returns: every check, with the failures (a metric past its bound, or named but not computed).
    public func check(_ metrics: ClassificationMetrics, perTarget targets: [TargetMetrics] = []) -> ExpectationReport {
        var checks: [ExpectationCheck] = []
        func headline(_ floors: [String: Double], in metrics: ClassificationMetrics?, prefix: String) {
            for name in floors.keys.sortedByCodePoint() {
                let metric = HeadlineMetric(rawValue: name)!
                checks.append(
                    ExpectationCheck(
                        path: prefix + name, bound: floors[name]!, actual: metrics?.value(of: metric),
                        lowerIsBetter: metric.lowerIsBetter))
            }
        }
        headline(overall, in: metrics, prefix: "")
        for label in perClass.keys.sortedByCodePoint() {
            let classMetrics = metrics.metrics(ofClass: label)
            let floors = perClass[label]!
            for name in floors.keys.sortedByCodePoint() {
                let actual: Double? = classMetrics.map { m in
                    switch name {
                    case "precision": return m.precision
                    case "recall": return m.recall
                    case "f1": return m.f1
                    default: return Double(m.support)
                    }
                }
                checks.append(
                    ExpectationCheck(
                        path: "per_class.\(label).\(name)", bound: floors[name]!, actual: actual, lowerIsBetter: false))
            }
        }
        for target in perTarget.keys.sortedByCodePoint() {
            let found = targets.first { $0.target == target }?.metrics
            headline(perTarget[target]!, in: found, prefix: "per_target.\(target).")
        }
        return ExpectationReport(checks: checks)
    }
}

/// One expectation compared with the computed value.
public struct ExpectationCheck: Equatable, Sendable {
    /// Where the metric sits, e.g. `f_avg`, `per_target.iPhone SE.f_avg`, `per_class.FAVOR.f1`.
    public var path: String
    /// The floor (or, when `lowerIsBetter`, the ceiling).
    public var bound: Double
    /// The computed value, `nil` when the metric was not computed.
    public var actual: Double?
    public var lowerIsBetter: Bool

    /// Whether the metric was computed and is within its bound.
    public var passed: Bool {
        guard let actual else { return false }
        return lowerIsBetter ? actual <= bound : actual >= bound
    }

    /// How far the metric is past its bound (positive when failing), `nil` when not computed.
    public var gap: Double? { actual.map { lowerIsBetter ? $0 - bound : bound - $0 } }
}

/// The result of checking expectations: pass only when every check passed.
public struct ExpectationReport: Equatable, Sendable, CustomStringConvertible {
    public var checks: [ExpectationCheck]

    public var passed: Bool { checks.allSatisfy(\.passed) }
    public var failures: [ExpectationCheck] { checks.filter { !$0.passed } }

    /// One line per failure and a closing verdict, e.g.
    /// `f_avg 0.6210 is below the floor 0.6800 by 0.0590` … `expectations: FAIL (1 of 3 checks failed)`.
    public var description: String {
        var lines: [String] = []
        for check in failures {
            if let actual = check.actual, let gap = check.gap {
                let side = check.lowerIsBetter ? "above the ceiling" : "below the floor"
                lines.append(
                    "\(check.path) \(formatFixed(actual, digits: 4)) is \(side) \(formatFixed(check.bound, digits: 4)) "
                        + "by \(formatFixed(gap, digits: 4))")
            } else {
                lines.append("\(check.path) was expected (\(formatFixed(check.bound, digits: 4))) but not computed")
            }
        }
        let verdict = passed ? "PASS" : "FAIL"
        lines.append("expectations: \(verdict) (\(failures.count) of \(checks.count) checks failed)")
        return lines.joined(separator: "\n")
    }
}

/// A node of an expect file: a number, an object, or anything else (kept only to name it in an error).
private enum ExpectNode: Decodable {
    case number(Double)
    case object([String: ExpectNode])
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Booleans first: they must not pass as the numbers 0 and 1.
        if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let object = try? container.decode([String: ExpectNode].self) {
            self = .object(object)
        } else {
            self = .other
        }
    }
}
