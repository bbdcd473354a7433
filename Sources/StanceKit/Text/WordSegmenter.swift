import CICUWords

/// Word boundaries of Chinese (and other) text from ICU's dictionary-based word break iterator.
///
/// ICU segments Han text by a dictionary of Chinese words with a dynamic-programming search for the most likely
/// split (ICU User Guide, "Boundary Analysis": dictionary-based break iteration), so 印度尼西亚 comes out as one
/// word and 中华人民共和国 as 中华|人民|共和国. ``LexiconCheck`` uses it to find lexicon terms that occur inside
/// longer words: it runs on single texts while checking a lexicon, never in the feature pipeline.
struct WordSegmenter: Sendable {
    /// The locale of the break rules, e.g. `zh`.
    var locale = "zh"

    /// The word boundaries of `text` as UTF-8 byte offsets, ascending, 0 and the length included; `nil` when ICU
    /// cannot open its word break iterator (missing data).
    func boundaries(_ text: String) -> [Int]? {
        let bytes = text.utf8.map { CChar(bitPattern: $0) }
        guard bytes.count < Int(Int32.max) - 2 else { return nil }
        var capacity = bytes.count + 2
        while true {
            var offsets = [Int32](repeating: 0, count: capacity)
            let count = locale.withCString { localeName in
                bytes.withUnsafeBufferPointer { input in
                    offsets.withUnsafeMutableBufferPointer { output in
                        stance_icu_word_boundaries(
                            localeName, input.baseAddress, Int32(input.count), output.baseAddress, Int32(capacity))
                    }
                }
            }
            if count < 0 { return nil }
            if Int(count) <= capacity { return offsets[0..<Int(count)].map(Int.init) }
            capacity = Int(count)
        }
    }
}
