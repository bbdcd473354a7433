/// A JSON value that `stance` writes, rendered deterministically: object members in the order given (or in code-point
/// order, ``sortedObject(_:)``), numbers in Swift's shortest round-trip form, non-finite numbers as `null`. The one
/// JSON writer of the project: every JSON output goes through ``rendered(layout:)``.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.rendered() == rhs.rendered() }

    /// A string, or `null` when `value` is nil.
    public static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }

    /// An object whose members are in the code-point order of their keys.
    public static func sortedObject(_ members: [String: JSON]) -> JSON {
        .object(members.keys.sortedByCodePoint().map { ($0, members[$0]!) })
    }

    /// How ``rendered(layout:)`` lays the text out.
    public enum Layout: Sendable {
        /// One line; integral doubles below 10^15 without a fraction (`2`).
        case compact
        /// Two-space indentation, one member or item per line; numbers as in `compact`.
        case pretty
        /// The result files of `eval` and `score --by` (`--json`): two-space indentation, but arrays of scalars
        /// (intervals, matrix rows, label lists) on one line; every double in Swift's shortest round-trip form with
        /// a fraction or an exponent (`2.0`, `0.0`, `1e-05`).
        case report
    }

    /// The value as compact JSON text (one line), or indented with two spaces when `pretty`.
    public func rendered(pretty: Bool = false) -> String { rendered(layout: pretty ? .pretty : .compact) }

    /// The value as JSON text in `layout`, ending without a newline.
    public func rendered(layout: Layout) -> String {
        var output = ""
        render(into: &output, layout: layout, indent: 0)
        return output
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    private func render(into output: inout String, layout: Layout, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if !value.isFinite {
                output += "null"
            } else if layout == .report {
                output += value == 0 ? "0.0" : String(value)
            } else if value == value.rounded(), abs(value) < 1e15 {
                output += String(Int(value))
            } else {
                output += String(value)
            }
        case .string(let value): JSON.appendEscaped(value, to: &output)
        case .array(let items):
            let pretty = layout == .pretty || (layout == .report && items.contains { $0.isContainer })
            output += "["
            for (index, item) in items.enumerated() {
                output += JSON.separator(before: index, pretty: pretty, indent: indent)
                item.render(into: &output, layout: layout, indent: indent + 1)
            }
            output += JSON.closing("]", empty: items.isEmpty, pretty: pretty, indent: indent)
        case .object(let members):
            let pretty = layout != .compact
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                output += JSON.separator(before: index, pretty: pretty, indent: indent)
                JSON.appendEscaped(key, to: &output)
                output += ": "
                value.render(into: &output, layout: layout, indent: indent + 1)
            }
            output += JSON.closing("}", empty: members.isEmpty, pretty: pretty, indent: indent)
        }
    }

    /// What comes before element `index` of an array or object: `, ` between elements on one line, or a comma
    /// (not before the first) and a new line indented one level deeper than the container.
    private static func separator(before index: Int, pretty: Bool, indent: Int) -> String {
        guard pretty else { return index > 0 ? ", " : "" }
        return (index > 0 ? ",\n" : "\n") + String(repeating: "  ", count: indent + 1)
    }

    /// The closing bracket, on its own line at the container's indentation when `pretty` and not empty.
    private static func closing(_ bracket: String, empty: Bool, pretty: Bool, indent: Int) -> String {
        pretty && !empty ? "\n" + String(repeating: "  ", count: indent) + bracket : bracket
    }

    /// Appends `text` as a JSON string literal (RFC 8259), escaping quotes, backslashes and control characters.
    public static func appendEscaped(_ text: String, to output: inout String) {
        output += "\""
        var text = text
        // Most strings need no escape: no quote, backslash or control byte, and no 0xE2 (the lead byte of U+2028
        // and U+2029, among others). They are copied whole.
        let plain = text.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }
        }
        if plain {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
