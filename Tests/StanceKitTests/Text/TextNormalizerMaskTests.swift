import Foundation
import Testing

@testable import StanceKit

@Suite struct TextNormalizerMaskTests {
    @Test(arguments: [
        ("REUTERS reported; reuters too", "xxmask reported; xxmask too"),
        ("The New York Times and the new york subway", "the xxmask and the xxmask subway"),
        ("The New  York\nTimes", "the xxmask"),
        ("Reutersian and PreReuters stay", "reutersian and prereuters stay"),
        ("AP, APEC and map; (AP)", "xxmask, apec and map; (xxmask)"),
        ("据新华社报道，新华社记者", "据xxmask报道,xxmask记者"),
        ("据AP报道", "据xxmask报道"),
        ("reported by AP", "reported by xxmask"),
        ("AP", "xxmask"),
        ("Đài Tiếng nói VN và ĐÀI TIẾNG NÓI VN", "xxmask và xxmask"),
        ("see https://www.reuters.com/world", "see xxurl"),
    ])
    func masksTerms(input: String, expected: String) throws {
        let normalizer = try makeNormalizer(
            .init(maskTerms: ["Reuters", "New York", "New York Times", "AP", "新华社", "Đài Tiếng nói VN", " "]))
        let normalized = normalizer.normalize(input)
        #expect(normalized.text == expected)
        checkOffsets(normalized, original: input)
    }

    @Test func masksSingleCharactersAndManyTerms() throws {
        // Many terms sharing first letters, a one-letter term, a one-character CJK term, a term with a symbol.
        var terms = (0..<300).map { "Outlet \($0) News" }
        terms += ["X", "报", "AT&T", "Đài"]
        let normalizer = try makeNormalizer(.init(maskTerms: terms))
        let input = "Outlet 12 News and OUTLET 299 NEWS, not Outlet 300 News; X marks 报道; AT&T; xylophone; ĐÀI X"
        #expect(
            normalizer.normalize(input).text
                == "xxmask and xxmask, not outlet 300 news; xxmask marks xxmask道; xxmask; xylophone; xxmask xxmask")
    }

    @Test func replacementInsideAComposedClusterIsDroppedNotStalling() throws {
        // The lone combining mark is composed with the space before it, so its mask cannot apply; later ones must.
        let normalizer = try makeNormalizer(.init(maskTerms: ["\u{0301}", "Reuters"]))
        let input = "a \u{0301} b Reuters and Reuters"
        let normalized = normalizer.normalize(input)
        #expect(normalized.text.hasSuffix(" b xxmask and xxmask"))
        checkOffsets(normalized, original: input)
    }

    @Test func maskTokenMapsBackToTheTerm() throws {
        let input = "By Jane Doe, Reuters."
        let normalized = try makeNormalizer(.init(maskTerms: ["Jane Doe", "Reuters"])).normalize(input)
        #expect(normalized.text == "by xxmask, xxmask.")
        #expect(input[normalized.originalRange(of: 3..<9, in: input)] == "Jane Doe")
        #expect(input[normalized.originalRange(of: 11..<17, in: input)] == "Reuters")
    }

    @Test func masksDoNotSwayLanguage() throws {
        let normalizer = try makeNormalizer(.init(maskTerms: ["The Associated Press and the Wire of the World"]))
        let normalized = normalizer.normalize("The Associated Press and the Wire of the World 报道：中国经济增长")
        #expect(normalized.language == .zhHans)
    }

    private func write(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mask-\(UUID().uuidString).tsv").path
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func loadsMaskTermsFromTSV() throws {
        let path = try write(
            "term\tnote\n# outlets\n\nReuters\twire\r\n  新华社 \tXinhua\nsource\tx\nReuters\tdup\nBBC News\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TextNormalizer.loadMaskTerms(path: path) == ["Reuters", "新华社", "BBC News"])
    }

    @Test func reportsTheLineOfAnEmptyTerm() throws {
        let path = try write("term\nReuters\n\tno term\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TextNormalizer.loadMaskTerms(path: path)
            Issue.record("expected an error")
        } catch let error as TableFileError {
            #expect(
                error
                    == TableFileError(
                        location: SourceLocation(file: path, line: 3), problem: "the first column (the term) is empty"))
            #expect(error.description.hasPrefix("\(path):3: "))
            #expect(error.exitStatus == .dataError)
        }
    }

    @Test func reportsAMissingFile() {
        // The one rule for input paths (``InputFile``): a missing file is exit status 66.
        let expected = IOFailure(
            path: "/nonexistent/masks.tsv", reason: "no such file or directory", exitStatus: .noInput)
        #expect(throws: expected) { try TextNormalizer.loadMaskTerms(path: "/nonexistent/masks.tsv") }
    }
}
