/// How the n-gram cells of an exported document-feature matrix are weighted.
public enum FeatureWeight: String, Sendable, CaseIterable {
    /// The number of times the n-gram occurs in the document.
    case count
    /// 1 when the n-gram occurs in the document.
    case binary
    /// The rows the model sees: `(1 + ln tf) · idf`, each row scaled to unit length (``FittedVocabulary``).
    case tfidf
}

extension CountedTexts {
    /// The number of stored entries of all rows under `weight` (kept n-grams plus lexicon entries): the same for
    /// every weight, as a weight never makes a cell zero.
    public func nonZeroCount(threads: ThreadBudget = .single) -> Int {
        let (texts, vocabulary, ranges, blocks) = (texts, vocabulary, ranges, blocks)
        let lengths = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            blocks[block].rowLengths(texts, ranges[block], vocabulary: vocabulary).lengths.reduce(0, +)
        }
        return lengths.reduce(0, +)
    }

    /// The rows of texts `rows` (numbered from 0 in the result) with n-gram cells weighted by `weight`, then the
    /// lexicon block as ``rows(_:)`` has it; under ``FeatureWeight/tfidf`` exactly ``rows(_:)``.
    public func rows(_ rows: Range<Int>, weight: FeatureWeight) -> SparseMatrix {
        if weight == .tfidf { return self.rows(rows) }
        var matrix = SparseMatrix(columnCount: vocabulary.columnCount)
        var pairs: [UInt64] = []
        var scratch: [UInt64] = []
        let columnBits = Int.bitWidth - max(1, vocabulary.terms.count).leadingZeroBitCount
        for block in ranges.indices where ranges[block].overlaps(rows) {
            let part = max(ranges[block].lowerBound, rows.lowerBound)..<min(ranges[block].upperBound, rows.upperBound)
            for row in part {
                let local = row - ranges[block].lowerBound
                if blocks[block].documentsHoldColumns {
                    pairs = blocks[block].documents[local]
                } else {
                    pairs.removeAll(keepingCapacity: true)
                    blocks[block].columns.withUnsafeBufferPointer { columns in
                        for entry in blocks[block].documents[local] {
                            let column = columns[Int(entry >> 32)]
                            if column >= 0 { pairs.append(UInt64(column) << 32 | (entry & 0xFFFF_FFFF)) }
                        }
                    }
                    RadixSort.sortByHighHalf(&pairs, scratch: &scratch, significantBits: columnBits)
                }
                let lexicon = vocabulary.lexiconEntries(texts[row], tokenCount: blocks[block].tokenCounts[local])
                matrix.appendRow(
                    pairs.lazy.map { pair in
                        (Int32(truncatingIfNeeded: pair >> 32), weight == .binary ? 1 : Double(pair & 0xFFFF_FFFF))
                    } + lexicon)
            }
        }
        return matrix
    }
}
