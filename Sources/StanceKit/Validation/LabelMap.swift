/// How coders' codes correspond to a model's labels: `--label-map model_label=code,…`.
///
/// `state_media=pro_beijing` maps the code `pro_beijing` to the model label `state_media`; several codes may follow
/// one label (`state_media=pro_beijing,official`); `off_topic=_drop` leaves the code `off_topic` out of every
/// comparison with the model. A code that is itself one of the model's labels needs no entry.
public struct LabelMap: Sendable, Equatable {
    /// Code → model label.
    public var mapping: [String: String]
    /// Codes left out.
    public var dropped: Set<String>

    public init(mapping: [String: String] = [:], dropped: Set<String> = []) {
        self.mapping = mapping
        self.dropped = dropped
    }

    /// Parses `label=code,code,code2=_drop,…`.
    ///
    /// - Throws: ``CodingError/usage(_:)`` for an entry without `=` at the start, an empty side, or a code mapped
    ///   to two labels.
    public init(parsing text: String) throws {
        self.init()
        var current: String?
        for raw in text.split(separator: ",", omittingEmptySubsequences: true) {
            let token = raw.trimmingCharacters(in: .whitespaces)
            if token.isEmpty { continue }
            var code: String
            if let equals = token.firstIndex(of: "=") {
                let left = token[..<equals].trimmingCharacters(in: .whitespaces)
                let right = token[token.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                guard !left.isEmpty, !right.isEmpty else {
                    throw CodingError.usage("--label-map: '\(token)' needs a name on both sides of '='")
                }
                if right == "_drop" {
                    dropped.insert(left)
                    current = nil
                    continue
                }
                current = left
                code = right
            } else {
                guard current != nil else {
                    throw CodingError.usage("--label-map: '\(token)' does not follow a LABEL=CODE entry")
                }
                code = token
            }
            if let previous = mapping[code], previous != current! {
                throw CodingError.usage("--label-map: code '\(code)' is mapped to both '\(previous)' and '\(current!)'")
            }
            mapping[code] = current!
        }
    }

    /// Checks that every label the map names is one of `modelLabels`.
    ///
    /// - Throws: ``CodingError/usage(_:)`` naming the first that is not.
    public func check(modelLabels: [String]) throws {
        for label in Set(mapping.values).sortedByCodePoint() where !modelLabels.contains(label) {
            throw CodingError.usage(
                "--label-map: '\(label)' is not one of the model's labels (\(modelLabels.joined(separator: ", ")))")
        }
    }

    /// The model label `code` stands for, `nil` when the code is dropped, or `.unmapped` when there is none.
    public func resolve(_ code: String, modelLabels: [String]) -> Resolution {
        if dropped.contains(code) { return .dropped }
        if let label = mapping[code] { return .label(label) }
        if modelLabels.contains(code) { return .label(code) }
        return .unmapped
    }

    public enum Resolution: Equatable, Sendable {
        case label(String)
        case dropped
        case unmapped
    }
}
