/// A line that is not an article line of `stance score` (exit status 65; skipped and counted under
/// `--skip-invalid`).
public struct ArticleLineError: StanceFailure, Equatable {
    public var location: SourceLocation
    public var problem: String

    public init(location: SourceLocation, problem: String) {
        self.location = location
        self.problem = problem
    }

    public var exitStatus: ExitStatus { .dataError }
    public var description: String { "\(location): \(problem)" }
}

/// Reads the article lines that `stance score` writes (``ScoredArticle/articleLine(labels:explain:)``) back into
/// rated articles without their texts, file after file (`-` for standard input; gzip files are read as such).
///
/// Every line must carry `id`, `lang`, `label`, `probabilities` over the same labels in the same order as the first
/// line, `evidence_strength` and `fingerprint`; the explanation of `--explain` is read when present, `lang_shares`
/// is not. A line that breaks any of this is an ``ArticleLineError`` naming the file, the line and the problem.
public final class ArticleLineReader {
    /// The labels of the probabilities, in the order the first line gives them (the model's order).
    public private(set) var labels: [String]?
    /// Lines skipped as not article lines (with `skipInvalid`).
    public private(set) var skipped = 0
    public let skipInvalid: Bool
    private let paths: [String]
    private var nextPath = 0
    private var lines: LineReader?
    private var path = ""
    private var labelsFrom = SourceLocation(file: "-", line: 0)
    private var carried: Set<String> = ["id"]

    /// Opens nothing yet: each file is opened when the one before it ends.
    public init(paths: [String], skipInvalid: Bool = false) {
        self.paths = paths.isEmpty ? ["-"] : paths
        self.skipInvalid = skipInvalid
    }

    /// The grouping fields the lines read so far carry, for ``FieldSelection/check(carried:)``: `id`; `source`,
    /// `target` and `date` once a line has a value for them; `label` once one has `gold`; every name in `fields`.
    /// (`lang` only when the input had such a field: the language decided from the text is not an input field.)
    public var fieldNames: [String] { carried.sorted(by: utf8Precedes) }

    /// The next article, or `nil` after the last line of the last file.
    ///
    /// - Throws: ``CorpusError`` for a file that is missing, unreadable or a broken gzip stream, and
    ///   ``ArticleLineError`` for a bad line (unless skipped).
    public func next() throws -> ScoredArticle? {
        while true {
            if lines == nil {
                guard nextPath < paths.count else { return nil }
                path = paths[nextPath]
                nextPath += 1
                lines = LineReader(source: try Self.open(path))
            }
            guard let reader = lines, var line = try reader.nextLine() else {
                lines = nil
                continue
            }
            if reader.lineNumber == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let location = SourceLocation(file: path, line: reader.lineNumber)
            let outcome: ScoredArticle
            do {
                outcome = try article(line, at: location)
            } catch {
                if !skipInvalid { throw error }
                skipped += 1
                continue
            }
            return outcome
        }
    }

    /// The note for standard error on lines skipped under `skipInvalid`.
    public func reportSkipped(to warnings: WarningSink) {
        if skipped > 0 {
            warnings.note("skipped \(skipped) line\(skipped == 1 ? "" : "s"): not an article line of stance score")
        }
    }

    private static func open(_ path: String) throws -> any ByteSource {
        let (head, stream) = try PrefixedByteSource.peek(try FileByteSource(path: path), count: 2)
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            return try GzipByteSource(compressed: stream, path: path)
        }
        return stream
    }

    /// One line as a rated article (its document has an empty text).
    private func article(_ line: [UInt8], at location: SourceLocation) throws(ArticleLineError) -> ScoredArticle {
        func fail(_ problem: String) -> ArticleLineError { ArticleLineError(location: location, problem: problem) }
        if let bad = firstInvalidUTF8Index(line) { throw fail("invalid UTF-8 at byte \(bad + 1)") }
        return try line.withUnsafeBufferPointer { (bytes) throws(ArticleLineError) -> ScoredArticle in
            let parsed: [(name: String, item: JSONLineParser.Item)]?
            do throws(JSONLineParser.SyntaxError) {
                parsed = try JSONLineParser.members(of: bytes)
            } catch {
                throw fail("broken JSON at byte \(error.offset + 1): \(error.message)")
            }
            guard let parsed else { throw fail("expected a JSON object (an article line of stance score)") }
            var members: [String: JSONLineParser.Item] = [:]
            for (name, item) in parsed {
                if members.updateValue(item, forKey: name) != nil { throw fail("the member '\(name)' is given twice") }
            }
            /// The bytes of a value, whose range is relative to the value `base` starts (the line when 0).
            func nested(_ item: JSONLineParser.Item, in base: Int = 0) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[(base + item.range.lowerBound)..<(base + item.range.upperBound)])
            }
            func required(_ name: String) throws(ArticleLineError) -> JSONLineParser.Item {
                guard let item = members[name] else {
                    let hint =
                        members["text"] != nil
                        ? " (this looks like a corpus record: aggregate reads the lines stance score writes)"
                        : members["fingerprint"] == nil && members["probabilities"] != nil
                            ? " (lines of another command, or of a stance score without fingerprints: score again)" : ""
                    throw fail("no '\(name)' member\(hint)")
                }
                return item
            }
            func string(_ name: String) throws(ArticleLineError) -> String {
                let item = try required(name)
                guard case .string(let value) = item.value else {
                    throw fail("'\(name)' is \(item.value.kind), expected a string")
                }
                return value
            }
            func optionalString(_ name: String) throws(ArticleLineError) -> String? {
                switch members[name]?.value {
                case nil, .null?: return nil
                case .string(let value)?: return value
                case let value?: throw fail("'\(name)' is \(value.kind), expected a string or null")
                }
            }
            func number(_ value: JSONLineParser.Value, _ what: String) throws(ArticleLineError) -> Double {
                guard case .number(let text) = value, let number = Double(text), number.isFinite else {
                    throw fail("\(what) is \(value.kind), expected a number")
                }
                return number
            }

            let id = try string("id")
            let langText = try string("lang")
            guard let language = Language(rawValue: langText) else {
                throw fail(
                    "unknown lang '\(langText)' (expected one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            let label = try string("label")
            let evidenceStrength = try number(try required("evidence_strength").value, "'evidence_strength'")
            let fingerprintText = try string("fingerprint")
            guard let fingerprint = TextFingerprint(hexadecimal: fingerprintText) else {
                throw fail("'fingerprint' is '\(fingerprintText)', expected 32 hexadecimal digits")
            }
            var cluster: TextFingerprint?
            if let text = try optionalString("near_duplicate_cluster") {
                guard let value = TextFingerprint(hexadecimal: text) else {
                    throw fail("'near_duplicate_cluster' is '\(text)', expected 32 hexadecimal digits")
                }
                cluster = value
            }

            let probabilityItem = try required("probabilities")
            guard case .object = probabilityItem.value,
                let probabilityMembers = try? JSONLineParser.members(of: nested(probabilityItem))
            else { throw fail("'probabilities' is \(probabilityItem.value.kind), expected an object") }
            var probabilities: [Double] = []
            for (name, item) in probabilityMembers {
                let p = try number(item.value, "the probability of '\(name)'")
                guard (0...1).contains(p) else { throw fail("the probability of '\(name)' is \(p), outside [0, 1]") }
                probabilities.append(p)
            }
            let lineLabels = probabilityMembers.map(\.name)
            if let labels {
                guard lineLabels == labels else {
                    throw fail(
                        "probabilities for the labels \(lineLabels.joined(separator: ", ")), but \(labelsFrom) has "
                            + "\(labels.joined(separator: ", ")) (lines of one model only)")
                }
            } else {
                guard !lineLabels.isEmpty, Set(lineLabels).count == lineLabels.count else {
                    throw fail("'probabilities' must name each label once")
                }
                labels = lineLabels
                labelsFrom = location
            }
            guard lineLabels.contains(label) || label == ArticleScorer.abstain else {
                throw fail(
                    "the label '\(label)' is neither one of the probabilities' labels nor \(ArticleScorer.abstain)")
            }

            var document = Document(
                id: id, text: "", label: try optionalString("gold"), source: try optionalString("source"),
                target: try optionalString("target"), date: try optionalString("date"), location: location)
            if let fieldsItem = members["fields"] {
                guard case .object = fieldsItem.value, let fields = try? JSONLineParser.members(of: nested(fieldsItem))
                else { throw fail("'fields' is \(fieldsItem.value.kind), expected an object") }
                for (name, item) in fields {
                    guard case .string(let value) = item.value else {
                        throw fail("the field '\(name)' is \(item.value.kind), expected a string")
                    }
                    document.fields[name] = value
                }
            }
            for (name, value) in [
                ("source", document.source), ("target", document.target), ("date", document.date),
                ("label", document.label),
            ] where value != nil {
                carried.insert(name)
            }
            carried.formUnion(document.fields.keys)

            var noFeatures = false
            if let item = members["no_features"] {
                guard case .bool(let value) = item.value else {
                    throw fail("'no_features' is \(item.value.kind), expected a boolean")
                }
                noFeatures = value
            }
            func evidenceList(_ name: String) throws(ArticleLineError) -> [Evidence]? {
                guard let item = members[name] else { return nil }
                guard case .array = item.value, let elements = try? JSONLineParser.elements(of: nested(item)) else {
                    throw fail("'\(name)' is \(item.value.kind), expected an array")
                }
                var list: [Evidence] = []
                for element in elements {
                    guard case .object = element.value,
                        let fields = try? JSONLineParser.members(of: nested(element, in: item.range.lowerBound))
                    else { throw fail("an entry of '\(name)' is \(element.value.kind), expected an object") }
                    var feature: String?
                    var contribution: Double?
                    var quoted = false
                    var text: String?
                    for (field, value) in fields {
                        switch (field, value.value) {
                        case ("feature", .string(let value)): feature = value
                        case ("contribution", let value): contribution = try number(value, "a contribution")
                        case ("quoted", .bool(let value)): quoted = value
                        case ("text", .string(let value)): text = value
                        default: continue
                        }
                    }
                    guard let feature, let contribution else {
                        throw fail("an entry of '\(name)' lacks its feature or contribution")
                    }
                    list.append(Evidence(feature: feature, contribution: contribution, quoted: quoted, text: text))
                }
                return list
            }
            func optionalNumber(_ name: String) throws(ArticleLineError) -> Double? {
                guard let item = members[name] else { return nil }
                return try number(item.value, "'\(name)'")
            }
            var explanation: Explanation?
            if let supporting = try evidenceList("evidence_for"), let opposing = try evidenceList("evidence_against") {
                explanation = Explanation(
                    runnerUp: try string("runner_up"), intercept: try optionalNumber("margin_intercept") ?? 0,
                    margin: try optionalNumber("margin") ?? 0, supporting: supporting, opposing: opposing,
                    rest: try optionalNumber("evidence_rest") ?? 0)
            }
            var article = ScoredArticle(
                document: document, language: language, probabilities: probabilities, label: label,
                evidenceStrength: evidenceStrength, noFeatures: noFeatures,
                evidence: try evidenceList("evidence") ?? [], explanation: explanation,
                intercept: try optionalNumber("intercept") ?? 0, logit: try optionalNumber("logit") ?? 0)
            article.fingerprint = fingerprint
            article.nearDuplicateCluster = cluster
            return article
        }
    }
}
