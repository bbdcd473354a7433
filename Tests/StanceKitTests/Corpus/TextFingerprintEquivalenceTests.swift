import Testing
import _StanceTestSupport

@testable import StanceKit

/// ``TextFingerprint``'s eight-byte reading of ASCII runs gives the fingerprint of the byte-by-byte reading it
/// replaced (`ByteLevelEquivalenceTests.referenceFingerprint`, the scalar-by-scalar code kept as a reference): the
/// fingerprint is part of every article line and must never change.
@Suite struct TextFingerprintEquivalenceTests {
    /// Pieces the random texts are made of (written for these tests).
    static let pieces = [
        "The delegation said the talks would continue", "Harbour", "reopened", "2026-12-06", "a", "abcdefghij",
        "Giá vàng tăng nhẹ", "người dân", "河畔日报报道说", "這個問題需要討論", "Москва", "𠀀", "x\u{0301}",
        "\u{1}", "\u{1F}", "\u{7F}", "!\"#$%&'()*+,-./", "~",
    ]
    /// White space of every kind the fingerprint folds, and none.
    static let gaps = [
        " ", "  ", "\n", "\r\n", "\t", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{3000}", "\u{2028}", "",
    ]

    @Test func eightByteRunsGiveTheFingerprintOfTheByteReading() {
        var random = SeededGenerator(seed: 2_413)
        var fingerprints: Set<TextFingerprint> = []
        for _ in 0..<3_000 {
            var text = random.nextIndex(below: 4) == 0 ? Self.gaps[random.nextIndex(below: Self.gaps.count)] : ""
            for _ in 0..<random.nextIndex(below: 30) {
                text += Self.pieces[random.nextIndex(below: Self.pieces.count)]
                text += Self.gaps[random.nextIndex(below: Self.gaps.count)]
            }
            let fingerprint = TextFingerprint(text)
            #expect(fingerprint == ByteLevelEquivalenceTests.referenceFingerprint(text), "\(text.debugDescription)")
            fingerprints.insert(fingerprint)
        }
        // Different texts, different fingerprints (a fingerprint that ignored its input would pass the above).
        #expect(fingerprints.count > 2_500)
    }

    @Test func whiteSpaceRunsFoldToOneSpace() {
        #expect(TextFingerprint("  The river\n\n rose  ") == TextFingerprint("The river rose"))
        #expect(TextFingerprint("abcdefgh\u{3000}ijklmnop") == TextFingerprint("abcdefgh ijklmnop"))
        #expect(TextFingerprint("abcdefghijklmnop") != TextFingerprint("abcdefgh ijklmnop"))
        #expect(TextFingerprint("abcdefgh\u{1}ijklmnop") != TextFingerprint("abcdefgh ijklmnop"))
    }
}
