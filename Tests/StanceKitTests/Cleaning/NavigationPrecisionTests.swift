import StanceKit
import Testing

/// The navigation rule on the lists that belong to an article (schedules, name lists, enumerated references,
/// verse, hard-wrapped lines, address lists) against sidebars of other articles' headlines; and time codes. Every
/// text written by the project.
@Suite struct NavigationPrecisionTests {
    static let body = """
        政府上月公布的港口擴建計劃原定今年夏天動工，但多個環保團體昨日聯署，要求當局重新評估工程對紅樹林的影響。
        發展局回應說，工程已完成兩輪諮詢，並承諾設立專款修復受影響的濕地，同時邀請學者參與監察。

        """

    /// Lists of the article itself: each stays whole.
    @Test(arguments: [
        // A match schedule: times and scores.
        "今晚及明日凌晨賽事\n晚上8時 東區流浪 對 南區飛馬 分組賽\n晚上10時 北區海鷗 對 西區雄鷹 分組賽\n凌晨2時 中區火箭 對 離島旋風 決賽週",
        // Candidates with their notes in brackets.
        "李大文（現任議員競逐連任、護士協會主席）\n陳小明（專職醫療人員及護士協會幹事）\n黃美玲（前醫院聯會主席兼社區代表）\n何志強（護士訓練學校校長兼講師）",
        // A grid of names.
        "支持聲明的議員\n李大文 陳小明 黃美玲 何志強 張家樂\n林子健 吳嘉欣 梁志偉 鄭家豪 周文傑\n趙子龍 孫小芳 朱大衛 馬麗華 胡國強\n簡單 方正 白雲 高山 楊柳",
        // Enumerated references.
        "(1) 李大文〈港口與城市〉，《城市評論》第三期\n(2) 陳小明〈紅樹林的價值〉，《自然季刊》夏季號\n(3) 黃美玲〈濕地修復的經驗〉，《環境論壇》\n(4) 何志強〈諮詢制度的局限〉，《公共行政學報》",
        // A timeline.
        "2019年 環保團體首次提出反對意見書\n2020年 政府委託顧問公司進行環境評估\n2021年 第一輪公眾諮詢正式展開並收集意見\n2022年 第二輪公眾諮詢結束並公布總結報告",
    ])
    func articleListsAtTheEndStay(_ ending: String) throws {
        let text = Self.body + ending
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.isEmpty, "\(ending)")
    }

    @Test func verseAfterShortLinesStays() throws {
        let text = """
            那一夜的街燈
            照著回家的路
            我們沒有說話
            只是一直向前走？
            雨水打在舊報紙的標題上面慢慢化開
            遠處的鐘聲提醒我們天快要亮了起來
            城市醒來之前總有一段安靜的時光
            我們把這些記憶收進抽屜的最深處
            """
        let cleaned = try projectCleaner().clean(text)
        #expect(cleaned.removals.isEmpty)
    }

    /// Hard-wrapped English lines start in lower case; e-mail lists carry addresses: neither is a sidebar.
    @Test func hardWrappedLinesAndAddressListsStay() throws {
        let paragraph = """
            The harbour authority approved a plan on Monday to dredge the eastern channel of the harbour at night, \
            when container ships and fishing boats are fewest, so that the channel can take larger vessels.

            """
        for ending in [
            "Officials said the dredging would begin in May and\nwould take about six weeks to finish, with work\nstopping during the annual regatta and resuming\nafter the fishing fleet returns to the harbour",
            "Harbour office contacts\nPort operations desk ops-desk@harbour.example\nFishing permits office permits@harbour.example\nNight works hotline nightworks@harbour.example",
        ] {
            let cleaned = try projectCleaner().clean(paragraph + ending)
            #expect(cleaned.removals.isEmpty, "\(ending)")
        }
    }

    /// Other articles' titles after the body go, in both Chinese scripts, English and Vietnamese, with a
    /// `Name: quote` headline among them.
    @Test(arguments: [
        "〈山區小學的新圖書館〉\n陳小明：濕地修復需要更長時間觀察成效\n【觀點】港口擴建與城市發展的兩難\n天文台預計週四山區有大雪 駕駛人士宜小心",
        "山区小学在校友捐助下建成新图书馆\n李大文：湿地修复需要更长时间观察成效\n国家博物馆明年将向巡回展览出借青铜器\n职业学院教师投票接受加薪方案结束争议",
        "Chess club founded by railway workers turns fifty\nFerry timetable changes from Sunday across the bay\nMayor: the new library will open before the winter\nVolunteers plant mangroves along the northern shore",
        "Giá vàng trong nước tăng nhẹ phiên đầu tuần\nĐội tuyển bóng chuyền nữ giành vé dự giải châu Á\nThư viện công cộng kéo dài giờ mở cửa vào Chủ nhật\nCác kỹ sư bắt đầu thay cáp của cây cầu treo",
    ])
    func otherArticlesTitlesGo(_ sidebar: String) throws {
        let text = Self.body + sidebar
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.navigationRun], "\(sidebar)")
        #expect(cleaned.text == Self.body)
    }

    @Test func clockTimesStayAndPlayerCodesGo() throws {
        let live = "- 14:59 -\n法官批准被告保釋，須每週到警署報到。\n- 12:44 -\n法庭休庭，下午再開。"
        #expect(try projectCleaner().clean(live).removals.isEmpty)
        let player = "please wait\n0:00 / 2:35\n東海漁業協議下週在台北簽署，兩國官員出席儀式。\n0:05:27"
        let cleaned = try projectCleaner().clean(player)
        expectReassembles(player, cleaned)
        #expect(cleaned.text == "東海漁業協議下週在台北簽署，兩國官員出席儀式。\n")
    }
}
