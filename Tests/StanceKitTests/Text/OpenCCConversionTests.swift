import Foundation
import Testing

@testable import StanceKit

@Suite struct OpenCCConversionTests {
    /// Phrase-level cases that a character table gets wrong (乾 → 干, 后 → 後, 著 → 着), so only OpenCC's phrase
    /// dictionaries pass them.
    @Test(arguments: [
        ("乾隆", "乾隆"),
        ("乾隆皇帝的頭髮", "乾隆皇帝的头发"),
        ("頭髮", "头发"),
        ("後來", "后来"),
        ("皇后", "皇后"),
        ("後來著名的皇后", "后来著名的皇后"),
        ("發展", "发展"),
        ("著名", "著名"),
        ("臺灣的經濟發展", "台湾的经济发展"),
        ("中国的发展", "中国的发展"),
    ])
    func convertsTraditionalPhrases(input: String, expected: String) throws {
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == expected)
        checkOffsets(normalized, original: input)
    }

    @Test func convertsOnlyHanRunsInMixedText() throws {
        let input = "Taiwan（臺灣）said: 「兩岸關係」 matters"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == "taiwan(台湾)said: \"两岸关系\" matters")
        #expect(quotedStrings(normalized) == ["两岸关系"])
        #expect(normalized.language == .en)
    }

    @Test func keepsScriptWhenConversionIsOff() throws {
        let normalizer = try makeNormalizer(.init(convertTraditional: false))
        let normalized = normalizer.normalize("後來著名的皇后，頭髮")
        #expect(normalized.text == "後來著名的皇后,頭髮")
        #expect(normalized.language == .zhHant)
    }

    @Test func languageIsDecidedBeforeConversion() throws {
        let normalized = try makeNormalizer().normalize("中國政府今天發表聲明")
        #expect(normalized.text == "中国政府今天发表声明")
        #expect(normalized.language == .zhHant)
    }

    @Test func offsetsAreExactThroughConversion() throws {
        // Every character here is three bytes in both scripts, so the mapping is the identity.
        let input = "頭髮很長"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == "头发很长")
        #expect(normalized.originalOffsets == (0...12).map { Int32($0) })
    }

    @Test func originalRangeShowsTheTraditionalSpelling() throws {
        let input = "He said “乾隆皇帝的頭髮” loudly"
        let normalized = try makeNormalizer().normalize(input)
        #expect(normalized.text == "he said \"乾隆皇帝的头发\" loudly")
        let text = normalized.text
        let hit = try #require(text.utf8.firstRange(of: "头发".utf8))
        let lower = text.utf8.distance(from: text.utf8.startIndex, to: hit.lowerBound)
        let upper = text.utf8.distance(from: text.utf8.startIndex, to: hit.upperBound)
        #expect(input[normalized.originalRange(of: lower..<upper, in: input)] == "頭髮")
        #expect(normalized.originalUTF8Range(of: lower..<upper) == 26..<32)
        // A range ending before a space does not take the space.
        let said = try #require(text.utf8.firstRange(of: "said".utf8))
        let saidLower = text.utf8.distance(from: text.utf8.startIndex, to: said.lowerBound)
        #expect(input[normalized.originalRange(of: saidLower..<(saidLower + 4), in: input)] == "said")
    }

    @Test func hanVariantTableClassifiesCharacters() {
        let table = HanVariantTable.shared
        #expect(table.isTraditional(("髮" as Unicode.Scalar).value))
        #expect(table.isTraditional(("國" as Unicode.Scalar).value))
        #expect(table.isSimplified(("国" as Unicode.Scalar).value))
        #expect(table.isSimplified(("发" as Unicode.Scalar).value))
        #expect(!table.isTraditional(("人" as Unicode.Scalar).value))
        #expect(!table.isSimplified(("人" as Unicode.Scalar).value))
        #expect(!table.isTraditional(("a" as Unicode.Scalar).value))
    }

    @Test func hanVariantTableFromCharacterDictionariesEqualsTheInstalledConfigurations() {
        // The shared table converts through the character dictionaries alone; the installed t2s.json and s2t.json,
        // phrase dictionaries and all, must classify every character of the range the same way.
        let installed = HanVariantTable(configurations: .installed)
        #expect(HanVariantTable.shared == installed)
        #expect(installed.isTraditional(("髮" as Unicode.Scalar).value))
        #expect(installed.isSimplified(("发" as Unicode.Scalar).value))
    }

    @Test func characterConfigurationOpensAndConvertsCharacterByCharacter() throws {
        let characters = try OpenCCConverter(
            configurationText: HanVariantTable.characterConfiguration("TSCharacters.ocd2"), name: "characters")
        // Character by character: 乾隆 becomes 干隆, which the phrase dictionary of t2s.json keeps as it is.
        #expect(characters.convert("乾隆皇帝的頭髮") == "干隆皇帝的头发")
        #expect(try OpenCCConverter(configuration: "t2s.json").convert("乾隆皇帝的頭髮") == "乾隆皇帝的头发")
    }

    /// OpenCC itself would look in the working directory first; the converter opens the installed files by their
    /// absolute paths, and fails over to OpenCC's own search only for names no data directory holds.
    @Test func installedConfigurationsArePinnedToTheDataDirectory() throws {
        let installed = try #require(
            OpenCCConverter.dataDirectories.first { FileManager.default.fileExists(atPath: $0 + "/t2s.json") })
        let text = try String(contentsOfFile: installed + "/t2s.json", encoding: .utf8)
        let pinned = try #require(OpenCCConverter.pinningDictionaries(text))
        #expect(pinned.contains("\"\(installed)/TSPhrases.ocd2\""))
        #expect(pinned.contains("\"\(installed)/TSCharacters.ocd2\""))
        #expect(!pinned.contains("\"TSPhrases.ocd2\""))
        // A name that no data directory holds stays as it is, and text that is not JSON is refused.
        let missing = try #require(OpenCCConverter.pinningDictionaries(#"{"dict": {"file": "NoSuch.ocd2"}}"#))
        #expect(missing.contains("\"NoSuch.ocd2\""))
        #expect(OpenCCConverter.pinningDictionaries("{not json") == nil)
    }

    @Test func hanVariantTableAgreesWithConvertingEachCharacterAlone() throws {
        // The table is built from one conversion of all characters per direction, both directions side by side;
        // converting characters one at a time must give the same flags (every 37th Han character of the range).
        let t2s = try OpenCCConverter(configuration: "t2s.json")
        let s2t = try OpenCCConverter(configuration: "s2t.json")
        let table = HanVariantTable.shared
        var traditional = 0
        var simplified = 0
        for value in stride(from: HanVariantTable.lowerBound, to: HanVariantTable.upperBound, by: 37) {
            guard let scalar = Unicode.Scalar(value), Script(scalar) == .han else { continue }
            let alone = String(scalar)
            #expect(table.isTraditional(value) == (t2s.convert(alone) != alone), "U+\(String(value, radix: 16))")
            #expect(table.isSimplified(value) == (s2t.convert(alone) != alone), "U+\(String(value, radix: 16))")
            if table.isTraditional(value) { traditional += 1 }
            if table.isSimplified(value) { simplified += 1 }
        }
        // Both kinds occur among the sampled characters (about 3,700 and 2,700 of the 27,000 in all).
        #expect(traditional > 20 && simplified > 20)
    }
}
