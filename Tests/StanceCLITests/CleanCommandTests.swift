import Foundation
import Testing
import _StanceTestSupport

/// `stance clean` end to end, and `--clean` / `--no-clean` on the commands that measure text.
@Suite struct CleanCommandTests {
    /// Records with the clutter of scraped pages, written by the project; extra fields of every JSON kind.
    static let records =
        [
            #"{"id": 7, "meta": {"tags": ["a", {"b": null}]}, "text": "Harbour dredging approved\n\nThe harbour authority approved night dredging of the eastern channel on Monday.\nShare Facebook Twitter Email\nThe work will take six weeks.\n\nMost read\nLocal bakery wins regional bread contest\nSchool board delays vote on new calendar", "source": "Coast Post", "score": 1.50, "ok": true}"#,
            #"{"text": "上游国家宣布调整航运规则，下游国家表示关切。\n业者表示运输成本将上升。\n上游国家宣布调整航运规则，下游国家表示关切。\n业者表示运输成本将上升。", "id": "zh-1", "source": "Delta Daily", "note": "\u00e9\"q\""}"#,
            #"{"id": "vi-1", "text": "Hai nước ký thỏa thuận hợp tác nghề cá trong chuyến thăm ngày 12/3.\nVideo đang HOT\nCác chuyên gia đánh giá cao thỏa thuận.\n\nTin mới nhất\n\nGiá vàng tăng nhẹ phiên đầu tuần\n\nĐội tuyển bóng chuyền nữ giành vé dự giải châu Á", "source": "Delta Daily"}"#,
            #"{"id": "hant-1", "text": "港口擴建計劃再生變數。\n\n發展局回應說，工程已完成兩輪諮詢。\n\n往下看更多文章\n\n山區小學的新圖書館\n\n2022年11月02日 16:40\n\n一所山區小學在校友捐助下建成新圖書館。", "source": "Harbour Ledger"}"#,
            #"{"id": "clean-1", "text": "Nothing here needs to go.", "source": "Coast Post"}"#,
        ].joined(separator: "\n") + "\n"

    @Test func cleanKeepsEveryFieldAndLogsEverySpan() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write("in.jsonl", Self.records)
        let out = directory.path + "/out.jsonl"
        let log = directory.path + "/log.jsonl"
        let run = try runStance(["clean", input, "--out", out, "--log", log, "--threads", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let lines = written.split(separator: "\n").map(String.init)
        let originals = Self.records.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // Every member stays in place, spelled as it was; only the text changes.
        #expect(
            lines[0].hasPrefix(
                #"{"id": 7, "meta": {"tags": ["a", {"b": null}]}, "text": "Harbour dredging approved\n\n"#))
        #expect(lines[0].hasSuffix(#"", "source": "Coast Post", "score": 1.50, "ok": true}"#))
        #expect(lines[1].hasSuffix(#""id": "zh-1", "source": "Delta Daily", "note": "\u00e9\"q\""}"#))
        #expect(lines[4] == originals[4])
        let objects = try jsonLines(written)
        let inputs = try jsonLines(Self.records)
        #expect(objects.map { "\($0["id"]!)" } == ["7", "zh-1", "vi-1", "hant-1", "clean-1"])
        let texts = objects.map { $0["text"] as! String }
        #expect(texts[0].hasSuffix("The work will take six weeks.\n\n"))
        #expect(!texts[0].contains("Share") && !texts[0].contains("bakery"))
        #expect(texts[1] == "上游国家宣布调整航运规则，下游国家表示关切。\n业者表示运输成本将上升。")
        #expect(!texts[2].contains("Video đang HOT") && !texts[2].contains("Giá vàng"))
        #expect(!texts[3].contains("圖書館"))
        // The log: each removed span, cut from the input text by its scalar offsets, is the logged text.
        let logged = try jsonLines(try String(contentsOfFile: log, encoding: .utf8))
        #expect(
            Set(logged.map { $0["reason"] as! String }) == [
                "interface_string", "appended_material", "repeated_paragraph",
            ])
        for entry in logged {
            let index = objects.firstIndex { "\($0["id"]!)" == "\(entry["id"]!)" }!
            let original = Array((inputs[index]["text"] as! String).unicodeScalars)
            let start = entry["start"] as! Int
            let end = entry["end"] as! Int
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: original[start..<end])
            #expect(String(cut) == entry["text"] as! String)
        }
        #expect(
            logged.filter { "\($0["id"]!)" == "vi-1" }.map { $0["reason"] as! String } == [
                "interface_string", "appended_material",
            ])
        // Two threads write the same bytes.
        let out2 = directory.path + "/out2.jsonl"
        let log2 = directory.path + "/log2.jsonl"
        let run2 = try runStance(["clean", input, "--out", out2, "--log", log2, "--threads", "2"])
        #expect(run2.status == 0)
        #expect(try fileBytes(out2) == fileBytes(out))
        #expect(try fileBytes(log2) == fileBytes(log))
        // Standard output holds the same records when --out is left out.
        let piped = try runStance(["clean", "-"], input: Array(Self.records.utf8))
        #expect(piped.standardOutput == written)
    }

    @Test func dryRunCountsByReasonAndSource() throws {
        let run = try runStance(["clean", "--dry-run", "-"], input: Array(Self.records.utf8))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("documents: 5, changed: 4 (80%)\n"))
        #expect(run.standardOutput.contains("repeated_paragraph: 1 spans in 1 documents"))
        #expect(run.standardOutput.contains("appended_material: 3 spans in 3 documents"))
        #expect(run.standardOutput.contains("\n  Delta Daily "))
        let off = try runStance(
            ["clean", "--dry-run", "--no-appended-material", "--no-interface-strings", "-"],
            input: Array(Self.records.utf8))
        #expect(!off.standardOutput.contains("appended_material"))
        #expect(!off.standardOutput.contains("interface_string"))
        #expect(off.standardOutput.hasPrefix("documents: 5, changed: 1 (20%)\n\nrepeated_paragraph: 1 spans"))
    }

    @Test func csvAndTextInputsBecomeJSONLines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let csv = try directory.write(
            "in.csv", "id,text,label\nc1,\"Một đoạn văn.\nMột đoạn văn.\",a\n")
        let run = try runStance(["clean", csv])
        #expect(run.status == 0)
        // The text is itself twice: the second copy goes with the line break before it.
        #expect(run.standardOutput == #"{"id": "c1", "text": "Một đoạn văn.", "label": "a"}"# + "\n")
    }

    @Test func badInputsStopWithTheirStatus() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = try runStance(["clean", directory.path + "/none.jsonl"])
        #expect(missing.status == 66)
        let bad = try directory.write("bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": 3}\n")
        let out = directory.path + "/out.jsonl"
        let broken = try runStance(["clean", bad, "--out", out])
        #expect(broken.status == 65)
        #expect(broken.standardError.contains("bad.jsonl:2: "))
        #expect(!FileManager.default.fileExists(atPath: out))
        let labels = try directory.write("labels/continuation-markers.tsv", "Read more\tklingon\n")
        _ = try directory.write("labels/interface-strings.tsv", "Share\n")
        let badLabels = try runStance(
            ["clean", "--cleaning-labels", (labels as NSString).deletingLastPathComponent, "-"],
            input: Array("text".utf8))
        #expect(badLabels.status == 65)
        #expect(badLabels.standardError.contains("continuation-markers.tsv:1: unknown language 'klingon'"))
        let usage = try runStance(["clean", "--dry-run", "--out", out, "-"], input: Array("text".utf8))
        #expect(usage.status == 64)
    }

    /// A model trained with --clean records the cleaning; score cleans the same way unless --no-clean; a text that
    /// is its own text twice is rated as the text once, never more extremely.
    @Test func trainedCleaningCarriesToScoring() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let model = directory.path + "/m.stance"
        let train = try runStance([
            "train", "--data", fixturePath("train-small.jsonl"), "--out", model, "--clean",
            "--lexicon", fixturePath("blame-lexicon.tsv"),
        ])
        #expect(train.status == 0, "\(train.standardError)")
        let inspect = try runStance(["inspect", "--format", "json", model])
        let settings = try #require(try jsonObject(inspect.standardOutput)["settings"] as? [String: Any])
        let cleaning = try #require(settings["cleaning"] as? [String: Any])
        #expect(
            cleaning["rules"] as? [String] == [
                "appended_material", "interface_string", "navigation_run", "repeated_paragraph",
            ])
        #expect(settings["machine_translation_spacing"] as? Bool == true)
        #expect(inspect.standardOutput.contains(#""format_version": 4"#))
        let once = "The reckless new dams ruin the fishing villages downstream and hold back the river."
        let documents = [
            ["id": "once", "text": once], ["id": "twice", "text": once + "\n" + once],
            ["id": "thrice", "text": [once, once, once].joined(separator: "\n\n")],
            ["id": "glued", "text": once + " " + once],
        ]
        let input = try documents.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
        }.joined(separator: "\n")
        func favor(_ arguments: [String]) throws -> [Double] {
            let run = try runStance(["score", "--model", model] + arguments + ["-"], input: Array(input.utf8))
            #expect(run.status == 0, "\(run.standardError)")
            return try jsonLines(run.standardOutput).map {
                (($0["probabilities"] as! [String: Any])["favor"] as! NSNumber).doubleValue
            }
        }
        let cleaned = try favor([])
        for value in cleaned.dropFirst() {
            #expect(abs(value - 0.5) <= abs(cleaned[0] - 0.5) + 1e-12)
            #expect(value == cleaned[0])
        }
        let raw = try favor(["--no-clean"])
        #expect(raw[0] == cleaned[0])
        #expect(raw[1] != raw[0], "without cleaning the repeated text is rated differently")
    }
}
