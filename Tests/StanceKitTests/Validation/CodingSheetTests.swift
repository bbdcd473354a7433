import Foundation
import Testing

@testable import StanceKit

@Suite struct CodingSheetTests {
    private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        return bytes
    }

    @Test func semicolonUTF16LittleEndianFromASpreadsheet() throws {
        let text =
            "ID;Text;Code;Note\r\nU001;\"中国外交部表示; \"\"坚决反对\"\"\r\n第二行\";pro_beijing;\r\nU002;Bộ Ngoại giao;;chưa rõ\r\n"
        let sheet = try CodingSheet(bytes: utf16(text, bigEndian: false), path: "coder-1.csv")
        #expect(sheet.encoding == "UTF-16LE")
        #expect(sheet.delimiter == ";")
        #expect(sheet.rows.map(\.id) == ["U001", "U002"])
        #expect(sheet.rows[0].code == "pro_beijing")
        #expect(sheet.rows[1].code == nil)
        // The quoted field spans two lines: the second row starts on line 4.
        #expect(sheet.rows[1].line == 4)
        let big = try CodingSheet(bytes: utf16("id,code\nx,1\n", bigEndian: true), path: "b.csv")
        #expect(big.encoding == "UTF-16BE")
        #expect(big.rows == [CodingSheet.Row(id: "x", code: "1", line: 2)])
    }

    @Test func utf8WithAndWithoutByteOrderMarkAndTabs() throws {
        let plain = try CodingSheet(bytes: Array("code,id\r\n a , U9 \r\n".utf8), path: "p.csv")
        #expect(plain.encoding == "UTF-8")
        #expect(plain.rows == [CodingSheet.Row(id: "U9", code: "a", line: 2)])
        let marked = try CodingSheet(bytes: [0xEF, 0xBB, 0xBF] + Array("id\tcode\n甲\t反對\n".utf8), path: "t.csv")
        #expect(marked.encoding == "UTF-8 with BOM")
        #expect(marked.delimiter == "\t")
        #expect(marked.rows.first?.code == "反對")
    }

    @Test func badSheetsNameFileAndLine() throws {
        #expect(
            throws: CodingError.invalidFile(path: "d.csv", line: 3, reason: "id 'U1' appears twice (first on line 2)")
        ) {
            try CodingSheet(bytes: Array("id,code\nU1,a\nU1,b\n".utf8), path: "d.csv")
        }
        #expect(throws: CodingError.self) { try CodingSheet(bytes: Array("unit,label\nU1,a\n".utf8), path: "m.csv") }
        #expect(throws: CodingError.self) { try CodingSheet(bytes: Array("id,code\nU1,\"open\n".utf8), path: "q.csv") }
        #expect(throws: CodingError.self) {
            try CodingSheet(bytes: [0x69, 0x64, 0x2C, 0x63, 0xFF, 0x0A], path: "u.csv")
        }
    }

    @Test func joiningSheetsThatDisagreeOnIdsAndOrder() throws {
        let first = try CodingSheet(bytes: Array("id,code\nU1,high\nU2,low\nU3,mid\n".utf8), path: "a.csv")
        let second = try CodingSheet(bytes: Array("id,code\nU2,low\nU4,high\nU1,mid\n".utf8), path: "b.csv")
        let data = try ReliabilityData(sheets: [first, second], order: ["low", "mid", "high"], needsOrder: true)
        #expect(data.units == ["U1", "U2", "U3", "U4"])
        #expect(data.codes == [[2, 1], [0, 0], [1, nil], [nil, 2]])
        #expect(data.values == [0, 1, 2])
        let report = try AgreementReport(
            data: data, settings: AgreementSettings(levels: [.ordinal], bootstrap: BootstrapSettings(replicates: 50)))
        #expect(report.pairableUnits == 2)
        #expect(report.singleCodedUnits == 2)
        #expect(report.disagreements == [0])
        // A code outside --order names the sheet and line.
        #expect(
            throws: CodingError.invalidFile(
                path: "a.csv", line: 2,
                reason:
                    "code 'high' is not in --order (low, mid); a code that means not coded can be named with --missing")
        ) {
            try ReliabilityData(sheets: [first, second], order: ["low", "mid"], needsOrder: false)
        }
        // Ordinal on text codes without an order is a usage error.
        #expect(throws: CodingError.self) {
            try ReliabilityData(sheets: [first, second], order: nil, needsOrder: true)
        }
    }

    /// Codes declared missing (`--missing unclear`) are left out like empty cells, need not be in `--order`, and are
    /// counted: the data equal those of sheets with those cells empty, and so does alpha.
    @Test func missingCodesAreLeftOutLikeEmptyCells() throws {
        let first = try CodingSheet(bytes: Array("id,code\nU1,high\nU2,unclear\nU3,mid\nU4,low\n".utf8), path: "a.csv")
        let second = try CodingSheet(bytes: Array("id,code\nU1,mid\nU2,low\nU3,unclear\nU4,low\n".utf8), path: "b.csv")
        let data = try ReliabilityData(
            sheets: [first, second], order: ["low", "mid", "high"], needsOrder: true, missing: ["unclear"])
        #expect(data.missingCounts == ["unclear": 2])
        #expect(data.codes == [[2, 1], [nil, 0], [1, nil], [0, 0]])
        let blankFirst = try CodingSheet(bytes: Array("id,code\nU1,high\nU2,\nU3,mid\nU4,low\n".utf8), path: "a.csv")
        let blankSecond = try CodingSheet(bytes: Array("id,code\nU1,mid\nU2,low\nU3,\nU4,low\n".utf8), path: "b.csv")
        let blank = try ReliabilityData(
            sheets: [blankFirst, blankSecond], order: ["low", "mid", "high"], needsOrder: true)
        #expect(blank.codes == data.codes && blank.missingCounts.isEmpty)
        let settings = AgreementSettings(levels: [.ordinal], bootstrap: BootstrapSettings(replicates: 50))
        #expect(
            try AgreementReport(data: data, settings: settings).alpha
                == AgreementReport(data: blank, settings: settings).alpha)
        // Without --missing the off-scale code stops, naming the sheet and line.
        #expect(throws: CodingError.self) {
            try ReliabilityData(sheets: [first, second], order: ["low", "mid", "high"], needsOrder: true)
        }
    }

    @Test func aCoderWithNoCodesAndOneUnitOnly() throws {
        let first = try CodingSheet(bytes: Array("id,code\nU1,a\nU2,b\n".utf8), path: "a.csv")
        let empty = try CodingSheet(bytes: Array("id,code\nU1,\nU2,\n".utf8), path: "b.csv")
        let data = try ReliabilityData(sheets: [first, empty], order: nil, needsOrder: false)
        #expect(throws: CodingError.self) {
            try AgreementReport(data: data, settings: AgreementSettings(bootstrap: BootstrapSettings(replicates: 10)))
        }
        let third = try CodingSheet(bytes: Array("id,code\nU1,a\nU2,a\n".utf8), path: "c.csv")
        let three = try ReliabilityData(sheets: [first, empty, third], order: nil, needsOrder: false)
        let report = try AgreementReport(
            data: three, settings: AgreementSettings(bootstrap: BootstrapSettings(replicates: 10)))
        #expect(report.codersWithoutCodes == ["b"])
        #expect(report.cohenKappa == nil)
        #expect(report.fleissKappa?.isNaN == true)  // no unit coded by all three
        #expect(report.percentAgreement == 0.5)

        let one = try ReliabilityData(
            sheets: [
                try CodingSheet(bytes: Array("id,code\nU1,a\n".utf8), path: "x.csv"),
                try CodingSheet(bytes: Array("id,code\nU1,a\n".utf8), path: "y.csv"),
            ], order: nil, needsOrder: false)
        let single = try AgreementReport(
            data: one, settings: AgreementSettings(bootstrap: BootstrapSettings(replicates: 10)))
        #expect(single.headlineAlpha.isNaN)
        #expect(single.percentAgreement == 1)
        #expect(single.table().contains("undefined"))
        #expect(single.jsonText().contains("\"alpha\": null"))
    }
}
