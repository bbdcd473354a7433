import StanceKit
import Testing

@Suite struct ScriptTests {
    @Test(arguments: [
        ("中国共产党", ScriptClass.han),
        ("中國共產黨", .han),
        ("The Communist Party of China", .latin),
        ("Đảng Cộng sản Trung Quốc tuyên bố", .vietnamese),
        ("Le café est fermé à midi", .latin),
        ("中国外交部 said 反对", .mixed),
        ("中国 and the United States of America discuss", .latin),
        ("12345 !!!", .none),
    ])
    func classifiesTexts(text: String, expected: ScriptClass) {
        #expect(ScriptClass(of: text) == expected)
    }

    @Test func classifiesScalars() {
        #expect(Script("中") == .han)
        #expect(Script("ひ") == .kanaOrHangul)
        #expect(Script("한") == .kanaOrHangul)
        #expect(Script("đ") == .vietnameseLatin)
        #expect(Script("ạ") == .vietnameseLatin)
        #expect(Script("é") == .latin)
        #expect(Script("×") == .none)
        #expect(Script("я") == .otherLetter)
        #expect(Script("，") == .none)
    }
}
