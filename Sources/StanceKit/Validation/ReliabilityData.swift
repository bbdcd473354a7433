/// Coders' sheets joined by unit id: one row per unit, one column per coder, codes as category indices.
public struct ReliabilityData: Sendable, Equatable {
    /// Unit ids, in code-point order (`U001`, `U002`, … for sheets from `stance sample`).
    public var units: [String]
    /// Coder names (sheet file names without extension), in sheet order.
    public var coders: [String]
    /// Categories, in rank order (the `--order`, numeric order for numeric codes, else code-point order).
    public var categories: [String]
    /// The value of each category for interval alpha: the number for numeric codes, else the rank.
    public var values: [Double]
    /// `codes[u][j]`: coder j's category index for unit u, `nil` when not coded.
    public var codes: [[Int?]]
    /// Where each unit's row is on each sheet (for messages), `nil` when absent.
    public var lines: [[Int?]]
    /// How many codes were declared missing (`--missing`) and left out, by code.
    public var missingCounts: [String: Int]

    /// Joins `sheets` by id.
    ///
    /// - Parameters:
    ///   - order: the categories in rank order; a code outside it stops with the sheet, line and code.
    ///   - needsOrder: whether the levels asked for need ranks (ordinal, interval): text codes without `order` then
    ///     stop with a usage error.
    ///   - missing: codes that mean "not coded" (`unclear`, `NA`, …): left out as if the cell were empty, and
    ///     counted in ``missingCounts``; they need not be in `order`.
    /// - Throws: ``CodingError``.
    public init(sheets: [CodingSheet], order: [String]?, needsOrder: Bool, missing: Set<String> = []) throws {
        coders = sheets.map(\.coder)
        var unitIndex: [String: Int] = [:]
        var units: [String] = []
        for sheet in sheets {
            for row in sheet.rows where unitIndex[row.id] == nil {
                unitIndex[row.id] = units.count
                units.append(row.id)
            }
        }
        units.sort(by: codePointPrecedes)
        for (position, unit) in units.enumerated() { unitIndex[unit] = position }
        self.units = units
        var seenCodes: [String: (path: String, line: Int)] = [:]
        var missingCounts: [String: Int] = [:]
        for sheet in sheets {
            for row in sheet.rows {
                guard let code = row.code else { continue }
                if missing.contains(code) {
                    missingCounts[code, default: 0] += 1
                } else if seenCodes[code] == nil {
                    seenCodes[code] = (sheet.path, row.line)
                }
            }
        }
        self.missingCounts = missingCounts
        if let order {
            for (code, place) in seenCodes.sorted(by: { codePointPrecedes($0.key, $1.key) })
            where !order.contains(code) {
                throw CodingError.invalidFile(
                    path: place.path, line: place.line,
                    reason:
                        "code '\(code)' is not in --order (\(order.joined(separator: ", "))); "
                        + "a code that means not coded can be named with --missing")
            }
            categories = order
        } else if !seenCodes.isEmpty, seenCodes.keys.allSatisfy({ Double($0)?.isFinite == true }) {
            categories = seenCodes.keys.sorted { a, b in
                let (x, y) = (Double(a)!, Double(b)!)
                return x != y ? x < y : codePointPrecedes(a, b)
            }
        } else {
            categories = seenCodes.keys.sortedByCodePoint()
            if needsOrder && !categories.isEmpty {
                throw CodingError.usage(
                    "ordinal and interval alpha on text codes need their order: give --order "
                        + categories.joined(separator: ","))
            }
        }
        let numeric = !categories.isEmpty && categories.allSatisfy { Double($0)?.isFinite == true }
        values = categories.enumerated().map { numeric ? Double($1)! : Double($0) }
        var position: [String: Int] = [:]
        for (index, category) in categories.enumerated() { position[category] = index }
        var codes = [[Int?]](repeating: [Int?](repeating: nil, count: sheets.count), count: units.count)
        var lines = [[Int?]](repeating: [Int?](repeating: nil, count: sheets.count), count: units.count)
        for (j, sheet) in sheets.enumerated() {
            for row in sheet.rows {
                let u = unitIndex[row.id]!
                lines[u][j] = row.line
                if let code = row.code, !missing.contains(code) { codes[u][j] = position[code]! }
            }
        }
        self.codes = codes
        self.lines = lines
    }
}
