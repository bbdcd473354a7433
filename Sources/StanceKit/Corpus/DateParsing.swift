/// A calendar date read from a corpus's date field (the time of day, when given, is not kept).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    /// `YYYY-MM`: sorts in time order as text.
    public var monthKey: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))" }
    /// `YYYY`.
    public var yearKey: String { Self.pad(year, 4) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The number of days of `month` in `year` (Gregorian calendar).
    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Reads the dates news corpora carry, in the forms archives and scrapers write them.
///
/// Accepted forms (a time of day and a zone after the date are allowed and ignored):
/// - ISO 8601: `2023-02-01`, `2023-02-01T08:30:00Z`, `2023-02-01 08:30`, `20230201`;
/// - `2023/02/01` and `2023.02.01` (year first);
/// - Chinese and Japanese: `2023年2月1日`;
/// - RFC 2822 (e-mail and RSS): `Wed, 1 Feb 2023 08:30:00 +0000`, also without the weekday; month names in
///   English, three letters or in full;
/// - numeric day-month forms with the year last (`1/2/2023`, `01-02-2023`, `1.2.2023`) only with an ``Order``:
///   `2/1/2023` is 2 January in most of the world and February 1 in the United States, and guessing would mix the
///   two within one corpus.
///
/// A date that names no real day (`2023-02-30`) is unreadable.
public struct DateParser: Sendable, Hashable {
    /// How to read numeric dates whose year comes last.
    public enum Order: String, Sendable, CaseIterable {
        /// Day, month, year: `1/2/2023` is 1 February.
        case dmy
        /// Month, day, year: `2/1/2023` is February 1.
        case mdy
    }

    public var order: Order?

    public init(order: Order? = nil) { self.order = order }

    /// The forms a date may take, for error messages.
    public static let acceptedForms =
        "ISO 8601, YYYY/MM/DD, 2023年2月1日 or RFC 2822; numeric day-month dates need --date-order dmy or mdy"

    /// The date `text` names, or `nil` when it is in no accepted form or names no real day.
    public func parse(_ text: String) -> CalendarDate? {
        let scalars = Array(text.unicodeScalars.drop { $0 == " " || $0 == "\t" })
        guard !scalars.isEmpty else { return nil }
        if let date = Self.yearFirst(scalars) { return date }
        if let date = Self.chinese(scalars) { return date }
        if let date = Self.rfc2822(scalars) { return date }
        if let order, let date = Self.yearLast(scalars, order: order) { return date }
        return nil
    }

    /// A run of ASCII digits at `index`: its value and length.
    private static func number(_ scalars: [Unicode.Scalar], _ index: Int, maxLength: Int = 4) -> (Int, Int)? {
        var value = 0
        var length = 0
        while index + length < scalars.count, length <= maxLength, (48...57).contains(scalars[index + length].value) {
            value = value * 10 + Int(scalars[index + length].value) - 48
            length += 1
        }
        return length == 0 || length > maxLength ? nil : (value, length)
    }

    /// Whether what follows a date at `index` is nothing, or a separator before a time of day or zone.
    private static func endsDate(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        index == scalars.count || [" ", "T", "t", "\t", ","].contains(scalars[index])
    }

    private static func make(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate? {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (one separator throughout) and `YYYYMMDD`.
    private static func yearFirst(_ s: [Unicode.Scalar]) -> CalendarDate? {
        guard let (year, yearLength) = number(s, 0, maxLength: 8) else { return nil }
        if yearLength == 8 {
            guard endsDate(s, 8) else { return nil }
            return make(year / 10000, year / 100 % 100, year % 100)
        }
        guard yearLength == 4, s.count > 4, ["-", "/", "."].contains(s[4]) else { return nil }
        let separator = s[4]
        guard let (month, monthLength) = number(s, 5, maxLength: 2), 5 + monthLength < s.count,
            s[5 + monthLength] == separator,
            let (day, dayLength) = number(s, 6 + monthLength, maxLength: 2),
            endsDate(s, 6 + monthLength + dayLength)
        else { return nil }
        return make(year, month, day)
    }

    /// `2023年2月1日` (full-width digits too, since NFKC is not applied to fields).
    private static func chinese(_ s: [Unicode.Scalar]) -> CalendarDate? {
        let digits = s.map { scalar -> Unicode.Scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 48)! : scalar
        }
        guard let (year, yearLength) = number(digits, 0), yearLength == 4, digits.count > 4, digits[4] == "年",
            let (month, monthLength) = number(digits, 5, maxLength: 2), 5 + monthLength < digits.count,
            digits[5 + monthLength] == "月",
            let (day, dayLength) = number(digits, 6 + monthLength, maxLength: 2),
            6 + monthLength + dayLength < digits.count, ["日", "号"].contains(digits[6 + monthLength + dayLength])
        else { return nil }
        return make(year, month, day)
    }

    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    /// `[Wed, ]1 Feb 2023[ 08:30:00 +0000]`.
    private static func rfc2822(_ s: [Unicode.Scalar]) -> CalendarDate? {
        var words = String(String.UnicodeScalarView(s)).split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map { $0.lowercased() }
        guard !words.isEmpty else { return nil }
        if words[0].hasSuffix(",") {
            guard words[0].dropLast().allSatisfy(\.isLetter) else { return nil }
            words.removeFirst()
        }
        guard words.count >= 3, let day = Int(words[0]), words[0].count <= 2,
            words[1].count >= 3, words[1].allSatisfy(\.isLetter),
            let month = monthNames.firstIndex(of: String(words[1].prefix(3))),
            words[2].count == 4, let year = Int(words[2])
        else { return nil }
        let full = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        guard words[1].count == 3 || words[1] == full[month] || (month == 8 && words[1] == "sept") else { return nil }
        return make(year, month + 1, day)
    }

    /// `1/2/2023`, `01-02-2023`, `1.2.2023` read as `order` says.
    private static func yearLast(_ s: [Unicode.Scalar], order: Order) -> CalendarDate? {
        guard let (first, firstLength) = number(s, 0, maxLength: 2), firstLength < s.count,
            ["-", "/", "."].contains(s[firstLength])
        else { return nil }
        let separator = s[firstLength]
        guard let (second, secondLength) = number(s, firstLength + 1, maxLength: 2),
            firstLength + 1 + secondLength < s.count, s[firstLength + 1 + secondLength] == separator,
            let (year, yearLength) = number(s, firstLength + secondLength + 2), yearLength == 4,
            endsDate(s, firstLength + secondLength + 2 + yearLength)
        else { return nil }
        return order == .dmy ? make(year, second, first) : make(year, first, second)
    }
}
