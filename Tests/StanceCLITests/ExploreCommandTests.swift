import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `stance kwic`, `stance keyness` and `stance export`.
@Suite struct ExploreCommandTests {
    let corpus = """
        {"id": "t1", "source": "Harbour Ledger", "date": "2023/03/01", "text": "評論指出，中共當局加強審查。「中共」一詞常見。"}
        {"id": "s1", "source": "Eastern Herald", "date": "2023年4月2日", "text": "中共中央召开会议，中共领导人讲话。"}
        {"id": "e1", "source": "Eastern Herald", "date": "2 Feb 2023", "text": "The CCP said so; accprint is not a hit, but ccp's is."}
        {"id": "v1", "source": "Tiếng Nói", "date": "1/2/2023", "text": "Đảng Cộng sản và ĐCSTQ."}

        """

    func write(_ text: String) throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        return (directory, try directory.write("c.jsonl", text))
    }

    @Test func kwicFindsTraditionalTextWithASimplifiedPatternAndShowsTheOriginal() throws {
        let (directory, path) = try write(corpus)
        defer { directory.remove() }
        let run = try runStance(["kwic", "中共", "ccp", path, "--window", "4", "--format", "jsonl"])
        #expect(run.status == 0, "\(run.standardError)")
        let hits = try jsonLines(run.standardOutput)
        #expect(hits.map { $0["id"] as? String } == ["t1", "t1", "s1", "s1", "e1", "e1"])
        #expect(hits[0]["match"] as? String == "中共")
        #expect(hits[0]["before"] as? String == "論指出，")
        #expect(hits[0]["after"] as? String == "當局加強")
        #expect(hits[1]["quoted"] as? Bool == true)
        #expect(hits.suffix(2).map { $0["match"] as? String } == ["CCP", "ccp"])
        #expect(hits[4]["start"] as? Int == 4 && hits[4]["end"] as? Int == 7)
    }

    @Test func kwicCountsByGroupInTimeOrderAndChecksFields() throws {
        let (directory, path) = try write(corpus)
        defer { directory.remove() }
        let run = try runStance(["kwic", "中共", path, "--by", "month", "--format", "tsv", "--date-order", "dmy"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput
                == "month\tdocuments\twith_hits\thits\tquoted\tper_document\n2023-02\t2\t0\t0\t0\t0.000\n"
                + "2023-03\t1\t1\t2\t1\t2.000\n2023-04\t1\t1\t2\t0\t2.000\n")
        let noOrder = try runStance(["kwic", "中共", path, "--by", "month"])
        #expect(noOrder.status == 65)
        #expect(
            noOrder.standardError
                == "stance: \(path):4: unreadable date '1/2/2023' in field 'date' (expected ISO 8601, YYYY/MM/DD, 2023年2月1日 or RFC 2822; numeric day-month dates need --date-order dmy or mdy)\n"
        )
        let skipped = try runStance(["kwic", "中共", path, "--by", "year", "--skip-invalid"])
        #expect(skipped.status == 0)
        #expect(skipped.standardError == "stance: skipped 1 record: unreadable date\n")
        let typo = try runStance(["kwic", "中共", path, "--by", "sorce"])
        #expect(typo.status == 64)
        #expect(
            typo.standardError
                == "stance: no record has the field 'sorce' named by --by (the records have: date, id, source, text)\n")
    }

    @Test func kwicSampleAndCodingSheet() throws {
        let (directory, path) = try write(corpus)
        defer { directory.remove() }
        let sheet = directory.path + "/sheet"
        let run = try runStance(["kwic", "中共", "ccp", path, "--sample", "3", "--seed", "7", "--sheet", sheet])
        #expect(run.status == 0, "\(run.standardError)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: sheet + "/sheet.csv")))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "id,text,code,note")
        #expect(lines.count == 5 && lines[4].isEmpty)
        #expect(lines[1].hasPrefix("u0001,") && lines[1].contains("[[") && lines[1].hasSuffix(",,"))
        let key = try jsonLines(String(contentsOfFile: sheet + "/sample.jsonl", encoding: .utf8))
        #expect(key.map { $0["id"] as? String } == ["u0001", "u0002", "u0003"])
        #expect(key.allSatisfy { ["t1", "s1", "e1"].contains($0["document"] as? String ?? "") })
        // The same seed draws the same units.
        let again = try runStance(["kwic", "中共", "ccp", path, "--sample", "3", "--seed", "7", "--format", "tsv"])
        let drawn = Set(
            again.standardOutput.split(separator: "\n").dropFirst().map {
                $0.split(separator: "\t", omittingEmptySubsequences: false)[7]
            })
        #expect(drawn == Set(key.map { String($0["start"] as! Int) }[...].map { Substring($0) }))
    }

    @Test func keynessTableAndMissingSide() throws {
        let (directory, path) = try write(corpus)
        defer { directory.remove() }
        let run = try runStance([
            "keyness", path, "--group-by", "source", "--a", "Eastern Herald", "--b", "Harbour Ledger,Tiếng Nói",
            "--min-count", "1", "--format", "tsv", "--word-ngrams", "1", "--char-ngrams", "2",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = run.standardOutput.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        #expect(rows[0].prefix(4) == ["term", "feature", "side", "z"])
        #expect(rows[0].contains("count_Eastern Herald") && rows[0].contains("count_Harbour Ledger+Tiếng Nói"))
        #expect(rows.dropFirst().contains { $0[0] == "中央" && $0[2] == "Eastern Herald" })
        let none = try runStance(["keyness", path, "--group-by", "source", "--a", "Nobody", "--b", "Tiếng Nói"])
        #expect(none.status == 64)
        #expect(none.standardError == "stance: no document is on side A (check --group-by and --a)\n")
    }

    @Test func exportSvmlightWritesWhatFeaturesExportWrites() throws {
        let labeled = """
            {"id": "1", "label": "state", "text": "中共中央召开会议。"}
            {"id": "2", "label": "independent", "text": "Critics said the crackdown went on."}
            {"id": "3", "label": "state", "text": "Hợp tác cùng có lợi."}

            """
        let (directory, path) = try write(labeled)
        defer { directory.remove() }
        let viaFeatures = try runStance(["features", path, "--export", "svmlight", directory.path + "/f.svm"])
        #expect(viaFeatures.status == 0, "\(viaFeatures.standardError)")
        let viaExport = try runStance([
            "export", path, "--out", directory.path + "/e", "--format", "svmlight", "--weight", "tfidf",
        ])
        #expect(viaExport.status == 0, "\(viaExport.standardError)")
        for suffix in ["", ".names", ".labels"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: directory.path + "/f.svm" + suffix))
                    == Data(contentsOf: URL(fileURLWithPath: directory.path + "/e.svmlight" + suffix)))
        }
    }
}
