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
    /// lexicon block as ``rows(_:)`` has it; under ``FeatureWeight/tfidf`` exactly ``rows(_:)``.
    ///
    /// The entries are written straight into arrays sized for the chunk (as ``rows(_:)`` does), not appended one by
    /// one: an `append` per entry checked each array's uniqueness and grew it by copying.
    public func rows(_ rows: Range<Int>, weight: FeatureWeight) -> SparseMatrix {
        if weight == .tfidf { return self.rows(rows) }
        // The blocks holding the rows, each copied once per call (see ``rows(_:)``).
        let parts = ranges.indices.filter { ranges[$0].overlaps(rows) }.map { index in
            (
                block: blocks[index], first: ranges[index].lowerBound,
                rows: max(
                    ranges[index].lowerBound, rows.lowerBound)..<min(
                        ranges[index].upperBound, rows.upperBound)
            )
        }
        var lexicon: [[(Int32, Double)]] = []
        var room = 0
        for part in parts {
            for row in part.rows {
                let local = row - part.first
                let entries = vocabulary.lexiconEntries(
                    texts[row], tokenCount: part.block.tokenCounts[local])
                lexicon.append(entries)
                room += part.block.documents[local].count + entries.count
            }
        }
        let columnBits = Int.bitWidth - max(1, vocabulary.terms.count).leadingZeroBitCount
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(rows.count + 1)
        var values: [Double] = []
        var scratch = RowScratch()
        let columnIndices = [Int32](unsafeUninitializedCapacity: room) { columns, columnCount in
            values = [Double](unsafeUninitializedCapacity: room) { values, valueCount in
                var position = 0
                for part in parts {
                    for row in part.rows {
                        let local = row - part.first
                        let (columnsAt, valuesAt) = (
                            columns.baseAddress! + position, values.baseAddress! + position
                        )
                        if part.block.documentsHoldColumns {
                            position += part.block.documents[local].withUnsafeBufferPointer { pairs in
                                Self.write(pairs, weight: weight, columns: columnsAt, values: valuesAt)
                            }
                        } else {
                            scratch.pairs.removeAll(keepingCapacity: true)
                            part.block.columns.withUnsafeBufferPointer { columns in
                                for entry in part.block.documents[local] {
                                    let column = columns[Int(entry >> 32)]
                                    if column >= 0 {
                                        scratch.pairs.append(UInt64(column) << 32 | (entry & 0xFFFF_FFFF))
                                    }
                                }
                            }
                            RadixSort.sortByHighHalf(
                                &scratch.pairs, scratch: &scratch.sort, significantBits: columnBits)
                            position += scratch.pairs.withUnsafeBufferPointer { pairs in
                                Self.write(pairs, weight: weight, columns: columnsAt, values: valuesAt)
                            }
                        }
                        for (column, value) in lexicon[rowOffsets.count - 1] {
                            columns[position] = column
                            values[position] = value
                            position += 1
                        }
                        rowOffsets.append(position)
                    }
                }
                valueCount = position
            }
            columnCount = values.count
        }
        return SparseMatrix(
            columnCount: vocabulary.columnCount, rowOffsets: rowOffsets, columnIndices: columnIndices,
            values: values)
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
