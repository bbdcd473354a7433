import Foundation
import Testing

@testable import StanceKit

/// The byte-level filters that let most lines go before the full tests of the per-document rules: they must never
/// let go a line the full tests would remove (``FoldAlphabet``), and repeated paragraphs must still be found by
/// their bytes (``ParagraphTable``).
@Suite struct CleaningFiltersTests {
    /// The first column of a list file as written (not folded).
    static func rawEntries(_ file: String) throws -> [String] {
        let text = try String(contentsOfFile: cleaningLabelsDirectory + "/" + file, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cell = String(line.split(separator: "\t", omittingEmptySubsequences: false)[0])
            return cell.hasPrefix("#") || cell == "string" || cell == "marker" || cell.isEmpty ? nil : cell
        }
    }

    static func admits(_ alphabet: FoldAlphabet, _ line: String) -> Bool {
        var copy = line
        return copy.withUTF8 { alphabet.admits($0, 0..<$0.count) }
    }

    /// Every listed string, in the forms pages print it (upper case, bullets and colons around it, spaced out,
    /// full-width, two strings on one line), passes the filter of its list.
    @Test(arguments: [CleaningLabels.interfaceFile, CleaningLabels.markerFile])
    func listedStringsPass(_ file: String) throws {
        let raw = try Self.rawEntries(file)
        #expect(raw.count > 20)
        let alphabet = FoldAlphabet(try CleaningLabels.readList(cleaningLabelsDirectory + "/" + file))
        for (index, entry) in raw.enumerated() {
            let next = raw[(index + 1) % raw.count]
            let spaced = entry.unicodeScalars.map { String($0) }.joined(separator: " ")
            let wide = String(
                String.UnicodeScalarView(
                    entry.unicodeScalars.map {
                        $0.value >= 0x21 && $0.value <= 0x7E ? Unicode.Scalar($0.value + 0xFEE0)! : $0
                    }))
            for form in [
                entry, entry.uppercased(), "» \(entry):", "• \(entry.lowercased()) •", spaced, wide,
                "\(entry) | \(next)",
                "[\(entry)]",
            ] {
                #expect(Self.admits(alphabet, form), "\(file): \(form)")
            }
        }
    }

    /// Body lines the project wrote hold letters and pairs no listed string has, and are let go.
    @Test(arguments: [
        "The harbour expansion was delayed again on Tuesday.", "政府上月公布的港口擴建計劃原定今年夏天動工",
        "环保团体昨日联署要求重新评估", "Zebra", "Jazz 2024",
    ])
    func bodyLinesAreLetGo(_ line: String) throws {
        let alphabet = FoldAlphabet(
            try CleaningLabels.readList(cleaningLabelsDirectory + "/" + CleaningLabels.interfaceFile))
        #expect(!Self.admits(alphabet, line))
    }

    /// The soundness the filter rests on, checked on lines drawn from listed strings and body words: whenever a line
    /// is let go, neither its fold nor the fold of any of its words is part of a listed string.
    @Test func aLineLetGoHasAWordNoEntryHolds() throws {
        let entries = try CleaningLabels.readList(cleaningLabelsDirectory + "/" + CleaningLabels.interfaceFile)
        let alphabet = FoldAlphabet(entries)
        let raw = try Self.rawEntries(CleaningLabels.interfaceFile)
        let words = [
            "harbour", "Thị", "trường", "雨季", "新聞", "Đăng", "weather", "e\u{301}", "Se\u{309}", "-", "»", "2:35",
            "ＳＨＡＲＥ", "tab\tand", "ĐĂNG", "Ký", "Sign", "up", "分享", "到",
        ]
        var generator = StableRandom(seed: 19)
        var letGo = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 1...4, using: &generator)
            let line = (0..<count).map { _ in
                Bool.random(using: &generator)
                    ? raw.randomElement(using: &generator)! : words.randomElement(using: &generator)!
            }.joined(separator: " ")
            guard !Self.admits(alphabet, line) else { continue }
            letGo += 1
            #expect(!entries.contains(CleaningLabels.fold(line)), "\(line)")
            let pieces = line.split(whereSeparator: { $0.isWhitespace }).map { CleaningLabels.fold($0) }
            #expect(
                pieces.contains { piece in !piece.isEmpty && !entries.contains { $0.contains(piece) } }, "\(line)")
        }
        #expect(letGo > 100)
    }

    /// Decomposed letters, tabs and full-width forms still reach the full test and are removed.
    @Test func unusualSpellingsOfInterfaceStringsAreStillRemoved() throws {
        let cleaner = try projectCleaner()
        let body = "Nhiều địa phương bắt đầu thu hoạch lúa vụ đông xuân với năng suất cao hơn năm trước."
        for line in ["Chia se\u{309}", "ＳＨＡＲＥ", "Share\tFacebook", "» Sign up «", "分享　微博"] {
            let text = body + "\n" + line + "\n" + body.replacingOccurrences(of: "năm", with: "vụ")
            let cleaned = cleaner.clean(text)
            #expect(cleaned.removals.map(\.reason) == [.interfaceString], "\(line)")
            expectReassembles(text, cleaned)
        }
    }

    /// Lines with the same length and the same first and last 32 bytes hash alike; only equal bytes make a copy.
    @Test func paragraphsAreComparedByTheirBytes() {
        let head = String(repeating: "港口擴建計劃", count: 3)
        let first = head + "環保團體要求重新評估" + head
        let second = head + "環保團體要求重新審查" + head
        var text = [first, second, first].joined(separator: "\n")
        let (hashes, found) = text.withUTF8 { bytes -> ([UInt64], [Int?]) in
            let lines = DocumentCleaner.lines(bytes, end: bytes.count)
            var table = ParagraphTable(capacity: lines.count)
            var hashes: [UInt64] = []
            var found: [Int?] = []
            for (index, line) in lines.enumerated() {
                let hash = ParagraphTable.hash(bytes, line.contentStart..<line.contentEnd)
                hashes.append(hash)
                found.append(
                    table.earlierOrInsert(index, hash: hash) {
                        DocumentCleaner.sameContent(bytes, lines[$0], line)
                    })
            }
            return (hashes, found)
        }
        #expect(hashes[0] == hashes[1])
        #expect(found == [nil, nil, 0])
    }

    /// Many distinct short lines fill the table without losing any: each repeat finds its own first copy.
    @Test func everyRepeatFindsItsFirstCopy() {
        let lines = (0..<500).map { "第\($0)段 paragraph \($0 * 7)" }
        var text = (lines + lines.reversed()).joined(separator: "\n")
        let found = text.withUTF8 { bytes -> [Int?] in
            let all = DocumentCleaner.lines(bytes, end: bytes.count)
            var table = ParagraphTable(capacity: all.count)
            return all.indices.map { index in
                let line = all[index]
                return table.earlierOrInsert(
                    index, hash: ParagraphTable.hash(bytes, line.contentStart..<line.contentEnd)
                ) { DocumentCleaner.sameContent(bytes, all[$0], line) }
            }
        }
        #expect(found[..<500].allSatisfy { $0 == nil })
        #expect(Array(found[500...]) == (0..<500).reversed().map { Optional($0) })
    }
}
