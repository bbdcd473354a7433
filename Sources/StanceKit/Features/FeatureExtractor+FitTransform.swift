extension FeatureExtractor {
    /// Fits on `texts` and transforms them, in one pass over the texts.
    ///
    /// The result is the same as `fit` followed by ``FittedVocabulary/transform(_:threads:)`` on the same texts, bit
    /// for bit, but each text is tokenised and its n-grams hashed only once:
    /// 1. the texts are split into one contiguous block per thread (balanced by length); each worker interns every
    ///    n-gram of its block into its own ``ByteStringTable`` and keeps, per document, the list of
    ///    (local id, count) pairs, and per local id the document frequency and total count;
    /// 2. the block tables are merged in block order into one table (the first block's table becomes it, so its
    ///    ids stay), summing df and totals, and each block's table is freed as soon as it is merged;
    /// 3. the columns are chosen exactly as in `fit` (limits, `maxFeatures`, code point order), giving a map from
    ///    each block's local ids to columns (-1 for terms not kept);
    /// 4. each worker counts its rows' lengths, the CSR arrays are allocated once, and each worker fills its rows'
    ///    range from the stored lists, weighting with ``FittedVocabulary`` (sorted by column, `tf' · idf`, unit
    ///    length) and adding the lexicon block.
    ///
    /// The block split depends on `threads` but the output does not: df and totals are integer sums, the columns
    /// are ordered by key bytes, and every row is computed from its own counts in column order.
    ///
    /// - Parameters:
    ///   - texts: the training documents, one row each.
    ///   - threads: the number of threads; the result is bit-identical for every value.
    /// - Returns: the fitted vocabulary and the rows of `texts`.
    /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
    /// - Complexity: O(total text length · n-gram lengths) time; memory proportional to the distinct n-grams plus
    ///   the distinct n-grams per document.
    public func fitTransform(
        _ texts: [NormalizedText], threads: Int = 1
    ) throws(FeatureError) -> (vocabulary: FittedVocabulary, matrix: SparseMatrix) {
        try configuration.validate()
        let n = texts.count
        let ranges = Self.blocks(of: texts, count: max(1, min(threads, n)))
        let generator = NGramGenerator(configuration)

        // 1. Count each block.
        var blocks = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            var counter = BlockCounter(first: block == 0)
            counter.count(texts, ranges[block], generator: generator)
            return counter.block
        }

        // 2. Merge the block tables into the first one.
        var table = blocks[0].table
        blocks[0].table = ByteStringTable(capacity: 0)
        var df = blocks[0].tallies.map { Int($0.documents) }
        var total = blocks[0].tallies.map(\.total)
        blocks[0].tallies = []
        var globalIDs: [[Int32]] = [[]]
        for block in blocks.indices.dropFirst() {
            let local = blocks[block].table
            blocks[block].table = ByteStringTable(capacity: 0)
            var ids = [Int32](repeating: 0, count: local.count)
            for id in 0..<local.count {
                let global = Int(table.intern(keyOf: id, in: local))
                if global == df.count {
                    df.append(0)
                    total.append(0)
                }
                df[global] += Int(blocks[block].tallies[id].documents)
                total[global] += blocks[block].tallies[id].total
                ids[id] = Int32(global)
            }
            blocks[block].tallies = []
            globalIDs.append(ids)
        }
        table.releaseIndex()

        // 3. Choose the columns.
        let kept = selectColumns(table: table, documentFrequency: df, total: total, documentCount: n)
        let terms = kept.map { table.string($0) }
        let idf = kept.map { Self.idf(documentFrequency: df[$0], documentCount: n) }
        var columnOfGlobal = [Int32](repeating: -1, count: table.count)
        for (column, id) in kept.enumerated() { columnOfGlobal[id] = Int32(column) }
        table = ByteStringTable(capacity: 0)
        df = []
        total = []
        for block in blocks.indices {
            blocks[block].columns =
                block == 0 ? columnOfGlobal : globalIDs[block].map { columnOfGlobal[Int($0)] }
            globalIDs[block] = []
        }
        columnOfGlobal = []
        let vocabulary = FittedVocabulary(
            validatedConfiguration: configuration, terms: terms, idf: idf, documentCount: n,
            lexicon: configuration.useLexicons ? lexicon : nil)

        // 4. Row lengths (and lexicon entries), then the rows themselves.
        let counted = blocks
        blocks = []
        let lengths = ParallelChunks.map(chunks: ranges.count, threads: threads, state: {}) { block, _ in
            counted[block].rowLengths(texts, ranges[block], vocabulary: vocabulary)
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
                    counted[block].fillRows(
                        ranges[block], lexicon: lengths[block].lexicon, offsets: offsets, vocabulary: vocabulary,
                        columns: columns.buffer, values: values.buffer)
                }
                valuesCount = nonZeros
            }
            columnsCount = nonZeros
        }
        let matrix = SparseMatrix(
            columnCount: vocabulary.columnCount, rowOffsets: offsets, columnIndices: columnIndices, values: values)
        return (vocabulary, matrix)
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

/// The n-grams of one contiguous block of documents, as counted by one worker of
/// ``FeatureExtractor/fitTransform(_:threads:)``.
struct NGramBlock: Sendable {
    /// The block's distinct n-grams; local id = id in this table.
    var table: ByteStringTable
    /// Per local id: the number of the block's documents it occurs in, and its total count.
    var tallies: [NGramTally] = []
    /// Per document of the block: its distinct n-grams in order of first occurrence, each as
    /// `local id << 32 | count`. One exactly sized array per document, so the lists never hold growth slack and
    /// never need to be copied to grow.
    var documents: [[UInt64]] = []
    /// The number of tokens of each document (for lexicon rates).
    var tokenCounts: [Int] = []
    /// Per local id: its column, or -1 when the term was not kept (set after the merge).
    var columns: [Int32] = []

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
                for entry in documents[document] where columns[Int(entry >> 32)] >= 0 { length += 1 }
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
        // (column << 32 | count) per kept n-gram of a document: sorting these sorts by column.
        var pairs: [UInt64] = []
        columns.withUnsafeBufferPointer { columns in
            for document in 0..<range.count {
                pairs.removeAll(keepingCapacity: true)
                for entry in documents[document] {
                    let column = columns[Int(entry >> 32)]
                    if column >= 0 { pairs.append(UInt64(column) << 32 | (entry & 0xFFFF_FFFF)) }
                }
                pairs.sort()
                var position = offsets[range.lowerBound + document]
                let first = position
                var squares = 0.0
                for pair in pairs {
                    let column = Int32(truncatingIfNeeded: pair >> 32)
                    let count = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
                    let weight = vocabulary.nGramWeight(count: count, column: column)
                    squares += weight * weight
                    output[position] = column
                    values[position] = weight
                    position += 1
                }
                if squares > 0 {
                    let scale = 1 / squares.squareRoot()
                    for index in first..<position { values[index] *= scale }
                }
                if !lexicon.isEmpty {
                    for (column, value) in lexicon[document] {
                        output[position] = column
                        values[position] = value
                        position += 1
                    }
                }
            }
        }
    }
}

/// The counts of one n-gram of a block, together in 16 bytes so that counting touches one place per n-gram.
struct NGramTally: Sendable {
    /// The count in the document being counted (0 between documents).
    var inDocument: Int32 = 0
    /// The number of the block's documents it occurs in.
    var documents: Int32 = 0
    /// The number of its occurrences in the block.
    var total = 0
}

/// Interns every n-gram of a block's documents and records each document's distinct n-grams with their counts.
private struct BlockCounter: NGramSink {
    var block: NGramBlock
    /// The local ids seen in the current document, in order of first occurrence.
    private var touched: [Int32] = []
    /// Whether this is the first block, whose table becomes the merged one (so its index is kept).
    private let first: Bool

    init(first: Bool) {
        block = NGramBlock(table: ByteStringTable(capacity: 1 << 16))
        self.first = first
    }

    mutating func count(_ texts: [NormalizedText], _ range: Range<Int>, generator: NGramGenerator) {
        let tokenizer = Tokenizer()
        var tokens: [Token] = []
        for document in range {
            var string = texts[document].text
            string.withUTF8 { bytes in
                tokens.removeAll(keepingCapacity: true)
                tokenizer.tokenize(bytes, into: &tokens)
                tokens.withUnsafeBufferPointer { generator.forEachNGram(in: bytes, tokens: $0, into: &self) }
            }
            endDocument(tokenCount: tokens.count)
        }
        touched = []
        if !first { block.table.releaseIndex() }
    }

    mutating func add(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let id = block.table.intern(key, hash: hash)
        if Int(id) == block.tallies.count { block.tallies.append(NGramTally()) }
        if block.tallies[Int(id)].inDocument == 0 { touched.append(id) }
        block.tallies[Int(id)].inDocument += 1
    }

    private mutating func endDocument(tokenCount: Int) {
        let entries = block.tallies.withUnsafeMutableBufferPointer { tallies in
            [UInt64](unsafeUninitializedCapacity: touched.count) { entries, initialized in
                for (index, id) in touched.enumerated() {
                    let count = tallies[Int(id)].inDocument
                    tallies[Int(id)].inDocument = 0
                    tallies[Int(id)].documents += 1
                    tallies[Int(id)].total += Int(count)
                    entries[index] = UInt64(UInt32(id)) << 32 | UInt64(UInt32(count))
                }
                initialized = touched.count
            }
        }
        block.documents.append(entries)
        touched.removeAll(keepingCapacity: true)
        block.tokenCounts.append(tokenCount)
    }
}
