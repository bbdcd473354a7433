extension Document {
    /// The value of a grouping field (`--by`, `--group-by`): `month` is `YYYY-MM` of the date, `lang` the given
    /// language, any other name a ``Document/field(_:)``.
    ///
    /// Scoring groups articles by it, evaluation keeps groups in one fold, and the weight bootstrap resamples them.
    public func groupValue(_ field: String, language: Language? = nil) -> String? {
        switch field {
        case "month": return date.flatMap(monthKey(ofDate:))
        case "lang", "language": return language?.rawValue
        default: return self.field(field)
        }
    }
}

/// The `YYYY-MM` month of a date that starts with `YYYY-MM` (ISO 8601, e.g. `2020-03-14T08:00:00Z`), or `nil`.
public func monthKey(ofDate date: String) -> String? {
    let scalars = Array(date.unicodeScalars.prefix(7))
    guard scalars.count == 7, scalars[4] == "-" else { return nil }
    let digits = [0, 1, 2, 3, 5, 6].map { scalars[$0].value }
    guard digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
    let month = (digits[4] - 48) * 10 + (digits[5] - 48)
    guard (1...12).contains(month) else { return nil }
    return String(String.UnicodeScalarView(scalars))
}
