/// A near-duplicate cluster whose documents carry different labels or fall into different groups (e.g. wire copy
/// published by outlets on the left and on the right).
public struct NearDuplicateConflict: Equatable, Sendable {
    /// The index of the cluster in ``NearDuplicateClustering/clusters``.
    public var cluster: Int
    /// The distinct labels of its documents, in code-point order.
    public var labels: [String]
    /// The distinct groups of its documents, in code-point order (empty without grouping).
    public var groups: [String]
}

extension NearDuplicateClustering {
    /// Clusters whose documents carry more than one label or, when `groups` is given, span more than one group.
    ///
    /// - Parameters:
    ///   - labels: the label of each document (`nil` for none; a missing label is not a label of its own).
    ///   - groups: the group of each document (e.g. its source), or `nil`.
    public func conflicts(labels: [String?], groups: [String]? = nil) -> [NearDuplicateConflict] {
        precondition(labels.count == documentCount && (groups?.count ?? documentCount) == documentCount)
        var result: [NearDuplicateConflict] = []
        for (index, cluster) in clusters.enumerated() {
            let documents = cluster.documents
            let distinctLabels = codePointOrdered(Set(documents.compactMap { labels[$0] }))
            let distinctGroups = groups.map { groups in codePointOrdered(Set(documents.map { groups[$0] })) } ?? []
            if distinctLabels.count > 1 || distinctGroups.count > 1 {
                result.append(NearDuplicateConflict(cluster: index, labels: distinctLabels, groups: distinctGroups))
            }
        }
        return result
    }

    /// A readable listing of the clusters with at least one member that is not a mere copy (copies are listed as
    /// exact duplicates already), at most `maximumRows` of them; `ids` names the documents.
    public func table(ids: [String], settings: NearDuplicateSettings, maximumRows: Int = 20) -> String {
        let edited = clusters.filter { !$0.onlyCopies }
        var lines = [
            "near-duplicate clusters (\(settings.shingleLength)-scalar shingles, \(settings.bands)×\(settings.rows) "
                + "MinHash LSH, Jaccard ≥ \(format3(settings.jaccard)) or containment ≥ "
                + "\(format3(settings.containment))): \(edited.count) clusters with edited copies, "
                + "\(clusters.count) with copies, \(redundantDocumentCount) redundant documents "
                + "(\(candidatePairs) candidate pairs, \(confirmedPairs) confirmed)"
        ]
        for cluster in edited.prefix(maximumRows) {
            var parts = ["\(ids[cluster.representative])"]
            for link in cluster.links.prefix(7) {
                parts.append(
                    link.identical
                        ? "\(ids[link.member]) (copy)"
                        : "\(ids[link.member]) (J \(formatFixed(link.jaccard, digits: 2)), C \(formatFixed(link.containment, digits: 2)))"
                )
            }
            lines.append(
                "  \(cluster.links.count + 1)×: " + parts.joined(separator: ", ")
                    + (cluster.links.count > 7 ? ", ..." : ""))
        }
        if edited.count > maximumRows { lines.append("  ... \(edited.count - maximumRows) more clusters") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The clusters as JSON: settings, counts, and every cluster with its representative and members.
    public func json(ids: [String], settings: NearDuplicateSettings) -> JSON {
        .object([
            (
                "settings",
                .object([
                    ("shingle_length", .int(settings.shingleLength)), ("bands", .int(settings.bands)),
                    ("rows", .int(settings.rows)), ("jaccard", .double(settings.jaccard)),
                    ("containment", .double(settings.containment)),
                    ("minimum_contained_shingles", .int(settings.minimumContainedShingles)),
                    ("seed", .string(String(settings.seed))),
                ])
            ),
            ("clusters", .int(clusters.count)),
            ("clusters_with_edited_copies", .int(clusters.filter { !$0.onlyCopies }.count)),
            ("redundant_documents", .int(redundantDocumentCount)),
            ("candidate_pairs", .int(candidatePairs)),
            ("confirmed_pairs", .int(confirmedPairs)),
            (
                "list",
                .array(
                    clusters.map { cluster in
                        .object([
                            ("representative", .string(ids[cluster.representative])),
                            (
                                "members",
                                .array(
                                    cluster.links.map { link in
                                        .object([
                                            ("id", .string(ids[link.member])),
                                            ("jaccard", .double(link.jaccard)),
                                            ("containment", .double(link.containment)),
                                            ("identical", .bool(link.identical)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// Readable lines for conflicting clusters, naming the representative's id, the labels and the groups.
    public func conflictTable(_ conflicts: [NearDuplicateConflict], ids: [String], maximumRows: Int = 20) -> String {
        guard !conflicts.isEmpty else { return "" }
        var lines = [
            "near-duplicate clusters across labels or groups: \(conflicts.count) (each kept inside one fold)"
        ]
        for conflict in conflicts.prefix(maximumRows) {
            let cluster = clusters[conflict.cluster]
            var text = "  \(ids[cluster.representative]) +\(cluster.links.count): labels "
            text += conflict.labels.joined(separator: ", ")
            if !conflict.groups.isEmpty { text += "; groups " + conflict.groups.joined(separator: ", ") }
            lines.append(text)
        }
        if conflicts.count > maximumRows { lines.append("  ... \(conflicts.count - maximumRows) more") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `values` sorted by code point.
private func codePointOrdered(_ values: Set<String>) -> [String] {
    values.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
}
