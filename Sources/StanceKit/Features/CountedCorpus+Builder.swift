extension CountedCorpus {
    /// Counts a corpus a batch of texts at a time, so that a reader can drop each batch's texts once they are
    /// counted: memory then holds the counts (one n-gram table for the corpus, and each text's distinct n-grams),
    /// never the corpus's texts.
    ///
    /// Each batch is split into one block per thread and counted as ``FeatureExtractor/countCorpus(_:threads:)``
    /// counts its blocks; each block's table is merged at once into the corpus's (``MergedNGramTable``), its
    /// texts' entries renamed to the merged nodes and its table freed. The corpus is the same as
    /// ``FeatureExtractor/countCorpus(_:threads:)`` on all the texts at once, whatever the batches: node numbers may
    /// differ, but every fit orders its columns by name and sums integer counts, and every row is built from its own
    /// counts in column order, so fits and rows are bit for bit the same.
    struct Builder {
        let extractor: FeatureExtractor
        /// The corpus's n-gram table, every block merged into it: keys and node numbers only (its document
        /// frequencies are summed from the lists at the end), so that it takes half a block table's memory per node.
        private var merged: MergedNGramTable?
        private var blocks: [NGramBlock] = []
        private var ranges: [Range<Int>] = []
        private var lexicon = LexiconEntries()
        private let lexiconVocabulary: FittedVocabulary?
        /// The number of texts counted so far.
        private(set) var count = 0

        /// - Throws: ``FeatureError/invalidConfiguration(_:)`` for settings out of range.
        init(extractor: FeatureExtractor) throws(FeatureError) {
            try extractor.configuration.validate()
            try extractor.configuration.validateReference(for: extractor.lexicon)
            self.extractor = extractor
            lexiconVocabulary = LexiconEntries.lexiconVocabulary(extractor)
        }

        /// Counts the next batch of texts, which are not kept.
        mutating func add(_ texts: [NormalizedText], threads: ThreadBudget) {
            guard !texts.isEmpty else { return }
            let local = FeatureExtractor.blocks(of: texts, count: threads.workers(for: texts.count))
            let (configuration, vocabulary) = (extractor.configuration, lexiconVocabulary)
            var counted = ParallelChunks.map(chunks: local.count, threads: threads, state: {}) { block, _ in
                var bytes = 0
                for text in texts[local[block]] { bytes += text.text.utf8.count }
                var counter = NGramBlockCounter(configuration, expectedNodes: bytes / 64)
                counter.count(texts, local[block])
                let finished = counter.finish()
                let entries = LexiconEntries(
                    of: texts[local[block]], tokenCounts: finished.tokenCounts, vocabulary: vocabulary)
                return (block: finished, lexicon: entries)
            }
            // Taken out of the array one by one (so each block's lists are uniquely held and renamed in place).
            counted.reverse()
            for range in local {
                var item = counted.removeLast()
                let table = merged ?? MergedNGramTable(capacity: 2 * item.block.nodes!.count)
                merged = table
                let global = table.merge(item.block)
                global.withUnsafeBufferPointer { global in
                    for document in item.block.documents.indices {
                        item.block.documents[document].withUnsafeMutableBufferPointer { list in
                            for index in list.indices {
                                let entry = list[index]
                                let node = UInt64(UInt32(global[Int(entry >> 32)]))
                                list[index] = node << 32 | (entry & 0xFFFF_FFFF)
                            }
                        }
                    }
                }
                item.block.releaseTables()
                item.block.tokenCounts = []
                blocks.append(item.block)
                ranges.append((count + range.lowerBound)..<(count + range.upperBound))
                lexicon.append(contentsOf: item.lexicon)
            }
            count += texts.count
        }

        /// The counted corpus.
        mutating func finish(threads: ThreadBudget) -> CountedCorpus {
            var words = merged?.words ?? ByteStringTable(capacity: 0)
            words.releaseIndex()
            let names = NGramNames(words: words, keys: merged?.keys() ?? [])
            merged = nil
            // Each n-gram's document frequency: the number of lists naming it (a list holds each n-gram once).
            var df = [Int32](repeating: 0, count: names.keys.count)
            df.withUnsafeMutableBufferPointer { df in
                for block in blocks {
                    for list in block.documents {
                        for entry in list { df[Int(entry >> 32)] += 1 }
                    }
                }
            }
            var blockOfText = [Int32](repeating: 0, count: count)
            for (block, range) in ranges.enumerated() { for text in range { blockOfText[text] = Int32(block) } }
            // The blocks leave the builder, so that each text's list is held once and is freed as soon as the corpus
            // replaces it with its pruned list.
            var taken: [NGramBlock] = []
            swap(&taken, &blocks)
            let corpus = CountedCorpus(
                extractor: extractor, count: count, ranges: ranges, blocks: consume taken, names: names,
                documentFrequency: df, blockOfText: blockOfText, lexicon: lexicon, threads: threads)
            // The unpruned lists, freed a list at a time among smaller ones, leave the heap full of holes.
            FreedMemory.release()
            return corpus
        }
    }
}
