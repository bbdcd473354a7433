/// The text of `Double.description` (Swift's shortest round-trip decimal form: `0.5`, `0.30000000000000004`,
/// `100.0`, `1e-05`) written straight into a byte buffer, without a `String` and without the standard library's
/// general formatter for the values written most: those from 0.0001 up to 2⁵³ in magnitude, which Swift writes
/// in positional notation.
///
/// For such a value v = m·2^e (m the 53-bit significand, −66 ≤ e ≤ 0), every value that rounds to v lies strictly
/// inside the interval (v − g⁻, v + g⁺), with g⁺ = 2^(e−1) and g⁻ = g⁺ or, when m = 2⁵² (the gap below a power
/// of two is half the one above), g⁺/2. With p digits after the decimal point, the candidates are the integers
/// c with c·10^−p in that interval: in units of 2^(e−2), exactly the integers between
/// `(4m − 4g⁻/2^e)·10^p / 2^(2−e)` and `(4m + 2)·10^p / 2^(2−e)`, computed exactly in 128-bit integers (4m < 2⁵⁵,
/// 10^p ≤ 10²⁰). The shortest form uses the least p that has a candidate (Steele & White 1990; Burger & Dybvig 1996,
/// "Printing floating-point numbers quickly and accurately"), and of its candidates the one closest to v (ties to
/// even), which is what Swift prints. Whether the interval's ends belong to it does not matter here: an end has
/// 1 − e digits after the point, and v itself, with −e of them, is a candidate before that many digits are tried.
///
/// Other values (zero, subnormal, non-finite, below 0.0001 or from 2⁵³ up in magnitude, which Swift writes in
/// exponent form) take the standard library's text. `ShortestDecimalTests` compares the bytes with
/// `Double.description` on millions of values of every kind.
enum ShortestDecimal {
    /// The most bytes written: the longest `Double.description` (`-2.2250738585072014e-308`) is 24.
    static let longest = 32

    /// Writes `value.description` at `start`, which has room for ``longest`` bytes; returns the number written.
    @inline(__always)
    static func write(_ value: Double, to start: UnsafeMutablePointer<UInt8>) -> Int {
        let magnitude = value.magnitude
        guard magnitude >= 0.0001 && magnitude < 9_007_199_254_740_992 else { return fallback(value, to: start) }
        var out = start
        if value < 0 {
            out.pointee = 0x2D  // -
            out += 1
        }
        let (digits, fraction) = shortest(magnitude)
        return out - start + positional(digits, fraction: fraction, to: out)
    }

    /// The shortest digits of `value` (0.0001 ≤ value < 2⁵³) as an integer `digits` and the number of them after
    /// the decimal point, `fraction` (so value ≈ digits·10^−fraction; `fraction` is 0 for a whole number).
    @inline(__always)
    static func shortest(_ value: Double) -> (digits: UInt64, fraction: Int) {
        let biased = Int(value.exponentBitPattern)
        let significand = value.significandBitPattern | (1 << 52)
        // value = significand · 2^e with e = biased − 1075; units of 2^(e − 2) are 2^−shift.
        let shift = UInt128(1077 - biased)
        let scaled = UInt128(significand << 2)
        let lowerGap: UInt128 = significand == 1 << 52 && biased > 1 ? 1 : 2
        // The first candidate c ≥ low and the last c ≤ high at `p` digits after the point (`p` ≤ 20).
        func bounds(_ p: Int) -> (low: UInt128, high: UInt128) {
            let power = powersOfTen[p]
            let center = scaled &* power
            let mask = (1 as UInt128) &<< shift &- 1
            let low = (center &- lowerGap &* power &+ mask) &>> shift
            let high = (center &+ 2 &* power) &>> shift
            return (low, high)
        }
        // A first guess of p for 16 significant digits from the binary exponent (floor(log10 2^k) by
        // multiplication, at most one below the decimal exponent); then up until there is a candidate.
        let binaryExponent = biased - 1023
        let decimalGuess = (binaryExponent * 78_913) >> 18
        var p = Swift.min(Swift.max(15 - decimalGuess, 0), 20)
        var found = bounds(p)
        while found.low > found.high {
            p += 1
            found = bounds(p)
        }
        // Down while a shorter one also has a candidate: usually one step (16 digits needed, 15 not enough).
        while p > 0 {
            let shorter = bounds(p - 1)
            if shorter.low > shorter.high { break }
            p -= 1
            found = shorter
        }
        // The candidate closest to the value: its rounded multiple, kept inside the candidates.
        let power = powersOfTen[p]
        let center = scaled &* power
        let whole = center &>> shift
        let rest = center &- (whole &<< shift)
        let half = (1 as UInt128) &<< (shift &- 1)
        var digits = whole
        if rest > half || (rest == half && whole & 1 == 1) { digits &+= 1 }
        if digits < found.low { digits = found.low }
        if digits > found.high { digits = found.high }
        return (UInt64(truncatingIfNeeded: digits), p)
    }

    /// Writes `digits`·10^−`fraction` in positional notation as Swift does (`12.5`, `0.0025`, `100.0`); returns the
    /// number of bytes.
    @inline(__always)
    static func positional(_ digits: UInt64, fraction: Int, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 1
        var power: UInt64 = 10
        while count < 20 && digits >= power {
            count += 1
            power = power &* 10
        }
        var rest = digits
        if fraction == 0 {
            // A whole number: its digits and `.0`.
            start[count] = 0x2E
            start[count + 1] = 0x30
            var write = start + count
            repeat {
                write -= 1
                write.pointee = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            return count + 2
        }
        let length = count > fraction ? count + 1 : fraction + 2
        var write = start + length
        for _ in 0..<fraction {
            write -= 1
            write.pointee = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        write -= 1
        write.pointee = 0x2E
        repeat {
            write -= 1
            write.pointee = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        return length
    }

    /// 10^0 through 10^20.
    static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...20 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// The standard library's text, for the values outside the positional range.
    @inline(never)
    private static func fallback(_ value: Double, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var text = value.description
        return text.withUTF8 { bytes in
            start.update(from: bytes.baseAddress!, count: bytes.count)
            return bytes.count
        }
    }
}
