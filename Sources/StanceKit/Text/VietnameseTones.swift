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
    /// Rows of the vowels with a shape mark: ă â ê ô ơ ư.
    private static let shapedRows: UInt32 = 1 << 1 | 1 << 2 | 1 << 4 | 1 << 7 | 1 << 8 | 1 << 10

    /// All vowels lie below U+1F00.
    private static let codeLimit: UInt32 = 0x1F00

    /// For each scalar below `codeLimit`: 0 when it is not a lower-case Vietnamese vowel, else 1 + row · 6 + tone
    /// (tone 0 meaning none).
    private static let vowelCodes: [UInt8] = {
        var codes = [UInt8](repeating: 0, count: Int(codeLimit))
        for (row, forms) in rows.enumerated() {
            for (tone, value) in forms.enumerated() { codes[Int(value)] = UInt8(1 + row * 6 + tone) }
        }
        return codes
    }()

    @inline(__always)
    private static func code(_ value: UInt32, _ codes: [UInt8]) -> Int {
        value < codeLimit ? Int(codes[Int(value)]) : 0
    }

    private static func isConsonant(_ value: UInt32) -> Bool {
        switch value {
        case 0x62, 0x63, 0x64, 0x67, 0x68, 0x6B, 0x6C, 0x6D, 0x6E, 0x70, 0x71, 0x72, 0x73, 0x74, 0x76, 0x78, 0x111: true
        default: false
        }
    }

    /// Whether the scalars are a Vietnamese final consonant (or none): c ch m n ng nh p t.
    private static func isFinal(_ scalars: ArraySlice<UInt32>) -> Bool {
        switch scalars.count {
        case 0: return true
        case 1:
            switch scalars.first! {
            case 0x63, 0x6D, 0x6E, 0x70, 0x74: return true
            default: return false
            }
        case 2:
            let (first, second) = (scalars.first!, scalars.last!)
            return (first == 0x63 && second == 0x68) || (first == 0x6E && (second == 0x67 || second == 0x68))
        default: return false
        }
    }

    /// Moves the tone mark of one syllable to the conventional vowel.
    ///
    /// - Parameter scalars: one lower-case, NFC word; changed in place.
    /// - Returns: whether anything changed.
    static func normalize(_ scalars: inout [UInt32]) -> Bool {
        let codes = vowelCodes
        var tone = 0
        var toneIndex = -1
        for (index, value) in scalars.enumerated() {
            let code = code(value, codes)
            guard code != 0, (code - 1) % 6 != 0 else { continue }
            if tone != 0 { return false }
            tone = (code - 1) % 6
            toneIndex = index
        }
        guard tone != 0 else { return false }
        func row(_ index: Int) -> Int { (code(scalars[index], codes) - 1) / 6 }
        func isVowel(_ index: Int) -> Bool { code(scalars[index], codes) != 0 }
        let count = scalars.count
        var index = 0
        while index < count && !isVowel(index) {
            guard isConsonant(scalars[index]) else { return false }
            index += 1
        }
        guard index < count, index <= 3 else { return false }
        if index == 1 && index + 1 < count && isVowel(index + 1) {
            if scalars[0] == 0x71 && row(index) == rowU {
                index += 1  // qu
            } else if scalars[0] == 0x67 && row(index) == rowI {
                index += 1  // gi
            }
        }
        let nucleusStart = index
        while index < count && isVowel(index) { index += 1 }
        let nucleusEnd = index
        let nucleusLength = nucleusEnd - nucleusStart
        guard (1...3).contains(nucleusLength), isFinal(scalars[nucleusEnd...]) else { return false }
        var target: Int
        if let shaped = (nucleusStart..<nucleusEnd).last(where: { shapedRows >> UInt32(row($0)) & 1 != 0 }) {
            target = shaped
        } else if nucleusEnd < count {
            target = nucleusEnd - 1
        } else if nucleusLength == 1 {
            target = nucleusStart
        } else if nucleusLength == 2 {
            let (first, second) = (row(nucleusStart), row(nucleusStart + 1))
            let secondTakesMark =
                (first == rowO && (second == rowA || second == rowE)) || (first == rowU && second == rowY)
            target = secondTakesMark ? nucleusStart + 1 : nucleusStart
        } else {
            target = nucleusStart + 1
        }
        guard target != toneIndex else { return false }
        let (toneRow, targetRow) = (row(toneIndex), row(target))
        scalars[toneIndex] = rows[toneRow][0]
        scalars[target] = rows[targetRow][tone]
        return true
    }
}
