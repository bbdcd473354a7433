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
        let usage = try runStance(["score", "--model", model, "--near-duplicates"], input: input)
        #expect(usage.status == 64)
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
