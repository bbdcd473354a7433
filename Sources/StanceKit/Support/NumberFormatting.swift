/// `value` with exactly `digits` decimals, rounded half away from zero, without Foundation's locale-aware
/// formatting: the fixed-point numbers of every table `stance` prints.
///
/// ```
/// formatFixed(0.12345, digits: 4) == "0.1235";  formatFixed(-0.00004, digits: 4) == "0.0000";  formatFixed(2, digits: 0) == "2"
/// ```
///
/// Values whose scaled magnitude reaches 9·10¹⁵ (past exact integers in a `Double`, and before `UInt64` overflows)
/// are written in Swift's shortest round-trip form instead; non-finite values as `nan`, `inf`, `-inf`.
public func formatFixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e15 else { return String(value) }
    let integer = UInt64(scaled)
    let whole = integer / UInt64(scale)
    let fraction = integer % UInt64(scale)
    var text = String(whole)
    if digits > 0 {
        let digitsText = String(fraction)
        text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return (value < 0 && integer != 0 ? "-" : "") + text
}
