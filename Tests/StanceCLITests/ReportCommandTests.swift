import Foundation
import Testing
import _StanceTestSupport

/// `stance eval --report DIR` and `stance score --report DIR`: provenance, figures inline and as SVG files.
@Suite struct ReportCommandTests {
    static func read(_ path: String) throws -> String { String(decoding: try fileBytes(path), as: UTF8.self) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func scoreReportHasProvenanceAndOneDotPerSource() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = directory.path + "/report"
        let data = fixturePath("train-small.jsonl")
        let run = try runStance(
            ["score", "--model", fixturePath("model-v1.stance"), data, "--by", "source,month", "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        let html = try Self.read(report + "/report.html")
        // Nothing to run and nothing to fetch (the only address is the SVG namespace).
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("https://"))
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
        #expect(html.contains("Noto Sans CJK SC"))
        #expect(html.contains("<th>command</th><td><code>"))
        #expect(html.contains("score --model"))
        #expect(html.contains("(\(try fileBytes(data).count) bytes, CRC-32 "))
        #expect(html.contains("<tr><th>documents</th><td>16</td></tr>"))
        #expect(
            html.contains("<th>per source (4)</th><td>East Daily 4, Harbour Ledger 4, Mekong Voice 4, North Wire 4"))
        // The old model has no rates: the note is among the warnings.
        #expect(html.contains("<li>warning: no adjusted shares: the model stores no"))
        let ratings = try Self.read(report + "/source-ratings.svg")
        #expect(ratings.hasPrefix("<?xml"))
        #expect(Self.count("class=\"dot\"", in: ratings) == 4)
        #expect(Self.count("class=\"interval\"", in: ratings) == 0)  // 4 articles each: too few for an interval
        #expect(Self.count("class=\"tick-label\"", in: ratings) == 6)  // 0, 0.2, …, 1
        #expect(ratings.contains("P(favor)"))
        let months = try Self.read(report + "/by-month.svg")
        #expect(Self.count("class=\"point\"", in: months) > 4)
        #expect(months.contains(">2024-01<"))
        #expect(html.contains("<h2>Languages and abstentions per source</h2>"))
        #expect(html.contains("<h2>Evidence per source</h2>"))
    }

    @Test func evalReportColoursSourcesByMajorityGoldLabelAndKeepsWarnings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = directory.path + "/report"
        // Outlet labels spread to articles, ungrouped: the run warns that it measures outlet recognition.
        let run = try runStance(
            [
                "eval", "--data", fixturePath("blame-small.jsonl"), "--folds", "3", "--label-from-source",
                fixturePath("outlets-small.tsv"), "--report", report, "--word-ngrams", "1-1", "--char-ngrams", "none",
            ])
        #expect(run.status == 0, "\(run.standardError)")
        let html = try Self.read(report + "/report.html")
        #expect(html.contains("<li>warning: ") && html.contains("outlet recognition"))
        let positions = try Self.read(report + "/source-positions.svg")
        // Four outlets: East Daily and Mekong Voice are "state" (second colour), North Wire and Harbour Ledger
        // "independent" (first colour).
        #expect(Self.count("class=\"dot\"", in: positions) == 4)
        #expect(Self.count("data-colour=\"#D55E00\"", in: positions) == 2)
        #expect(Self.count("data-colour=\"#0072B2\"", in: positions) == 2)
        let reliability = try Self.read(report + "/reliability.svg")
        #expect(Self.count("class=\"bin-count\"", in: reliability) == 15)
        #expect(Self.count("class=\"tick-label\"", in: reliability) == 12)
        for name in ["confusion", "per-class-f1", "folds"] {
            #expect(FileManager.default.fileExists(atPath: report + "/\(name).svg"), "\(name).svg")
        }
        #expect(html.contains("<h2>Per language</h2>") && html.contains("<h2>Accuracy per source</h2>"))
        // Two classes: one coefficient plot, features of both sides, no intervals for a penalised fit.
        let coefficients = try Self.read(report + "/coefficients-1.svg")
        #expect(Self.count("class=\"dot\"", in: coefficients) >= 2)
        #expect(Self.count("class=\"interval\"", in: coefficients) == 0)
        #expect(html.contains("no intervals (penalised fit; train --bootstrap N gives them)"))
    }

    @Test func coefficientPlotShowsBootstrapIntervalsOfAHeldOutModel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        let train = try runStance(
            [
                "train", "--data", fixturePath("blame-small.jsonl"), "--out", model, "--bootstrap", "30",
                "--word-ngrams", "1-1", "--char-ngrams", "none", "--rate-folds", "0",
            ])
        #expect(train.status == 0, "\(train.standardError)")
        let report = directory.path + "/report"
        let held = try runStance(
            ["eval", "--model", model, "--data", fixturePath("blame-small.jsonl"), "--report", report])
        #expect(held.status == 0, "\(held.standardError)")
        let coefficients = try Self.read(report + "/coefficients-1.svg")
        let dots = Self.count("class=\"dot\"", in: coefficients)
        #expect(dots >= 2 && Self.count("class=\"interval\"", in: coefficients) == dots)
    }
}
