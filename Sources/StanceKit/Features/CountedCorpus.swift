/// Every text of a corpus with its n-grams counted once (``FeatureExtractor/countCorpus(_:threads:)``), from which
/// a vocabulary and its rows are fitted on any subset of the texts without counting a text again.
///
/// Cross-validation fits the vocabulary and idf on each training fold: with k folds every text was tokenised and
/// counted k − 1 times (and more under an inner search for `C`). Counting is not fitting: which n-grams a text holds,
/// and how often, depends on the text alone. What is fitted, the document frequencies and so the columns and their
/// idf, ``fitTransform(_:threads:)`` computes from the training rows' own counts only, so nothing of the held-out
/// texts reaches the training side.
public struct CountedCorpus: Sendable {
    let extractor: FeatureExtractor
    public let texts: [NormalizedText]
    /// The texts of each counting block.
    let ranges: [Range<Int>]
    /// The blocks' per-text n-gram lists; the blocks after the first map their nodes to the merged ones.
    let blocks: [NGramBlock]
    let names: NGramNames
    /// The block of each text.
    let blockOfText: [Int32]
    /// The n-grams that some fit may keep (in at least `minDF` of all the texts, so possibly in `minDF` of a
    /// subset's), in name order. They are named and sorted once, here, and each fit picks its columns among them
    /// (``FeatureExtractor/chooseColumns(amongNameOrdered:names:documentFrequency:total:documentCount:threads:)``)
    /// instead of naming and sorting its own candidates (a 5-fold cross-validation fits 5 times, 20 under `--C auto`).
    let nameOrder: [Int32]

    init(
        extractor: FeatureExtractor, texts: [NormalizedText], ranges: [Range<Int>], blocks: consuming [NGramBlock],
        names: NGramNames, documentFrequency df: [Int32], blockOfText: [Int32], threads: ThreadBudget
    ) {
        self.extractor = extractor
        self.texts = texts
        self.ranges = ranges
        self.names = names
        self.blockOfText = blockOfText
        let minDF = extractor.configuration.minDF
        let nameOrder = FeatureExtractor.nodesInNameOrder(names: names, count: df.count, threads: threads) { node in
            Int(df[node]) >= minDF
        }
        self.nameOrder = nameOrder
        Self.putInNameOrder(&blocks, nameOrder: nameOrder, nodeCount: df.count, threads: threads)
        self.blocks = blocks
    }

    /// Puts each document's entries in the name order of their n-grams, in place, and leaves out those that no fit
    /// can keep (not in `nameOrder`). Any fit numbers its columns in name order (``Fit``), so a document's kept entries
    /// are then in column order as they are read, and building a row needs no sort: one sort per text here instead
    /// of one per text and fit. Each list is replaced as soon as its new one is made, so memory holds one extra list
    /// per worker, not a second copy of the corpus.
    private static func putInNameOrder(
        _ blocks: inout [NGramBlock], nameOrder: [Int32], nodeCount: Int, threads: ThreadBudget
    ) {
        let rank = {
            var rank = [Int32](repeating: -1, count: nodeCount)
            for (position, node) in nameOrder.enumerated() { rank[Int(node)] = Int32(position) }
            return rank
        }()
        let rankBits = Int.bitWidth - max(1, nameOrder.count).leadingZeroBitCount
        blocks.withUnsafeMutableBufferPointer { buffer in
            let shared = DisjointWrites(buffer: buffer)
            _ = ParallelChunks.map(chunks: buffer.count, threads: threads, state: {}) { index, _ in
                let block = shared.base + index
                let global = index == 0 ? [] : block.pointee.globalNodes
                var keys: [UInt64] = []
                var scratch: [UInt64] = []
                for document in block.pointee.documents.indices {
                    keys.removeAll(keepingCapacity: true)
                    let ordered = block.pointee.documents[document].withUnsafeBufferPointer { entries in
                        for (position, entry) in entries.enumerated() {
                            let local = Int(entry >> 32)
                            let node = index == 0 ? local : Int(global[local])
                            if rank[node] >= 0 { keys.append(UInt64(rank[node]) << 32 | UInt64(position)) }
                        }
                        RadixSort.sortByHighHalf(&keys, scratch: &scratch, significantBits: rankBits)
                        return keys.map { entries[Int($0 & 0xFFFF_FFFF)] }
                    }
                    block.pointee.documents[document] = ordered
                }
                block.pointee.documentsInNameOrder = true
            }
        }
    }

    /// A vocabulary fitted on some of the texts, with the column of each of the corpus's n-grams under it
    /// (-1 for those it does not keep): any text of the corpus can then be given its row without counting it again.
    struct Fit: Sendable {
        let vocabulary: FittedVocabulary
        /// Each block's nodes mapped to the vocabulary's columns (``NGramBlock/columns``).
        fileprivate let blocks: [NGramBlock]
    }

    /// Fits the vocabulary on the texts `rows` and builds their rows: the same vocabulary and matrix, bit for bit,
    /// as ``FeatureExtractor/fitTransform(_:threads:)`` on `rows.map { texts[$0] }`.
    ///
    /// - Parameters:
    ///   - rows: indices into ``texts``, in the order of the matrix rows.
    ///   - threads: the number of threads; the result is bit-identical for every value.
    /// - Complexity: O(the rows' distinct n-grams + the corpus's distinct n-grams).
    public func fitTransform(_ rows: [Int], threads: ThreadBudget = .single) -> (
        vocabulary: FittedVocabulary, matrix: SparseMatrix
    ) {
        let fit = fit(rows, threads: threads)
        return (fit.vocabulary, matrix(rows, under: fit, threads: threads))
    }

    /// Fits the vocabulary on the texts `rows`.
    ///
    /// The document frequency and total count of each n-gram are summed over the rows' n-gram lists and the columns
    /// chosen from them as ``FeatureExtractor`` says; nothing of the other texts is read.
    func fit(_ rows: [Int], threads: ThreadBudget) -> Fit {
        var df = [Int32](repeating: 0, count: names.keys.count)
        var total = [Int64](repeating: 0, count: names.keys.count)
        for row in rows {
            let block = Int(blockOfText[row])
            let local = row - ranges[block].lowerBound
            blocks[block].documents[local].withUnsafeBufferPointer { entries in
                if block == 0 {
                    for entry in entries {
                        let node = Int(entry >> 32)
                        df[node] += 1
                        total[node] += Int64(entry & 0xFFFF_FFFF)
                    }
                } else {
                    blocks[block].globalNodes.withUnsafeBufferPointer { global in
                        for entry in entries {
                            let node = Int(global[Int(entry >> 32)])
                            df[node] += 1
                            total[node] += Int64(entry & 0xFFFF_FFFF)
                        }
                    }
                }
            }
        }
        let (vocabulary, columnOfNode) = extractor.chooseColumns(
            amongNameOrdered: nameOrder, names: names, documentFrequency: df, total: total, documentCount: rows.count,
            threads: threads)
        df = []
        total = []
        // Each block's nodes mapped to the columns: the blocks' own row builders then apply.
        var mapped = blocks
        for block in mapped.indices {
            mapped[block].columns =
                block == 0 ? columnOfNode : mapped[block].globalNodes.map { columnOfNode[Int($0)] }
        }
        return Fit(vocabulary: vocabulary, blocks: mapped)
    }

    /// The rows of the texts `rows` under a vocabulary fitted on any texts of this corpus: bit for bit
    /// ``FittedVocabulary/transform(_:threads:)`` on `rows.map { texts[$0] }`, without tokenising them again: each
    /// row is weighted and scaled from its own counts, in column order.
    ///
    /// - Complexity: O(the rows' distinct n-grams and lexicon hits).
    func matrix(_ rows: [Int], under fit: Fit, threads: ThreadBudget) -> SparseMatrix {
        matrix(rows, blocks: fit.blocks, vocabulary: fit.vocabulary, threads: threads)
    }

    /// The rows `rows` under `vocabulary`, from `blocks` whose ``NGramBlock/columns`` map their nodes to its
    /// columns: the n-gram entries of ``NGramBlock/fillNGrams(_:vocabulary:scratch:columns:values:)``, then the
    /// lexicon block. Contiguous runs of rows are built in parallel.
    private func matrix(
        _ rows: [Int], blocks: [NGramBlock], vocabulary: FittedVocabulary, threads: ThreadBudget
    ) -> SparseMatrix {
        let (texts, ranges, blockOfText) = (texts, ranges, blockOfText)
        let chunks = ParallelChunks.chunkCount(rows.count)
        // Per run of rows: each row's length (kept n-grams plus lexicon entries) and its lexicon entries.
        let parts = ParallelChunks.map(chunks: chunks, threads: threads, state: {}) { chunk, _ in
            var lengths: [Int] = []
            var lexicon: [[(Int32, Double)]] = []
            for row in rows[ParallelChunks.range(of: chunk, count: rows.count)] {
                let block = Int(blockOfText[row])
                let local = row - ranges[block].lowerBound
                var length = 0
                blocks[block].columns.withUnsafeBufferPointer { columns in
                    for entry in blocks[block].documents[local] where columns[Int(entry >> 32)] >= 0 { length += 1 }
                }
                let entries = vocabulary.lexiconEntries(texts[row], tokenCount: blocks[block].tokenCounts[local])
                lexicon.append(entries)
                lengths.append(length + entries.count)
            }
            return (lengths, lexicon)
        }
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(rows.count + 1)
        for part in parts { for length in part.0 { rowOffsets.append(rowOffsets.last! + length) } }
        let offsets = rowOffsets
        let nonZeros = offsets[rows.count]
        var values: [Double] = []
        let columnIndices = [Int32](unsafeUninitializedCapacity: nonZeros) { columns, columnsCount in
            values = [Double](unsafeUninitializedCapacity: nonZeros) { values, valuesCount in
                let columns = DisjointWrites(buffer: columns)
                let values = DisjointWrites(buffer: values)
                _ = ParallelChunks.map(chunks: chunks, threads: threads, state: { RowScratch() }) { chunk, scratch in
                    let range = ParallelChunks.range(of: chunk, count: rows.count)
                    for (position, row) in zip(range, rows[range]) {
                        let block = Int(blockOfText[row])
                        var entry = offsets[position]
                        entry += blocks[block].fillNGrams(
                            row - ranges[block].lowerBound, vocabulary: vocabulary, scratch: &scratch,
                            columns: columns.buffer.baseAddress! + entry, values: values.buffer.baseAddress! + entry)
                        for (column, value) in parts[chunk].1[position - range.lowerBound] {
                            columns.buffer[entry] = column
                            values.buffer[entry] = value
                            entry += 1
                        }
                    }
                }
                valuesCount = nonZeros
            }
            columnsCount = nonZeros
        }
        return SparseMatrix(
            columnCount: vocabulary.columnCount, rowOffsets: offsets, columnIndices: columnIndices, values: values)
    }
}
