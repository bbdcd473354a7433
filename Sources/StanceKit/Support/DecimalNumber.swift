/// Reads numbers written the way a user writes them on the command line: decimal digits with an optional sign,
/// fraction and exponent (`1`, `0.5`, `1e-3`), and nothing else. Swift's `Double(String)` also takes hexadecimal
/// (`0x10` is 16), `nan` and values that overflow to infinity (`1e400`); an option value like that is a mistake, not
/// a number.
public enum DecimalNumber {
    /// Why a value is not a decimal number, or `nil` when it is one.
    public static func problem(_ text: String) -> String? {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        func digits() -> Int {
            let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            bytes.removeFirst(count)
            return count
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return "'\(text)' is not a decimal number" }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes.removeFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return "'\(text)' is not a decimal number" }
        }
        guard bytes.isEmpty else { return "'\(text)' is not a decimal number" }
        guard let value = Double(text), value.isFinite else { return "'\(text)' is too large for a number" }
        return nil
    }

    /// The value of a decimal number, or `nil` for anything ``problem(_:)`` refuses.
    public static func parse(_ text: String) -> Double? {
        problem(text) == nil ? Double(text) : nil
    }
}
