/// The decimal digits of unsigned integers as ASCII bytes, for the writers of feature files (``ByteCursor``,
/// ``ShortestDoubleText``), which write tens of millions of numbers.
enum DecimalDigits {
    /// The eight decimal digits of `value` (below 10⁸, with leading zeros) as ASCII bytes, the first digit in the
    /// lowest byte: the halves, their halves and the digits of each split at once, four or two to a word.
    @inline(__always)
    static func eight(_ value: UInt32) -> UInt64 {
        let (high4, low4) = value.quotientAndRemainder(dividingBy: 10_000)
        // Two 32-bit lanes of four digits; x * 10486 >> 20 is x / 100 for x below 10⁴.
        let fours = UInt64(high4) | UInt64(low4) << 32
        let hundreds = (fours &* 10486) >> 20 & 0x0000_007F_0000_007F
        // Four 16-bit lanes of two digits; x * 103 >> 10 is x / 10 for x below 100.
        let twos = hundreds | (fours &- hundreds &* 100) << 16
        let tens = (twos &* 103) >> 10 & 0x000F_000F_000F_000F
        let ones = twos &- tens &* 10
        return (tens | ones << 8) &+ 0x3030_3030_3030_3030
    }

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func count(_ value: UInt64) -> Int {
        // Most shortest texts of a double have 16 or 17 digits.
        if value >= 10_000_000_000_000_000 { return value >= 100_000_000_000_000_000 ? countOneByOne(value) : 17 }
        if value >= 1_000_000_000_000_000 { return 16 }
        return countOneByOne(value)
    }

    @inline(__always)
    private static func countOneByOne(_ value: UInt64) -> Int {
        var count = 1
        var power: UInt64 = 10
        while count < 20 && value >= power {
            count += 1
            power = power &* 10
        }
        return count
    }

    /// Writes the last `count` decimal digits of `value` just before `end`: eight to a store (``eight(_:)``) while
    /// eight or more are left, then two per division; returns the digits left over (`value / 10^count`).
    @inline(__always)
    static func write(_ value: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>) -> UInt64 {
        var value = value
        var position = end
        var left = count
        while left >= 8 {
            let (quotient, low8) = value.quotientAndRemainder(dividingBy: 100_000_000)
            position -= 8
            UnsafeMutableRawPointer(position).storeBytes(
                of: eight(UInt32(truncatingIfNeeded: low8)).littleEndian, as: UInt64.self)
            value = quotient
            left -= 8
        }
        while left >= 2 {
            let (quotient, pair) = value.quotientAndRemainder(dividingBy: 100)
            position -= 2
            let tens = pair / 10
            position[0] = UInt8(truncatingIfNeeded: 0x30 &+ tens)
            position[1] = UInt8(truncatingIfNeeded: 0x30 &+ (pair &- 10 &* tens))
            value = quotient
            left -= 2
        }
        if left == 1 {
            let (quotient, digit) = value.quotientAndRemainder(dividingBy: 10)
            position -= 1
            position[0] = UInt8(truncatingIfNeeded: 0x30 &+ digit)
            value = quotient
        }
        return value
    }
}
