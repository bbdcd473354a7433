/// Places the Vietnamese tone mark of a syllable by one convention (step g of ``TextNormalizer``).
///
/// Vietnamese writes the same syllable with its tone mark on different vowels: `hoà`/`hòa`, `thuý`/`thúy`,
/// `khoẻ`/`khỏe`, and, mistakenly, `qủa` for `quả`. So that these become one word, every syllable gets the mark where
/// the "new style" (*kiểu mới*) puts it, which follows the phonology: the mark goes on the main vowel of the nucleus,
/// so the glide of `oa`, `oe`, `uy` does not carry it (the "old style" writes `hòa`, `khỏe`, `thúy`):
///
/// 1. After the initial consonants (where `qu` and `gi` before another vowel count as consonants), the vowel nucleus
///    is the run of vowels, followed by an optional final consonant (`c ch m n ng nh p t`).
/// 2. If the nucleus has a vowel with a shape mark (ă â ê ô ơ ư), the tone goes on the last such vowel (`người`,
///    `tuổi`, `cửa`).
/// 3. Otherwise, with a final consonant, it goes on the last vowel (`hoàng`, `toán`).
/// 4. Otherwise, for the open syllables `oa`, `oe`, `uy` it goes on the second vowel (`hoà`, `khoẻ`, `thuý`); for
///    other two-vowel nuclei on the first (`mái`, `của`, `mía`); for three vowels on the middle one (`ngoài`);
///    for a single vowel on it.
///
/// Words with no tone mark, more than one, or a shape that is not a Vietnamese syllable (`café`, `José`) are left
/// alone.
enum VietnameseTones {
    /// The twelve vowels, each followed by its forms with the five tones: grave (huyền), acute (sắc), hook above
    /// (hỏi), tilde (ngã), dot below (nặng).
    private static let rows: [[UInt32]] = [
        "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ",
        "ưừứửữự", "yỳýỷỹỵ",
    ].map { $0.unicodeScalars.map(\.value) }

    private static let rowA = 0
    private static let rowE = 3
    private static let rowI = 5
    private static let rowO = 6
    private static let rowU = 9
    private static let rowY = 11
    private static let shapedRows: Set<Int> = [1, 2, 4, 7, 8, 10]

    /// Vowel scalar → (row, tone), tone 0 meaning none.
    private static let vowels: [UInt32: (row: Int, tone: Int)] = {
        var vowels: [UInt32: (row: Int, tone: Int)] = [:]
        for (row, forms) in rows.enumerated() {
            for (tone, value) in forms.enumerated() { vowels[value] = (row, tone) }
        }
        return vowels
    }()

    private static let consonants: Set<UInt32> = Set("bcdđghklmnpqrstvx".unicodeScalars.map(\.value))
    private static let finals: Set<[UInt32]> = Set(
        ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"].map { $0.unicodeScalars.map(\.value) })

    /// The syllable with its tone mark moved to the conventional vowel, or nil when nothing changes.
    ///
    /// - Parameter scalars: one lower-case, NFC word.
    static func normalize(_ scalars: [UInt32]) -> [UInt32]? {
        var parts: [(row: Int, tone: Int)?] = []
        parts.reserveCapacity(scalars.count)
        var tone = 0
        var toneIndex = -1
        for (index, value) in scalars.enumerated() {
            let part = vowels[value]
            if let part, part.tone != 0 {
                if tone != 0 { return nil }
                tone = part.tone
                toneIndex = index
            }
            parts.append(part)
        }
        guard tone != 0 else { return nil }
        let count = scalars.count
        var index = 0
        while index < count && parts[index] == nil {
            guard consonants.contains(scalars[index]) else { return nil }
            index += 1
        }
        guard index < count, index <= 3 else { return nil }
        if index == 1 && index + 1 < count && parts[index + 1] != nil {
            if scalars[0] == 0x71 && parts[index]!.row == rowU { index += 1 }  // qu
            else if scalars[0] == 0x67 && parts[index]!.row == rowI { index += 1 }  // gi
        }
        let nucleusStart = index
        while index < count && parts[index] != nil { index += 1 }
        let nucleusEnd = index
        let nucleusLength = nucleusEnd - nucleusStart
        guard (1...3).contains(nucleusLength), finals.contains(Array(scalars[nucleusEnd...])) else { return nil }
        let hasFinal = nucleusEnd < count
        var target: Int
        if let shaped = (nucleusStart..<nucleusEnd).last(where: { shapedRows.contains(parts[$0]!.row) }) {
            target = shaped
        } else if hasFinal {
            target = nucleusEnd - 1
        } else if nucleusLength == 1 {
            target = nucleusStart
        } else if nucleusLength == 2 {
            let (first, second) = (parts[nucleusStart]!.row, parts[nucleusStart + 1]!.row)
            let secondTakesMark =
                (first == rowO && (second == rowA || second == rowE)) || (first == rowU && second == rowY)
            target = secondTakesMark ? nucleusStart + 1 : nucleusStart
        } else {
            target = nucleusStart + 1
        }
        guard target != toneIndex else { return nil }
        var result = scalars
        result[toneIndex] = rows[parts[toneIndex]!.row][0]
        result[target] = rows[parts[target]!.row][tone]
        return result
    }
}
