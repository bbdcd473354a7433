/// Produces the n-gram keys of one tokenised text, as the UTF-8 bytes of their column names (`w:cold war`,
/// `c:中共`, `wb: cen`), one after another in a reused scratch buffer.
///
/// See ``FeatureConfiguration`` for the definition of each kind. Keys are handed to `body` as borrowed buffers valid
/// only during the call, so no `String` is made per n-gram.
struct NGramGenerator: Sendable {
    static let wordPrefix: [UInt8] = Array("w:".utf8)
    static let charPrefix: [UInt8] = Array("c:".utf8)
    static let charWBPrefix: [UInt8] = Array("wb:".utf8)

    var wordNGrams: ClosedRange<Int>?
    var charNGrams: ClosedRange<Int>?
    var charWB: ClosedRange<Int>?

    init(_ configuration: FeatureConfiguration) {
        wordNGrams = configuration.wordNGrams
        charNGrams = configuration.charNGrams
        charWB = configuration.charWB
    }

    /// Calls `body` with the key bytes and their hash for every n-gram occurrence of the text `bytes`.
    func forEachNGram(
        in bytes: UnsafeBufferPointer<UInt8>, tokens: [Token], scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void
    ) {
        if let wordNGrams { words(bytes, tokens, wordNGrams, &scratch, body) }
        if let charNGrams { characters(bytes, tokens, charNGrams, &scratch, body) }
        if let charWB { wordCharacters(bytes, tokens, charWB, &scratch, body) }
    }

    @inline(__always)
    private func emit(_ scratch: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        scratch.withUnsafeBufferPointer { body($0, ByteStringTable.hash($0)) }
    }

    private func words(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ lengths: ClosedRange<Int>, _ scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void
    ) {
        // The number of word tokens of the current unbroken sequence, up to and including this one.
        var wordsInSequence = 0
        for index in tokens.indices {
            let token = tokens[index]
            guard token.kind == .word else {
                wordsInSequence = 0
                continue
            }
            if token.followsBreak { wordsInSequence = 0 }
            wordsInSequence += 1
            for n in lengths where n <= wordsInSequence {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: Self.wordPrefix)
                for word in (index - n + 1)...index {
                    if word > index - n + 1 { scratch.append(0x20) }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tokens[word].range]))
                }
                emit(scratch, body)
            }
        }
    }

    private func characters(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ lengths: ClosedRange<Int>, _ scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void
    ) {
        var runLength = 0
        var previousEnd = -1
        for index in tokens.indices {
            let token = tokens[index]
            guard token.kind == .unspaced else {
                runLength = 0
                continue
            }
            runLength = token.range.lowerBound == previousEnd && runLength > 0 ? runLength + 1 : 1
            previousEnd = token.range.upperBound
            for n in lengths where n <= runLength {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: Self.charPrefix)
                let start = tokens[index - n + 1].range.lowerBound
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<token.range.upperBound]))
                emit(scratch, body)
            }
        }
    }

    private func wordCharacters(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [Token], _ lengths: ClosedRange<Int>, _ scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void
    ) {
        var padded: [UInt8] = []
        var boundaries: [Int] = []
        for token in tokens where token.kind == .word {
            padded.removeAll(keepingCapacity: true)
            padded.append(0x20)
            padded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.range]))
            padded.append(0x20)
            // Scalar start offsets in `padded`, plus its end.
            boundaries.removeAll(keepingCapacity: true)
            for offset in padded.indices where padded[offset] & 0xC0 != 0x80 { boundaries.append(offset) }
            boundaries.append(padded.count)
            let scalarCount = boundaries.count - 1
            for n in lengths {
                if n >= scalarCount {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: Self.charWBPrefix)
                    scratch.append(contentsOf: padded)
                    emit(scratch, body)
                    break
                }
                for first in 0...(scalarCount - n) {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: Self.charWBPrefix)
                    scratch.append(contentsOf: padded[boundaries[first]..<boundaries[first + n]])
                    emit(scratch, body)
                }
            }
        }
    }
}
