import StanceKit
import Testing

@Suite struct NumberFormattingTests {
    @Test func fixedPointRoundsHalfAwayFromZero() {
        #expect(formatFixed(0.12345, digits: 4) == "0.1235")
        #expect(formatFixed(-0.12345, digits: 4) == "-0.1235")
        #expect(formatFixed(-0.00004, digits: 4) == "0.0000")
        #expect(formatFixed(2.5, digits: 0) == "3")
        #expect(formatFixed(1.05, digits: 3) == "1.050")
        #expect(formatFixed(.nan, digits: 2) == "nan")
        #expect(formatFixed(-.infinity, digits: 2) == "-inf")
    }

    /// The copy that `CorpusSummary` had trapped here: 2^64 · 1000 does not fit a `UInt64`.
    @Test func valuesPastExactIntegersDoNotTrap() {
        let huge = 18_446_744_073_709_551_616.0  // 2^64
        #expect(formatFixed(huge, digits: 3) == String(huge))
        #expect(formatFixed(-huge, digits: 3) == String(-huge))
        #expect(formatFixed(1e13, digits: 3) == String(1e13))
        #expect(formatFixed(8.9e12, digits: 3) == "8900000000000.000")
    }

    @Test func codePointOrderIsOneOrder() {
        let labels = ["反对", "NONE", "中立", "AGAINST", "FAVOR", "Ä", "A"]
        #expect(codePointSorted(labels) == ["A", "AGAINST", "FAVOR", "NONE", "Ä", "中立", "反对"])
        #expect(labels.sortedByCodePoint() == codePointSorted(labels))
        #expect(duplicateKey(of: "") == 0xcbf2_9ce4_8422_2325)
        // FNV-1a of "a": (0xcbf29ce484222325 ^ 0x61) · 0x100000001b3 mod 2^64, worked out by hand.
        #expect(duplicateKey(of: "a") == 0xaf63_dc4c_8601_ec8c)
    }
}
