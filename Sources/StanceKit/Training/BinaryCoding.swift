/// Little-endian binary encoding for model files: fixed-width integers, IEEE 754 doubles (their exact bits),
/// length-prefixed UTF-8 strings and arrays.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt8) { bytes.append(value) }

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ values: [Double]) {
        write(UInt64(values.count))
        bytes.reserveCapacity(bytes.count + 8 * values.count)
        for value in values { write(value.bitPattern) }
    }

    mutating func write(_ values: [Int]) {
        write(UInt64(values.count))
        for value in values { write(value) }
    }

    mutating func write(_ values: [String]) {
        write(UInt64(values.count))
        for value in values { write(value) }
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

/// Reads what ``BinaryWriter`` wrote, checking every length against the bytes that remain, so that a truncated or
/// corrupted file is reported, never read out of bounds.
struct BinaryReader {
    /// The bytes end before the value: caught by ``ModelFile`` and reported as a truncated model (exit status 65).
    struct OutOfData: StanceFailure {
        var exitStatus: ExitStatus { .dataError }
        var description: String { "the model file ends early" }
    }

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int) throws(OutOfData) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw OutOfData() }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readByte() throws(OutOfData) -> UInt8 { try take(1).first! }

    mutating func readUInt32() throws(OutOfData) -> UInt32 {
        let slice = try take(4)
        return slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readUInt64() throws(OutOfData) -> UInt64 {
        let slice = try take(8)
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readInt() throws(OutOfData) -> Int { Int(Int64(bitPattern: try readUInt64())) }

    mutating func readDouble() throws(OutOfData) -> Double { Double(bitPattern: try readUInt64()) }

    mutating func readBool() throws(OutOfData) -> Bool { try readByte() != 0 }

    private mutating func readCount(elementSize: Int) throws(OutOfData) -> Int {
        let count = try readUInt64()
        guard count <= UInt64(remaining / max(elementSize, 1)) else { throw OutOfData() }
        return Int(count)
    }

    mutating func readString() throws(OutOfData) -> String {
        let count = try readCount(elementSize: 1)
        let slice = try take(count)
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func readOptionalString() throws(OutOfData) -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readDoubles() throws(OutOfData) -> [Double] {
        let count = try readCount(elementSize: 8)
        let start = offset
        offset += 8 * count
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                Double(
                    bitPattern: UInt64(
                        littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * index, as: UInt64.self)))
            }
        }
    }

    mutating func readInts() throws(OutOfData) -> [Int] {
        let count = try readCount(elementSize: 8)
        var values: [Int] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readInt()) }
        return values
    }

    mutating func readStrings() throws(OutOfData) -> [String] {
        let count = try readCount(elementSize: 8)
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString()) }
        return values
    }
}
