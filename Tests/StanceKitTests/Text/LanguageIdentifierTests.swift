import Foundation
import StanceKit
import Testing

@Suite struct LanguageIdentifierTests {
    @Test(arguments: [
        ("中国政府今天发表声明，表示将继续推进改革开放。", Language.zhHans),
        ("中國政府今天發表聲明，表示將繼續推進改革開放。", .zhHant),
        ("臺灣", .zhHant),
        // 台 is changed by s2t (台 → 臺) and 灣 by t2s: a tie, which goes to zh-Hans.
        ("台灣", .zhHans),
        ("台湾", .zhHans),
        ("人民", .zhHans),
        ("美国总统 Biden 今天在白宫发表讲话，谈到了中美关系的未来。", .zhHans),
        ("美國總統 Biden 今天在白宮發表講話", .zhHant),
        ("The government said that it would continue to reform the economy.", .en),
        ("China is building more ships", .en),
        ("The Chinese term 中国 means Middle Kingdom and is used in the name of the country.", .en),
        ("Nguyễn Phú Trọng met the Chinese leader in Beijing on Tuesday.", .en),
        ("Chính phủ Việt Nam cho biết sẽ tiếp tục cải cách kinh tế.", .vi),
        ("Hà Nội", .vi),
        ("Tổng thống Mỹ Donald Trump nói rằng ông sẽ đến Việt Nam.", .vi),
        ("Trung Quốc và Việt Nam ký kết thỏa thuận hợp tác", .vi),
        ("Le gouvernement français a annoncé une réforme des retraites.", .other),
        ("Beijing warns Washington", .other),
        ("東京の天気は晴れです。ありがとうございます。", .other),
        ("서울은 오늘 맑습니다", .other),
        ("Правительство заявило о реформе", .other),
        ("12345 !!! ...", .other),
        ("", .other),
    ])
    func identifies(text: String, expected: Language) {
        #expect(LanguageIdentifier.identify(text) == expected)
    }

    @Test func identifiesDecomposedVietnamese() {
        let text = "Chính phủ Việt Nam cho biết sẽ tiếp tục cải cách kinh tế.".decomposedStringWithCanonicalMapping
        #expect(text.unicodeScalars.contains { $0.value == 0x0301 })
        #expect(LanguageIdentifier.identify(text) == .vi)
    }

    @Test func upperCaseFunctionWordsCount() {
        #expect(LanguageIdentifier.identify("THE PARTY AND THE STATE") == .en)
        #expect(LanguageIdentifier.identify("CỦA NHỮNG NGƯỜI DÂN") == .vi)
    }

    @Test func normaliserReportsTheLanguage() throws {
        let normalizer = try TextNormalizer(options: .init())
        #expect(normalizer.normalize("The party and the state").language == .en)
        #expect(normalizer.normalize("Những người dân của Hà Nội").language == .vi)
        #expect(normalizer.normalize("中國的發展").language == .zhHant)
        #expect(normalizer.normalize("中国的发展").language == .zhHans)
    }
}
