/// Decoding helpers on UTF-8 buffers that hold valid UTF-8 (the contents of a Swift `String`).
enum UTF8Decoding {
    /// The scalar value starting at byte `index` and its length in bytes.
    ///
    /// `index` must be the first byte of a scalar; the buffer must be valid UTF-8.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 {
            return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if lead < 0xF0 {
            return (
                (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3
            )
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F)
        return (value, 4)
    }

    /// The scalar value that ends just before byte `index` (which must be a scalar boundary greater than 0).
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> UInt32 {
        var start = index - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(in: bytes, at: start).value
    }

    /// Appends the UTF-8 encoding of a scalar value.
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// The UTF-8 encoding of a scalar value packed little-endian into 32 bits (first byte lowest).
    @inline(__always)
    static func packed(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value }
        if value < 0x800 { return (0xC0 | value >> 6) | (0x80 | value & 0x3F) << 8 }
        if value < 0x10000 {
            return (0xE0 | value >> 12) | (0x80 | value >> 6 & 0x3F) << 8 | (0x80 | value & 0x3F) << 16
        }
        return (0xF0 | value >> 18) | (0x80 | value >> 12 & 0x3F) << 8 | (0x80 | value >> 6 & 0x3F) << 16
            | (0x80 | value & 0x3F) << 24
    }

    /// The number of bytes of the UTF-8 encoding of a scalar value.
    @inline(__always)
    static func length(of value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    /// Simple case folding for matching: ASCII and other Latin capitals (U+00C0–U+024F, U+1E00–U+1EFF) to lower
    /// case (when the lower case is one scalar); every other scalar unchanged.
    @inline(__always)
    static func foldCase(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
        let table = LatinLowerCase.table
        if value >= 0xC0 && value < 0x250 { return table[Int(value - 0xC0)] }
        if value >= 0x1E00 && value < 0x1F00 { return table[Int(value - 0x1E00) + 0x190] }
        return value
    }

    /// Whether a scalar is whitespace (ASCII or Unicode White_Space).
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return Unicode.Scalar(value)?.properties.isWhitespace ?? false
    }
}

/// Lower case of the Latin letters of U+00C0–U+024F (first 0x190 entries) and U+1E00–U+1EFF (next 0x100), computed
/// once from the Unicode properties of the standard library.
enum LatinLowerCase {
    static let table: [UInt32] = {
        var table: [UInt32] = []
        for value in Array(0xC0..<0x250) + Array(0x1E00..<0x1F00) {
            let scalar = Unicode.Scalar(UInt32(value))!
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            table.append(lower.count == 1 ? lower.first!.value : UInt32(value))
        }
        return table
    }()
}
