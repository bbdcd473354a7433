/// A member of a near-duplicate cluster other than its representative, with its similarity to the representative.
public struct NearDuplicateLink: Equatable, Sendable {
    /// The member's index in the input.
    public var member: Int
    /// Exact Jaccard similarity of the member's and the representative's shingle sets.
    public var jaccard: Double
    /// Containment of the smaller shingle set in the larger.
    public var containment: Double
    /// Whether the member's text equals the representative's up to white space and ASCII case.
    public var identical: Bool
}

/// A cluster of near-duplicate documents: a representative (its first document in input order) and the members
/// confirmed against it.
public struct NearDuplicateCluster: Equatable, Sendable {
    /// The index of the representative in the input.
    public var representative: Int
    /// The other members, in input order.
    public var links: [NearDuplicateLink]

    /// All documents of the cluster, representative first, then in input order.
    public var documents: [Int] { [representative] + links.map(\.member) }

    /// Whether every member is a copy of the representative (equal up to white space and ASCII case).
    public var onlyCopies: Bool { links.allSatisfy(\.identical) }
}

/// The near-duplicate clusters of a corpus (``NearDuplicateDetector/clusters(of:threads:)``).
public struct NearDuplicateClustering: Equatable, Sendable {
    public var documentCount: Int
    /// Clusters in the input order of their representatives.
    public var clusters: [NearDuplicateCluster]
    /// Distinct pairs that shared an LSH bucket.
    public var candidatePairs: Int
    /// Candidate pairs confirmed on the exact shingle sets.
    public var confirmedPairs: Int

    public init(documentCount: Int, clusters: [NearDuplicateCluster], candidatePairs: Int, confirmedPairs: Int) {
        self.documentCount = documentCount
        self.clusters = clusters
        self.candidatePairs = candidatePairs
        self.confirmedPairs = confirmedPairs
    }

    /// The cluster index of every document, `nil` for a document in no cluster.
    public var clusterOfDocument: [Int?] {
        var result = [Int?](repeating: nil, count: documentCount)
        for (index, cluster) in clusters.enumerated() {
            for document in cluster.documents { result[document] = index }
        }
        return result
    }

    /// Documents that are not the representative of their cluster: what keeping one document per cluster drops.
    public var redundantDocumentCount: Int { clusters.reduce(0) { $0 + $1.links.count } }

    /// `keys` with every cluster member's key replaced by its representative's, so that code keeping equal keys
    /// together (fold assignment) or counting them once (source aggregation) treats a cluster like identical texts.
    public func mergedKeys(_ keys: [UInt64]) -> [UInt64] {
        precondition(keys.count == documentCount, "one key per document")
        var merged = keys
        for cluster in clusters {
            for link in cluster.links { merged[link.member] = keys[cluster.representative] }
        }
        return merged
    }

    /// Whether each document is kept when one document per cluster is kept (the representative).
    public var keptDocuments: [Bool] {
        var kept = [Bool](repeating: true, count: documentCount)
        for cluster in clusters { for link in cluster.links { kept[link.member] = false } }
        return kept
    }
}

/// The elements of `items` (aligned with the documents `clustering` was computed on) that are not a non-representative
/// member of a near-duplicate cluster: one document per cluster, in input order.
public func keepOnePerCluster<T>(_ items: [T], clustering: NearDuplicateClustering) -> [T] {
    precondition(items.count == clustering.documentCount, "one item per document")
    let kept = clustering.keptDocuments
    return items.indices.filter { kept[$0] }.map { items[$0] }
}
