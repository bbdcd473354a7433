/// Finds near-duplicate documents (wire copy, reposts, lightly edited versions) with MinHash and locality-sensitive
/// hashing, confirms every pair on the exact shingle sets, and clusters them without transitive chaining.
///
/// ## Steps
/// 1. Every text gets a densified one-permutation MinHash signature of `bands × rows` values over its character
///    shingles (``NearDuplicateSettings``; Broder 1997; Li, Owen & Zhang 2012; Shrivastava & Li 2014). Texts that
///    are equal up to white space and ASCII case form one *copy class*, represented by its first document.
/// 2. LSH: per band, the `rows` values are hashed into a bucket key; documents sharing a bucket in any band form
///    candidate pairs. The S-curve of that step is documented on ``NearDuplicateSettings``.
/// 3. Each candidate pair is confirmed on the exact sets of shingle hashes: Jaccard ≥ `jaccard`, or containment
///    ≥ `containment` with at least `minimumContainedShingles` shingles in the smaller set.
/// 4. Clusters are formed around representatives, never by chaining: documents are visited in input order; a
///    document not yet in a cluster whose confirmed neighbours include documents not yet in a cluster becomes the
///    representative of a new cluster holding exactly those neighbours. Every member is therefore a confirmed
///    near-duplicate *of the representative*: when A ~ B and B ~ C but A ≁ C, A and B form a cluster and C does not
///    join it. Copies of a member (step 1) join its cluster.
///
/// Every step is computed per document or per band and gathered in a fixed order, so the result is the same at any
/// thread count; the seed fixes the hash functions.
///
/// - Complexity: O(total text length + candidate pairs × shingle-set size) time; the signatures take
///   `8 · bands · rows` bytes per document and the shingle sets of the documents in candidate pairs 8 bytes per
///   distinct shingle.
public struct NearDuplicateDetector: Sendable {
    public var settings: NearDuplicateSettings

    /// - Throws: ``NearDuplicateError/invalidSettings(_:)`` for settings that cannot work.
    public init(settings: NearDuplicateSettings = NearDuplicateSettings()) throws {
        try settings.validate()
        self.settings = settings
    }

    /// Clusters `texts` (in input order: the first document of a cluster is its representative).
    public func clusters(of texts: [String], threads: ThreadBudget = .single) -> NearDuplicateClustering {
        let n = texts.count
        let hasher = ShingleHasher(settings: settings)
        let signatures = parallelMap(count: n, threads: threads) { hasher.signature(of: texts[$0]) }

        // Copy classes: documents whose folded streams are equal.
        var classOf = [Int](repeating: 0, count: n)
        var firstOfKey: [UInt64: Int] = [:]
        var representatives: [Int] = []
        for index in 0..<n {
            if let first = firstOfKey[signatures[index].key] {
                classOf[index] = first
            } else {
                firstOfKey[signatures[index].key] = index
                classOf[index] = index
                if signatures[index].values != nil { representatives.append(index) }
            }
        }

        let candidates = candidatePairs(signatures: signatures, documents: representatives, threads: threads)

        // The exact shingle sets of every document in a candidate pair.
        var slots = [Int](repeating: -1, count: n)
        for pair in candidates {
            slots[Int(pair >> 32)] = 0
            slots[Int(pair & 0xFFFF_FFFF)] = 0
        }
        let involved = slots.indices.filter { slots[$0] == 0 }
        for (position, document) in involved.enumerated() { slots[document] = position }
        let slot = slots
        let sets = parallelMap(count: involved.count, threads: threads) { hasher.shingleSet(of: texts[involved[$0]]) }

        let settings = self.settings
        let measured = parallelMap(count: candidates.count, threads: threads) { index -> NearDuplicatePair? in
            let pair = candidates[index]
            let first = Int(pair >> 32)
            let second = Int(pair & 0xFFFF_FFFF)
            let a = sets[slot[first]]
            let b = sets[slot[second]]
            let shared = sortedIntersectionCount(a, b)
            let jaccard = Double(shared) / Double(a.count + b.count - shared)
            let smaller = min(a.count, b.count)
            let containment = Double(shared) / Double(smaller)
            let confirmed =
                jaccard >= settings.jaccard
                || (containment >= settings.containment && smaller >= settings.minimumContainedShingles)
            return confirmed
                ? NearDuplicatePair(first: first, second: second, jaccard: jaccard, containment: containment) : nil
        }
        let confirmed = measured.compactMap { $0 }

        // Representative clustering over the copy classes' first documents.
        var neighbours: [Int: [NearDuplicatePair]] = [:]
        for pair in confirmed {
            neighbours[pair.first, default: []].append(pair)
            neighbours[pair.second, default: []].append(pair)
        }
        var members: [Int: [Int]] = [:]
        for index in 0..<n where classOf[index] != index { members[classOf[index], default: []].append(index) }
        var assigned = [Bool](repeating: false, count: n)
        var clusters: [NearDuplicateCluster] = []
        for document in 0..<n where classOf[document] == document && !assigned[document] {
            var links: [NearDuplicateLink] = []
            for copy in members[document] ?? [] {
                links.append(NearDuplicateLink(member: copy, jaccard: 1, containment: 1, identical: true))
            }
            let pairs = (neighbours[document] ?? []).sorted { $0.other(than: document) < $1.other(than: document) }
            for pair in pairs {
                let other = pair.other(than: document)
                guard !assigned[other] else { continue }
                assigned[other] = true
                links.append(
                    NearDuplicateLink(
                        member: other, jaccard: pair.jaccard, containment: pair.containment, identical: false))
                for copy in members[other] ?? [] {
                    links.append(
                        NearDuplicateLink(
                            member: copy, jaccard: pair.jaccard, containment: pair.containment, identical: false))
                }
            }
            guard !links.isEmpty else { continue }
            assigned[document] = true
            links.sort { $0.member < $1.member }
            clusters.append(NearDuplicateCluster(representative: document, links: links))
        }
        return NearDuplicateClustering(
            documentCount: n, clusters: clusters, candidatePairs: candidates.count, confirmedPairs: confirmed.count)
    }

    /// Candidate pairs `(i << 32) | j` with `i < j`, sorted and distinct: documents sharing an LSH bucket.
    func candidatePairs(signatures: [(values: [UInt64]?, key: UInt64)], documents: [Int], threads: ThreadBudget)
        -> [UInt64]
    {
        let rows = settings.rows
        let limit = settings.maximumBucketPairs
        let perBand = parallelMap(count: settings.bands, threads: threads) { band -> [UInt64] in
            var keyed: [(key: UInt64, document: Int)] = []
            keyed.reserveCapacity(documents.count)
            for document in documents {
                let values = signatures[document].values!
                var key = fmix64(UInt64(band) &+ 0x9E37_79B9_7F4A_7C15)
                for row in 0..<rows { key = fmix64(key ^ values[band * rows + row]) &+ UInt64(row) }
                keyed.append((key, document))
            }
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.document < $1.document }
            var pairs: [UInt64] = []
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
                if end - start > 1 {
                    for a in start..<min(end, start + limit) {
                        for b in (a + 1)..<end {
                            pairs.append(UInt64(keyed[a].document) << 32 | UInt64(keyed[b].document))
                        }
                    }
                }
                start = end
            }
            return pairs
        }
        var all = perBand.flatMap { $0 }
        all.sort()
        return deduplicatedSorted(all)
    }
}

/// `values` (sorted) without repeats.
private func deduplicatedSorted<T: Equatable>(_ values: [T]) -> [T] {
    var result: [T] = []
    result.reserveCapacity(values.count)
    for value in values where result.last != value { result.append(value) }
    return result
}

/// A confirmed near-duplicate pair of documents (indices into the input, `first < second`).
struct NearDuplicatePair: Sendable {
    var first: Int
    var second: Int
    var jaccard: Double
    var containment: Double

    func other(than document: Int) -> Int { document == first ? second : first }
}
