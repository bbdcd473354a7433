extension UTF8Decoding {
    /// Whether a scalar is a letter or digit of the Latin script (ASCII or not), or a combining diacritic
    /// (U+0300–U+036F): the characters that make up a Latin word for whole-word matching and language statistics.
    @inline(__always)
    static func isLatinWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A)
        }
        if value >= 0x300 && value <= 0x36F { return true }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let script = Script(scalar)
        return script == .latin || script == .vietnameseLatin
    }
}
