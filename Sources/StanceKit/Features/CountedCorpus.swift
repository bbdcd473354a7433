/// Every text of a corpus with its n-grams counted once (``FeatureExtractor/countCorpus(_:threads:)``, or a batch of
/// texts at a time with ``Builder``), from which a vocabulary and its rows are fitted on any subset of the texts
/// without counting a text again.
///
/// Cross-validation fits the vocabulary and idf on each training fold: with k folds every text was tokenised and
/// counted k − 1 times (and more under an inner search for `C`). Counting is not fitting: which n-grams a text holds,
/// and how often, depends on the text alone. What is fitted, the document frequencies and so the columns and their
/// idf, ``fitTransform(_:threads:)`` computes from the training rows' own counts only, so nothing of the held-out
/// texts reaches the training side.
///
/// The texts themselves are not kept: a row needs only the text's n-gram counts and its lexicon-block entries, which
/// depend on the text alone (a lexicon column's value does not depend on the fit, only its position after the fit's
/// n-gram columns), so both are taken when the text is counted. Memory then follows the counts, not the text.
public struct CountedCorpus: Sendable {
    let extractor: FeatureExtractor
    /// The number of texts.
    public let count: Int
    /// The texts of each counting block.
    let ranges: [Range<Int>]
    /// The blocks' per-text n-gram lists, each entry `node << 32 | count` (a node of ``names``), in the name order
    /// of the n-grams and holding only those that some fit may keep (``nameOrder``).
    let blocks: [NGramBlock]
    /// The names of the n-grams that some fit may keep and of the shorter ones their names are built from.
    let names: NGramNames
    /// The block of each text.
    let blockOfText: [Int32]
    /// The n-grams that some fit may keep (in at least `minDF` of all the texts, so possibly in `minDF` of a
    /// subset's), in name order. They are named and sorted once, here, and each fit picks its columns among them
    /// (``FeatureExtractor/chooseColumns(amongNameOrdered:names:documentFrequency:total:documentCount:threads:)``)
    /// instead of naming and sorting its own candidates (a 5-fold cross-validation fits 5 times, 20 under `--C auto`).
    let nameOrder: [Int32]
    /// Each text's lexicon-block entries, numbered from the block's first column.
    let lexicon: LexiconEntries

    /// The corpus of `texts`, counted in `blocks` (the blocks after the first map their nodes to the merged ones,
    /// ``NGramBlock/globalNodes``); the texts are read once more here, for their lexicon entries, and not kept.
    init(
        extractor: FeatureExtractor, texts: [NormalizedText], ranges: [Range<Int>], blocks: consuming [NGramBlock],
        names: NGramNames, documentFrequency df: [Int32], blockOfText: [Int32], threads: ThreadBudget
    ) {
        let tokenCounts = blocks.map(\.tokenCounts)
        let lexicon = LexiconEntries(
            of: texts, ranges: ranges, tokenCounts: tokenCounts, extractor: extractor, threads: threads)
        self.init(
            extractor: extractor, count: texts.count, ranges: ranges, blocks: consume blocks, names: names,
            documentFrequency: df, blockOfText: blockOfText, lexicon: lexicon, threads: threads)
    }

    /// The corpus of counted `blocks`, whose entries name merged nodes either directly (an empty
    /// ``NGramBlock/globalNodes``) or through ``NGramBlock/globalNodes``.
    init(
        extractor: FeatureExtractor, count: Int, ranges: [Range<Int>], blocks: consuming [NGramBlock],
        names: NGramNames, documentFrequency df: [Int32], blockOfText: [Int32], lexicon: LexiconEntries,
        threads: ThreadBudget
    ) {
        precondition(lexicon.count == count && blockOfText.count == count)
        self.extractor = extractor
        self.count = count
        self.ranges = ranges
        self.blockOfText = blockOfText
        self.lexicon = lexicon
        let minDF = extractor.configuration.minDF
        let nameOrder = FeatureExtractor.nodesInNameOrder(names: names, count: df.count, threads: threads) { node in
            Int(df[node]) >= minDF
        }
        let (kept, number) = Self.keptNodes(nameOrder, names: names)
        self.names = kept
        self.nameOrder = nameOrder.map { number[Int($0)] }
        Self.putInNameOrder(&blocks, nameOrder: nameOrder, number: number, threads: threads)
        self.blocks = blocks
    }

    /// The names of the nodes that some fit may name, `nameOrder` and the shorter n-grams their names are built
    /// from, numbered anew in the order of their old numbers; and each old node's new number (-1 for those left).
    ///
    /// A corpus's merged table has a node for every distinct n-gram, most of them in fewer than `minDF` texts; every
    /// fit's per-node arrays (document frequencies, totals, the column of each node, held while the matrix is built
    /// and the model fitted) then had the length of the whole table. Numbering only the kept nodes makes them the
    /// length of the candidates instead.
    private static func keptNodes(_ nameOrder: [Int32], names: NGramNames) -> (NGramNames, [Int32]) {
        var number = [Int32](repeating: -1, count: names.keys.count)
        for node in nameOrder {
            var current = Int(node)
            while number[current] < 0 {
                number[current] = 0
                let prefix = UInt32(truncatingIfNeeded: names.keys[current] >> 32)
                guard NGramKind.root(prefix) == nil else { break }
                current = Int(prefix)
            }
        }
        var count: Int32 = 0
        for node in number.indices where number[node] >= 0 {
            number[node] = count
            count += 1
        }
        var keys = [UInt64](repeating: 0, count: Int(count))
        for node in number.indices where number[node] >= 0 {
            let key = names.keys[node]
            let prefix = UInt32(truncatingIfNeeded: key >> 32)
            keys[Int(number[node])] =
                NGramKind.root(prefix) != nil ? key : UInt64(UInt32(number[Int(prefix)])) << 32 | (key & 0xFFFF_FFFF)
        }
        return (NGramNames(words: names.words, keys: keys), number)
    }

    /// Puts each document's entries in the name order of their n-grams, in place, names them by their merged node,
    /// and leaves out those that no fit can keep (not in `nameOrder`). Any fit numbers its columns in name order
    /// (``Fit``), so a document's kept entries are then in column order as they are read, and building a row needs no
    /// sort: one sort per text here instead of one per text and fit. Each list is replaced as soon as its new one is
    /// made, so memory holds one extra list per worker, not a second copy of the corpus; each block's map to the
    /// merged nodes goes once it is applied. Entries then name the kept nodes' new numbers (`number`,
    /// ``keptNodes(_:names:)``).
    private static func putInNameOrder(
        _ blocks: inout [NGramBlock], nameOrder: [Int32], number: [Int32], threads: ThreadBudget
    ) {
        let rank = {
            var rank = [Int32](repeating: -1, count: number.count)
            for (position, node) in nameOrder.enumerated() { rank[Int(node)] = Int32(position) }
            return rank
        }()
        let rankBits = Int.bitWidth - max(1, nameOrder.count).leadingZeroBitCount
        blocks.withUnsafeMutableBufferPointer { buffer in
            let shared = DisjointWrites(buffer: buffer)
            _ = ParallelChunks.map(chunks: buffer.count, threads: threads, state: {}) { index, _ in
                let block = shared.base + index
                let global = block.pointee.globalNodes
                var keys: [UInt64] = []
                var scratch: [UInt64] = []
                for document in block.pointee.documents.indices {
                    keys.removeAll(keepingCapacity: true)
                    let ordered = block.pointee.documents[document].withUnsafeBufferPointer { entries in
                        for (position, entry) in entries.enumerated() {
                            let local = Int(entry >> 32)
                            let node = global.isEmpty ? local : Int(global[local])
                            if rank[node] >= 0 { keys.append(UInt64(rank[node]) << 32 | UInt64(position)) }
                        }
                        RadixSort.sortByHighHalf(&keys, scratch: &scratch, significantBits: rankBits)
                        return keys.map { key in
                            let entry = entries[Int(key & 0xFFFF_FFFF)]
                            let local = Int(entry >> 32)
                            let node = global.isEmpty ? local : Int(global[local])
                            return UInt64(UInt32(number[node])) << 32 | (entry & 0xFFFF_FFFF)
                        }
                    }
                    block.pointee.documents[document] = ordered
                }
                block.pointee.globalNodes = []
                block.pointee.tokenCounts = []
                block.pointee.documentsInNameOrder = true
            }
        }
    }

    /// A vocabulary fitted on some of the texts, with the column of each of the corpus's n-grams under it
    /// (-1 for those it does not keep): any text of the corpus can then be given its row without counting it again.
    struct Fit: Sendable {
        let vocabulary: FittedVocabulary
        /// The blocks with ``NGramBlock/columns`` set: every block's entries name merged nodes, so all of them share
        /// the one map from merged nodes to columns.
        fileprivate let blocks: [NGramBlock]
    }

    /// Fits the vocabulary on the texts `rows` and builds their rows: the same vocabulary and matrix, bit for bit,
    /// as ``FeatureExtractor/fitTransform(_:threads:)`` on the same texts.
    ///
    /// - Parameters:
    ///   - rows: indices of the texts, in the order of the matrix rows.
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
                for entry in entries {
                    let node = Int(entry >> 32)
                    df[node] += 1
                    total[node] += Int64(entry & 0xFFFF_FFFF)
                }
            }
        }
        let (vocabulary, columnOfNode) = extractor.chooseColumns(
            amongNameOrdered: nameOrder, names: names, documentFrequency: df, total: total, documentCount: rows.count,
            threads: threads)
        df = []
        total = []
        // Every block's entries name merged nodes: the blocks share one map (copy on write, so it is held once).
        var mapped = blocks
        for block in mapped.indices { mapped[block].columns = columnOfNode }
        return Fit(vocabulary: vocabulary, blocks: mapped)
    }

    /// The rows of the texts `rows` under a vocabulary fitted on any texts of this corpus: bit for bit
    /// ``FittedVocabulary/transform(_:threads:)`` on the same texts, without tokenising them again: each row is
    /// weighted and scaled from its own counts, in column order, and its lexicon entries follow.
    ///
    /// - Complexity: O(the rows' distinct n-grams and lexicon entries).
    func matrix(_ rows: [Int], under fit: Fit, threads: ThreadBudget) -> SparseMatrix {
        matrix(rows, blocks: fit.blocks, vocabulary: fit.vocabulary, threads: threads)
    }

    /// The rows `rows` under `vocabulary`, from `blocks` whose ``NGramBlock/columns`` map their nodes to its
    /// columns: the n-gram entries of ``NGramBlock/fillNGrams(_:vocabulary:scratch:columns:values:)``, then the
    /// lexicon block. Contiguous runs of rows are built in parallel.
    private func matrix(
        _ rows: [Int], blocks: [NGramBlock], vocabulary: FittedVocabulary, threads: ThreadBudget
    ) -> SparseMatrix {
        let (ranges, blockOfText, lexicon) = (ranges, blockOfText, lexicon)
        let firstLexiconColumn = Int32(vocabulary.terms.count)
        let chunks = ParallelChunks.chunkCount(rows.count)
        // Per run of rows: each row's length (kept n-grams plus lexicon entries).
        let parts = ParallelChunks.map(chunks: chunks, threads: threads, state: {}) { chunk, _ in
            var lengths: [Int] = []
            for row in rows[ParallelChunks.range(of: chunk, count: rows.count)] {
                let block = Int(blockOfText[row])
                let local = row - ranges[block].lowerBound
                var length = 0
                blocks[block].columns.withUnsafeBufferPointer { columns in
                    for entry in blocks[block].documents[local] where columns[Int(entry >> 32)] >= 0 { length += 1 }
                }
                lengths.append(length + lexicon.entryCount(of: row))
            }
            return lengths
        }
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(rows.count + 1)
        for part in parts { for length in part { rowOffsets.append(rowOffsets.last! + length) } }
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
                        for index in lexicon.entries(of: row) {
                            columns.buffer[entry] = firstLexiconColumn + lexicon.columns[index]
                            values.buffer[entry] = lexicon.values[index]
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

/// The lexicon-block entries of each text of a ``CountedCorpus``, in one flat store: text `i`'s entries are
/// `offsets[i]..<offsets[i + 1]` of ``columns`` (numbered from the block's first column, which follows the n-gram
/// columns of whichever fit builds the row) and ``values``.
struct LexiconEntries: Sendable {
    private(set) var offsets: [Int] = [0]
    private(set) var columns: [Int32] = []
    private(set) var values: [Double] = []

    init() {}

    /// The number of texts.
    var count: Int { offsets.count - 1 }

    /// The positions in ``columns`` and ``values`` of text `text`'s entries.
    func entries(of text: Int) -> Range<Int> { offsets[text]..<offsets[text + 1] }

    func entryCount(of text: Int) -> Int { offsets[text + 1] - offsets[text] }

    /// Adds the next text's entries, sorted by column.
    mutating func append(_ entries: [(Int32, Double)]) {
        for (column, value) in entries {
            columns.append(column)
            values.append(value)
        }
        offsets.append(columns.count)
    }

    /// Adds the texts of `other` after these.
    mutating func append(contentsOf other: LexiconEntries) {
        let base = columns.count
        columns.append(contentsOf: other.columns)
        values.append(contentsOf: other.values)
        offsets.append(contentsOf: other.offsets.dropFirst().map { base + $0 })
    }

    /// The entries of `texts`, whose token counts `tokenCounts` (per block of `ranges`) hold: the lexicon block of
    /// ``FittedVocabulary/lexiconEntries(_:tokenCount:)`` under a vocabulary with no n-gram column, so numbered from
    /// the block's first column; no entry at all without a lexicon block.
    init(
        of texts: [NormalizedText], ranges: [Range<Int>], tokenCounts: [[Int]], extractor: FeatureExtractor,
        threads: ThreadBudget
    ) {
        self.init()
        let vocabulary = Self.lexiconVocabulary(extractor)
        let parts = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            LexiconEntries(of: texts[ranges[block]], tokenCounts: tokenCounts[block], vocabulary: vocabulary)
        }
        for part in parts { append(contentsOf: part) }
    }

    /// The entries of `texts`, which have `tokenCounts` tokens, under `vocabulary`
    /// (``lexiconVocabulary(_:)``).
    init(of texts: ArraySlice<NormalizedText>, tokenCounts: [Int], vocabulary: FittedVocabulary?) {
        self.init()
        for (text, tokens) in zip(texts, tokenCounts) {
            append(vocabulary?.lexiconEntries(text, tokenCount: tokens) ?? [])
        }
    }

    /// A vocabulary with the extractor's lexicon block and no n-gram column, or `nil` without a lexicon block.
    static func lexiconVocabulary(_ extractor: FeatureExtractor) -> FittedVocabulary? {
        guard extractor.configuration.useLexicons, let lexicon = extractor.lexicon else { return nil }
        return FittedVocabulary(
            validatedConfiguration: extractor.configuration, terms: [], idf: [], documentCount: 0, lexicon: lexicon)
    }
}
