import Foundation
import Testing
import _StanceTestSupport

/// Fields named by options of `score`, `eval` and `train` that no record carries, and month tables in time order.
@Suite struct FieldCheckCommandTests {
    let model = fixturePath("model-v1.stance")
    let data = fixturePath("train-small.jsonl")

    @Test func scoreByAMistypedFieldIsAUsageError() throws {
        let run = try runStance(["score", "--model", model, "--by", "source,sorce", data])
        #expect(run.status == 64)
        #expect(
            run.standardError
                == "stance: no record has the field 'sorce' named by --by (the records have: date, id, label, source, target, text)\n"
        )
    }

    @Test func scoreByMonthIsInTimeOrder() throws {
        let run = try runStance(["score", "--model", model, "--by", "month", "--format", "tsv", data])
        #expect(run.status == 0, "\(run.standardError)")
        let months = run.standardOutput.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
        #expect(!months.isEmpty)
        #expect(months == months.sorted())
    }

    @Test func evalGroupByAndTrainLabelFieldAreChecked() throws {
        let eval = try runStance(["eval", "--data", data, "--folds", "2", "--group-by", "outlet"])
        #expect(eval.status == 64)
        #expect(
            eval.standardError
                == "stance: no record has the field 'outlet' named by --group-by (the records have: date, id, label, source, target, text)\n"
        )
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let train = try runStance([
            "train", "--data", data, "--label-field", "stance", "--out", directory.path + "/m.stance",
        ])
        #expect(train.status == 64)
        #expect(
            train.standardError
                == "stance: no record has the field 'stance' named by --label-field (the records have: date, id, label, source, target, text)\n"
        )
    }

    @Test func kwicMatchesVietnameseWhateverTheToneMarkConvention() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "v.jsonl", "{\"id\": \"v\", \"lang\": \"vi\", \"text\": \"Hoà bình và hòa bình, không phải hoạ.\"}\n")
        let run = try runStance(["kwic", "hòa bình", path, "--format", "tsv", "--window", "3"])
        #expect(run.status == 0, "\(run.standardError)")
        let matches = run.standardOutput.split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)[5]
        }
        #expect(matches == ["Hoà bình", "hòa bình"])
    }

    @Test func keynessMarksLexiconTerms() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let corpus = try directory.write(
            "k.jsonl",
            """
            {"source": "A1", "text": "中共 当局 中共 当局 critics said"}
            {"source": "B1", "text": "中国 政府 中国 政府 officials said"}

            """)
        let lexicon = try directory.write(
            "l.tsv", "concept\tterm\tlang\tnote\nhostile\t中共\tzh\t\nhostile\tcritics\ten\t\n")
        let run = try runStance([
            "keyness", corpus, "--group-by", "source", "--a", "A1", "--b", "B1", "--lexicon", lexicon,
            "--lexicon-terms-only", "--format", "tsv", "--char-ngrams", "2",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = run.standardOutput.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        #expect(rows.dropFirst().map { String($0[0]) } == ["中共", "critics"])
        #expect(rows.dropFirst().allSatisfy { $0.last == "hostile" && $0[2] == "A1" })
    }
}
