import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct DoubleTextCacheTests {
    /// The bytes `cache` writes for `values`, one after another, each followed by a space.
    private func written(_ values: [Double], cache: DoubleTextCache) -> [UInt8] {
        let capacity = values.count * (SVMLightWriter.longestEntry + 1)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = ByteCursor(position: buffer.baseAddress!)
            for value in values {
                cache.write(value, to: &cursor)
                cursor.append(0x20)
            }
            count = cursor.position - buffer.baseAddress!
        }
    }

    /// Values drawn again and again from a pool, so that most are found in the cache and many pool values share a
    /// slot (the pool is larger than the cache): every text is `Double.description`'s, whether formatted or copied.
    @Test func repeatedValuesAreWrittenAsTheirDescription() {
        var generator = SeededGenerator(seed: 7)
        let specials: [Double] = [
            0, -0.0, 1, 0.1, 1e-05, 0.3333333333333333, 1e16, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .leastNormalMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            -2.2250738585072014e-308, 123456789012345680,
        ]
        // tf-idf-like values in (0, 1], wide-ranging values, and the specials (texts from 1 to 24 bytes).
        var pool = specials
        for _ in 0..<(DoubleTextCache.slotCount * 2) {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: pool.append(Double.random(in: 0.0001...1, using: &generator))
            case 1: pool.append(Double.random(in: -1e6...1e6, using: &generator))
            default:
                pool.append(Double(bitPattern: UInt64.random(in: 0..<0x7FF0_0000_0000_0000, using: &generator)))
            }
        }
        let values = (0..<60_000).map { index in
            index < pool.count ? pool[index] : pool.randomElement(using: &generator)!
        }
        let cache = DoubleTextCache()
        defer { cache.deallocate() }
        let expected = values.map { "\($0) " }.joined()
        #expect(String(decoding: written(values, cache: cache), as: UTF8.self) == expected)
        // Written a second time through the same, now full, cache.
        #expect(
            String(decoding: written(values.reversed(), cache: cache), as: UTF8.self)
                == values.reversed().map { "\($0) " }.joined())
    }

    /// The same value written many times in a row, and two values that alternate: texts of every length, the
    /// longest (24 bytes, not kept) included.
    @Test func aValueWrittenAgainKeepsItsBytes() {
        let cache = DoubleTextCache()
        defer { cache.deallocate() }
        for value in [0.5, 1e-05, -2.2250738585072014e-308, 1.7976931348623157e+308, 0.012345678901234568, 7] {
            let values = Array(repeating: value, count: 5) + [0.25, value, 0.25, value]
            #expect(String(decoding: written(values, cache: cache), as: UTF8.self) == values.map { "\($0) " }.joined())
        }
    }
}
