import Testing

@testable import StanceKit

/// The quick fold (no Foundation) must give exactly what the NFKC fold gives, and must be the path common lines take.
@Suite struct CleaningLabelsQuickFoldTests {
    /// Lines the project wrote in the four languages, with the casing, spacing, full-width forms and edge marks of
    /// scraped pages.
    static let lines = [
        "Read More »", "  SHARE THIS ARTICLE  ", "Skip to Content", "» Related:", "•  Subscribe now  •", "0:00 / 2:35",
        "往下看更多文章", "延伸閱讀：", "【相关阅读】", "分享到　Facebook", "ＲＥＡＤ　ＭＯＲＥ", "字體大小 ＸＳ ＳＭ",
        "「推荐阅读」", "《你可能感興趣》", "Đọc thêm", "TIN LIÊN QUAN", "Xem thêm >>", "ĐĂNG KÝ NHẬN TIN", "Ẩn quảng cáo",
        "ƠN Ư", "İstanbul", "Ǎ ǎ", "© Morning Herald · «Tin»", "— Back to top —", "‘Quoted’ “twice”", "1/2/3",
        "ÀÉÎÕÜ ×÷",
    ]

    @Test(arguments: lines) func quickFoldMatchesTheNFKCFold(_ line: String) throws {
        let quick = try #require(CleaningLabels.quickFold(line.unicodeScalars), "\(line) should take the quick path")
        #expect(quick == CleaningLabels.slowFold(line))
        #expect(CleaningLabels.fold(line) == CleaningLabels.slowFold(line))
    }

    /// Scalars whose NFKC form differs, or that compose with their neighbour, go to Foundation, and the fold is
    /// still right.
    @Test(arguments: [
        "Read more…", "ﬁnd more", "½ price", "e\u{301}dition", "Tie\u{302}\u{301}ng Vie\u{323}\u{302}t", "한국어",
        "ẛ", "Ǆ", "ⅫFEATURES", "㎞ away", "\u{200B}Share",
    ])
    func otherScalarsTakeTheFoundationPath(_ line: String) {
        #expect(CleaningLabels.quickFold(line.unicodeScalars) == nil)
        #expect(CleaningLabels.fold(line) == CleaningLabels.slowFold(line))
    }

    @Test func foldedFormsAreTheListForms() {
        #expect(CleaningLabels.fold("ＲＥＡＤ　ＭＯＲＥ »") == "readmore")
        #expect(CleaningLabels.fold("【延伸閱讀】") == "延伸閱讀")
        #expect(CleaningLabels.fold("TIN LIÊN QUAN:") == "tinliênquan")
    }
}
