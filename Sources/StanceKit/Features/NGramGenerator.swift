/// Receives the n-gram keys of a text one at a time.
protocol NGramSink {
    /// One occurrence of the n-gram whose column name has the UTF-8 bytes `key` (valid only during the call).
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64)
}

/// Produces the n-gram keys of one tokenised text, as the UTF-8 bytes of their column names (`w:cold war`,
/// `c:中共`, `wb: cen`), one after another in one temporary buffer.
///
/// See ``FeatureConfiguration`` for the definition of each kind. Keys are handed to the sink as borrowed buffers, so
/// no `String` and no array is made per n-gram.
struct NGramGenerator: Sendable {
    var wordNGrams: ClosedRange<Int>?
    var charNGrams: ClosedRange<Int>?
    var charWB: ClosedRange<Int>?

    init(_ configuration: FeatureConfiguration) {
        wordNGrams = configuration.wordNGrams
        charNGrams = configuration.charNGrams
        charWB = configuration.charWB
    }

    /// Calls `sink.add` with the key bytes and their hash for every n-gram occurrence of the text `bytes`.
    @inline(__always)
    func forEachNGram<Sink: NGramSink>(
        in bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>, into sink: inout Sink
    ) {
        guard !tokens.isEmpty else { return }
        // The longest key: "wb:" + space + the longest token + space, or n words and n - 1 spaces.
        var longest = 0
        for token in tokens { longest = max(longest, token.range.count) }
        let words = wordNGrams?.upperBound ?? 0
        let capacity = max(words * (longest + 1), 2 * longest + 4, 4 * (charNGrams?.upperBound ?? 0)) + 8
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let key = buffer.baseAddress!
            if let wordNGrams { self.words(bytes, tokens, wordNGrams, key, &sink) }
            if let charNGrams { characters(bytes, tokens, charNGrams, key, &sink) }
            if let charWB { wordCharacters(bytes, tokens, charWB, key, &sink) }
        }
    }

    @inline(__always)
    private func emit<Sink: NGramSink>(_ key: UnsafeMutablePointer<UInt8>, _ length: Int, _ sink: inout Sink) {
        let buffer = UnsafeBufferPointer(start: key, count: length)
        sink.add(buffer, hash: ByteStringTable.hash(buffer))
    }

    @inline(__always)
    private func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to key: UnsafeMutablePointer<UInt8>) {
        key.update(from: bytes.baseAddress! + range.lowerBound, count: range.count)
    }

    private func words<Sink: NGramSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, _ lengths: ClosedRange<Int>,
        _ key: UnsafeMutablePointer<UInt8>, _ sink: inout Sink
    ) {
        key[0] = 0x77  // w
        key[1] = 0x3A  // :
        // The number of word tokens of the current unbroken sequence, up to and including this one.
        var wordsInSequence = 0
        for index in 0..<tokens.count {
            let token = tokens[index]
            guard token.kind == .word else {
                wordsInSequence = 0
                continue
            }
            if token.followsBreak { wordsInSequence = 0 }
            wordsInSequence += 1
            for n in lengths where n <= wordsInSequence {
                var length = 2
                for word in (index - n + 1)...index {
                    if word > index - n + 1 {
                        key[length] = 0x20
                        length += 1
                    }
                    let range = tokens[word].range
                    copy(bytes, range, to: key + length)
                    length += range.count
                }
                emit(key, length, &sink)
            }
        }
    }

    private func characters<Sink: NGramSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, _ lengths: ClosedRange<Int>,
        _ key: UnsafeMutablePointer<UInt8>, _ sink: inout Sink
    ) {
        key[0] = 0x63  // c
        key[1] = 0x3A  // :
        var runLength = 0
        var previousEnd = -1
        for index in 0..<tokens.count {
            let token = tokens[index]
            guard token.kind == .unspaced else {
                runLength = 0
                continue
            }
            runLength = token.range.lowerBound == previousEnd && runLength > 0 ? runLength + 1 : 1
            previousEnd = token.range.upperBound
            for n in lengths where n <= runLength {
                let range = tokens[index - n + 1].range.lowerBound..<token.range.upperBound
                copy(bytes, range, to: key + 2)
                emit(key, 2 + range.count, &sink)
            }
        }
    }

    private func wordCharacters<Sink: NGramSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, _ lengths: ClosedRange<Int>,
        _ key: UnsafeMutablePointer<UInt8>, _ sink: inout Sink
    ) {
        key[0] = 0x77  // w
        key[1] = 0x62  // b
        key[2] = 0x3A  // :
        // The padded word is " " + token + " "; `boundaries` holds the offsets (within it) where scalars start.
        var boundaries: [Int] = []
        for token in tokens where token.kind == .word {
            boundaries.removeAll(keepingCapacity: true)
            boundaries.append(0)
            for offset in token.range where bytes[offset] & 0xC0 != 0x80 {
                boundaries.append(1 + offset - token.range.lowerBound)
            }
            boundaries.append(1 + token.range.count)
            boundaries.append(2 + token.range.count)
            let scalarCount = boundaries.count - 1
            // The padded word, once, after the prefix; windows are then moved to the front by copying.
            let padded = key + 3 + (2 + token.range.count)
            padded[0] = 0x20
            copy(bytes, token.range, to: padded + 1)
            padded[1 + token.range.count] = 0x20
            for n in lengths {
                if n >= scalarCount {
                    (key + 3).update(from: padded, count: 2 + token.range.count)
                    emit(key, 3 + 2 + token.range.count, &sink)
                    break
                }
                for first in 0...(scalarCount - n) {
                    let start = boundaries[first]
                    let length = boundaries[first + n] - start
                    (key + 3).update(from: padded + start, count: length)
                    emit(key, 3 + length, &sink)
                }
            }
        }
    }
}
