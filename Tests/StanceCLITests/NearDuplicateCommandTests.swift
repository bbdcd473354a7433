import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `--near-duplicates` on `corpus`, `score --by` and `eval`.
@Suite struct NearDuplicateCommandTests {
    /// Lines of JSON: a wire story, an edited repost of it under another outlet and label, and unrelated items.
    static func corpus() -> String {
        let story = [
            "The harbour authority said on Monday that container traffic had fallen for a third month, blaming "
                + "weaker demand for furniture and the closure of two northern routes during the storm season.",
            "Farmers in the river valley planted less rice this spring because the reservoir stayed low after a dry "
                + "winter, and several cooperatives asked the province for help with pumps and seed.",
            "Engineers began replacing the cables of the suspension bridge, a job that will close one lane at night "
                + "until the end of the year and cost about four times the first estimate.",
        ]
        let repost = story.prefix(2).joined(separator: "\\n") + "\\nThe bridge works close one lane at night."
        var rows = [
            #"{"id": "wire-1", "text": "\#(story.joined(separator: "\\n"))", "label": "favor", "source": "North Wire"}"#,
            #"{"id": "repost-2", "text": "\#(repost)", "label": "against", "source": "East Daily"}"#,
        ]
        let others = [
            "港口管理局周一表示，集装箱吞吐量已连续第三个月下降，原因是家具需求减弱。",
            "職業學院的教師投票接受加薪方案，結束了一場令秋季學期推遲開課的爭議。",
            "Thư viện công cộng kéo dài giờ mở cửa vào Chủ nhật cho sinh viên.",
            "A chess club founded by retired railway workers celebrated its fiftieth year.",
            "The weather office expects heavy snow on the mountain passes by Thursday.",
            "国家博物馆明年将向巡回展览出借十二件青铜器。",
        ]
        for (index, text) in others.enumerated() {
            let label = index % 2 == 0 ? "favor" : "against"
            rows.append(
                #"{"id": "other-\#(index)", "text": "\#(text)", "label": "\#(label)", "source": "Outlet \#(index)"}"#)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func corpusListsClustersInTableAndJSON() throws {
        let input = Array(Self.corpus().utf8)
        let plain = try runStance(["corpus", "-"], input: input)
        #expect(plain.status == 0)
        #expect(!plain.standardOutput.contains("near-duplicate"))

        let table = try runStance(["corpus", "--near-duplicates", "-"], input: input)
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("near-duplicate clusters"))
        #expect(table.standardOutput.contains("2×: wire-1, repost-2 (J "))

        for threads in ["1", "2"] {
            let json = try runStance(
                ["corpus", "--near-duplicates", "--format", "json", "--threads", threads, "-"], input: input)
            #expect(json.status == 0)
            let object = try jsonObject(json.standardOutput)
            let near = try #require(object["near_duplicates"] as? [String: Any])
            #expect(near["clusters"] as? Int == 1)
            let list = try #require(near["list"] as? [[String: Any]])
            #expect(list.first?["representative"] as? String == "wire-1")
            let members = try #require(list.first?["members"] as? [[String: Any]])
            #expect(members.map { $0["id"] as? String } == ["repost-2"])
            #expect(members.first?["identical"] as? Bool == false)
        }
        let bad = try runStance(["corpus", "--near-duplicates", "--near-jaccard", "2", "-"], input: input)
        #expect(bad.status == 64)
    }

    @Test func scoreCountsAClusterOncePerGroup() throws {
        // Both versions under one source: the repost counts once with --near-duplicates.
        let input = Array(Self.corpus().replacingOccurrences(of: "East Daily", with: "North Wire").utf8)
        let model = fixturePath("model-v1.stance")
        let plain = try runStance(["score", "--model", model, "--by", "source", "--format", "json"], input: input)
        #expect(plain.status == 0, "\(plain.standardError)")
        let near = try runStance(
            ["score", "--model", model, "--by", "source", "--format", "json", "--near-duplicates"], input: input)
        #expect(near.status == 0, "\(near.standardError)")
        func wire(_ output: String) throws -> [String: Any] {
            let rows = try #require(try jsonObject(output)["rows"] as? [[String: Any]])
            return try #require(rows.first { ($0["key"] as? [String: String])?["source"] == "North Wire" })
        }
        #expect(try wire(plain.standardOutput)["articles"] as? Int == 2)
        #expect(try wire(near.standardOutput)["articles"] as? Int == 1)
        #expect(try wire(near.standardOutput)["duplicates_dropped"] as? Int == 1)
        // Without --by, the article lines name the cluster (stance aggregate counts it once from them).
        let lines = try runStance(["score", "--model", model, "--near-duplicates"], input: input)
        #expect(lines.status == 0)
        #expect(try jsonLines(lines.standardOutput).count { $0["near_duplicate_cluster"] != nil } == 2)
    }

    @Test func evalReportsClustersAcrossLabelsAndGroups() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write("near.jsonl", Self.corpus())
        let run = try runStance(
            [
                "eval", "--data", data, "--folds", "2", "--replicates", "50", "--group-by", "source",
                "--near-duplicates", "--min-df", "1",
            ])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("near-duplicates: 1 clusters, 1 redundant documents"))
        #expect(run.standardOutput.contains("wire-1 +1: labels against, favor; groups East Daily, North Wire"))
    }
}

/// End-to-end runs of `corpus --boilerplate` and of HTML input through the built binary.
@Suite struct BoilerplateCommandTests {
    @Test func corpusListsAndLogsRecurringLines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bodies = [
            "河谷地区的农民今年春天少种了水稻。", "職業學院的教師投票接受加薪方案。", "The harbour authority said traffic fell.",
            "Thư viện công cộng kéo dài giờ mở cửa.",
        ]
        var rows: [String] = []
        for (index, body) in bodies.enumerated() {
            let text = "新黎明时报 · 早间版\\n\(body)\\n中共动向 每日关注"
            rows.append(#"{"id": "d\#(index)", "text": "\#(text)", "source": "New Dawn"}"#)
        }
        let data = try directory.write("corpus.jsonl", rows.joined(separator: "\n") + "\n")
        let lexicon = try directory.write("lexicon.tsv", "concept\tterm\tlang\tnote\nparty\t中共\tzh\tthe party\n")
        let log = directory.path + "/log.jsonl"
        let run = try runStance([
            "corpus", "--boilerplate", "--boilerplate-log", log, "--boilerplate-lexicon", lexicon, "--format", "json",
            data,
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let counts = try #require(try jsonObject(run.standardOutput)["boilerplate"] as? [String: Int])
        #expect(counts == ["boilerplate": 4, "boilerplate_lexicon": 4, "documents": 4])
        let entries = try jsonLines(String(decoding: try fileBytes(log), as: UTF8.self))
        #expect(entries.count == 8)
        #expect(entries[0]["text"] as? String == "新黎明时报 · 早间版\n")
        #expect(entries[0]["start"] as? Int == 0 && entries[0]["end"] as? Int == 12)
        #expect(entries[1]["reason"] as? String == "boilerplate_lexicon" && entries[1]["removed"] as? Bool == false)
        let table = try runStance(["corpus", "--boilerplate", data])
        #expect(table.standardOutput.contains("4×: 新黎明时报 · 早间版"))
        let bad = try runStance(["corpus", "--boilerplate", "--boilerplate-min-docs", "1", data])
        #expect(bad.status == 64)
    }

    @Test func htmlFilesAreRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let page = try directory.write(
            "page.htm",
            "<html><head><title>標題</title></head><body><header><nav>選單</nav></header><p>第一段&amp;</p></body></html>")
        let run = try runStance(["corpus", "--format", "json", page])
        #expect(run.status == 0, "\(run.standardError)")
        let quantiles = try #require(try jsonObject(run.standardOutput)["length_quantiles"] as? [String: Int])
        #expect(quantiles["1"] == "標題\n第一段&".unicodeScalars.count)
        let broken = try directory.write("broken.html", bytes: Array("<p>".utf8) + [0xB0, 0xA1])
        let failed = try runStance(["corpus", broken])
        #expect(failed.status == 65)
        #expect(failed.standardError.contains("broken.html: HTML page is not UTF-8 and declares no charset"))
    }
}
