import Foundation

/// One pass of ``TextNormalizer`` over the UTF-8 bytes of a text: steps c to h, with the replacements of steps a and
/// d (mask terms, URLs, e-mail addresses) found beforehand.
///
/// The pass walks the bytes once. ASCII takes a fast path (lower case, whitespace, straight quotes); other scalars
/// are looked up in ``ScalarFoldingTable``; runs of Han characters are copied or converted by OpenCC as a whole; a
/// scalar followed by combining marks is normalised together with them by Foundation's NFKC (rare: decomposed
/// input). Every output byte records the input offset it came from.
struct NormalizationScan {
    /// Quotation marks that open or close a span (step e).
    enum QuoteKind: UInt8 {
        case straight, fullWidthStraight, curly, low, guillemet, corner, whiteCorner, single
        /// Penn Treebank style: ``` `` ``` opens and `''` closes (tokenised corpora such as Article-Bias-Prediction).
        case treebank
    }

    enum QuoteAction {
        case open(QuoteKind)
        case close(QuoteKind)
    }

    /// An unclosed quotation ends this many characters after it opened.
    static let unclosedQuoteLimit = 600

    /// Lower-case letters, digits and punctuation other than `"` and backtick: copied as they are.
    private static let plain: UInt8 = 0
    private static let upperLetter: UInt8 = 1
    private static let space: UInt8 = 2
    private static let paragraphBreak: UInt8 = 3
    private static let doubleQuote: UInt8 = 4
    private static let backtick: UInt8 = 5

    /// Class of each ASCII byte: the constants above (control characters count as spaces).
    private static let asciiClasses: [UInt8] = (0..<128).map { (byte: Int) -> UInt8 in
        switch byte {
        case 0x41...0x5A: upperLetter
        case 0x0A...0x0D: paragraphBreak
        case 0x00..<0x20, 0x20, 0x7F: space
        case 0x22: doubleQuote
        case 0x60: backtick
        default: plain
        }
    }

    private let classes = Self.asciiClasses

    /// Bit *b* of the two words is set when ASCII byte *b* is `plain` or `upperLetter` (0x21–0x7E except `"` and
    /// backtick).
    private static let plainMaskLow: UInt64 = 0xFFFF_FFFA_0000_0000  // 0x21...0x3F without 0x22
    private static let plainMaskHigh: UInt64 = 0x7FFF_FFFE_FFFF_FFFF  // 0x40...0x7E without 0x60

    @inline(__always)
    private static func isPlainOrUpper(_ byte: UInt8) -> Bool {
        byte < 64
            ? (plainMaskLow >> UInt64(byte)) & 1 != 0 : byte < 128 && (plainMaskHigh >> UInt64(byte - 64)) & 1 != 0
    }

    let input: UnsafeBufferPointer<UInt8>
    let replacements: [Replacement]
    let table: ScalarFoldingTable
    let converter: OpenCCConverter?

    private(set) var output: [UInt8] = []
    /// The original offset of every output byte, and of the end, as runs.
    private(set) var offsets = OriginalOffsetMap()
    private(set) var quotedRanges: [Range<Int>] = []

    private var pendingSpace = false
    private var pendingSpaceOffset: Int32 = 0
    /// Output offset where the current Latin word starts, or -1.
    private var wordStart = -1
    private var wordNeedsTones = false
    private var lastWasWordCharacter = false
    private var scalarCount = 0
    private var quoteStack: [QuoteKind] = []
    private var quoteStart = 0
    private var quoteOpenedAt = 0
    private var wordScalars: [UInt32] = []
    private var wordStarts: [Int] = []
    private var runStarts: [Int32] = []

    init(
        input: UnsafeBufferPointer<UInt8>, replacements: [Replacement], table: ScalarFoldingTable,
        converter: OpenCCConverter?
    ) {
        self.input = input
        self.replacements = replacements
        self.table = table
        self.converter = converter
    }

    // MARK: - The pass

    mutating func run() {
        let count = input.count
        output.reserveCapacity(count + 16)
        var index = 0
        var replacementIndex = 0
        var nextReplacement = replacements.first?.range.lowerBound ?? Int.max
        while index < count {
            if !quoteStack.isEmpty && scalarCount - quoteOpenedAt >= Self.unclosedQuoteLimit {
                endWord()
                closeAllQuotes()
            }
            scalarCount += 1
            while nextReplacement < index {
                // A replacement starting inside a composed cluster cannot be honoured: drop it.
                replacementIndex += 1
                nextReplacement =
                    replacementIndex < replacements.count ? replacements[replacementIndex].range.lowerBound : Int.max
            }
            if index == nextReplacement {
                let replacement = replacements[replacementIndex]
                replacementIndex += 1
                nextReplacement =
                    replacementIndex < replacements.count ? replacements[replacementIndex].range.lowerBound : Int.max
                endWord()
                flushSpace()
                let token = replacement.kind.token
                let origin = Int32(truncatingIfNeeded: replacement.range.lowerBound)
                for offset in 0..<token.utf8CodeUnitCount { append(token.utf8Start[offset], origin) }
                lastWasWordCharacter = true
                index = replacement.range.upperBound
                continue
            }
            let byte = input[index]
            if byte < 0x80 {
                if wordStart < 0 {
                    var limit = min(count, nextReplacement)
                    if !quoteStack.isEmpty {
                        limit = min(limit, index + quoteOpenedAt + Self.unclosedQuoteLimit + 1 - scalarCount)
                    }
                    let end = plainRun(from: index, limit: limit)
                    if end > index {
                        scalarCount += end - index - 1
                        index = end
                        continue
                    }
                }
                if let end = treebankQuote(byte, at: index, limit: min(count, nextReplacement)) {
                    scalarCount += end - index - 1
                    index = end
                    continue
                }
                if index + 1 < count && input[index + 1] >= 0xCC && isCombining(at: index + 1) {
                    index = cluster(from: index, firstLength: 1)
                    continue
                }
                ascii(byte, at: index)
                index += 1
                continue
            }
            let (value, length) = UTF8Decoding.scalar(in: input, at: index)
            if index + length < count && input[index + length] >= 0xCC && isCombining(at: index + length) {
                index = cluster(from: index, firstLength: length)
                continue
            }
            let isHan =
                value < 0x10000
                ? table.flags(value).contains(.hanRun) : ScalarFoldingTable.isPlainHan(value)
            if isHan {
                index = hanRun(from: index, limit: min(count, nextReplacement))
                continue
            }
            switch quoteAction(value, at: index, length: length) {
            case .open(let kind)?:
                endWord()
                emit(value, originalOffset: index, originalLength: length)
                openQuote(kind)
            case .close(let kind)?:
                endWord()
                closeQuote(kind)
                emit(value, originalOffset: index, originalLength: length)
            case nil:
                emit(value, originalOffset: index, originalLength: length)
            }
            index += length
        }
        endWord()
        closeAllQuotes()
        offsets.append(Int32(truncatingIfNeeded: count))
        trimQuotedRanges()
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, _ origin: Int32) {
        output.append(byte)
        offsets.append(origin)
    }

    @inline(__always)
    private mutating func flushSpace() {
        guard pendingSpace else { return }
        pendingSpace = false
        if !output.isEmpty { append(0x20, pendingSpaceOffset) }
    }

    @inline(__always)
    private mutating func whitespace(at offset: Int, paragraphBreak: Bool) {
        endWord()
        if !pendingSpace {
            pendingSpace = true
            pendingSpaceOffset = Int32(truncatingIfNeeded: offset)
        }
        if paragraphBreak { closeAllQuotes() }
        lastWasWordCharacter = false
    }

    /// Copies a run of plain ASCII (letters, digits, punctuation other than `"`, single spaces between them) in bulk,
    /// lower-casing it. Returns the end of the run, or `start` when the fast path does not apply.
    ///
    /// Only used outside Latin words that may need tone placement (`wordStart < 0`). A byte followed by a possible
    /// combining mark is left to the slow path, which composes them.
    @inline(__always)
    private mutating func plainRun(from start: Int, limit: Int) -> Int {
        var end = start
        var hasUpper = false
        var chunksFrom = start + 1
        let base = UnsafeRawPointer(input.baseAddress!)
        // Inside a ``…'' quotation an apostrophe may close it: leave apostrophes to the slow path then.
        let stopAtApostrophe = quoteStack.contains(.treebank)
        while end < limit {
            // Eight bytes at a time while they are plain; a trailing space must be followed by a plain byte.
            if end >= chunksFrom && end + 9 <= limit {
                let chunk = base.loadUnaligned(fromByteOffset: end, as: UInt64.self)
                if SWAR.isPlainChunk(chunk) && (chunk >> 56 != 0x20 || Self.isPlainOrUpper(input[end + 8]))
                    && !(stopAtApostrophe && SWAR.zeroBytes(chunk ^ 0x2727_2727_2727_2727) != 0)
                {
                    hasUpper = hasUpper || SWAR.upperCaseBytes(chunk) != 0
                    end += 8
                    continue
                }
                chunksFrom = end + 8
            }
            let byte = input[end]
            if stopAtApostrophe && byte == 0x27 { break }
            if Self.isPlainOrUpper(byte) {
                hasUpper = hasUpper || byte &- 0x41 < 26
                end += 1
            } else if byte == 0x20 && end + 1 < limit && (end > start || (!output.isEmpty && !pendingSpace))
                && Self.isPlainOrUpper(input[end + 1])
            {
                end += 1
            } else {
                break
            }
        }
        if end < input.count && end > start && input[end] >= 0xCC { end -= 1 }
        guard end > start else { return start }
        flushSpace()
        let outputStart = output.count
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        if hasUpper {
            output.withUnsafeMutableBufferPointer { bytes in
                let raw = UnsafeMutableRawPointer(bytes.baseAddress!)
                var position = outputStart
                while position + 8 <= bytes.count {
                    let chunk = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    raw.storeBytes(of: SWAR.lowerCased(chunk), toByteOffset: position, as: UInt64.self)
                    position += 8
                }
                while position < bytes.count {
                    if bytes[position] &- 0x41 < 26 { bytes[position] |= 0x20 }
                    position += 1
                }
            }
        }
        offsets.append(contentsOf: Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: end))
        let last = input[end - 1]
        lastWasWordCharacter = (last &- 0x30 < 10) || ((last | 0x20) &- 0x61 < 26)
        return end
    }

    /// Penn Treebank quotation marks: ``` `` ``` opens a quotation and `''` closes it; both become `"`. A lone
    /// backtick, and `''` with no ``` `` ``` open, are copied as they are. Returns the end of the mark, or nil.
    private mutating func treebankQuote(_ byte: UInt8, at index: Int, limit: Int) -> Int? {
        guard (byte == 0x60 || byte == 0x27) && index + 1 < limit && input[index + 1] == byte else { return nil }
        endWord()
        if byte == 0x60 {
            flushSpace()
            append(0x22, Int32(truncatingIfNeeded: index))
            openQuote(.treebank)
        } else {
            guard quoteStack.contains(.treebank) else { return nil }
            closeQuote(.treebank)
            flushSpace()
            append(0x22, Int32(truncatingIfNeeded: index))
        }
        lastWasWordCharacter = false
        return index + 2
    }

    @inline(__always)
    private mutating func ascii(_ byte: UInt8, at index: Int) {
        let origin = Int32(truncatingIfNeeded: index)
        switch classes[Int(byte)] {
        case Self.upperLetter:
            flushSpace()
            append(byte | 0x20, origin)
            lastWasWordCharacter = true
        case Self.plain where (byte | 0x20) &- 0x61 < 26:
            flushSpace()
            append(byte, origin)
            lastWasWordCharacter = true
        case Self.space:
            whitespace(at: index, paragraphBreak: false)
        case Self.paragraphBreak:
            whitespace(at: index, paragraphBreak: true)
        case Self.doubleQuote:
            endWord()
            if quoteStack.contains(.straight) {
                closeQuote(.straight)
                flushSpace()
                append(byte, origin)
            } else {
                flushSpace()
                append(byte, origin)
                openQuote(.straight)
            }
            lastWasWordCharacter = false
        default:
            endWord()
            flushSpace()
            append(byte, origin)
            lastWasWordCharacter = byte &- 0x30 < 10
        }
    }

    /// Emits one scalar folded by the table. `originalLength` is the scalar's length in the input when it stands
    /// there 1:1, or 0 when it came out of a cluster's NFKC (then every byte maps to `originalOffset`).
    private mutating func emit(_ value: UInt32, originalOffset: Int, originalLength: Int) {
        var flags: ScalarFoldingTable.Flags
        var outsideTable: [UInt8] = []
        if value < 0x10000 {
            flags = table.flags(value)
        } else if ScalarFoldingTable.isPlainHan(value) {
            flags = [.identity, .wordCharacter, .hanRun]
        } else {
            (outsideTable, flags) = ScalarFoldingTable.fold(Unicode.Scalar(value)!)
        }
        if flags.contains(.whitespace) {
            whitespace(at: originalOffset, paragraphBreak: flags.contains(.paragraphBreak))
            return
        }
        if flags.contains(.latinLetter) {
            if wordStart < 0 {
                // The word may have begun with ASCII letters, which are copied without word tracking.
                flushSpace()
                var start = output.count
                while start > 0 && (output[start - 1] | 0x20) &- 0x61 < 26 { start -= 1 }
                wordStart = start
            }
            if flags.contains(.nonASCIILatin) { wordNeedsTones = true }
        } else {
            endWord()
        }
        let origin = Int32(truncatingIfNeeded: originalOffset)
        if flags.contains(.identity) {
            flushSpace()
            let before = output.count
            UTF8Decoding.append(value, to: &output)
            let exact = output.count - before == originalLength
            for byteIndex in 0..<(output.count - before) {
                offsets.append(exact ? origin + Int32(byteIndex) : origin)
            }
        } else {
            let range = value < 0x10000 ? table.mapping(value) : 0..<0
            let length = value < 0x10000 ? range.count : outsideTable.count
            guard length > 0 else { return }
            flushSpace()
            let exact = length == originalLength
            for byteIndex in 0..<length {
                output.append(value < 0x10000 ? table.bytes[range.lowerBound + byteIndex] : outsideTable[byteIndex])
                offsets.append(exact ? origin + Int32(byteIndex) : origin)
            }
        }
        lastWasWordCharacter = flags.contains(.wordCharacter)
    }

    private func isCombining(at index: Int) -> Bool {
        let value = UTF8Decoding.scalar(in: input, at: index).value
        if value >= 0x300 && value <= 0x36F { return true }
        if value < 0x10000 { return table.flags(value).contains(.combining) }
        return Unicode.Scalar(value).map { $0.properties.canonicalCombiningClass != .notReordered } ?? false
    }

    /// A scalar and the combining marks after it, normalised together (NFKC composes them), then folded.
    private mutating func cluster(from start: Int, firstLength: Int) -> Int {
        var end = start + firstLength
        while end < input.count && isCombining(at: end) {
            end += UTF8Decoding.scalar(in: input, at: end).length
            scalarCount += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<end]), as: UTF8.self)
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            emit(scalar.value, originalOffset: start, originalLength: 0)
        }
        return end
    }

    // MARK: - Han runs (step f)

    /// Copies a run of Han characters, through OpenCC `t2s.json` when conversion is on and the run has a character
    /// that `t2s.json` changes. Returns the end of the run.
    private mutating func hanRun(from start: Int, limit: Int) -> Int {
        endWord()
        flushSpace()
        var end = start
        var needsConversion = false
        var characters = 0
        runStarts.removeAll(keepingCapacity: true)
        while end < limit {
            let (value, length) = UTF8Decoding.scalar(in: input, at: end)
            guard ScalarFoldingTable.isPlainHan(value) else { break }
            if HanVariantTable.shared.isTraditional(value) { needsConversion = true }
            runStarts.append(Int32(truncatingIfNeeded: end))
            end += length
            characters += 1
        }
        scalarCount += characters - 1
        lastWasWordCharacter = true
        let run = UnsafeBufferPointer(rebasing: input[start..<end])
        guard needsConversion, let converter else {
            output.append(contentsOf: run)
            offsets.append(contentsOf: Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: end))
            return end
        }
        converter.convert(run) { converted in appendConverted(converted, inputEnd: end) }
        return end
    }

    /// Appends OpenCC's output for the run whose scalar starts are in `runStarts`. When OpenCC kept the number of
    /// characters (the usual case for `t2s.json`), output character *k* maps to input character *k* (byte by byte
    /// when both have the same length); otherwise to input character ⌊*k* · *m* / *n*⌋ for *m* input and *n* output
    /// characters, which keeps the offsets monotone.
    private mutating func appendConverted(_ converted: UnsafeBufferPointer<UInt8>, inputEnd: Int) {
        var outputCharacters = 0
        var position = 0
        while position < converted.count {
            position += UTF8Decoding.scalar(in: converted, at: position).length
            outputCharacters += 1
        }
        let inputCharacters = runStarts.count
        position = 0
        var character = 0
        while position < converted.count {
            let length = UTF8Decoding.scalar(in: converted, at: position).length
            let source =
                outputCharacters == inputCharacters ? character : character * inputCharacters / outputCharacters
            let sourceStart = runStarts[source]
            let sourceEnd = source + 1 < inputCharacters ? runStarts[source + 1] : Int32(truncatingIfNeeded: inputEnd)
            let exact = Int(sourceEnd - sourceStart) == length
            for byteIndex in 0..<length {
                append(converted[position + byteIndex], exact ? sourceStart + Int32(byteIndex) : sourceStart)
            }
            position += length
            character += 1
        }
    }

    // MARK: - Latin words (step g)

    @inline(__always)
    private mutating func endWord() {
        guard wordStart >= 0 else { return }
        if wordNeedsTones { placeTones() }
        wordStart = -1
        wordNeedsTones = false
    }

    private mutating func placeTones() {
        wordScalars.removeAll(keepingCapacity: true)
        wordStarts.removeAll(keepingCapacity: true)
        output.withUnsafeBufferPointer { bytes in
            var position = wordStart
            while position < bytes.count {
                let (value, length) = UTF8Decoding.scalar(in: bytes, at: position)
                wordScalars.append(value)
                wordStarts.append(position)
                position += length
            }
        }
        guard VietnameseTones.normalize(&wordScalars) else { return }
        var newBytes: [UInt8] = []
        var newOffsets: [Int32] = []
        for (index, value) in wordScalars.enumerated() {
            let oldStart = wordStarts[index]
            let oldEnd = index + 1 < wordStarts.count ? wordStarts[index + 1] : output.count
            let before = newBytes.count
            UTF8Decoding.append(value, to: &newBytes)
            let length = newBytes.count - before
            if length == oldEnd - oldStart {
                for offset in oldStart..<oldEnd { newOffsets.append(offsets[offset]) }
            } else {
                newOffsets.append(contentsOf: repeatElement(offsets[oldStart], count: length))
            }
        }
        output.replaceSubrange(wordStart..., with: newBytes)
        offsets.removeSuffix(from: wordStart)
        for offset in newOffsets { offsets.append(offset) }
    }

    // MARK: - Quotations (step e)

    private func isWordCharacter(at index: Int) -> Bool {
        guard index < input.count else { return false }
        let value = UTF8Decoding.scalar(in: input, at: index).value
        if value < 0x10000 { return table.flags(value).contains(.wordCharacter) }
        return Unicode.Scalar(value)?.properties.isAlphabetic ?? false
    }

    private func quoteAction(_ value: UInt32, at index: Int, length: Int) -> QuoteAction? {
        switch value {
        case 0x201C:
            return quoteStack.contains(.low) ? .close(.low) : .open(.curly)
        case 0x201D:
            if quoteStack.contains(.curly) { return .close(.curly) }
            return quoteStack.contains(.low) ? .close(.low) : nil
        case 0x201E:
            return .open(.low)
        case 0x00AB:
            return .open(.guillemet)
        case 0x00BB:
            return quoteStack.contains(.guillemet) ? .close(.guillemet) : nil
        case 0x300C, 0xFE41, 0xFF62:
            return .open(.corner)
        case 0x300D, 0xFE42, 0xFF63:
            return quoteStack.contains(.corner) ? .close(.corner) : nil
        case 0x300E, 0xFE43:
            return .open(.whiteCorner)
        case 0x300F, 0xFE44:
            return quoteStack.contains(.whiteCorner) ? .close(.whiteCorner) : nil
        case 0xFF02:
            return quoteStack.contains(.fullWidthStraight) ? .close(.fullWidthStraight) : .open(.fullWidthStraight)
        case 0x2018:
            return lastWasWordCharacter ? nil : .open(.single)
        case 0x2019:
            return quoteStack.contains(.single) && !isWordCharacter(at: index + length) ? .close(.single) : nil
        default:
            return nil
        }
    }

    private mutating func openQuote(_ kind: QuoteKind) {
        if quoteStack.isEmpty {
            quoteStart = output.count
            quoteOpenedAt = scalarCount
        }
        quoteStack.append(kind)
    }

    private mutating func closeQuote(_ kind: QuoteKind) {
        guard let position = quoteStack.lastIndex(of: kind) else { return }
        quoteStack.removeSubrange(position...)
        if quoteStack.isEmpty { quotedRanges.append(quoteStart..<output.count) }
    }

    private mutating func closeAllQuotes() {
        guard !quoteStack.isEmpty else { return }
        quoteStack.removeAll()
        quotedRanges.append(quoteStart..<output.count)
    }

    /// Drops the spaces at the ends of quoted ranges, and ranges left empty.
    private mutating func trimQuotedRanges() {
        var trimmed: [Range<Int>] = []
        for range in quotedRanges {
            var lower = range.lowerBound
            var upper = min(range.upperBound, output.count)
            while lower < upper && output[lower] == 0x20 { lower += 1 }
            while upper > lower && output[upper - 1] == 0x20 { upper -= 1 }
            if lower < upper { trimmed.append(lower..<upper) }
        }
        quotedRanges = trimmed
    }
}
