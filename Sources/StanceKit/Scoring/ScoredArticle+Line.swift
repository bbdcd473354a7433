extension ScoredArticle {
    /// The article line of `stance score`: ``json(labels:explain:)`` (whose members keep their order and bytes),
    /// then what aggregating the line later needs and the text no longer gives:
    ///
    /// - `fields`: every other input field of the record but the text, by input name in code-point order (left out
    ///   when there is none), so that `stance aggregate --by FIELD` groups by any field `score --by` can;
    /// - `fingerprint`: the ``TextFingerprint`` of the text as read (32 hexadecimal digits): equal fingerprints are
    ///   the duplicates that count once per group;
    /// - `near_duplicate_cluster`: the fingerprint of the representative of the article's near-duplicate cluster,
    ///   when near-duplicate detection ran (`--near-duplicates`) and put the article in one.
    public func articleLine(labels: [String], explain: Bool) -> JSON {
        guard case .object(var members) = json(labels: labels, explain: explain) else {
            preconditionFailure("an article's JSON is an object")
        }
        if !document.fields.isEmpty {
            members.append(
                (
                    "fields",
                    .object(document.fields.keys.sortedByCodePoint().map { ($0, .string(document.fields[$0]!)) })
                )
            )
        }
        members.append(("fingerprint", .string(fingerprint.description)))
        if let nearDuplicateCluster {
            members.append(("near_duplicate_cluster", .string(nearDuplicateCluster.description)))
        }
        return .object(members)
    }

    /// The key under which the article counts once per group: its near-duplicate cluster's representative, else its
    /// own text (``TextFingerprint``), folded to 64 bits.
    var duplicateKey: UInt64 {
        let key = nearDuplicateCluster ?? fingerprint
        return key.high ^ key.low
    }
}

extension TextFingerprint {
    /// The fingerprint that ``description`` wrote: 32 hexadecimal digits (`nil` for anything else).
    public init?(hexadecimal text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 32,
            digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
            ),
            let high = UInt64(String(text.prefix(16)), radix: 16), let low = UInt64(String(text.suffix(16)), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }
}
