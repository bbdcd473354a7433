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
