import Foundation

/// The repository's `Tests/Fixtures` folder, found from this source file's own path.
public var fixturesDirectory: String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // _StanceTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Tests/Fixtures").path
}

/// The path of the fixture `name` under `Tests/Fixtures`.
public func fixturePath(_ name: String) -> String {
    (fixturesDirectory as NSString).appendingPathComponent(name)
}

/// The bytes of the file at `path`.
public func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The JSON objects of a JSON Lines text, parsed by Foundation's `JSONSerialization` (a reader independent of
/// `stance`'s own JSON code). Empty lines are skipped.
public func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        guard let object = value as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return object
    }
}

/// A JSON object parsed by `JSONSerialization`.
public func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw CocoaError(.propertyListReadCorrupt)
    }
    return object
}

/// One document of the four-language cross-validation fixture (``fourLanguageRows(count:sourcePure:)``).
public struct FourLanguageRow: Sendable {
    /// Its position `i`; the id is `d{i}` and its text holds the unique word `zq{i}`.
    public var index: Int
    public var text: String
    /// 0 = pro, 1 = anti, 2 = neutral (each test names the labels its own way).
    public var labelIndex: Int
    /// `trade` or `rights`, alternately.
    public var target: String
}

/// A small labeled set in four languages (en, zh-Hans, zh-Hant, vi in turn, three documents each): three labels and
/// two targets, with a unique word `zqN` in document N so that fold isolation can be checked term by term. With
/// `sourcePure`, labels follow a pattern of period 5, so that sources assigned as `i mod 5` are each all one label.
public func fourLanguageRows(count: Int = 42, sourcePure: Bool = false) -> [FourLanguageRow] {
    let phrases: [[String]] = [
        // pro, anti, neutral per language: en, zh-Hans, zh-Hant, vi
        [
            "the government policy brings growth and welcome progress",
            "critics condemn the harsh crackdown and censorship",
            "the ministry published the quarterly trade report",
        ],
        ["政府政策带来增长和进步", "批评者谴责严厉镇压和审查", "商务部发布季度贸易报告"],
        ["政府政策帶來增長和進步", "批評者譴責嚴厲鎮壓和審查", "商務部發布季度貿易報告"],
        [
            "chính sách của chính phủ mang lại tăng trưởng",
            "giới phê bình lên án cuộc đàn áp và kiểm duyệt",
            "bộ công bố báo cáo thương mại hàng quý",
        ],
    ]
    let fillers = ["today", "again", "this week", "on monday", "in spring", "yesterday", "at last"]
    return (0..<count).map { i in
        let labelIndex = sourcePure ? [0, 1, 2, 0, 1][i % 5] : i % 3
        let language = (i / 3) % 4
        return FourLanguageRow(
            index: i, text: "\(phrases[language][labelIndex]) zq\(i) \(fillers[i % 7])", labelIndex: labelIndex,
            target: ["trade", "rights"][i % 2])
    }
}
