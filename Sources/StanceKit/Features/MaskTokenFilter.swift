/// Keeps the mask token out of every vocabulary.
///
/// Masking (``TextNormalizer``) turns outlet names and bylines into the token `xxmask`, so that a model trained on
/// outlet labels cannot learn the names. But the token itself then marks the outlets that name themselves (China
/// Daily's self-mentions): a model trained on China Daily vs the New York Times gave `w:xxmask` a weight of +1.65.
/// So no n-gram holding it becomes a column when a vocabulary is fitted: word n-grams with the token `xxmask`
/// (`w:xxmask`, `w:xxmask said`) and in-word character n-grams holding `xxm` or `xmask` (the longer pieces of
/// ` xxmask ` that ordinary words do not have; ` xx` and `xx` stay, since tweets write `xxx`).
///
/// The filter acts at fitting only: a model's vocabulary is stored in its file, so models fitted before it keep
/// their columns and score exactly as before.
enum MaskTokenFilter {
    /// The mask token, and the two pieces of it that mark an in-word character n-gram.
    private static let wordMask = Array("xxmask".utf8)
    private static let maskStart = Array("xxm".utf8)
    private static let maskEnd = Array("xmask".utf8)

    /// Whether the column name `name` (UTF-8) holds the mask token.
    static func holdsMask(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count >= 4 else { return false }
        if name[0] == UInt8(ascii: "w") && name[1] == UInt8(ascii: ":") {
            return contains(name, word: wordMask, wholeWord: true)
        }
        if name[0] == UInt8(ascii: "w") && name[1] == UInt8(ascii: "b") && name[2] == UInt8(ascii: ":") {
            return contains(name, word: maskStart, wholeWord: false)
                || contains(name, word: maskEnd, wholeWord: false)
        }
        return false
    }

    static func holdsMask(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { holdsMask($0) }
    }

    /// Whether `needle` occurs in `haystack` (after the prefix), as a whole space-delimited word when `wholeWord`.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, word needle: [UInt8], wholeWord: Bool) -> Bool
    {
        guard haystack.count >= needle.count else { return false }
        let colon = haystack.firstIndex(of: UInt8(ascii: ":")) ?? -1
        var start = colon + 1
        while start + needle.count <= haystack.count {
            var match = true
            for k in needle.indices where haystack[start + k] != needle[k] {
                match = false
                break
            }
            if match {
                if !wholeWord { return true }
                let before = start == colon + 1 || haystack[start - 1] == UInt8(ascii: " ")
                let end = start + needle.count
                let after = end == haystack.count || haystack[end] == UInt8(ascii: " ")
                if before && after { return true }
            }
            start += 1
        }
        return false
    }
}
