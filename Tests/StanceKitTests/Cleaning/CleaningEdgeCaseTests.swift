import Foundation
import StanceKit
import Testing

/// Two misses of the per-document rules seen on real corpora, in the four languages (texts written by the project):
/// a sentence whose closing quotes are spaced (`. ''`, as tokenised corpora print them) read as a headline, and a
/// related-links list near the top of an article that cut the whole article after it.
@Suite struct CleaningEdgeCaseTests {
    struct QuotedEnding: Sendable, CustomTestStringConvertible {
        var language: String
        var body: String
        /// A short last sentence of the body whose closing quotes follow a space.
        var quote: String
        /// Four headlines of other articles after it.
        var headlines: [String]
        var testDescription: String { language }
    }

    static let quotedEndings: [QuotedEnding] = [
        QuotedEnding(
            language: "en",
            body: """
                The harbour authority said on Monday that the eastern channel would be dredged at night from May, \
                when container ships and fishing boats are fewest, so that larger vessels can reach the new berths.
                Fishing crews who use the channel before dawn were told to check the notices posted at the harbour \
                office each week, and the authority promised to keep one lane open at every hour of the night.
                """,
            quote: "`` We will keep one lane open every night , '' the harbour master said . ''",
            headlines: [
                "Storm warning issued for the northern coast ahead of the weekend",
                "Ferry timetable changes from Sunday for the island routes",
                "New fish market opens at the old railway yard downtown",
                "City council votes to extend the seafront cycle path again",
            ]),
        QuotedEnding(
            language: "vi",
            body: """
                Cảng vụ cho biết luồng phía đông sẽ được nạo vét vào ban đêm từ tháng Năm, khi tàu container và tàu \
                cá qua lại ít nhất, để các tàu lớn hơn có thể vào những bến mới xây dựng trong năm ngoái.
                Các đội tàu cá thường ra khơi trước bình minh được đề nghị theo dõi thông báo dán tại văn phòng cảng \
                mỗi tuần, và cảng vụ cam kết luôn giữ một làn tàu thông suốt vào mọi giờ trong đêm.
                """,
            quote: "`` Chúng tôi sẽ giữ một làn thông suốt mỗi đêm , '' giám đốc cảng nói . ''",
            headlines: [
                "Cảnh báo bão cho vùng biển phía bắc trước cuối tuần này",
                "Thay đổi lịch chạy phà tuyến đảo từ ngày Chủ nhật tới",
                "Chợ cá mới khai trương tại khu ga đường sắt cũ của thành phố",
                "Hội đồng thành phố quyết định kéo dài đường xe đạp ven biển",
            ]),
        QuotedEnding(
            language: "zh-Hant",
            body: """
                港務局週一表示，東面航道將由五月起在晚間進行疏浚工程，因為那時貨櫃船和漁船的往來最少，完工後較大的船隻便可以駛進新建的碼頭。
                清晨出海的漁民被要求每星期留意港務局辦事處張貼的通告，港務局亦承諾在夜間每個時段都保留一條航道暢通。
                """,
            quote: "船長們問：「『為甚麼要到五月才開工？ 』」",
            headlines: [
                "北部沿岸週末前發出風暴警告漁船須提早回港",
                "離島渡輪航線由下週日起實施新的班次時間表",
                "新魚市場在舊鐵路貨場開幕首日吸引大批市民",
                "市議會通過延長海濱單車徑至東面新發展區",
            ]),
        QuotedEnding(
            language: "zh-Hans",
            body: """
                港务局周一表示，东面航道将从五月起在晚间进行疏浚工程，因为那时集装箱船和渔船往来最少，完工后较大的船只便可以驶进新建的码头。
                清晨出海的渔民被要求每周留意港务局办事处张贴的通告，港务局也承诺在夜间每个时段都保留一条航道畅通。
                """,
            quote: "船长们问：“‘为什么要到五月才开工？ ’”",
            headlines: [
                "北部沿岸周末前发出风暴警告渔船须提早回港",
                "离岛渡轮航线从下周日起实施新的班次时间表",
                "新鱼市场在旧铁路货场开幕首日吸引大批市民",
                "市议会通过延长海滨自行车道至东面新发展区",
            ]),
    ]

    /// A sentence that ends before spaced closing quotes is body text: the run of headlines after it goes, the
    /// sentence stays.
    @Test(arguments: quotedEndings)
    func spacedClosingQuotesEndASentence(_ example: QuotedEnding) throws {
        let run = example.headlines.joined(separator: "\n")
        let text = example.body + "\n" + example.quote + "\n" + run
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.navigationRun])
        #expect(cleaned.removals.first.map { $0.text(in: text) } == run)
        #expect(cleaned.text.hasSuffix(example.quote + "\n"))
    }

    struct ListNearTheTop: Sendable, CustomTestStringConvertible {
        var language: String
        /// The title and a short lead.
        var lead: String
        /// A related-links heading and its list.
        var list: String
        /// The rest of the article, longer than the lead and in other words.
        var rest: String
        var testDescription: String { language }
    }

    static let listsNearTheTop: [ListNearTheTop] = [
        ListNearTheTop(
            language: "zh-Hant",
            lead: "濕地公園擴建計劃諮詢開始\n漁農自然護理署今日宣布，濕地公園擴建計劃展開為期三個月的公眾諮詢，市民可到各區民政處索取文件。\n",
            list: "相關新聞\n北部沿岸週末前發出風暴警告漁船須提早回港\n離島渡輪航線由下週日起實施新的班次時間表\n新魚市場在舊鐵路貨場開幕首日吸引大批市民\n",
            rest: """
                根據諮詢文件，擴建範圍包括現有魚塘以北約六十公頃的土地，當中一半將改建為候鳥棲息的淺水泥灘，另一半則保留作傳統養魚用途。
                署方預計工程分三期進行，首期會先興建觀鳥屋和木橋，讓學校團體可以在冬季觀察黑臉琵鷺和其他遷徙水鳥的覓食情況。
                有環保團體歡迎計劃，但認為政府應同時檢討鄰近貨倉和停車場的土地用途，否則噪音和燈光仍會干擾雀鳥在晚上休息。
                """),
        ListNearTheTop(
            language: "zh-Hans",
            lead: "湿地公园扩建计划咨询开始\n渔农自然护理署今日宣布，湿地公园扩建计划展开为期三个月的公众咨询，市民可到各区民政处索取文件。\n",
            list: "相关新闻\n北部沿岸周末前发出风暴警告渔船须提早回港\n离岛渡轮航线从下周日起实施新的班次时间表\n新鱼市场在旧铁路货场开幕首日吸引大批市民\n",
            rest: """
                根据咨询文件，扩建范围包括现有鱼塘以北约六十公顷的土地，其中一半将改建为候鸟栖息的浅水泥滩，另一半则保留作传统养鱼用途。
                署方预计工程分三期进行，首期会先兴建观鸟屋和木桥，让学校团体可以在冬季观察黑脸琵鹭和其他迁徙水鸟的觅食情况。
                有环保团体欢迎计划，但认为政府应同时检讨邻近仓库和停车场的土地用途，否则噪音和灯光仍会干扰鸟类在晚上休息。
                """),
        ListNearTheTop(
            language: "en",
            lead: """
                Wetland park extension goes to public consultation
                The conservation department announced today a three-month public consultation on extending the \
                wetland park north of the river, with documents available at every district office.

                """,
            list: """
                Related
                Storm warning issued for the northern coast ahead of the weekend
                Ferry timetable changes from Sunday for the island routes
                New fish market opens at the old railway yard downtown

                """,
            rest: """
                Under the proposal, about sixty hectares of fishponds north of the existing reserve would be \
                converted, half of them into shallow mudflats for migrating birds and half kept for traditional \
                aquaculture by local farmers.
                Engineers expect three phases of construction, beginning with hides and wooden boardwalks so that \
                school groups can watch spoonbills and other waders feeding during winter.
                Environmental groups welcomed the plan but urged officials to review nearby warehouses and parking \
                yards, whose noise and floodlights disturb roosting flocks after dark.
                """),
        ListNearTheTop(
            language: "vi",
            lead: """
                Lấy ý kiến về dự án mở rộng công viên đất ngập nước
                Sở Bảo tồn thiên nhiên hôm nay thông báo bắt đầu ba tháng lấy ý kiến người dân về dự án mở rộng \
                công viên đất ngập nước phía bắc con sông, tài liệu chi tiết có tại mọi văn phòng quận huyện.

                """,
            list: """
                Tin liên quan
                Cảnh báo bão cho vùng biển phía bắc trước cuối tuần này
                Thay đổi lịch chạy phà tuyến đảo từ ngày Chủ nhật tới
                Chợ cá mới khai trương tại khu ga đường sắt cũ của thành phố

                """,
            rest: """
                Theo đề án, khoảng sáu mươi héc-ta ao cá phía trên khu bảo tồn hiện hữu sẽ được chuyển đổi, một nửa \
                thành bãi bùn nông cho chim di cư, nửa còn lại dành cho nghề nuôi cá truyền thống của nông dân.
                Kỹ sư dự kiến thi công ba giai đoạn, khởi đầu bằng chòi quan sát và lối đi gỗ để học sinh có thể \
                ngắm cò thìa cùng nhiều loài chim lội kiếm ăn suốt mùa đông.
                Các nhóm môi trường hoan nghênh kế hoạch nhưng đề nghị chính quyền xem xét kho hàng và bãi đỗ xe lân \
                cận, vì tiếng ồn cùng đèn pha làm phiền đàn chim ngủ đêm.
                """),
    ]

    /// A related-links list near the top of an article goes alone: the article after it stays, even though a short
    /// lead shares few words with it.
    @Test(arguments: listsNearTheTop)
    func relatedListNearTheTopGoesAlone(_ example: ListNearTheTop) throws {
        let text = example.lead + example.list + example.rest
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.appendedMaterial])
        #expect(cleaned.removals.first.map { $0.text(in: text) } == example.list)
        #expect(cleaned.text == example.lead + example.rest)
    }

    /// The same list followed by another article's header (a dateline) still cuts everything after the marker.
    @Test(arguments: listsNearTheTop)
    func listThenAnotherArticleIsCut(_ example: ListNearTheTop) throws {
        let datelines = [
            "zh-Hant": "2024年04月23日 13:07\n", "zh-Hans": "2024年04月23日 13:07\n", "vi": "23/04/2024 08:15\n",
        ]
        let dateline = datelines[example.language] ?? "April 23, 2024\n"
        let text = example.lead + example.list + dateline + example.rest
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.appendedMaterial])
        #expect(cleaned.text == example.lead)
    }
}

/// Settings written before rule revisions existed (models of format version 2 and 3) clean as they always did.
@Suite struct CleaningRevisionTests {
    @Test func settingsWithoutARevisionAreRevisionOne() throws {
        let current = try projectCleaner().settings
        #expect(current.revision == CleaningSettings.currentRevision && current.revision == 2)
        var old = current
        old.revision = 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var json = String(decoding: try encoder.encode(old), as: UTF8.self)
        #expect(!json.contains("revision"))
        json = json.replacingOccurrences(of: "\"minimumRunMedianLength\":10,", with: "")
        let decoded = try JSONDecoder().decode(CleaningSettings.self, from: Data(json.utf8))
        #expect(decoded.revision == 1)
        #expect(decoded.minimumRunMedianLength == 12)
        let again = try JSONDecoder().decode(CleaningSettings.self, from: try JSONEncoder().encode(current))
        #expect(again == current)
    }

    @Test func revisionOneKeepsTheFirstRules() throws {
        var settings = try projectCleaner().settings
        settings.revision = 1
        settings.minimumRunMedianLength = 12
        let first = DocumentCleaner(settings: settings)
        // Spaced closing quotes: revision 1 took the sentence for a headline and removed it with the run.
        let quoted = CleaningEdgeCaseTests.quotedEndings[0]
        let text = quoted.body + "\n" + quoted.quote + "\n" + quoted.headlines.joined(separator: "\n")
        let cleaned = first.clean(text)
        expectReassembles(text, cleaned)
        #expect(!cleaned.text.contains(quoted.quote))
        // A related list near the top: revision 1 cut the article after it.
        let near = CleaningEdgeCaseTests.listsNearTheTop[2]
        let article = near.lead + near.list + near.rest
        #expect(first.clean(article).text == near.lead)
    }
}

/// Revision 2: lists that belong to the article at its end (written by the project).
@Suite struct OwnListTests {
    static let body = """
        政府上月公布的港口擴建計劃原定今年夏天動工，但多個環保團體昨日聯署，要求當局重新評估工程對紅樹林的影響。
        發展局回應說，工程已完成兩輪諮詢，並承諾設立專款修復受影響的濕地，同時邀請學者參與監察。

        """
    static let headlines = """
        北部沿岸週末前發出風暴警告漁船須提早回港
        離島渡輪航線由下週日起實施新的班次時間表
        新魚市場在舊鐵路貨場開幕首日吸引大批市民
        市議會通過延長海濱單車徑至東面新發展區
        """

    /// A list the text announces with a colon stays; the same lines after `其他文章：` are other articles.
    @Test func aListIntroducedByAColonStays() throws {
        let own = Self.body + "聯署反對工程的團體提出的四項要求如下：\n" + Self.headlines
        let kept = try projectCleaner().clean(own)
        #expect(kept.removals.isEmpty)
        let other = Self.body + "其他文章：\n" + Self.headlines
        let cleaned = try projectCleaner().clean(other)
        expectReassembles(other, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.navigationRun])
        #expect(cleaned.removals.first.map { $0.text(in: other) } == Self.headlines)
    }

    /// Names of one kind (societies, unions) and rows that open with a year stay.
    @Test(arguments: [
        "香港大學學生會建築學會\n香港大學學生會文學院學會\n香港大學學生會經濟及工商管理學會\n香港大學學生會牙醫學會",
        "2010 — Harbour traffic up 12 % on the year before , a record\n2011 — Harbour traffic down 3 % as the new channel opened\n"
            + "2012 — Harbour traffic up 8 % with the ferry routes restored\n2013 — Harbour traffic flat as the dredging began",
    ])
    func listsOfTheArticleStay(_ ending: String) throws {
        let text = Self.body + ending
        let cleaned = try projectCleaner().clean(text)
        #expect(cleaned.removals.isEmpty, "\(ending)")
    }
}
