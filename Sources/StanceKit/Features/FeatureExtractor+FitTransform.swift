import CSupport

extension FeatureExtractor {
    /// Fits on `texts` and transforms them, in one pass over the texts.
    ///
    /// The result is the same as fitting the vocabulary (``FeatureExtractor``) and then
    /// ``FittedVocabulary/transform(_:threads:)`` on the same texts, bit for bit, but each text is tokenised and its
    /// n-grams counted only once:
    /// 1. the texts are split into one contiguous block per thread (balanced by length); each worker counts every
    ///    n-gram of its block in its own ``NGramNodeTable`` (an n-gram is the pair of its shorter prefix and its last
    ///    token, so each occurrence is one lookup of an integer), and keeps, per document, the list of
    ///    (local node, count) pairs; the node's slot holds its document frequency and total count;
    /// 2. the block tables are merged in block order into the first block's (so its node ids stay), summing df and
    ///    totals, and each block's table is freed as soon as it is merged;
    /// 3. the column names are rebuilt only for the nodes that pass the document-frequency limits, and the columns
    ///    are chosen as ``FeatureExtractor`` says (`maxFeatures`, code point order), giving a map from each block's local
    ///    nodes to columns (-1 for n-grams not kept);
    /// 4. each worker counts its rows' lengths, the CSR arrays are allocated once, and each worker fills its rows'
    ///    range from the stored lists (sorted by column with ``RadixSort``), weighting with ``FittedVocabulary``
    ///    (`tf' · idf`, unit length) and adding the lexicon block.
    ///
    /// The block split depends on `threads` but the output does not: df and totals are integer sums, the columns
    /// are ordered by name, and every row is computed from its own counts in column order.
    ///
    /// - Parameters:
    ///   - texts: the training documents, one row each.
    ///   - threads: the number of threads; the result is bit-identical for every value.
    /// - Returns: the fitted vocabulary and the rows of `texts`.
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
    /// - Complexity: O(total text length · n-gram lengths) time; memory proportional to the distinct n-grams plus
    ///   the distinct n-grams per document.
    public func fitTransform(
        _ texts: [NormalizedText], threads: ThreadBudget = .single
    ) throws(FeatureError) -> (vocabulary: FittedVocabulary, matrix: SparseMatrix) {
        let counted = try countTexts(texts, threads: threads)
        return (counted.vocabulary, counted.matrix(threads: threads))
    }

    /// Fits on `texts` and keeps each text's counted n-grams, from which ``CountedTexts/matrix(threads:)`` builds
    /// the rows of ``fitTransform(_:threads:)`` at once, or ``CountedTexts/rows(_:)`` a few rows at a time without
    /// ever holding the whole matrix (for writing it out).
    ///
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
    public func countTexts(_ texts: [NormalizedText], threads: ThreadBudget = .single) throws(FeatureError)
        -> CountedTexts
    {
        try configuration.validate()
        try configuration.validateReference(for: lexicon)
        var (ranges, counted, merged) = countBlocks(texts, threads: threads)
        for block in counted.indices { counted[block].releaseTables() }
        let (keys, df, total) = merged.nodes.nodes()
        let (vocabulary, columnOfGlobal) = chooseColumns(
            names: merged.names(keys: keys), documentFrequency: df, total: total, documentCount: texts.count,
            threads: threads)
        for block in counted.indices {
            counted[block].columns =
                block == 0 ? columnOfGlobal : counted[block].globalNodes.map { columnOfGlobal[Int($0)] }
            counted[block].globalNodes = []
        }
        NGramBlock.keepColumns(&counted, columnCount: vocabulary.terms.count, threads: threads)
        return CountedTexts(texts: texts, vocabulary: vocabulary, ranges: ranges, blocks: counted)
    }

    /// Counts every text's n-grams once (``CountedCorpus``), so that vocabularies can then be fitted on many
    /// subsets of them, such as the training folds of a cross-validation, without counting a text again.
    ///
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
    public func countCorpus(_ texts: [NormalizedText], threads: ThreadBudget = .single) throws(FeatureError)
        -> CountedCorpus
    {
        try configuration.validate()
        try configuration.validateReference(for: lexicon)
        var (ranges, counted, merged) = countBlocks(texts, threads: threads)
        for block in counted.indices { counted[block].releaseTables() }
        let (keys, df, _) = merged.nodes.nodes()
        var blockOfText = [Int32](repeating: 0, count: texts.count)
        for (block, range) in ranges.enumerated() { for text in range { blockOfText[text] = Int32(block) } }
        return CountedCorpus(
            extractor: self, texts: texts, ranges: ranges, blocks: consume counted, names: merged.names(keys: keys),
            documentFrequency: df, blockOfText: blockOfText, threads: threads)
    }

    /// Steps 1 and 2 of ``fitTransform(_:threads:)``: each block of texts counted, and the blocks' tables merged
    /// into the first one's (the blocks after the first keep the merged node of each of their nodes).
    private func countBlocks(
        _ texts: [NormalizedText], threads: ThreadBudget
    ) -> (ranges: [Range<Int>], blocks: [NGramBlock], merged: NGramBlockMerger) {
        let ranges = Self.blocks(of: texts, count: threads.workers(for: texts.count))
        let configuration = configuration

        // 1. Count each block.
        var counted = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            // The first block's table is the one the others are merged into: it starts with room for the n-grams
            // of all the texts, so that it does not grow (allocate twice its size, have the kernel clear it, and
            // rehash) during the merge, on one thread, but is first touched while all workers count.
            var bytes = 0
            for text in texts[block == 0 ? texts.indices : ranges[block]] { bytes += text.text.utf8.count }
            var counter = NGramBlockCounter(configuration, expectedNodes: bytes / 64)
            counter.count(texts, ranges[block])
            return counter.finish()
        }

        // 2. Merge the blocks' tables into the first one's, freeing each block's table once it is merged.
        let merged = NGramBlockMerger(first: counted[0])
        for block in counted.indices.dropFirst() {
            counted[block].globalNodes = merged.merge(counted[block])
            counted[block].releaseTables()
        }
        return (ranges, counted, merged)
    }

    /// Step 3 of ``fitTransform(_:threads:)``: the columns chosen among the merged nodes that were counted and pass
    /// the document-frequency limits, as ``FeatureExtractor`` says (`maxFeatures`, code point order), and the column of each
    /// merged node (-1 for n-grams not kept).
    ///
    /// - Parameters:
    ///   - documentFrequency: per merged node, the number of the `documentCount` documents it occurs in.
    ///   - total: per merged node, its occurrences in them.
    func chooseColumns(
        names: NGramNames, documentFrequency df: [Int32], total: [Int64], documentCount n: Int, threads: ThreadBudget
    ) -> (vocabulary: FittedVocabulary, columnOfNode: [Int32]) {
        let maxDocuments = configuration.maxDF * Double(n)
        let named = Self.namedNodes(names: names, count: df.count) { node in
            Int(df[node]) >= configuration.minDF && Double(df[node]) <= maxDocuments
        }
        let order = named.names.sortedByKey(Array(named.nodes.indices), threads: threads)
        guard configuration.maxFeatures == nil else {
            return chooseColumns(
                amongNameOrdered: order.map { named.nodes[$0] }, names: names, documentFrequency: df, total: total,
                documentCount: n, threads: threads)
        }
        // Every candidate is within the limits and becomes a column unless its name holds the mask: the names are
        // the ones just sorted, not built again.
        let (chosen, terms) = Self.namesWithoutMask(order, of: named, threads: threads)
        return vocabulary(chosen: chosen, terms: terms, documentFrequency: df, documentCount: n)
    }

    /// The nodes `0..<count` for which `keep` holds, sorted by their names in byte (hence code point) order.
    static func nodesInNameOrder(
        names: NGramNames, count: Int, threads: ThreadBudget, where keep: (Int) -> Bool
    ) -> [Int32] {
        let named = namedNodes(names: names, count: count, where: keep)
        return named.names.sortedByKey(Array(named.nodes.indices), threads: threads).map { named.nodes[$0] }
    }

    /// The nodes `0..<count` for which `keep` holds, in node order, and their names (id `i` of `names` is the name
    /// of `nodes[i]`).
    private static func namedNodes(
        names: NGramNames, count: Int, where keep: (Int) -> Bool
    ) -> (nodes: [Int32], names: ByteStringTable) {
        var table = ByteStringTable(capacity: 0)
        table.releaseIndex()
        var candidates: [Int32] = []
        var name: [UInt8] = []
        var symbols: [UInt32] = []
        for node in 0..<count where keep(node) {
            names.name(of: node, into: &name, symbols: &symbols)
            name.withUnsafeBufferPointer { table.append(distinct: $0) }
            candidates.append(Int32(node))
        }
        return (candidates, table)
    }

    /// The nodes `named.nodes[i]` for the `i` of `order`, in that order, but those whose names hold the mask token
    /// (``MaskTokenFilter``), with their names as the strings of the columns: what ``namesWithoutMask(_:names:threads:)``
    /// gives for the same nodes, from names already built.
    private static func namesWithoutMask(
        _ order: [Int], of named: (nodes: [Int32], names: ByteStringTable), threads: ThreadBudget
    ) -> (nodes: [Int32], names: [String]) {
        let parts = ParallelChunks.map(
            chunks: ParallelChunks.chunkCount(order.count), threads: threads, state: {}
        ) { chunk, _ -> (nodes: [Int32], names: [String]) in
            var part: (nodes: [Int32], names: [String]) = ([], [])
            // In name order the names lie at random places of the table: the start of the name sixteen places
            // ahead is prefetched, and the name itself eight places ahead (nearly all of this loop's time had been
            // those two misses).
            let positions = ParallelChunks.range(of: chunk, count: order.count)
            named.names.arena.withUnsafeBufferPointer { arena in
                named.names.starts.withUnsafeBufferPointer { starts in
                    for position in positions {
                        if position + 16 < positions.upperBound {
                            stance_prefetch_for_read(starts.baseAddress! + order[position + 16])
                        }
                        if position + 8 < positions.upperBound {
                            stance_prefetch_for_read(arena.baseAddress! + starts[order[position + 8]])
                        }
                        let index = order[position]
                        let name = UnsafeBufferPointer(rebasing: arena[starts[index]..<starts[index + 1]])
                        if MaskTokenFilter.holdsMask(name) { continue }
                        part.nodes.append(named.nodes[index])
                        part.names.append(String(decoding: name, as: UTF8.self))
                    }
                }
            }
            return part
        }
        return (parts.flatMap(\.nodes), parts.flatMap(\.names))
    }

    /// The columns among `candidates` (merged nodes in name order, a superset of those within the limits): the nodes
    /// within the document-frequency limits and, under `maxFeatures`, the most frequent of them, ties to the earlier
    /// name, in name order; and the column of each merged node (-1 for n-grams not kept).
    func chooseColumns(
        amongNameOrdered candidates: [Int32], names: NGramNames, documentFrequency df: [Int32], total: [Int64],
        documentCount n: Int, threads: ThreadBudget
    ) -> (vocabulary: FittedVocabulary, columnOfNode: [Int32]) {
        let maxDocuments = configuration.maxDF * Double(n)
        var kept = candidates.filter { Int(df[Int($0)]) >= configuration.minDF && Double(df[Int($0)]) <= maxDocuments }
        if configuration.maxFeatures == nil {
            // Every n-gram within the limits but those holding the mask becomes a column: each name is built once,
            // on all threads, both to look for the mask and as the column's term.
            let (chosen, terms) = Self.namesWithoutMask(kept, names: names, threads: threads)
            return vocabulary(chosen: chosen, terms: terms, documentFrequency: df, documentCount: n)
        }
        var nameBuffer: [UInt8] = []
        var symbolBuffer: [UInt32] = []
        kept.removeAll { node in
            names.name(of: Int(node), into: &nameBuffer, symbols: &symbolBuffer)
            return nameBuffer.withUnsafeBufferPointer(MaskTokenFilter.holdsMask)
        }
        if let maxFeatures = configuration.maxFeatures, kept.count > maxFeatures {
            var places = Array(kept.indices)
            places.sort { a, b in
                let (totalA, totalB) = (total[Int(kept[a])], total[Int(kept[b])])
                return totalA != totalB ? totalA > totalB : a < b
            }
            kept = places.prefix(maxFeatures).sorted().map { kept[$0] }
        }
        let chosen = kept
        let terms = ParallelChunks.map(
            chunks: ParallelChunks.chunkCount(chosen.count), threads: threads, state: { ([UInt8](), [UInt32]()) }
        ) { chunk, buffers in
            ParallelChunks.range(of: chunk, count: chosen.count).map { column in
                names.name(of: Int(chosen[column]), into: &buffers.0, symbols: &buffers.1)
                return String(decoding: buffers.0, as: UTF8.self)
            }
        }.flatMap { $0 }
        return vocabulary(chosen: chosen, terms: terms, documentFrequency: df, documentCount: n)
    }

    /// The vocabulary whose columns are the merged nodes `chosen`, named `terms`, and the column of each merged node
    /// (-1 for n-grams not kept).
    private func vocabulary(chosen: [Int32], terms: [String], documentFrequency df: [Int32], documentCount n: Int)
        -> (vocabulary: FittedVocabulary, columnOfNode: [Int32])
    {
        let idf = chosen.map { Self.idf(documentFrequency: Int(df[Int($0)]), documentCount: n) }
        var columnOfNode = [Int32](repeating: -1, count: df.count)
        for (column, node) in chosen.enumerated() { columnOfNode[Int(node)] = Int32(column) }
        let vocabulary = FittedVocabulary(
            validatedConfiguration: configuration, terms: terms, idf: idf, documentCount: n,
            lexicon: configuration.useLexicons ? lexicon : nil)
        return (vocabulary, columnOfNode)
    }

    /// The nodes of `nodes` whose names do not hold the mask token (``MaskTokenFilter``), in order, with their
    /// names.
    private static func namesWithoutMask(_ nodes: [Int32], names: NGramNames, threads: ThreadBudget) -> (
        nodes: [Int32], names: [String]
    ) {
        let parts = ParallelChunks.map(
            chunks: ParallelChunks.chunkCount(nodes.count), threads: threads, state: { ([UInt8](), [UInt32]()) }
        ) { chunk, buffers -> (nodes: [Int32], names: [String]) in
            var part: (nodes: [Int32], names: [String]) = ([], [])
            for node in nodes[ParallelChunks.range(of: chunk, count: nodes.count)] {
                names.name(of: Int(node), into: &buffers.0, symbols: &buffers.1)
                if buffers.0.withUnsafeBufferPointer(MaskTokenFilter.holdsMask) { continue }
                part.nodes.append(node)
                part.names.append(String(decoding: buffers.0, as: UTF8.self))
            }
            return part
        }
        return (parts.flatMap(\.nodes), parts.flatMap(\.names))
    }

    /// `count` contiguous ranges of `texts` with about the same number of UTF-8 bytes each (the first ranges may be
    /// empty only when there are fewer texts than ranges).
    static func blocks(of texts: [NormalizedText], count: Int) -> [Range<Int>] {
        var totalBytes = 0
        for text in texts { totalBytes += text.text.utf8.count }
        var ranges: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for index in texts.indices where ranges.count < count - 1 {
            bytes += texts[index].text.utf8.count
            // Close block k once it holds (k + 1)/count of the bytes.
            if bytes * count >= totalBytes * (ranges.count + 1) {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
        }
        while ranges.count < count - 1 { ranges.append(start..<start) }
        ranges.append(start..<texts.count)
        return ranges
    }
}

/// Texts counted by ``FeatureExtractor/countTexts(_:threads:)``: the fitted vocabulary, and per text its n-grams
/// with their counts, from which its row is built.
public struct CountedTexts: Sendable {
    public let texts: [NormalizedText]
    public let vocabulary: FittedVocabulary
    let ranges: [Range<Int>]
    let blocks: [NGramBlock]

    /// The rows of all texts: the matrix of ``FeatureExtractor/fitTransform(_:threads:)``.
    ///
    /// Each worker counts its rows' lengths, the CSR arrays are allocated once, and each worker fills its rows'
    /// range from the stored lists (sorted by column with ``RadixSort``), weighting with ``FittedVocabulary``
    /// (`tf' · idf`, unit length) and adding the lexicon block.
    public func matrix(threads: ThreadBudget = .single) -> SparseMatrix {
        let n = texts.count
        let (texts, vocabulary, ranges, blocks) = (texts, vocabulary, ranges, blocks)
        let lengths = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            blocks[block].rowLengths(texts, ranges[block], vocabulary: vocabulary)
        }
        var rowOffsets = [Int](repeating: 0, count: n + 1)
        for block in ranges.indices {
            for (row, length) in zip(ranges[block], lengths[block].lengths) { rowOffsets[row + 1] = length }
        }
        for row in 0..<n { rowOffsets[row + 1] += rowOffsets[row] }
        let offsets = rowOffsets
        let nonZeros = rowOffsets[n]
        var values: [Double] = []
        let columnIndices = [Int32](unsafeUninitializedCapacity: nonZeros) { columns, columnsCount in
            values = [Double](unsafeUninitializedCapacity: nonZeros) { values, valuesCount in
                let columns = DisjointWrites(buffer: columns)
                let values = DisjointWrites(buffer: values)
                _ = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
                    blocks[block].fillRows(
                        ranges[block], lexicon: lengths[block].lexicon, offsets: offsets, vocabulary: vocabulary,
                        columns: columns.buffer, values: values.buffer)
                }
                valuesCount = nonZeros
            }
            columnsCount = nonZeros
        }
        return SparseMatrix(
            columnCount: vocabulary.columnCount, rowOffsets: offsets, columnIndices: columnIndices, values: values)
    }

    /// The rows of texts `rows` (numbered from 0 in the result), equal to those rows of ``matrix(threads:)``.
    public func rows(_ rows: Range<Int>) -> SparseMatrix {
        let vocabulary = vocabulary
        return self.rows(rows) { block, local, scratch, columns, values in
            block.fillNGrams(local, vocabulary: vocabulary, scratch: &scratch, columns: columns, values: values)
        }
    }

    /// The rows of texts `rows` (numbered from 0 in the result): each row's n-gram cells as `fill` writes them, then
    /// the row's lexicon entries. The arrays are sized once for the chunk and written in place: an `append` per
    /// entry checked each array's uniqueness and grew it by copying.
    ///
    /// - Parameter fill: writes the n-gram cells of document `local` of `block` at `columns` and `values`, which
    ///   have room for as many cells as the document has distinct n-grams, and returns how many it wrote.
    func rows(
        _ rows: Range<Int>,
        fill: (
            _ block: NGramBlock, _ local: Int, _ scratch: inout RowScratch, _ columns: UnsafeMutablePointer<Int32>,
            _ values: UnsafeMutablePointer<Double>
        ) -> Int
    ) -> SparseMatrix {
        // The blocks holding the rows, each copied once per call, not once per row: their arrays are shared by
        // every worker, and each copy would count their references up and down from several threads.
        let parts = ranges.indices.filter { ranges[$0].overlaps(rows) }.map { index in
            (
                block: blocks[index], first: ranges[index].lowerBound,
                rows: max(ranges[index].lowerBound, rows.lowerBound)..<min(ranges[index].upperBound, rows.upperBound)
            )
        }
        // The lexicon entries, and room for every entry: a row has at most as many n-gram entries as its text
        // has distinct n-grams.
        var lexicon: [[(Int32, Double)]] = []
        var room = 0
        for part in parts {
            for row in part.rows {
                let local = row - part.first
                let entries = vocabulary.lexiconEntries(texts[row], tokenCount: part.block.tokenCounts[local])
                lexicon.append(entries)
                room += part.block.documents[local].count + entries.count
            }
        }
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(rows.count + 1)
        var values: [Double] = []
        var scratch = RowScratch()
        let columnIndices = [Int32](unsafeUninitializedCapacity: room) { columns, columnCount in
            values = [Double](unsafeUninitializedCapacity: room) { values, valueCount in
                var position = 0
                for part in parts {
                    for row in part.rows {
                        position += fill(
                            part.block, row - part.first, &scratch, columns.baseAddress! + position,
                            values.baseAddress! + position)
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
            columnCount: vocabulary.columnCount, rowOffsets: rowOffsets, columnIndices: columnIndices, values: values)
    }
}

/// Working space for building rows: the (column, count) pairs of a document and the radix sort's buffer.
struct RowScratch {
    var pairs: [UInt64] = []
    var sort: [UInt64] = []
}

/// The n-grams of one contiguous block of documents, as counted by one worker of
/// ``FeatureExtractor/fitTransform(_:threads:)``.
struct NGramBlock: Sendable {
    /// The block's word symbols (word-table ids of its word tokens).
    var words: ByteStringTable
    /// The block's n-grams; local node id = id in this table.
    var nodes: NGramNodeTable?
    /// Per document of the block: its distinct n-grams as `local node << 32 | count`. One exactly sized array per
    /// document, so the lists never hold growth slack and never need to be copied to grow.
    var documents: [[UInt64]] = []
    /// The number of tokens of each document (for lexicon rates).
    var tokenCounts: [Int] = []
    /// Per local node: its node in the merged table (blocks after the first; set by the merge).
    var globalNodes: [Int32] = []
    /// Per local node: its column, or -1 when the n-gram was not kept (set after the merge).
    var columns: [Int32] = []
    /// Whether each document's entries are in the name order of their n-grams (``CountedCorpus`` puts them so,
    /// once): a vocabulary numbers its columns in name order, so its kept entries are then already in column order.
    var documentsInNameOrder = false
    /// Whether each document's entries are already `column << 32 | count`, the kept n-grams only, in column order
    /// (``keepColumns(_:columnCount:threads:)``); ``columns`` is then empty.
    var documentsHoldColumns = false

    /// Frees the tables once they are merged.
    mutating func releaseTables() {
        words = ByteStringTable(capacity: 0)
        nodes = nil
    }

    /// The number of stored entries of each row (kept n-grams plus lexicon entries), and the lexicon entries.
    func rowLengths(
        _ texts: [NormalizedText], _ range: Range<Int>, vocabulary: FittedVocabulary
    ) -> (lengths: [Int], lexicon: [[(Int32, Double)]]) {
        var lengths: [Int] = []
        lengths.reserveCapacity(range.count)
        var lexicon: [[(Int32, Double)]] = []
        columns.withUnsafeBufferPointer { columns in
            for (document, text) in zip(0..<range.count, texts[range]) {
                var length = 0
                if documentsHoldColumns {
                    length = documents[document].count
                } else {
                    for entry in documents[document] where columns[Int(entry >> 32)] >= 0 { length += 1 }
                }
                let entries = vocabulary.lexiconEntries(text, tokenCount: tokenCounts[document])
                if !entries.isEmpty || !lexicon.isEmpty {
                    if lexicon.isEmpty { lexicon = Array(repeating: [], count: document) }
                    lexicon.append(entries)
                }
                lengths.append(length + entries.count)
            }
        }
        return (lengths, lexicon)
    }

    /// Writes the rows of the block's documents (global rows `range`) at `offsets[row]` in `columns` and `values`:
    /// the kept n-grams by column, weighted and scaled to unit length as in ``FittedVocabulary``, then `lexicon`.
    func fillRows(
        _ range: Range<Int>, lexicon: [[(Int32, Double)]], offsets: [Int], vocabulary: FittedVocabulary,
        columns output: UnsafeMutableBufferPointer<Int32>, values: UnsafeMutableBufferPointer<Double>
    ) {
        var scratch = RowScratch()
        for document in 0..<range.count {
            var position = offsets[range.lowerBound + document]
            position += fillNGrams(
                document, vocabulary: vocabulary, scratch: &scratch, columns: output.baseAddress! + position,
                values: values.baseAddress! + position)
            if !lexicon.isEmpty {
                for (column, value) in lexicon[document] {
                    output[position] = column
                    values[position] = value
                    position += 1
                }
            }
        }
    }

    /// Writes the n-gram part of the row of the block's document `document` at `columns` and `values` (room for
    /// as many entries as the document has distinct n-grams): the kept n-grams by column, weighted and scaled to
    /// unit length as in ``FittedVocabulary``. Returns the number of entries written.
    func fillNGrams(
        _ document: Int, vocabulary: FittedVocabulary, scratch: inout RowScratch,
        columns output: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>
    ) -> Int {
        if documentsHoldColumns {
            return documents[document].withUnsafeBufferPointer { pairs in
                Self.weigh(pairs, vocabulary: vocabulary, columns: output, values: values)
            }
        }
        // (column << 32 | count) per kept n-gram of the document: sorting these sorts by column.
        scratch.pairs.removeAll(keepingCapacity: true)
        let columnBits = Int.bitWidth - max(1, vocabulary.terms.count).leadingZeroBitCount
        columns.withUnsafeBufferPointer { columns in
            for entry in documents[document] {
                let column = columns[Int(entry >> 32)]
                if column >= 0 { scratch.pairs.append(UInt64(column) << 32 | (entry & 0xFFFF_FFFF)) }
            }
        }
        if !documentsInNameOrder {
            RadixSort.sortByHighHalf(&scratch.pairs, scratch: &scratch.sort, significantBits: columnBits)
        }
        return scratch.pairs.withUnsafeBufferPointer { pairs in
            Self.weigh(pairs, vocabulary: vocabulary, columns: output, values: values)
        }
    }

    /// How many entries ahead ``weigh(_:vocabulary:columns:values:)`` prefetches an idf weight: the work per entry
    /// is a few nanoseconds, so the distance must be long to cover a miss (on Article-Bias-Prediction, with 16 the
    /// load of the weight still held 59% of this loop's samples; with 48 the loop fell from 4.1% to 2.75% of a
    /// one-thread export).
    static let idfPrefetchDistance = 48

    /// Writes the weighted entries of `pairs` (`column << 32 | count`, in column order) at `columns` and `values`,
    /// scaled to unit length as in ``FittedVocabulary``; returns their number.
    private static func weigh(
        _ pairs: UnsafeBufferPointer<UInt64>, vocabulary: FittedVocabulary, columns output: UnsafeMutablePointer<Int32>,
        values: UnsafeMutablePointer<Double>
    ) -> Int {
        var squares = 0.0
        // The idf weights of a vocabulary of a million columns fill megabytes, and a row's columns lie far apart:
        // each is prefetched ``idfPrefetchDistance`` entries ahead (most of this loop's time was the miss on it).
        vocabulary.idf.withUnsafeBufferPointer { idf in
            let ahead = Self.idfPrefetchDistance
            for index in 0..<min(ahead, pairs.count) {
                stance_prefetch_for_read(idf.baseAddress! + Int(pairs[index] >> 32))
            }
            for (index, pair) in pairs.enumerated() {
                if index + ahead < pairs.count {
                    stance_prefetch_for_read(idf.baseAddress! + Int(pairs[index + ahead] >> 32))
                }
                let column = Int32(truncatingIfNeeded: pair >> 32)
                let weight = vocabulary.nGramWeight(
                    count: Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF), column: column)
                squares += weight * weight
                output[index] = column
                values[index] = weight
            }
        }
        if squares > 0 {
            let scale = 1 / squares.squareRoot()
            for index in pairs.indices { values[index] *= scale }
        }
        return pairs.count
    }
}

/// Counts the n-grams of a block's documents (``NGramNodeTable``) and records each document's distinct n-grams
/// with their counts.
///
/// Each n-gram is reached from the n-gram one token shorter: the n-grams ending at a token are the pairs (n-gram of
/// length n − 1 ending at the previous token, this token), so every occurrence costs one lookup of an integer key.
/// A document's word (or character) n-grams are counted one length at a time: all 1-grams, then all 2-grams, and
/// so on. Within a length the keys are known in advance, so the slot of the lookup a few places ahead is prefetched
/// (``NGramNodeTable/prefetch(_:)``) and the memory misses of a large table overlap instead of coming one after
/// another.
///
/// The n-grams produced, and their counts, are exactly those of ``NGramGenerator`` (which
/// ``FeatureExtractor/nGramCounts(in:)`` and ``FittedVocabulary/transform(_:threads:)`` use): word n-grams within
/// unbroken runs of words, character n-grams within runs of adjacent unspaced characters, and the windows of each
/// space-padded word (the whole padded word once when it is not longer than the largest n). Shorter n-grams that
/// are only steps towards longer ones (a 1-gram when n starts at 2) are interned but never counted, so they never
/// become columns.
struct NGramBlockCounter {
    private let wordNGrams: ClosedRange<Int>?
    private let charNGrams: ClosedRange<Int>?
    private let charWB: ClosedRange<Int>?
    private var words = ByteStringTable(capacity: 1 << 14)
    private let nodes: NGramNodeTable
    private var documents: [[UInt64]] = []
    private var tokenCounts: [Int] = []
    /// The slots of the n-grams counted in the current document, in order of first occurrence: the first
    /// ``touchedCount`` of a buffer kept as long as the most a document can touch, written through a pointer (an
    /// `append` per n-gram called the runtime's uniqueness check every time).
    private var touched: [Int32] = []
    private var touchedCount = 0
    /// The tokens of the sequence being counted: their symbols, and how many tokens of their unbroken run end
    /// with them; the first ``sequenceLength`` of each buffer.
    private var symbols: [UInt32] = []
    private var runs: [Int32] = []
    private var sequenceLength = 0
    /// The nodes of the (n − 1)-grams and of the n-grams ending at each token of the sequence.
    private var shorter: [Int32] = []
    private var current: [Int32] = []
    /// The positions of the n-grams of the current length, and their keys.
    private var positions: [Int32] = []
    private var keys: [UInt64] = []
    /// The positions of the word tokens among all tokens, and the hashes of their bytes.
    private var wordTokens: [Int32] = []
    private var hashes: [UInt64] = []
    private var scalars: [UInt32] = []

    /// How many lookups ahead the slot is prefetched: enough to cover a memory miss with the work of the lookups
    /// in between (on Article-Bias-Prediction, 16 counted 20 % faster than 8, and 32 no faster than 16).
    static let prefetchDistance = 16

    /// A counter whose table starts with room for `expectedNodes` n-grams.
    ///
    /// A table that grows by doubling allocates, and the kernel clears, about twice its final size; on
    /// Article-Bias-Prediction that was a tenth of the CPU time of an export. News text in English yields about one
    /// distinct word 1- or 2-gram per 40 bytes, so `bytes / 64` starts a block close to its final size without
    /// reserving much that stays unused when a corpus repeats itself more.
    init(_ configuration: FeatureConfiguration, expectedNodes: Int = 0) {
        nodes = NGramNodeTable(capacity: max(1 << 16, expectedNodes))
        wordNGrams = configuration.wordNGrams
        charNGrams = configuration.charNGrams
        charWB = configuration.charWB
    }

    /// Counts the documents `range` of `texts`.
    mutating func count(_ texts: [NormalizedText], _ range: Range<Int>) {
        let tokenizer = Tokenizer()
        var tokens: [Token] = []
        for document in range {
            var string = texts[document].text
            string.withUTF8 { bytes in
                tokens.removeAll(keepingCapacity: true)
                tokenizer.tokenize(bytes, into: &tokens)
                tokens.withUnsafeBufferPointer { countDocument(bytes, $0) }
            }
            tokenCounts.append(tokens.count)
        }
    }

    /// The counted block.
    func finish() -> NGramBlock {
        NGramBlock(words: words, nodes: nodes, documents: documents, tokenCounts: tokenCounts)
    }

    private mutating func countDocument(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>) {
        // At most one new node per (token, n) pair, and per (scalar position, n) pair inside padded words.
        let perToken = (wordNGrams?.upperBound ?? 0) + (charNGrams?.upperBound ?? 0)
        let inWords = (bytes.count + 2 * tokens.count) * (charWB?.upperBound ?? 0)
        let most = tokens.count * perToken + inWords
        nodes.reserve(most)
        // Every n-gram occurrence touches at most one slot for the first time.
        if touched.count < most { touched = [Int32](repeating: 0, count: Swift.max(most, 2 * touched.count)) }
        touchedCount = 0
        if let wordNGrams {
            wordSequence(bytes, tokens)
            countSequence(.word, wordNGrams)
        }
        if let charNGrams {
            characterSequence(bytes, tokens)
            countSequence(.character, charNGrams)
        }
        if let charWB { countWordCharacters(bytes, tokens, charWB) }
        endDocument()
    }

    /// One occurrence of the n-gram in slot `slot` of `nodes`: its count in the document goes up, and a slot seen
    /// for the first time in the document joins `touched` (whose first `count` are taken; it has room for one more).
    @inline(__always)
    private static func hit(
        _ slot: Int, in nodes: NGramNodeTable, touched: UnsafeMutableBufferPointer<Int32>, count: inout Int
    ) {
        let pointer = nodes.slots.baseAddress! + slot
        if pointer.pointee.inDocument == 0 {
            touched[count] = Int32(truncatingIfNeeded: slot)
            count += 1
        }
        pointer.pointee.inDocument += 1
    }

    /// The word tokens as symbols (word-table ids), with their runs: a run is broken by a token that is not a word
    /// and by sentence punctuation.
    private mutating func wordSequence(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>) {
        // The scratch arrays are moved out of `self` and written through pointers: an `append` per word called the
        // runtime's uniqueness check every time.
        var runs = takeScratch(\.runs, count: tokens.count)
        var wordTokens = takeScratch(\.wordTokens, count: tokens.count)
        var hashes = takeScratch(\.hashes, count: tokens.count)
        var symbols = takeScratch(\.symbols, count: tokens.count)
        var found = 0
        runs.withUnsafeMutableBufferPointer { runs in
            wordTokens.withUnsafeMutableBufferPointer { wordTokens in
                hashes.withUnsafeMutableBufferPointer { hashes in
                    var run: Int32 = 0
                    for (index, token) in tokens.enumerated() {
                        guard token.kind == .word else {
                            run = 0
                            continue
                        }
                        if token.followsBreak { run = 0 }
                        run += 1
                        runs[found] = run
                        wordTokens[found] = Int32(truncatingIfNeeded: index)
                        hashes[found] = ByteStringTable.hash(UnsafeBufferPointer(rebasing: bytes[token.range]))
                        found += 1
                    }
                }
            }
        }
        // The word table's slots, prefetched a few words ahead as in countSequence.
        if found > 0 {
            hashes.withUnsafeBufferPointer { hashes in
                wordTokens.withUnsafeBufferPointer { wordTokens in
                    symbols.withUnsafeMutableBufferPointer { symbols in
                        words.intern(
                            count: found, hashes: hashes.baseAddress!, ids: symbols.baseAddress!,
                            prefetchDistance: Self.prefetchDistance
                        ) { index in UnsafeBufferPointer(rebasing: bytes[tokens[Int(wordTokens[index])].range]) }
                    }
                }
            }
        }
        self.runs = runs
        self.wordTokens = wordTokens
        self.hashes = hashes
        self.symbols = symbols
        sequenceLength = found
    }

    /// The unspaced tokens as symbols (scalar values), with their runs of adjacent characters.
    private mutating func characterSequence(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>
    ) {
        var symbols = takeScratch(\.symbols, count: tokens.count)
        var runs = takeScratch(\.runs, count: tokens.count)
        var found = 0
        symbols.withUnsafeMutableBufferPointer { symbols in
            runs.withUnsafeMutableBufferPointer { runs in
                var run: Int32 = 0
                var previousEnd = -1
                for token in tokens {
                    guard token.kind == .unspaced else {
                        run = 0
                        continue
                    }
                    run = token.range.lowerBound == previousEnd && run > 0 ? run + 1 : 1
                    previousEnd = token.range.upperBound
                    symbols[found] = UTF8Scalars.decode(bytes, at: token.range.lowerBound).value
                    runs[found] = run
                    found += 1
                }
            }
        }
        self.symbols = symbols
        self.runs = runs
        sequenceLength = found
    }

    /// Counts the n-grams of `lengths` of the sequence in ``symbols`` and ``runs``, one length at a time.
    private mutating func countSequence(_ kind: NGramKind, _ lengths: ClosedRange<Int>) {
        let count = sequenceLength
        guard count > 0 else { return }
        // The scratch arrays are moved out of `self` for the loop, so that writing them checks no reference count
        // (the table is a class and the slot writes go through its pointer).
        var current = takeScratch(\.current, count: count)
        var shorter = takeScratch(\.shorter, count: count)
        var keys = takeScratch(\.keys, count: count)
        var positions = takeScratch(\.positions, count: count)
        var touched = self.touched
        self.touched = []
        var touchedCount = self.touchedCount
        let nodes = self.nodes
        // Written through buffer pointers (``countLengths``): a subscript write to a local array still called the
        // runtime's uniqueness check for every key, position and node (2 % of a one-thread `features` run).
        touched.withUnsafeMutableBufferPointer { touched in
            symbols.withUnsafeBufferPointer { symbols in
                runs.withUnsafeBufferPointer { runs in
                    current.withUnsafeMutableBufferPointer { current in
                        shorter.withUnsafeMutableBufferPointer { shorter in
                            keys.withUnsafeMutableBufferPointer { keys in
                                positions.withUnsafeMutableBufferPointer { positions in
                                    Self.countLengths(
                                        kind, lengths, count: count, symbols: symbols, runs: runs, nodes: nodes,
                                        scratch: (current, shorter, keys, positions), touched: touched,
                                        touchedCount: &touchedCount)
                                }
                            }
                        }
                    }
                }
            }
        }
        self.touched = touched
        self.touchedCount = touchedCount
        self.current = current
        self.shorter = shorter
        self.keys = keys
        self.positions = positions
    }

    /// The loop of ``countSequence(_:_:)``: for n = 1, 2, … up to `lengths`' end, the keys of the n-grams ending at
    /// each of the first `count` positions whose run is at least n long, looked up (prefetched a few keys ahead) and,
    /// for n in `lengths`, counted. `scratch.current` and `scratch.shorter` hold the node ids of the n-grams ending at
    /// each position for n and for n − 1 (the two trade places for each n; no caller reads them).
    @inline(__always)
    private static func countLengths(
        _ kind: NGramKind, _ lengths: ClosedRange<Int>, count: Int, symbols: UnsafeBufferPointer<UInt32>,
        runs: UnsafeBufferPointer<Int32>, nodes: NGramNodeTable,
        scratch: (
            current: UnsafeMutableBufferPointer<Int32>, shorter: UnsafeMutableBufferPointer<Int32>,
            keys: UnsafeMutableBufferPointer<UInt64>, positions: UnsafeMutableBufferPointer<Int32>
        ),
        touched: UnsafeMutableBufferPointer<Int32>, touchedCount: inout Int
    ) {
        var (current, shorter, keys, positions) = scratch
        for n in 1...lengths.upperBound {
            swap(&shorter, &current)
            var found = 0
            for position in 0..<count where Int(runs[position]) >= n {
                let symbol = symbols[position]
                keys[found] =
                    n == 1
                    ? NGramNodeTable.rootKey(kind, symbol) : NGramNodeTable.key(shorter[position - 1], symbol)
                positions[found] = Int32(truncatingIfNeeded: position)
                found += 1
            }
            if found == 0 { break }
            let counted = lengths.contains(n)
            let ahead = prefetchDistance
            for index in 0..<min(ahead, found) { nodes.prefetch(keys[index]) }
            for index in 0..<found {
                if index + ahead < found { nodes.prefetch(keys[index + ahead]) }
                let slot = nodes.slot(keys[index])
                current[Int(positions[index])] = nodes.slots[slot].node
                if counted { hit(slot, in: nodes, touched: touched, count: &touchedCount) }
            }
        }
    }

    /// Scratch array `path` of `self`, moved out and at least `count` long.
    private mutating func takeScratch<Element: FixedWidthInteger>(
        _ path: WritableKeyPath<NGramBlockCounter, [Element]>, count: Int
    ) -> [Element] {
        var array = self[keyPath: path]
        self[keyPath: path] = []
        if array.count < count { array = [Element](repeating: 0, count: count) }
        return array
    }

    private mutating func countWordCharacters(
        _ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, _ lengths: ClosedRange<Int>
    ) {
        var touched = self.touched
        self.touched = []
        var touchedCount = self.touchedCount
        defer {
            self.touched = touched
            self.touchedCount = touchedCount
        }
        touched.withUnsafeMutableBufferPointer { touched in
            for token in tokens where token.kind == .word {
                scalars.removeAll(keepingCapacity: true)
                scalars.append(0x20)
                var offset = token.range.lowerBound
                while offset < token.range.upperBound {
                    let (value, length) = UTF8Scalars.decode(bytes, at: offset)
                    scalars.append(value)
                    offset += length
                }
                scalars.append(0x20)
                let count = scalars.count
                for start in 0..<count {
                    var node: Int32 = -1
                    for n in 1...min(lengths.upperBound, count - start) {
                        let symbol = scalars[start + n - 1]
                        let slot = nodes.slot(
                            n == 1 ? NGramNodeTable.rootKey(.wordCharacter, symbol) : NGramNodeTable.key(node, symbol))
                        node = nodes.slots[slot].node
                        // Windows of the lengths asked for, and the whole padded word (n = count only at start 0).
                        if (n >= lengths.lowerBound && n < count) || n == count {
                            Self.hit(slot, in: nodes, touched: touched, count: &touchedCount)
                        }
                    }
                }
            }
        }
    }

    private mutating func endDocument() {
        let base = nodes.slots.baseAddress!
        let entries = [UInt64](unsafeUninitializedCapacity: touchedCount) { entries, initialized in
            for (index, slot) in touched[..<touchedCount].enumerated() {
                let pointer = base + Int(slot)
                let count = pointer.pointee.inDocument
                pointer.pointee.inDocument = 0
                pointer.pointee.documents += 1
                pointer.pointee.total += Int64(count)
                entries[index] = UInt64(UInt32(pointer.pointee.node)) << 32 | UInt64(UInt32(count))
            }
            initialized = touchedCount
        }
        documents.append(entries)
    }
}

/// Merges the n-gram tables of the blocks of ``FeatureExtractor/fitTransform(_:threads:)`` into the first block's,
/// in block order, so that the first block's node ids stay and every node's counts are summed.
final class NGramBlockMerger {
    let nodes: NGramNodeTable
    private var words: ByteStringTable

    init(first: NGramBlock) {
        words = first.words
        nodes = first.nodes!
    }

    /// Adds `block`'s nodes and counts; returns the merged node of each of its nodes.
    func merge(_ block: NGramBlock) -> [Int32] {
        let wordIDs = NGramKeyMerge.wordIDs(of: block.words, into: &words)
        let (keys, documents, totals) = block.nodes!.nodes()
        let nodes = nodes
        return NGramKeyMerge.walk(keys: keys, wordIDs: wordIDs, prefetch: { nodes.prefetch($0) }) { node, key in
            nodes.reserve(1)
            let slot = nodes.slot(key)
            nodes.slots[slot].documents += documents[node]
            nodes.slots[slot].total += totals[node]
            return nodes.slots[slot].node
        }
    }

    /// The names of the merged nodes, from their `keys`.
    func names(keys: [UInt64]) -> NGramNames { NGramNames(words: words, keys: keys) }
}

/// What rebuilds the column name of a merged n-gram node: the nodes' keys and the word table.
struct NGramNames: Sendable {
    let words: ByteStringTable
    /// Per merged node, `prefix << 32 | symbol`.
    let keys: [UInt64]

    /// The column name of node `node` (`w:cold war`, `c:中共`, `wb: cen`); `symbols` is scratch space.
    func name(of node: Int, into name: inout [UInt8], symbols: inout [UInt32]) {
        // The symbols from the last token back to the first, then the kind.
        symbols.removeAll(keepingCapacity: true)
        var current = node
        var kind = NGramKind.word
        while true {
            let key = keys[current]
            symbols.append(UInt32(truncatingIfNeeded: key))
            let prefix = UInt32(truncatingIfNeeded: key >> 32)
            if let root = NGramKind.root(prefix) {
                kind = root
                break
            }
            current = Int(prefix)
        }
        name.removeAll(keepingCapacity: true)
        name.append(contentsOf: kind.prefix.utf8)
        for (position, symbol) in symbols.reversed().enumerated() {
            if kind == .word {
                if position > 0 { name.append(0x20) }
                name.append(contentsOf: words.key(Int(symbol)))
            } else {
                UTF8.encode(Unicode.Scalar(symbol)!) { name.append($0) }
            }
        }
    }
}
