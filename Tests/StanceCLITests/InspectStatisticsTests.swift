import Foundation
import Testing
import _StanceTestSupport

/// What `stance inspect` says about uncertainty: Wald statistics only for unpenalised fits, a warning when outlet
/// labels were spread to articles, unseen features apart, bootstrap intervals and rates from the model file.
@Suite struct InspectStatisticsTests {
    static let lexiconOnly = [
        "--lexicon", fixturePath("blame-lexicon.tsv"), "--word-ngrams", "none", "--char-ngrams", "none",
    ]

    @Test func penalisedFitHasNoPValuesAndListsUnseenFeaturesApart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        // train-small has no blame term: the three lexicon columns never fire in training.
        let train = try runStance(
            [
                "train", "--data", fixturePath("train-small.jsonl"), "--out", model, "--word-ngrams", "1-1",
                "--char-ngrams", "none", "--lexicon", fixturePath("blame-lexicon.tsv"), "--bootstrap", "20",
            ])
        #expect(train.status == 0, "\(train.standardError)")
        let table = try runStance(["inspect", model, "--top", "3"])
        #expect(table.status == 0)
        let text = table.standardOutput
        #expect(!text.contains("std.err") && !text.contains("95% interval"))
        #expect(text.contains("p-values and Wald intervals are shown only for unpenalised fits (--C inf)"))
        #expect(text.contains("features never seen in training (3;"))
        #expect(text.contains("    lex:blame, lex:blame@quoted, lex:rate:blame\n"))
        #expect(text.contains("bootstrap: 95% percentile intervals from 20 refits on resampled documents"))
        #expect(text.contains("rates (5-fold cross-validation, 16 documents): against tpr "))
        let json = try jsonObject(try runStance(["inspect", "--format", "json", model]).standardOutput)
        #expect(json["format_version"] as? Int == 2)
        let sub = try #require((json["sub_models"] as? [[String: Any]])?.first)
        #expect(sub["coefficients"] == nil && sub["coefficients_omitted"] is String)
        #expect(sub["unseen_features"] as? [String] == ["lex:blame", "lex:blame@quoted", "lex:rate:blame"])
        let top = try #require(sub["top_features"] as? [String: [[String: Any]]])
        for feature in top.values.joined() {
            let weight = try #require(feature["weight"] as? Double)
            let interval = try #require(feature["ci95_bootstrap"] as? [Double])
            #expect(interval.count == 2 && interval[0] <= weight && weight <= interval[1])
        }
    }

    @Test func unpenalisedFitOnOutletLabelsWarnsAboutIndependence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        let train = try runStance(
            [
                "train", "--data", fixturePath("blame-small.jsonl"), "--out", model, "--C", "inf", "--rate-folds", "0",
                "--label-from-source", fixturePath("outlets-small.tsv"),
            ] + Self.lexiconOnly)
        #expect(train.status == 0, "\(train.standardError)")
        let table = try runStance(["inspect", model])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("std.err        z        p   95% interval"))
        #expect(
            table.standardOutput.contains(
                "warning: the labels are outlets' labels spread to their articles: these standard errors, p-values"))
        let json = try jsonObject(try runStance(["inspect", "--format", "json", model]).standardOutput)
        #expect(json["labels_from_sources"] as? Bool == true)
        #expect((json["warnings"] as? [String])?.count == 1)
        // The same fit on article labels: no warning.
        let articleLabels = try runStance(
            ["train", "--data", fixturePath("blame-small.jsonl"), "--out", model, "--C", "inf", "--rate-folds", "0"]
                + Self.lexiconOnly)
        #expect(articleLabels.status == 0, "\(articleLabels.standardError)")
        let plain = try runStance(["inspect", model])
        #expect(plain.standardOutput.contains("std.err") && !plain.standardOutput.contains("warning:"))
    }

    @Test func theFrozenVersionOneModelStillInspects() throws {
        let run = try runStance(["inspect", fixturePath("model-v1.stance")])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("stance model (format version 1)\n"))
        // Version 1 stored no rates or intervals.
        #expect(!run.standardOutput.contains("rates (") && !run.standardOutput.contains("bootstrap:"))
    }
}
