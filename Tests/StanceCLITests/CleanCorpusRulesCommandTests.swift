import Foundation
import Testing
import _StanceTestSupport

/// `stance clean` with the corpus rules (boilerplate lines recurring across a source, `--dedupe near`), CSV records
/// with every field, and `--clean` applying the boilerplate rule on `corpus`.
@Suite struct CleanCorpusRulesCommandTests {
    /// Five items of one outlet with a recurring masthead and footer (one footer holds a lexicon term), a wire copy
    /// of the first item under another outlet, and an item of a third outlet. All written by the project.
    static let records: String = {
        let bodies = [
            "Tàu cá của ngư dân miền Trung được hỗ trợ nhiên liệu trong đợt biển động kéo dài suốt tuần qua, theo sở nông nghiệp tỉnh.",
            "港口擴建計劃再生變數，發展局回應說工程已完成兩輪諮詢，將於明年初公布最終方案。",
            "上游国家宣布调整航运规则，下游国家表示关切，业者预计运输成本将上升一成左右。",
            "The harbour authority approved night dredging of the eastern channel after a long public hearing on Monday.",
            "A chess club founded by retired railway workers celebrated its fiftieth year with a tournament in the old depot.",
        ]
        var lines: [String] = []
        for (index, body) in bodies.enumerated() {
            let text = ["Morning Ledger — daily edition", body, "Reckless dams: our view", "© Morning Ledger"]
                .joined(separator: "\n")
            lines.append(jsonLine(["id": "m\(index)", "text": text, "source": "Morning Ledger"]))
        }
        // A wire copy of m0's body with one word changed: a near-duplicate once the masthead and footer are cut.
        let copy = bodies[0].replacingOccurrences(of: "suốt tuần qua", with: "cả tuần qua")
        lines.append(jsonLine(["id": "w1", "text": copy, "source": "Wire Post"]))
        let other = "Các kỹ sư bắt đầu thay cáp của cây cầu treo vào ban đêm để tránh giờ cao điểm."
        lines.append(jsonLine(["id": "o1", "text": "Morning Ledger — daily edition\n" + other, "source": "Other"]))
        return lines.joined(separator: "\n") + "\n"
    }()

    static func jsonLine(_ object: [String: String]) -> String {
        let keys = ["id", "text", "source"]
        return "{" + keys.compactMap { key in object[key].map { "\"\(key)\": \(quoted($0))" } }.joined(separator: ", ")
            + "}"
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }

    @Test func boilerplateIsCutAndLexiconLinesAreKept() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", Self.records)
        let lexicon = try directory.write("lexicon.tsv", "concept\tterm\tlang\tnote\nblame\treckless\ten\t\n")
        let out = directory.path + "/out.jsonl"
        let log = directory.path + "/log.jsonl"
        let run = try runStance([
            "clean", input, "--out", out, "--log", log, "--boilerplate-lexicon", lexicon, "--threads", "1",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let objects = try jsonLines(try String(contentsOfFile: out, encoding: .utf8))
        let texts = objects.map { $0["text"] as! String }
        #expect(objects.count == 7)
        // The masthead and the copyright recur in all five items of the outlet: cut; the footer with a lexicon
        // term recurs too but stays. The other outlets' items keep their lines.
        #expect(texts[1].hasPrefix("港口擴建計劃") && texts[1].hasSuffix("\nReckless dams: our view\n"))
        #expect(!texts[0].contains("Morning Ledger"))
        #expect(texts[6].hasPrefix("Morning Ledger — daily edition\n"))
        let logged = try jsonLines(try String(contentsOfFile: log, encoding: .utf8))
        #expect(Set(logged.map { $0["reason"] as! String }) == ["boilerplate"])
        #expect(logged.count == 10)
        let inputs = try jsonLines(Self.records)
        for entry in logged {
            let original = inputs.first { $0["id"] as! String == entry["id"] as! String }!["text"] as! String
            let scalars = Array(original.unicodeScalars)
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: scalars[(entry["start"] as! Int)..<(entry["end"] as! Int)])
            #expect(String(cut) == entry["text"] as! String)
        }
        // Two threads write the same bytes.
        let out2 = directory.path + "/out2.jsonl"
        let run2 = try runStance([
            "clean", input, "--out", out2, "--boilerplate-lexicon", lexicon, "--threads", "2",
        ])
        #expect(run2.status == 0)
        #expect(try fileBytes(out2) == fileBytes(out))
        // The dry run counts the kept lexicon lines; --remove-lexicon-boilerplate cuts them.
        let dry = try runStance(["clean", "--dry-run", input, "--boilerplate-lexicon", lexicon])
        #expect(dry.standardOutput.contains("boilerplate: 10 spans in 5 documents"))
        #expect(dry.standardOutput.contains("boilerplate_lexicon (kept): 5 recurring lines with a lexicon hit in 5"))
        let removing = try runStance([
            "clean", input, "--boilerplate-lexicon", lexicon, "--remove-lexicon-boilerplate",
        ])
        #expect(!removing.standardOutput.contains("Reckless"))
        // --no-boilerplate keeps every recurring line.
        let off = try runStance(["clean", input, "--no-boilerplate"])
        #expect(off.standardOutput == Self.records)
    }

    @Test func dedupeNearKeepsOnePerCluster() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", Self.records)
        let log = directory.path + "/log.jsonl"
        let run = try runStance(["clean", input, "--dedupe", "near", "--log", log, "--threads", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let ids = try jsonLines(run.standardOutput).map { $0["id"] as! String }
        #expect(ids == ["m0", "m1", "m2", "m3", "m4", "o1"])
        let dropped = try jsonLines(try String(contentsOfFile: log, encoding: .utf8)).filter {
            $0["reason"] as! String == "near_duplicate"
        }
        #expect(dropped.count == 1)
        #expect(dropped.first?["id"] as? String == "w1")
        #expect(dropped.first?["duplicate_of"] as? String == "m0")
        #expect(dropped.first?["start"] as? Int == 0)
        // Without --dedupe every document is written; --near-duplicates alone is a usage error.
        let all = try runStance(["clean", input])
        #expect(try jsonLines(all.standardOutput).count == 7)
        let usage = try runStance(["clean", input, "--near-duplicates"])
        #expect(usage.status == 64)
    }

    @Test func csvRecordsKeepEveryField() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csv = try directory.write(
            "in.csv",
            "id,outlet_url,text,source,section,word_count\n"
                + "c1,https://example.org/a,\"Một đoạn văn.\nMột đoạn văn.\",Báo Mẫu,Thời sự,6\n"
                + "c2,,\"兩段文字。\",,國際,\n")
        let run = try runStance(["clean", csv])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput
                == #"{"id": "c1", "text": "Một đoạn văn.", "source": "Báo Mẫu", "outlet_url": "https://example.org/a", "section": "Thời sự", "word_count": "6"}"#
                + "\n" + #"{"id": "c2", "text": "兩段文字。", "section": "國際"}"# + "\n")
    }

    @Test func corpusCleanCutsBoilerplateUnlessTold() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", Self.records)
        func lengths(_ arguments: [String]) throws -> [String: Int] {
            let run = try runStance(["corpus", "--format", "json", input] + arguments)
            #expect(run.status == 0, "\(run.standardError)")
            let object = try jsonObject(run.standardOutput)
            return try #require(object["length_quantiles"] as? [String: Int])
        }
        let raw = try lengths([])
        let perDocument = try lengths(["--clean", "--no-boilerplate"])
        let both = try lengths(["--clean"])
        // Nothing here is clutter to the per-document rules; the recurring masthead and footers are.
        #expect(raw == perDocument)
        #expect(both["0.5"]! < raw["0.5"]! && both["1"]! < raw["1"]!)
        // Listing the boilerplate (--boilerplate) leaves the texts as they are.
        let listed = try lengths(["--clean", "--boilerplate"])
        #expect(listed == perDocument)
    }
}
