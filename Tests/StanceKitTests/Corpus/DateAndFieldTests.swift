import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct DateParsingTests {
    @Test(arguments: [
        ("2023-02-01", "2023-02-01"), ("2023-02-01T08:30:00Z", "2023-02-01"), ("2023-02-01 08:30", "2023-02-01"),
        ("20230201", "2023-02-01"), ("2023/2/1", "2023-02-01"), ("2023.02.01", "2023-02-01"),
        ("2023年2月1日", "2023-02-01"), ("２０２３年２月１日", "2023-02-01"), ("Wed, 1 Feb 2023 08:30:00 +0000", "2023-02-01"),
        ("1 February 2023", "2023-02-01"), ("2024-02-29", "2024-02-29"),
    ])
    func readsEveryAcceptedForm(text: String, expected: String) {
        #expect(DateParser().parse(text)?.description == expected)
    }

    @Test func numericDayMonthNeedsAnOrder() {
        #expect(DateParser().parse("2/1/2023") == nil)
        #expect(DateParser(order: .dmy).parse("2/1/2023")?.description == "2023-01-02")
        #expect(DateParser(order: .mdy).parse("2/1/2023")?.description == "2023-02-01")
        #expect(DateParser(order: .mdy).parse("13/1/2023") == nil)
    }

    @Test(arguments: ["2023-02-30", "2023-13-01", "2023-02", "yesterday", "2023/02-01", "", "2023-02-01x"])
    func refusesWhatNamesNoDay(text: String) {
        #expect(DateParser(order: .dmy).parse(text) == nil)
    }

    @Test func monthAndYearKeysSortInTimeOrder() {
        let dates = ["2023-11-02", "2024-01-05", "2023-02-01"].compactMap { DateParser().parse($0) }
        #expect(dates.sorted().map(\.monthKey) == ["2023-02", "2023-11", "2024-01"])
        #expect(dates[0].yearKey == "2023")
    }
}

@Suite struct FieldSelectionTests {
    let records = """
        {"id": "a", "text": "中国共产党的领导。", "source": "Eastern Herald", "date": "2023-02-01"}
        {"id": "b", "text": "Hòa bình và hợp tác.", "date": "2/1/2023", "lang": "vi-VN"}
        {"id": "c", "text": "A free press matters.", "source": "Harbour Ledger", "date": "2023年3月1日"}

        """

    func read(_ options: CorpusOptions) throws -> (CorpusReader, [Document]) {
        let reader = CorpusReader(name: "f.jsonl", bytes: Array(records.utf8), options: options)
        var documents: [Document] = []
        try reader.forEach { documents.append($0) }
        return (reader, documents)
    }

    @Test func unknownFieldIsAUsageErrorNamingTheFieldsRecordsCarry() throws {
        var selection = FieldSelection(["source", "sorce"], option: "--by", corpus: CorpusOptions())
        let (reader, _) = try read(CorpusOptions())
        #expect(reader.fieldNames == ["date", "id", "lang", "source", "text"])
        let error = try #require(throws: FieldError.self) { try selection.check(carried: reader.fieldNames) }
        #expect(
            error.description
                == "no record has the field 'sorce' named by --by (the records have: date, id, lang, source, text)")
        #expect(error.exitStatus == .usage)
        var month = FieldSelection(["month"], option: "--by", corpus: CorpusOptions())
        #expect(throws: FieldError.self) { try month.check(carried: ["id", "text"]) }
        #expect(
            FieldError.missingDateField(field: "date", option: "--by month", carried: ["id", "text"]).description
                == "no record has the date field 'date' that --by month is read from (the records have: id, text; set --date-field)"
        )
    }

    @Test func inputFieldWinsOverDerivedAndMissingOnesAreCounted() throws {
        var selection = FieldSelection(
            ["source", "lang", "month"], option: "--by", corpus: CorpusOptions(), dates: DateParser(order: .dmy))
        var options = CorpusOptions()
        options.keptFields = selection.keptFields
        let (reader, documents) = try read(options)
        try selection.check(carried: reader.fieldNames)
        let rows = try documents.map { try selection.values(of: $0, language: "detected") }
        // lang is an input field here, so it wins over the detected language (records without it: none).
        #expect(rows.map { $0[1] } == [nil, "vi-VN", nil])
        #expect(rows.map { $0[2] } == ["2023-02", "2023-01", "2023-03"])
        #expect(
            selection.missingNotes(rows) == [
                "1 of 3 records has no 'source' (--by); it counts as (none)",
                "2 of 3 records have no 'lang' (--by); they count as (none)",
            ])
    }

    @Test func unreadableDateIsADataErrorWithFileAndLine() throws {
        var selection = FieldSelection(["year"], option: "--by", corpus: CorpusOptions())
        let (reader, documents) = try read(CorpusOptions())
        try selection.check(carried: reader.fieldNames)
        let error = try #require(throws: CorpusError.self) {
            try selection.value("year", of: documents[1], language: nil)
        }
        #expect(
            error.description
                == "f.jsonl:2: unreadable date '2/1/2023' in field 'date' (expected ISO 8601, YYYY/MM/DD, 2023年2月1日 or RFC 2822; numeric day-month dates need --date-order dmy or mdy)"
        )
        #expect(error.exitStatus == .dataError)
    }
}
