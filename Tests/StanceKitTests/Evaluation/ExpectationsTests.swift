import Foundation
import StanceKit
import Testing

@Suite struct ExpectationsTests {
    private func parse(_ text: String) throws -> Expectations {
        try Expectations(json: Data(text.utf8), file: "expect.json")
    }

    private func perTarget() throws -> [TargetMetrics] {
        try metricsPerTarget(
            gold: HandCase.gold, probabilities: HandCase.probabilities, labels: HandCase.labels,
            targets: HandCase.targets, averagedLabels: ["AGAINST", "FAVOR"])
    }

    @Test func parsesTheDocumentedShape() throws {
        let expectations = try parse(
            #"{"f_avg": 0.68, "macro_f1": 0.5, "per_target": {"iPhone SE": {"f_avg": 0.6}}, "#
                + #""per_class": {"FAVOR": {"f1": 0.5}}}"#)
        #expect(expectations.overall == ["f_avg": 0.68, "macro_f1": 0.5])
        #expect(expectations.perTarget == ["iPhone SE": ["f_avg": 0.6]])
        #expect(expectations.perClass == ["FAVOR": ["f1": 0.5]])
    }

    @Test func passesWhenEveryFloorIsMet() throws {
        // Hand case: f_avg 0.65, macro-F1 0.656, FAVOR F1 0.8; iPhone SE (docs 0–2): AGAINST F1 2/3, FAVOR F1 2/3.
        let expectations = try parse(
            #"{"f_avg": 0.6, "macro_f1": 0.5, "per_class": {"FAVOR": {"f1": 0.5}}, "#
                + #""per_target": {"iPhone SE": {"f_avg": 0.6}}}"#)
        let report = expectations.check(try HandCase.metrics(), perTarget: try perTarget())
        #expect(report.passed)
        #expect(report.checks.count == 4)
        #expect(report.description.contains("PASS"))
    }

    @Test func failsBelowAFloorWithTheGap() throws {
        let report = try parse(#"{"f_avg": 0.68, "log_loss": 0.5}"#).check(try HandCase.metrics())
        #expect(!report.passed)
        let failures = report.failures
        #expect(failures.map(\.path) == ["f_avg", "log_loss"])
        // 0.68 − 0.65 = 0.03 short; log-loss 0.6027 is above its ceiling 0.5 by 0.1027.
        #expect(abs(try #require(failures[0].gap) - 0.03) < 1e-12)
        #expect(abs(try #require(failures[1].gap) - 0.102_729) < 1e-6)
        #expect(report.description.contains("f_avg 0.6500 is below the floor 0.6800 by 0.0300"))
        #expect(report.description.contains("FAIL"))
    }

    @Test func failsWhenANamedMetricIsNotComputed() throws {
        let plain = try ClassificationMetrics(
            gold: HandCase.gold, probabilities: HandCase.probabilities, labels: HandCase.labels)
        let report = try parse(
            #"{"f_avg": 0.1, "per_target": {"Tesla": {"accuracy": 0.1}}, "per_class": {"MAYBE": {"f1": 0}}}"#
        ).check(plain)
        #expect(!report.passed)
        #expect(report.failures.count == 3)
        #expect(report.failures.allSatisfy { $0.actual == nil })
        #expect(report.description.contains("per_target.Tesla.accuracy was expected"))
    }

    @Test func errorsNameTheFile() throws {
        #expect(throws: EvaluationError.invalidExpectations(file: "expect.json", reason: "not valid JSON")) {
            try parse("{f_avg: 1}")
        }
        do {
            _ = try parse(#"{"f1_macro": 0.5}"#)
            Issue.record("an unknown metric was accepted")
        } catch let error as EvaluationError {
            #expect(error.description.hasPrefix("expect.json: unknown key \"f1_macro\""))
            #expect(error.exitStatus == .dataError)
        }
        #expect(throws: EvaluationError.self) { try parse(#"{"per_class": {"FAVOR": {"f1": "high"}}}"#) }
        #expect(throws: EvaluationError.self) { try parse(#"{"f_avg": true}"#) }
        #expect(throws: EvaluationError.self) { try parse("[0.5]") }
    }
}
