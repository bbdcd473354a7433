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
        let lengths = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) {
            block, _ in
            blocks[block].rowLengths(texts, ranges[block], vocabulary: vocabulary).lengths.reduce(0, +)
        }
        return lengths.reduce(0, +)
    }

    /// The rows of texts `rows` (numbered from 0 in the result) with n-gram cells weighted by `weight`, then the
    /// lexicon block as ``rows(_:)`` has it; under ``FeatureWeight/tfidf`` exactly ``rows(_:)``. The rows are built
    /// by ``rows(_:fill:)``, the skeleton ``rows(_:)`` uses, with the cells' counts instead of their tf-idf weights.
    public func rows(_ rows: Range<Int>, weight: FeatureWeight) -> SparseMatrix {
        if weight == .tfidf { return self.rows(rows) }
        let columnBits = Int.bitWidth - max(1, vocabulary.terms.count).leadingZeroBitCount
        return self.rows(rows) { block, local, scratch, columnsAt, valuesAt in
            if block.documentsHoldColumns {
                return block.documents[local].withUnsafeBufferPointer { pairs in
                    Self.write(pairs, weight: weight, columns: columnsAt, values: valuesAt)
                }
            }
            scratch.pairs.removeAll(keepingCapacity: true)
            block.columns.withUnsafeBufferPointer { columns in
                for entry in block.documents[local] {
                    let column = columns[Int(entry >> 32)]
                    if column >= 0 { scratch.pairs.append(UInt64(column) << 32 | (entry & 0xFFFF_FFFF)) }
                }
            }
            RadixSort.sortByHighHalf(&scratch.pairs, scratch: &scratch.sort, significantBits: columnBits)
            return scratch.pairs.withUnsafeBufferPointer { pairs in
                Self.write(pairs, weight: weight, columns: columnsAt, values: valuesAt)
            }
        }
    }

    /// Writes `pairs` (`column << 32 | count`, in column order) as cells weighted by `weight` (``FeatureWeight/count``
    /// or ``FeatureWeight/binary``) at `columns` and `values`; returns their number.
    private static func write(
        _ pairs: UnsafeBufferPointer<UInt64>, weight: FeatureWeight,
        columns: UnsafeMutablePointer<Int32>,
        values: UnsafeMutablePointer<Double>
    ) -> Int {
        for (index, pair) in pairs.enumerated() {
            columns[index] = Int32(truncatingIfNeeded: pair >> 32)
            values[index] = weight == .binary ? 1 : Double(pair & 0xFFFF_FFFF)
        }
        return pairs.count
    }
}
