import Foundation

extension LexiconCheck {
    /// The check as text for people: the concept × language table, then the lists.
    public func table() -> String {
        var out = ""
        if hasCorpus {
            let counts = Self.languageGroups.compactMap { group in
                documentCounts[group].map { "\(group) \($0)" }
            }
            out += "documents: \(counts.joined(separator: ", "))\n\n"
        }
        out += "concept".padding(toLength: 30, withPad: " ", startingAt: 0)
        for group in Self.languageGroups { out += group.leftPadded(to: hasCorpus ? 16 : 8) }
        out += "\n"
        let concepts = codePointSorted(Set(conceptLanguages.map(\.concept)))
        for concept in concepts {
            let name = concept + (decoyConcepts.contains(concept) ? " (decoy)" : "")
            out += name.padding(toLength: 30, withPad: " ", startingAt: 0)
            for group in Self.languageGroups {
                let row = conceptLanguages.first { $0.concept == concept && $0.language == group }
                let cell: String
                if let row {
                    cell = hasCorpus ? "\(row.terms) terms \(row.hits)" : "\(row.terms)"
                } else {
                    cell = "-"
                }
                out += cell.leftPadded(to: hasCorpus ? 16 : 8)
            }
            out += "\n"
        }
        out += hasCorpus ? "(cells: terms, then hits in documents of that language)\n" : "(cells: terms)\n"
        let single = singleLanguageConcepts
        out += "\nconcepts with terms in one language only: \(single.count)\n"
        for item in single { out += "  \(item.concept)  \(item.language)\n" }
        if hasCorpus {
            let seen = singleLanguageInCorpus
            out += "\nconcepts seen in one language only: \(seen.count)\n"
            for item in seen { out += "  \(item.concept)  \(item.language)\n" }
            let inside = mostlyInsideLongerWords
            out += "\nterms mostly inside longer words (≥ \(options.minimumHits) hits, ≥ "
            out += "\(Int((options.insideShare * 100).rounded()))% inside): \(inside.count)\n"
            for term in inside {
                let words = term.longerWords.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                out += "  \(term.concept)  \(term.term)  \(term.insideHits)/\(term.totalHits) inside: \(words)\n"
            }
            let never = neverSeen
            out += "\nterms never seen: \(never.count)\n"
            for term in never {
                out += "  \(term.concept)  \(term.term)  (\(term.languages.joined(separator: ",")))\n"
            }
        }
        return out
    }

    /// The check as JSON: documents per language, every term with its counts, the concept × language rows and the
    /// lists.
    public var json: JSON {
        func termJSON(_ term: TermReport) -> JSON {
            let words = term.longerWords.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            return .object([
                ("concept", .string(term.concept)),
                ("term", .string(term.term)),
                ("languages", .array(term.languages.map(JSON.string))),
                ("tag", .optional(term.tag?.rawValue)),
                ("hits", .object(Self.languageGroups.compactMap { g in term.hits[g].map { (g, .int($0)) } })),
                ("quoted_hits", .int(term.quotedHits)),
                ("inside_longer_words", .int(term.insideHits)),
                ("longer_words", .object(words.map { ($0.key, .int($0.value)) })),
            ])
        }
        func pairs(_ list: [(concept: String, language: String)]) -> JSON {
            .array(list.map { .object([("concept", .string($0.concept)), ("language", .string($0.language))]) })
        }
        return .object([
            ("corpus", .bool(hasCorpus)),
            ("documents", .object(Self.languageGroups.compactMap { g in documentCounts[g].map { (g, .int($0)) } })),
            (
                "concepts",
                .array(
                    conceptLanguages.map {
                        .object([
                            ("concept", .string($0.concept)), ("language", .string($0.language)),
                            ("terms", .int($0.terms)), ("hits", .int($0.hits)), ("documents", .int($0.documents)),
                            ("decoy", .bool(decoyConcepts.contains($0.concept))),
                        ])
                    })
            ),
            ("single_language_concepts", pairs(singleLanguageConcepts)),
            ("single_language_in_corpus", pairs(singleLanguageInCorpus)),
            ("mostly_inside_longer_words", .array(mostlyInsideLongerWords.map(termJSON))),
            ("never_seen", .array(neverSeen.map(termJSON))),
            ("terms", .array(terms.map(termJSON))),
        ])
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
