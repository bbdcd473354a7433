import Testing
import _StanceTestSupport

@testable import StanceKit

/// ``ShortestDoubleText`` against the standard library's own text (`write(to:)`, which `description` uses), the
/// reference it must match byte for byte: the svmlight and Matrix Market files were written with it before.
@Suite struct ShortestDoubleTextTests {
    /// The bytes written for `values`, one after another, each followed by a space.
    private func written(_ values: [Double]) -> String {
        let capacity = values.count * (ShortestDoubleText.longest + 1)
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            for value in values {
                ShortestDoubleText.write(value, to: &cursor)
                cursor.append(0x20)
            }
            count = cursor.position - buffer.baseAddress!
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func described(_ values: [Double]) -> String { values.map { "\($0) " }.joined() }

    /// The edges of each layout: the smallest and largest doubles, the switch from fixed to exponential notation at
    /// 0.0001 and at 2⁵³, whole numbers, one digit and seventeen, both signs.
    @Test func edgesOfEveryLayoutMatchTheStandardLibrary() {
        let edges: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.5, 0.3333333333333333, 2.0 / 3, 1e-05, 1e-4, 0.0001 * 1.5, 9.999e-05,
            0.00009999999999999999, 0.001, 0.0123456789012345, 0.012345678901234568, 123.0, 123456.789,
            1e15, 1e16, 9_007_199_254_740_992, 9_007_199_254_740_994, 18_014_398_509_481_984, 1.5e17, 1e21, 1e22,
            123_456_789_012_345_680, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            -.leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, -2.2250738585072014e-308,
            1e-100, 1e100, 1.7976931348623157e+308, 0.1 + 0.2, 100, 1_000_000, 4_503_599_627_370_496.5,
        ]
        let values = edges + edges.flatMap { [$0.nextUp, $0.nextDown] }.filter(\.isFinite)
        #expect(written(values) == described(values))
        // Powers of ten and of two across the whole exponent range, and their neighbours.
        var powers: [Double] = []
        for exponent in -323...308 {
            let power = Double("1e\(exponent)")!
            powers += [power, power.nextUp, power.nextDown]
        }
        for exponent in -1074...1023 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            powers += [power, power.nextUp, power.nextDown]
        }
        #expect(written(powers) == described(powers))
    }

    /// Random bit patterns over every exponent, and values of the kind a tf-idf row holds: (0, 1], sixteen or
    /// seventeen digits, most below 0.1.
    @Test func randomValuesMatchTheStandardLibrary() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20 {
            var values: [Double] = []
            for _ in 0..<10_000 {
                let bits = UInt64.random(in: 0..<0x7FF0_0000_0000_0000, using: &generator)
                values.append(Double(bitPattern: bits | (Bool.random(using: &generator) ? 1 << 63 : 0)))
                values.append(Double.random(in: 0.0001...1, using: &generator))
                values.append(Double.random(in: 0...0.001, using: &generator))
                values.append(Double.random(in: -1e6...1e6, using: &generator))
                // Short decimals, whose digits end in zeros that must not be written.
                values.append(Double(Int.random(in: -99_999...99_999, using: &generator)) / 1000)
            }
            let text = written(values)
            #expect(text == described(values))
            // And each reads back to the value it was written for.
            let readBack = text.split(separator: " ").map { Double(String($0))! }
            #expect(readBack.map(\.bitPattern) == values.map(\.bitPattern))
        }
    }

    /// ``DecimalDigits/eight(_:)`` against plain decimal text, on the limits and random numbers.
    @Test func eightDigitsAreTheDecimalDigits() {
        var generator = SeededGenerator(seed: 3)
        var numbers: [UInt32] = [0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10_000, 12_345_678, 99_999_999, 10_000_001]
        numbers += (0..<100_000).map { _ in UInt32.random(in: 0..<100_000_000, using: &generator) }
        for number in numbers {
            let word = DecimalDigits.eight(number).littleEndian
            let bytes = withUnsafeBytes(of: word) { Array($0) }
            let expected = String(number)
            let padded = String(repeating: "0", count: 8 - expected.count) + expected
            #expect(String(decoding: bytes, as: UTF8.self) == padded)
        }
    }

    /// The count of decimal digits, against the length of the decimal text, at every power of ten and beside it.
    @Test func digitCountsAreTheLengthOfTheDecimalText() {
        var numbers: [UInt64] = [0, .max]
        var power: UInt64 = 1
        for _ in 0..<19 {
            numbers += [power - 1, power, power + 1]
            power *= 10
        }
        for number in numbers { #expect(DecimalDigits.count(number) == String(number).count) }
    }

    /// ``ByteCursor/appendDecimal(_:)``, whose indices below 10⁸ take the eight-digit path, against `String(_:)`: every
    /// digit count on both sides of each power of ten, both paths' limits, negative numbers and random ones.
    @Test func decimalIntegersAreTheirDescription() {
        var numbers: [Int] = [0, 1, -1, .max, .min, 99_999_999, 100_000_000, -99_999_999]
        var power = 1
        for _ in 0..<18 {
            numbers += [power - 1, power, power + 1, -power]
            power *= 10
        }
        var generator = SeededGenerator(seed: 5)
        numbers += (0..<50_000).map { _ in Int.random(in: 0..<100_000_000, using: &generator) }
        numbers += (0..<1_000).map { _ in Int.random(in: .min ... .max, using: &generator) }
        let capacity = numbers.count * (SVMLightWriter.longestInteger + 1)
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            for number in numbers {
                cursor.appendDecimal(number)
                cursor.append(0x20)
            }
            count = cursor.position - buffer.baseAddress!
        }
        #expect(String(decoding: bytes, as: UTF8.self) == numbers.map { "\($0) " }.joined())
    }
}
