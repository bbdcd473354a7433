import Foundation
import StanceKit
import Testing

@Suite struct ReportJSONTests {
    private func report() throws -> EvaluationReport {
        let targets = try metricsPerTarget(
            gold: HandCase.gold, probabilities: HandCase.probabilities, labels: HandCase.labels,
            targets: HandCase.targets, averagedLabels: ["AGAINST", "FAVOR"])
        return EvaluationReport(
            metrics: try HandCase.metrics(), perTarget: targets,
            folds: [["accuracy": 0.5, "macro_f1": 0.4], ["accuracy": 0.7, "macro_f1": 0.6]],
            ci95: ["accuracy": Interval(low: 0.25, high: 1)],
            settings: ["folds": .integer(2), "seed": .integer(7), "features": .string("word 1-2")])
    }

    @Test func hasExactlyTheDocumentedKeys() throws {
        let text = try report().jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "accuracy", "macro_f1", "f_avg", "log_loss", "brier", "ece", "per_class", "per_target", "confusion",
                "folds", "ci95", "settings",
            ])
        let confusion = try #require(object["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == ["AGAINST", "FAVOR", "NONE"])
        #expect(confusion["matrix"] as? [[Int]] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
        let perClass = try #require(object["per_class"] as? [String: [String: Any]])
        #expect(perClass["FAVOR"]?["support"] as? Int == 2)
        #expect(abs((perClass["FAVOR"]?["f1"] as? Double ?? 0) - 0.8) < 1e-12)
        let perTarget = try #require(object["per_target"] as? [String: [String: Any]])
        #expect(Set(perTarget.keys) == ["iPhone SE", "中国"])
        #expect(perTarget["中国"]?["confusion"] != nil)
        #expect(object["ci95"] as? [String: [Double]] == ["accuracy": [0.25, 1]])
        #expect((object["folds"] as? [[String: Double]])?.count == 2)
        #expect((object["settings"] as? [String: Any])?["features"] as? String == "word 1-2")
    }

    @Test func isDeterministicWithSortedKeys() throws {
        let text = try report().jsonText()
        #expect(text == (try report().jsonText()))
        let positions = ["\"accuracy\"", "\"brier\"", "\"ci95\"", "\"confusion\"", "\"ece\"", "\"f_avg\""].map {
            text.range(of: $0)!.lowerBound
        }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"matrix\": [\n      [1, 1, 0],"))
        // Doubles always carry a fraction or exponent (iPhone SE has no NONE document: F1 0), integers never do.
        #expect(text.contains("\"f1\": 0.0,"))
        #expect(text.contains("\"support\": 0\n"))
    }

    @Test func omitsFAvgUnlessRequested() throws {
        let plain = try ClassificationMetrics(
            gold: HandCase.gold, probabilities: HandCase.probabilities, labels: HandCase.labels)
        let text = EvaluationReport(metrics: plain).jsonText()
        #expect(!text.contains("f_avg"))
    }

    @Test func rendersAPlainTextTable() throws {
        let table = try report().table()
        #expect(table.contains("accuracy"))
        #expect(table.contains("0.6667"))
        #expect(table.contains("[0.2500, 1.0000]"))
        #expect(table.contains("中国"))
        // Fold spread: accuracy mean 0.6, sd √((0.1² + 0.1²)/1) = 0.1414.
        #expect(table.contains("0.6000  0.1414"))
    }
}
