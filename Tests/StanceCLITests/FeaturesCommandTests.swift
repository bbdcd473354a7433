import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `stance features`: the per-document JSON report and the svmlight export.
@Suite struct FeaturesCommandTests {
    let lexicon = fixturePath("blame-lexicon.tsv")

    @Test func jsonReportFieldsAndLexiconHitsInTheOriginalScript() throws {
        let input = """
            {"id": 7, "text": "這項魯莽的決定令漁民不滿。", "source": "Harbour Ledger", "label": "critical"}
            {"id": "en", "text": "Critics called it \\"reckless\\" today, a reckless move."}
            {"id": "vi", "text": "Kế hoạch liều lĩnh này bị phản đối."}
            {"id": "hans", "text": "部长公布了新的统计数字。"}

            """
        let run = try runStance(
            ["features", "--format", "json", "--lexicon", lexicon, "--top", "3", "-"], input: Array(input.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        let reports = try jsonLines(run.standardOutput)
        #expect(reports.count == 4)
        for report in reports {
            #expect(Set(report.keys) == ["id", "source", "label", "lang", "lang_shares", "lexicon_hits", "top_ngrams"])
        }
        #expect(reports.map { $0["id"] as? String } == ["7", "en", "vi", "hans"])
        #expect(reports.map { $0["lang"] as? String } == ["zh-Hant", "en", "vi", "zh-Hans"])
        #expect(
            reports.map { ($0["lang_shares"] as? [String: Double])?.keys.sorted() } == [
                ["zh-Hant"], ["en"], ["vi"], ["zh-Hans"],
            ])
        #expect(reports[0]["source"] as? String == "Harbour Ledger")
        #expect(reports[0]["label"] as? String == "critical")
        #expect(reports[1]["source"] is NSNull && reports[1]["label"] is NSNull)

        // The Simplified lexicon term 鲁莽 is found in Traditional text through t2s and shown as written, 魯莽.
        let hant = try #require(reports[0]["lexicon_hits"] as? [[String: Any]])
        #expect(hant.count == 1)
        #expect(hant.first?["concept"] as? String == "blame")
        #expect(hant.first?["term"] as? String == "鲁莽")
        #expect(hant.first?["match"] as? String == "魯莽")
        #expect(hant.first?["before"] as? String == "這項")
        #expect(hant.first?["after"] as? String == "的決定令漁民不滿。")
        #expect(hant.first?["quoted"] as? Bool == false)

        // Quoted and own-voice uses of the same term.
        let english = try #require(reports[1]["lexicon_hits"] as? [[String: Any]])
        #expect(english.map { $0["match"] as? String } == ["reckless", "reckless"])
        #expect(english.map { $0["quoted"] as? Bool } == [true, false])

        let vietnamese = try #require(reports[2]["lexicon_hits"] as? [[String: Any]])
        #expect(vietnamese.map { $0["match"] as? String } == ["liều lĩnh"])
        #expect((reports[3]["lexicon_hits"] as? [Any])?.isEmpty == true)

        for report in reports {
            let top = try #require(report["top_ngrams"] as? [String: Int])
            #expect(top.count <= 3 && !top.isEmpty)
        }
    }

    /// OpenCC would take a configuration or dictionary of the installed name from the working directory first;
    /// stance must convert with the installed ones wherever it is run from.
    @Test func decoyOpenCCFilesInTheWorkingDirectoryAreIgnored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in [
            "t2s.json", "s2t.json", "TSPhrases.ocd2", "TSCharacters.ocd2", "STPhrases.ocd2", "STCharacters.ocd2",
        ] {
            _ = try directory.write(name, "not what OpenCC expects\n")
        }
        let input = #"{"id": "t", "text": "乾隆皇帝的頭髮後來很著名。"}"# + "\n"
        let run = try runStance(
            ["features", "--format", "json", "--top", "40", "-"], input: Array(input.utf8),
            currentDirectory: directory.path)
        #expect(run.status == 0, "\(run.standardError)")
        let report = try #require(try jsonLines(run.standardOutput).first)
        #expect(report["lang"] as? String == "zh-Hant")
        let top = try #require(report["top_ngrams"] as? [String: Int])
        // Phrase-level t2s: 乾隆 stays, 頭髮 becomes 头发, 後來 becomes 后来.
        #expect(top["c:乾隆"] != nil && top["c:头发"] != nil && top["c:后来"] != nil, "\(top.keys.sorted())")
        #expect(top["c:干隆"] == nil && top["c:頭髮"] == nil)
    }

    @Test func tableReportMarksQuotedHits() throws {
        let input = #"{"id": "q", "text": "Critics called it \"reckless\" today."}"# + "\n"
        let run = try runStance(["features", "--lexicon", lexicon, "-"], input: Array(input.utf8))
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("q  lang en\n"))
        #expect(run.standardOutput.contains("  blame (quoted): …Critics called it \"[reckless]\" today.…\n"))
    }

    /// One line of an svmlight file, read by this test's own parser.
    struct SVMLightRow: Equatable {
        var label: Int
        var features: [(index: Int, value: Double)]

        static func == (a: SVMLightRow, b: SVMLightRow) -> Bool {
            a.label == b.label && a.features.map(\.index) == b.features.map(\.index)
                && a.features.map(\.value) == b.features.map(\.value)
        }

        init?(_ line: Substring) {
            let fields = line.split(separator: " ")
            guard let first = fields.first, let label = Int(first) else { return nil }
            self.label = label
            var features: [(Int, Double)] = []
            for field in fields.dropFirst() {
                let parts = field.split(separator: ":")
                guard parts.count == 2, let index = Int(parts[0]), let value = Double(parts[1]) else { return nil }
                features.append((index, value))
            }
            self.features = features
        }
    }

    @Test func svmlightExportReadsBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/matrix.svm"
        let corpus = fixturePath("train-small.jsonl")
        let run = try runStance(
            ["features", corpus, "--word-ngrams", "1", "--char-ngrams", "1", "--export", "svmlight", out])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)

        let names = try String(contentsOfFile: out + ".names", encoding: .utf8).split(separator: "\n").map(String.init)
        let labels = try String(contentsOfFile: out + ".labels", encoding: .utf8).split(separator: "\n").map(
            String.init)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(labels == ["against", "favor"])
        #expect(lines.count == 16)
        #expect(run.standardError.hasPrefix("stance: wrote 16 rows × \(names.count) features ("))
        let rows = lines.compactMap(SVMLightRow.init)
        #expect(rows.count == 16, "every line parses")

        let documents = try jsonLines(try String(contentsOfFile: corpus, encoding: .utf8))
        #expect(rows.map { labels[$0.label] } == documents.map { $0["label"] as! String })
        // Names: unique, code point order, word and character unigrams only.
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.hasPrefix("w:") || $0.hasPrefix("c:") })
        #expect(names.contains("w:dams") && names.contains("c:坝") && names.contains("w:đập"))
        #expect(!names.contains("c:壩"), "Traditional text is converted before counting")
        var documentFrequency = [Int](repeating: 0, count: names.count)
        for row in rows {
            let indices = row.features.map(\.index)
            #expect(indices == indices.sorted() && Set(indices).count == indices.count)
            #expect(indices.allSatisfy { (1...names.count).contains($0) })
            // Each row has unit Euclidean length.
            let norm = row.features.map { $0.value * $0.value }.reduce(0, +).squareRoot()
            #expect(abs(norm - 1) < 1e-12)
            for index in indices { documentFrequency[index - 1] += 1 }
        }
        // The first English document, worked out independently: tf' = 1 + ln(tf), idf = ln((1 + n) / (1 + df)) + 1,
        // then L2 normalisation. "the" occurs 3 times, every other word once.
        let row = rows[0]
        let n = 16.0
        var expected: [Int: Double] = [:]
        let words = "the new upstream dams hold back the river and ruin the fishing villages downstream"
            .split(separator: " ")
        var counts: [String: Int] = [:]
        for word in words { counts["w:" + word, default: 0] += 1 }
        for (name, count) in counts {
            let column = try #require(names.firstIndex(of: name), "no column \(name)")
            let idf = log((1 + n) / (1 + Double(documentFrequency[column]))) + 1
            expected[column + 1] = (1 + log(Double(count))) * idf
        }
        let length = expected.values.map { $0 * $0 }.reduce(0, +).squareRoot()
        #expect(row.features.map(\.index) == expected.keys.sorted())
        for (index, value) in row.features {
            #expect(abs(value - expected[index]! / length) < 1e-12, "column \(names[index - 1])")
        }
    }

    @Test func exportNeedsEveryLabel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write(
            "c.jsonl",
            "{\"id\": \"1\", \"text\": \"The dams.\", \"label\": \"a\"}\n{\"id\": \"2\", \"text\": \"水坝。\"}\n")
        let run = try runStance(["features", data, "--export", "svmlight", directory.path + "/m.svm"])
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: \(data):2: document '2' has no label (field 'label'); every training document needs one\n")
        let usage = try runStance(["features", data, "--export", "csv", directory.path + "/m.csv"])
        #expect(usage.status == 64)
    }
}
