import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 25: one rule for the paths of every input, bounded records, model sizes checked before allocating.
@Suite struct InputFileRuleTests {
    @Test func missingLoopDirectoryAndDanglingLinkEachHaveTheirStatusAndSentence() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let loop = directory.path + "/loop"
        let dangling = directory.path + "/dangling"
        #expect(symlink("loop", loop) == 0)
        #expect(symlink("gone.tsv", dangling) == 0)

        let missing = #expect(throws: IOFailure.self) {
            try InputFile.examine(directory.path + "/none.tsv", what: "the lexicon")
        }
        #expect(missing?.exitStatus == .noInput)
        #expect(missing?.description == "\(directory.path)/none.tsv: no such file or directory")

        let looping = #expect(throws: IOFailure.self) { try InputFile.examine(loop, what: "the lexicon") }
        #expect(looping?.exitStatus == .ioError)
        #expect(looping?.description == "\(loop): cannot read the lexicon: it is a loop of symbolic links")

        let link = #expect(throws: IOFailure.self) { try InputFile.examine(dangling, what: "the lexicon") }
        #expect(link?.exitStatus == .noInput)
        #expect(link?.description == "\(dangling): a symbolic link to gone.tsv, which does not exist")

        let folder = #expect(throws: IOFailure.self) { try InputFile.readText(directory.path, what: "the mask list") }
        #expect(folder?.exitStatus == .ioError)
        #expect(folder?.description == "\(directory.path): cannot read the mask list: it is a directory")
        #expect(try InputFile.examine(directory.path, what: "the input", allowDirectory: true) == .directory)
    }

    @Test func aDeviceIsReadAsAStreamAndStoppedAtItsFirstNULByte() throws {
        let failure = #expect(throws: TextFileError.self) { try InputFile.readText("/dev/zero", what: "the lexicon") }
        #expect(failure?.description == "/dev/zero:1: a NUL byte at byte offset 0: the lexicon must be a text file")
        #expect(failure?.exitStatus == .dataError)
    }

    @Test func textFilesNameTheLineOfBadUTF8AndOfAnOverlongLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("bad.tsv", bytes: Array("concept\tterm\nframe\t中国\nframe\t".utf8) + [0xE4, 0xB8])
        let utf8 = #expect(throws: TextFileError.self) { try InputFile.readText(bad, what: "the lexicon") }
        #expect(utf8?.description == "\(bad):3: invalid UTF-8 at byte offset 32")
        let long = try directory.write("long.tsv", "a\tb\n" + String(repeating: "x", count: 100) + "\n")
        let overlong = #expect(throws: TextFileError.self) {
            try InputFile.readText(long, what: "the lexicon", maxLineBytes: 64)
        }
        #expect(
            overlong?.description
                == "\(long):2: a line longer than 64 bytes: the lexicon must be a text file of short lines")
        #expect(try InputFile.readText(long, what: "the lexicon", maxLineBytes: 100).hasPrefix("a\tb\n"))
    }

    @Test func lexiconUTF8ErrorsCarryTheLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "lexicon.tsv", bytes: Array("concept\tterm\tlang\nhostile\t反华\tzh\nhostile\tanti-".utf8) + [0xFF])
        let failure = #expect(throws: TextFileError.self) { try Lexicon(contentsOfFile: path) { $0 } }
        #expect(failure?.location == SourceLocation(file: path, line: 3))
    }

    @Test func directoriesAreListedWholeAndAMissingOneIsStatus66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("corpus/a.txt", "Tin tức hôm nay.\n")
        try directory.write("corpus/sub/b.txt", "今天的新闻。\n")
        let listed = try InputDirectory.files(in: directory.path + "/corpus", what: "the input") { _ in true }
        #expect(listed.sorted() == ["a.txt", "sub/b.txt"])
        let gone = #expect(throws: IOFailure.self) {
            try InputDirectory.files(in: directory.path + "/missing", what: "the input") { _ in true }
        }
        #expect(gone?.exitStatus == .noInput)
    }
}

@Suite struct RecordBoundTests {
    static func failure(_ name: String, _ bytes: [UInt8], maxRecordBytes: Int) -> (String, StanceKit.ExitStatus)? {
        var options = CorpusOptions()
        options.maxRecordBytes = maxRecordBytes
        do {
            _ = try CorpusReader(name: name, bytes: bytes, options: options).readAllDocuments()
            return nil
        } catch let error as any StanceFailure {
            return (error.description, error.exitStatus)
        } catch {
            return ("\(error)", .software)
        }
    }

    @Test func aLongJSONLineStopsAtTheBoundWithItsLine() {
        let line1 = #"{"text": "short"}"# + "\n"
        let line2 = #"{"text": ""# + String(repeating: "a", count: 5000) + "\"}\n"
        let result = Self.failure("x.jsonl", Array((line1 + line2).utf8), maxRecordBytes: 1000)
        #expect(result?.0 == "x.jsonl:2: a record longer than 1000 bytes (the limit set by --max-record-bytes)")
        #expect(result?.1 == .dataError)
        #expect(Self.failure("x.jsonl", Array((line1 + line2).utf8), maxRecordBytes: 6000) == nil)
    }

    @Test func aLongCSVRecordOverManyLinesStopsAtTheBound() {
        let field = String(repeating: "đường sắt\n", count: 200)
        let csv = "id,text\n1,\"\(field)\"\n"
        let result = Self.failure("x.csv", Array(csv.utf8), maxRecordBytes: 1000)
        #expect(result?.0 == "x.csv:2: a CSV record longer than 1000 bytes (the limit set by --max-record-bytes)")
        #expect(result?.1 == .dataError)
    }

    @Test func aLongTextDocumentStopsAtTheBound() {
        let result = Self.failure("x.txt", Array(String(repeating: "港口", count: 1000).utf8), maxRecordBytes: 1000)
        #expect(result?.0 == "x.txt: a document longer than 1000 bytes (the limit set by --max-record-bytes)")
    }

    @Test func aGzipBombStopsAtTheBoundAfterLittleDecompression() throws {
        // 8 MB of one endless line in about 8 KB of gzip: stops after the bound, not at the end of the stream.
        let compressed = try gzipCompressed([UInt8](repeating: UInt8(ascii: "a"), count: 8 << 20))
        #expect(compressed.count < 64 << 10)
        let result = Self.failure("bomb.jsonl.gz", compressed, maxRecordBytes: 1 << 16)
        #expect(result?.0 == "bomb.jsonl.gz:1: a record longer than 65536 bytes (the limit set by --max-record-bytes)")
    }

    @Test func gzipErrorsCarryTheLineWhereTheStreamBreaks() throws {
        let lines = (1...3000).map { #"{"text": "dòng \#($0)"}"# }.joined(separator: "\n")
        let compressed = try gzipCompressed(Array(lines.utf8))
        let truncated = Array(compressed.prefix(compressed.count / 2))
        let result = try #require(Self.failure("t.jsonl.gz", truncated, maxRecordBytes: 1 << 20))
        let prefix = "t.jsonl.gz:"
        #expect(result.0.hasPrefix(prefix))
        #expect(result.0.hasSuffix(": truncated gzip stream: the file ends inside compressed data"))
        let line = Int(result.0.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
        #expect(line > 1 && line <= 3000)
    }

    @Test func csvWithANULByteOrARepeatedHeaderIsADataErrorWithItsLine() {
        // The NUL byte comes after the first 64 bytes, where the check for UTF-16 without a byte-order mark looks.
        let lines = ["id,text"] + (1...10).map { "\($0),港口扩建计划" }
        let bytes = Array((lines.joined(separator: "\n") + "\n11,the new ").utf8) + [0] + Array("port\n".utf8)
        let result = Self.failure("nul.csv", bytes, maxRecordBytes: 1 << 20)
        #expect(result?.0 == "nul.csv:12: broken CSV: a NUL byte at byte 12 of line 12: a CSV file holds text only")
        #expect(result?.1 == .dataError)
        let repeated = Self.failure("dup.csv", Array("id,text,label,text\n1,a,b,c\n".utf8), maxRecordBytes: 1 << 20)
        #expect(repeated?.0 == "dup.csv:1: the CSV header names the column 'text' twice (columns 2 and 4)")
    }
}

extension CorpusReader {
    fileprivate func readAllDocuments() throws -> [Document] {
        var documents: [Document] = []
        try forEach { documents.append($0) }
        return documents
    }
}

@Suite struct ModelFileBoundsTests {
    @Test func devZeroIsNotAModelAndIsNotReadToTheEnd() throws {
        let failure = #expect(throws: ModelFileError.self) { try ModelFile.read(path: "/dev/zero") }
        #expect(failure == .foreign(path: "/dev/zero"))
    }

    @Test func aDeclaredLengthBeyondTheFileIsCaughtBeforeAllocating() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var header = ModelFile.signature
        header += [2, 0, 0, 0]
        header += withUnsafeBytes(of: UInt64(1 << 62).littleEndian) { Array($0) }
        header += [0, 0, 0, 0] + [UInt8](repeating: 0, count: 16)
        let path = try directory.write("forged.stance", bytes: header)
        let failure = #expect(throws: ModelFileError.self) { try ModelFile.read(path: path) }
        #expect(failure == .truncated(path: path, expected: 24 + (1 << 62), found: 40))
        #expect(
            failure?.description
                == "\(path): the model file is truncated: it should hold \(24 + (1 << 62)) bytes but holds 40")
    }

    @Test func aModelStillReadsThroughAFIFO() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.path + "/model.fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let bytes = try fileBytes(fixturePath("model-v1.stance"))
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(bytes))
                try? handle.close()
            }
        }
        writer.start()
        let model = try ModelFile.read(path: fifo)
        #expect(try ModelFile.encode(model).count > 0)
        #expect(model.subModels.count >= 1)
    }

    @Test func nonFiniteWeightsAreADataErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var model = try ModelFile.read(path: fixturePath("model-v1.stance"))
        model.subModels[0].classifier.weights[0] = .nan
        let nan = try directory.write("nan.stance", bytes: try ModelFile.encode(model))
        let failure = #expect(throws: ModelFileError.self) { try ModelFile.read(path: nan) }
        #expect(
            failure?.description
                == "\(nan): the model file is corrupted: a weight or intercept is not a finite number (NaN or infinite)"
        )
        #expect(failure?.exitStatus == .dataError)
        model.subModels[0].classifier.weights[0] = 0
        model.subModels[0].classifier.intercepts[0] = -.infinity
        let infinite = try directory.write("inf.stance", bytes: try ModelFile.encode(model))
        #expect(throws: ModelFileError.self) { try ModelFile.read(path: infinite) }
    }

    @Test func aModelPathFollowsTheOneRule() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let folder = #expect(throws: IOFailure.self) { try ModelFile.read(path: directory.path) }
        #expect(folder?.description == "\(directory.path): cannot read the model: it is a directory")
        #expect(folder?.exitStatus == .ioError)
        let missing = #expect(throws: IOFailure.self) { try ModelFile.read(path: directory.path + "/m.stance") }
        #expect(missing?.exitStatus == .noInput)
    }
}

@Suite struct OptionValueTests {
    @Test func decimalNumbersOnly() {
        #expect(DecimalNumber.parse("1") == 1)
        #expect(DecimalNumber.parse("0.25") == 0.25)
        #expect(DecimalNumber.parse("1e-3") == 0.001)
        #expect(DecimalNumber.parse(".5") == 0.5)
        #expect(DecimalNumber.parse("0x10") == nil)
        #expect(DecimalNumber.parse("1e400") == nil)
        #expect(DecimalNumber.parse("nan") == nil)
        #expect(DecimalNumber.parse("inf") == nil)
        #expect(DecimalNumber.parse("1e") == nil)
        #expect(DecimalNumber.parse("") == nil)
        #expect(DecimalNumber.problem("1e400") == "'1e400' is too large for a number")
        #expect(DecimalNumber.problem("0x10") == "'0x10' is not a decimal number")
    }

    @Test func foldsTooSmallForAClassAreSaidInTermsOfFolds() throws {
        let strata = ["a", "a", "b", "b", "b", "b"]
        let failure = #expect(throws: EvaluationError.self) {
            try CrossValidation.checkTrainingSets(
                strata: strata, assignments: [[0, 1, 0, 1, 0, 1]], folds: 2, grouped: false)
        }
        #expect(
            failure?.description
                == "class 'a' has 2 documents, and the training set for fold 1 of 2 holds only one of them, but "
                + "training needs at least two per class: with 2 folds a class needs at least 4 documents")
        try CrossValidation.checkTrainingSets(
            strata: ["a", "a", "a", "b", "b", "b"], assignments: [[0, 1, 2, 0, 1, 2]], folds: 3, grouped: false)
    }
}
