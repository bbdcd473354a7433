import Foundation
import Testing
import _StanceTestSupport

/// End-to-end runs of `stance train` (and `stance inspect` on what it wrote), on short self-written texts in
/// Simplified and Traditional Chinese, English and Vietnamese (`Tests/Fixtures/train-small.jsonl`).
@Suite struct TrainCommandTests {
    let corpus = fixturePath("train-small.jsonl")

    /// Trains with `arguments` into `directory/name` and returns the run.
    func train(_ extra: [String], out: String, data: String? = nil) throws -> StanceRun {
        try runStance(["train", "--data", data ?? corpus, "--out", out] + extra)
    }

    @Test func sameInputsGiveByteIdenticalModelsAtAnyThreadCount() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var files: [[UInt8]] = []
        for (name, threads) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let out = directory.path + "/\(name).stance"
            let run = try train(["--threads", threads], out: out)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardError.isEmpty)
            files.append(try fileBytes(out))
        }
        #expect(files[0].count > 24)
        #expect(Array(files[0].prefix(8)) == [0x89, 0x53, 0x54, 0x4E, 0x43, 0x0D, 0x0A, 0x1A])
        #expect(files[0] == files[1], "training twice gave different bytes")
        #expect(files[0] == files[2], "--threads 1 and --threads 2 gave different bytes")
        // A per-target model with the sparse defaults is deterministic too.
        let perTarget1 = directory.path + "/t1.stance"
        let perTarget2 = directory.path + "/t2.stance"
        #expect(try train(["--per-target", "--threads", "1"], out: perTarget1).status == 0)
        #expect(try train(["--per-target", "--threads", "2"], out: perTarget2).status == 0)
        #expect(try fileBytes(perTarget1) == fileBytes(perTarget2))
        #expect(try fileBytes(perTarget1) != files[0])
    }

    @Test func singleClassIsADataError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write(
            "one.jsonl",
            """
            {"id": "1", "text": "Các đập mang lại điện giá rẻ.", "label": "favor"}
            {"id": "2", "text": "上游水坝带来廉价电力。", "label": "favor"}
            {"id": "3", "text": "The dams bring cheap power.", "label": "favor"}

            """)
        let run = try train([], out: directory.path + "/m.stance", data: data)
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: the training data has a single class, 'favor' (3 documents): a classifier needs at least two\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/m.stance"))
    }

    @Test func classWithOneExampleNamesItsLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write(
            "singleton.jsonl",
            """
            {"id": "1", "text": "Các đập mang lại điện giá rẻ.", "label": "favor"}
            {"id": "2", "text": "上游水壩帶來廉價電力。", "label": "favor"}
            {"id": "3", "text": "The dams bring cheap power.", "label": "favor"}
            {"id": "4", "text": "上游水坝截断河流。", "label": "against"}

            """)
        let run = try train([], out: directory.path + "/m.stance", data: data)
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: \(data):4: class 'against' has only this one example: every class needs at least two\n")
    }

    @Test func documentWithoutLabelNamesFileAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = try directory.write(
            "unlabeled.jsonl",
            """
            {"id": "1", "text": "The dams bring cheap power.", "label": "favor"}
            {"id": "2", "text": "The dams ruin the river.", "label": "against"}
            {"id": "x-3", "text": "Hiệp định thương mại mở ra thị trường mới."}
            {"id": "4", "text": "上游水坝截断河流。", "label": "against"}

            """)
        let run = try train([], out: directory.path + "/m.stance", data: data)
        #expect(run.status == 65)
        #expect(
            run.standardError
                == "stance: \(data):3: document 'x-3' has no label (field 'label'); every training document needs one\n"
        )
    }

    @Test func labelFromSourceSpreadsOutletLabels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/outlets.stance"
        let outlets = fixturePath("outlets-small.tsv")
        let run = try train(["--label-from-source", outlets, "--word-ngrams", "1", "--char-ngrams", "1"], out: out)
        #expect(run.status == 0, "\(run.standardError)")
        let inspect = try runStance(["inspect", "--format", "json", out])
        #expect(inspect.status == 0)
        let json = try jsonObject(inspect.standardOutput)
        #expect(json["labels"] as? [String] == ["independent", "state"])
        let training = try #require(json["training"] as? [String: Any])
        #expect(training["documents"] as? Int == 16)
        let counts = try #require(training["class_counts"] as? [String: Int])
        #expect(counts == ["independent": 8, "state": 8])
    }

    @Test func unknownOutletsAreListedOrSkipped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = try String(contentsOfFile: corpus, encoding: .utf8)
        text += """
            {"id": "u1", "text": "Unknown Gazette says the dams are fine.", "label": "favor", "source": "Unknown Gazette"}
            {"id": "u2", "text": "Tờ báo lạ nói rằng đập thủy điện ổn.", "label": "favor", "source": "Other Paper"}
            {"id": "u3", "text": "無來源的文章。", "label": "against"}

            """
        let data = try directory.write("mixed.jsonl", text)
        let outlets = fixturePath("outlets-small.tsv")
        let out = directory.path + "/m.stance"
        let failed = try train(["--label-from-source", outlets], out: out, data: data)
        #expect(failed.status == 65)
        #expect(
            failed.standardError
                == "stance: 3 outlets are not in \(outlets): '(no source)', 'Other Paper', 'Unknown Gazette' (add them, or pass --skip-unlabeled)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out))

        let skipped = try train(
            ["--label-from-source", outlets, "--skip-unlabeled", "--word-ngrams", "1", "--char-ngrams", "1"], out: out,
            data: data)
        #expect(skipped.status == 0, "\(skipped.standardError)")
        #expect(skipped.standardError == "stance: skipped 3 articles of 3 outlets not in \(outlets)\n")
        let inspect = try runStance(["inspect", "--format", "json", out])
        let training = try #require(try jsonObject(inspect.standardOutput)["training"] as? [String: Any])
        #expect(training["documents"] as? Int == 16)
    }

    @Test func perTargetTrainsOneSubModelPerTarget() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/per-target.stance"
        let run = try train(["--per-target", "--word-ngrams", "1", "--char-ngrams", "1"], out: out)
        #expect(run.status == 0, "\(run.standardError)")
        let inspect = try runStance(["inspect", "--format", "json", out])
        #expect(inspect.status == 0)
        let json = try jsonObject(inspect.standardOutput)
        let subModels = try #require(json["sub_models"] as? [[String: Any]])
        #expect(subModels.map { $0["target"] as? String } == ["dams", "trade"])
        #expect(subModels.map { $0["documents"] as? Int } == [8, 8])
        for sub in subModels {
            #expect(sub["class_counts"] as? [String: Int] == ["against": 4, "favor": 4])
        }
        let table = try runStance(["inspect", out])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("\ntarget 'dams': 8 documents, "))
        #expect(table.standardOutput.contains("\ntarget 'trade': 8 documents, "))
        #expect(table.standardOutput.hasPrefix("stance model (format version 2)\nlabels: against, favor\n"))
    }

    @Test func unpenalisedFitOfSeparableDataIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/m.stance"
        // Every article that uses a blame term is critical: the classes are separated.
        let separated = try train(
            [
                "--C", "inf", "--word-ngrams", "none", "--char-ngrams", "none", "--lexicon",
                fixturePath("blame-lexicon.tsv"),
            ],
            out: out, data: fixturePath("blame-separable.jsonl"))
        #expect(separated.status == 65)
        #expect(
            separated.standardError
                == "stance: perfect separation: 7 training rows are predicted with probability 1, so the unpenalised coefficients diverge; use a finite C or remove the separating features\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out))
        // More n-grams than documents: the Hessian is singular from the start.
        let collinear = try train(["--C", "inf", "--word-ngrams", "1", "--char-ngrams", "1"], out: out)
        #expect(collinear.status == 65)
        #expect(collinear.standardError.hasPrefix("stance: singular Hessian at parameter "))
        #expect(
            collinear.standardError.hasSuffix(": features are collinear or constant; remove them or use a finite C\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unpenalisedLexiconOnlyFitHasACoefficientTable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/lexicon.stance"
        let run = try train(
            [
                "--C", "inf", "--word-ngrams", "none", "--char-ngrams", "none", "--lexicon",
                fixturePath("blame-lexicon.tsv"),
            ],
            out: out, data: fixturePath("blame-small.jsonl"))
        #expect(run.status == 0, "\(run.standardError)")
        let table = try runStance(["inspect", out])
        #expect(table.status == 0)
        #expect(
            table.standardOutput.contains("coefficients (log-odds against 'critical'; SE from the inverse Hessian):"))
        for feature in ["(intercept)", "lex:blame", "lex:blame@quoted", "lex:rate:blame"] {
            #expect(table.standardOutput.contains(" \(feature) "), "no row for \(feature)")
        }
        let json = try jsonObject(try runStance(["inspect", "--format", "json", out]).standardOutput)
        let sub = try #require((json["sub_models"] as? [[String: Any]])?.first)
        let coefficients = try #require(sub["coefficients"] as? [String: Any])
        #expect(coefficients["reference"] as? String == "critical")
        let rows = try #require(coefficients["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            let error = try #require(row["std_error"] as? Double)
            #expect(error > 0 && error.isFinite)
            let estimate = try #require(row["estimate"] as? Double)
            let low = try #require(row["ci95_low"] as? Double)
            let high = try #require(row["ci95_high"] as? Double)
            // A Wald interval: estimate ± 1.959964 · SE.
            #expect(abs(low - (estimate - 1.959964 * error)) < 1e-4)
            #expect(abs(high - (estimate + 1.959964 * error)) < 1e-4)
        }
    }

    @Test func iterationLimitWarnsOnStandardError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let out = directory.path + "/m.stance"
        let run = try train(["--max-iter", "1"], out: out)
        #expect(run.status == 0)
        #expect(
            run.standardError
                == "stance: warning: the solver stopped at --max-iter 1 before converging to --tol 1e-06\n")
        #expect(FileManager.default.fileExists(atPath: out))
        let inspect = try jsonObject(try runStance(["inspect", "--format", "json", out]).standardOutput)
        let sub = try #require((inspect["sub_models"] as? [[String: Any]])?.first)
        #expect(sub["converged"] as? Bool == false)
        #expect(sub["iterations"] as? Int == 1)
    }
}
