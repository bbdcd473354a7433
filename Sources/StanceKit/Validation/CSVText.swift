/// Writing RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field in double quotes (with `""` for
/// a quote) when it holds a comma, a quote, a line break or leading or trailing white space.
enum CSVText {
    /// The byte-order mark that makes spreadsheet programs read a CSV file as UTF-8.
    static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `field`, quoted when it has to be.
    static func field(_ field: String) -> String {
        let needsQuotes =
            field.unicodeScalars.contains { scalar in
                scalar == "," || scalar == "\"" || scalar == "\n" || scalar == "\r" || scalar == ";"
            } || field.first?.isWhitespace == true || field.last?.isWhitespace == true
        guard needsQuotes else { return field }
        var quoted = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }

    /// One record: the fields joined by commas, ended by CRLF.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
