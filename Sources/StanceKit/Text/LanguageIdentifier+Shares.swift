extension LanguageIdentifier {
    /// The language of UTF-8 `bytes` ignoring the ranges in `skipping` (``identify(utf8:skipping:)``) and the
    /// text's ``LanguageShares`` under that language (``LanguageShares/init(of:language:)``), both exactly as those
    /// decide them, from about one pass instead of two.
    ///
    /// The shares need every paragraph counted; the document's decision needs its letter counts, which are the
    /// paragraphs' totals less the letters inside the skipped ranges, and its two samples (the first 256 Latin words
    /// and the first 3000 Han characters outside the skipped ranges), which a second pass reads only as far as they
    /// reach: for an article in a Latin script, its first 256 words. A text that either path would count another way
    /// (over the 1 MiB sample, or with combining marks, which the identifier composes first) takes both paths as
    /// they stand.
    ///
    /// - Complexity: O(*n*) for a text of *n* UTF-8 bytes.
    static func identifyWithShares(
        utf8 bytes: UnsafeBufferPointer<UInt8>, skipping: [Range<Int>]
    ) -> (language: Language, shares: LanguageShares) {
        guard bytes.count <= sampleBytes, let paragraphs = ParagraphTally(bytes) else {
            let language = identify(utf8: bytes, skipping: skipping)
            return (language, LanguageShares(letters: LanguageShares.letters(of: bytes, language: language)))
        }
        var skipped = Evidence()
        for range in skipping {
            skipped.countLetters(UnsafeBufferPointer(rebasing: bytes[range.clamped(to: 0..<bytes.count)]))
        }
        var document = Evidence()
        let sampledHan = paragraphs.letters.han - skipped.han
        if document.count(bytes, skipping: skipping, sampledHan: sampledHan) {
            // Unreachable (the paragraphs held no combining mark), but the identifier's own path is the definition.
            let language = identify(utf8: bytes, skipping: skipping)
            return (language, LanguageShares(letters: paragraphs.letters(language: language)))
        }
        document.han = sampledHan
        document.kanaOrHangul = paragraphs.letters.kanaOrHangul - skipped.kanaOrHangul
        document.latin = paragraphs.letters.latin - skipped.latin
        document.otherLetters = paragraphs.letters.otherLetters - skipped.otherLetters
        let language = document.decision
        return (language, LanguageShares(letters: paragraphs.letters(language: language)))
    }

    /// Every paragraph of a text identified (``LanguageShares``'s paragraphs: lines ending at a line feed not after a
    /// carriage return), with the letters of the whole text by script.
    private struct ParagraphTally {
        /// Letters of the whole text by script (only the four letter counts are set).
        var letters = Evidence()
        /// Letters per identified language, but for paragraphs left to the document's language.
        private var decided: [Language: Int] = [:]
        /// Letters of the paragraphs identified as ``Language/other`` whose letters are mostly Latin: they count for
        /// the document's language when that is English or Vietnamese, for ``Language/other`` otherwise.
        private var latinOther = 0

        /// Counts `bytes` paragraph by paragraph, or `nil` when a paragraph has combining marks.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && (bytes[end] != 0x0A || (end > 0 && bytes[end - 1] == 0x0D)) { end += 1 }
                if end > start {
                    var counts = Evidence()
                    if counts.count(UnsafeBufferPointer(rebasing: bytes[start..<end]), skipping: []) { return nil }
                    letters.han += counts.han
                    letters.kanaOrHangul += counts.kanaOrHangul
                    letters.latin += counts.latin
                    letters.otherLetters += counts.otherLetters
                    let total = counts.han + counts.kanaOrHangul + counts.latin + counts.otherLetters
                    if total > 0 {
                        let identified = counts.decision
                        if identified == .other && counts.latin * 2 > total {
                            latinOther += total
                        } else {
                            decided[identified, default: 0] += total
                        }
                    }
                }
                start = end + 1
            }
        }

        /// Letters per language when the document's language is `language`.
        func letters(language: Language) -> [Language: Int] {
            guard latinOther > 0 else { return decided }
            var letters = decided
            letters[language == .en || language == .vi ? language : .other, default: 0] += latinOther
            return letters
        }
    }
}

extension LanguageIdentifier.Evidence {
    /// Adds the letters of `bytes` by script, as ``count(_:skipping:sampledHan:)`` counts them, without the samples.
    mutating func countLetters(_ bytes: UnsafeBufferPointer<UInt8>) {
        let scripts = ScriptTable.shared
        var index = 0
        while index < bytes.count {
            let (value, length) = UTF8Decoding.scalar(in: bytes, at: index)
            index += length
            guard let script = scripts.script(anyScalar: value) else { continue }
            switch script {
            case .han: han += 1
            case .kanaOrHangul: kanaOrHangul += 1
            case .latin, .vietnameseLatin: latin += 1
            case .otherLetter: otherLetters += 1
            case .none: break
            }
        }
    }
}
