import RealModule
import Testing
import _StanceTestSupport

@testable import StanceKit

/// ``ShortestDecimal`` must write the bytes of `Double.description` for every value: checked against the standard
/// library on values of every kind, most of them in the range it formats itself.
@Suite struct ShortestDecimalTests {
    static func text(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.longest) { buffer in
            let count = ShortestDecimal.write(value, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// The values whose text differs from the standard library's, at most `limit` of them.
    static func mismatches(_ values: [Double], limit: Int = 5) -> [String] {
        var found: [String] = []
        for value in values where text(value) != value.description {
            found.append("\(value.description) (bits \(value.bitPattern)) written \(text(value))")
            if found.count == limit { break }
        }
        return found
    }

    @Test func handWorkedValues() {
        #expect(Self.text(0.5) == "0.5")
        #expect(Self.text(0.1 + 0.2) == "0.30000000000000004")
        #expect(Self.text(1.0 / 3) == "0.3333333333333333")
        #expect(Self.text(100) == "100.0")
        #expect(Self.text(-1234.5678) == "-1234.5678")
        #expect(Self.text(0.0001) == "0.0001")
        #expect(Self.text(0.0001.nextDown) == "9.999999999999999e-05")
        #expect(Self.text(0.00001) == "1e-05")
        #expect(Self.text(9_007_199_254_740_991) == "9007199254740991.0")
        #expect(Self.text(9_007_199_254_740_992) == "9007199254740992.0")
        #expect(Self.text(1e16) == "1e+16")
        #expect(Self.text(0) == "0.0")
        #expect(Self.text(-0.0) == "-0.0")
        #expect(Self.text(.nan) == "nan")
        #expect(Self.text(-.infinity) == "-inf")
        #expect(Self.text(.leastNonzeroMagnitude) == "5e-324")
        #expect(Self.text(-.leastNormalMagnitude) == "-2.2250738585072014e-308")
        #expect(Self.text(-.leastNormalMagnitude).utf8.count <= ShortestDecimal.longest)
    }

    /// Random bit patterns whose exponent is in or next to the range written here (0.0001 to 2^53), both signs:
    /// every significand pattern, including the powers of two whose gap below is half the gap above.
    @Test func randomBitPatternsAroundTheRange() {
        var random = SeededGenerator(seed: 20_261_207)
        var values: [Double] = []
        for index in 0..<200_000 {
            let exponent = UInt64(1007 + random.nextIndex(below: 1077 - 1007 + 1))
            var fraction = random.next() & ((1 << 52) - 1)
            if index % 50 == 0 { fraction = 0 }
            if index % 50 == 1 { fraction = (1 << 52) - 1 }
            if index % 50 == 2 { fraction = 1 }
            let sign: UInt64 = index % 3 == 0 ? 1 << 63 : 0
            values.append(Double(bitPattern: sign | exponent << 52 | fraction))
        }
        #expect(Self.mismatches(values) == [])
        #expect(values.filter { $0.magnitude >= 0.0001 && $0.magnitude < 0x1p53 }.count > 180_000)
    }

    /// Values like the cells of a tf-idf matrix (sublinear counts times idf, scaled to unit length), short decimals
    /// (n / 10^k, whose shortest text has few digits), binary fractions, whole numbers, and the neighbours of powers
    /// of ten and two.
    @Test func valuesOfTheKindsWritten() {
        var random = SeededGenerator(seed: 7)
        var values: [Double] = []
        for _ in 0..<40_000 {
            let counts = (0..<1 + random.nextIndex(below: 40)).map { _ in 1 + random.nextIndex(below: 30) }
            let weights = counts.map { (1 + Double.log(Double($0))) * (1 + Double.log(1 + random.nextUnit() * 36_000)) }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values += weights.map { $0 / norm }
        }
        for _ in 0..<40_000 {
            let digits = random.nextIndex(below: 1_000_000_000)
            let power = Double(random.nextIndex(below: 15))
            values.append(Double(digits) / Double.pow(10, power))
            values.append(Double(random.nextIndex(below: 1 << 40)) / Double(1 << random.nextIndex(below: 50)))
            values.append(Double(random.nextIndex(below: 1 << 53)))
            values.append(Double(random.nextIndex(below: 100_000)))
        }
        for power in -4...16 {
            let ten = Double("1e\(power)")!
            values += [ten, ten.nextUp, ten.nextDown, ten.nextUp.nextUp, ten.nextDown.nextDown, -ten]
        }
        for power in -16...54 {
            let two = Double.pow(2, Double(power))
            values += [two, two.nextUp, two.nextDown, 3 * two, -two.nextDown]
        }
        #expect(Self.mismatches(values) == [])
        #expect(values.count > 400_000)
    }

    /// The svmlight writer's lines carry the same text as before (`Double.description`).
    @Test func svmlightLinesUseTheSameText() {
        let values = [0.5, 0.30000000000000004, 1e-05, 1.0, 0.123456789012345678, 2.5e20]
        let matrix = SparseMatrix(
            columnCount: values.count, rowOffsets: [0, values.count], columnIndices: values.indices.map { Int32($0) },
            values: values)
        let line = String(decoding: SVMLightWriter.lines(of: matrix, rows: 0..<1, labels: [0]), as: UTF8.self)
        let expected =
            "0 " + values.enumerated().map { "\($0.offset + 1):\($0.element.description)" }.joined(separator: " ")
        #expect(line == expected + "\n")
    }
}
