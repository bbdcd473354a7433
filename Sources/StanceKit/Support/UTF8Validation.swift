/// The index of the first byte of `bytes` that does not belong to well-formed UTF-8 (Unicode 15, table 3-7:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or `nil` when all of `bytes` is well formed.
func firstInvalidUTF8Index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    let count = bytes.count
    let raw = UnsafeRawPointer(bytes.baseAddress)
    while index < count {
        // ASCII eight bytes at a time: a word with no high bit set is eight well-formed one-byte sequences.
        if let raw, index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & SWAR.highBits == 0 {
            index += 8
            continue
        }
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            continue
        }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return index
        }
        if index + 1 >= count { return index }
        let second = bytes[index + 1]
        if second < lower || second > upper { return index }
        for offset in 2..<length {
            if index + offset >= count { return index }
            let byte = bytes[index + offset]
            if byte < 0x80 || byte > 0xBF { return index }
        }
        index += length
    }
    return nil
}

func firstInvalidUTF8Index(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidUTF8Index($0) }
}
