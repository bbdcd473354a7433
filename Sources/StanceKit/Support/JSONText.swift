/// A JSON value written with deterministic text: object keys in code-point order, two-space indentation, numbers
/// in Swift's shortest round-trip form (`0.1`, `1e-05`), integers without a fraction, non-finite numbers as `null`.
enum JSONText: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONText])
    case object([String: JSONText])

    /// The value as pretty-printed JSON text, ending without a newline.
    func rendered() -> String {
        var output = ""
        write(into: &output, indent: 0)
        return output
    }

    private func write(into output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value): output += JSONText.format(value)
        case .string(let value): JSONText.quote(value, into: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            // Arrays of scalars stay on one line (intervals, matrix rows, label lists).
            if values.allSatisfy({ !$0.isContainer }) {
                output += "["
                for (index, value) in values.enumerated() {
                    if index > 0 { output += ", " }
                    value.write(into: &output, indent: indent)
                }
                output += "]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                value.write(into: &output, indent: indent + 2)
                output += index + 1 < values.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{\n"
            let keys = members.keys.sortedByCodePoint()
            for (index, key) in keys.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                JSONText.quote(key, into: &output)
                output += ": "
                members[key]!.write(into: &output, indent: indent + 2)
                output += index + 1 < keys.count ? ",\n" : "\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0.0" }
        return String(value)
    }

    static func quote(_ text: String, into output: inout String) {
        JSON.appendEscaped(text, to: &output)
    }
}
