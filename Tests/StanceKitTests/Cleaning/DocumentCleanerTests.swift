import Foundation
import StanceKit
import Testing
import _StanceTestSupport

/// The project's cleaning labels (`labels/cleaning`), found from the fixtures folder.
var cleaningLabelsDirectory: String {
    URL(fileURLWithPath: fixturesDirectory).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("labels/cleaning").path
}

func projectCleaner(without rules: [CleaningReason] = []) throws -> DocumentCleaner {
    var settings = CleaningSettings(labels: try CleaningLabels(directory: cleaningLabelsDirectory))
    for rule in rules { settings.rules.remove(rule) }
    return DocumentCleaner(settings: settings)
}

/// Checks that the kept pieces and the removed spans, interleaved in order, give the original back character for
/// character, and that the spans are sorted, disjoint and non-empty.
func expectReassembles(
    _ original: String, _ cleaned: CleanedText, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let kept = Array(cleaned.text.unicodeScalars)
    var rebuilt = String.UnicodeScalarView()
    var keptPosition = 0
    var position = 0
    for removal in cleaned.removals {
        #expect(removal.start >= position && removal.end > removal.start, sourceLocation: sourceLocation)
        let length = removal.start - position
        guard keptPosition + length <= kept.count else {
            Issue.record("kept text too short", sourceLocation: sourceLocation)
            return
        }
        rebuilt.append(contentsOf: kept[keptPosition..<(keptPosition + length)])
        keptPosition += length
        rebuilt.append(contentsOf: removal.text(in: original).unicodeScalars)
        position = removal.end
    }
    rebuilt.append(contentsOf: kept[keptPosition...])
    #expect(String(rebuilt) == original, sourceLocation: sourceLocation)
    #expect(
        kept.count + cleaned.removals.reduce(0) { $0 + $1.end - $1.start } == original.unicodeScalars.count,
        sourceLocation: sourceLocation)
}

/// Texts the project wrote in the four languages, each mimicking a kind of clutter seen in scraped news.
enum CleaningFixtures {
    /// A broadcaster's page (Traditional Chinese): accessibility and breaking-news links, a caption and the title
    /// printed twice, player strings and time codes, font-size buttons at the end.
    static let broadcaster = """
        無障礙鏈接

        突發新聞

        東海漁業協議下週在台北簽署

        兩國官員在港口參觀新建的漁業研究船(資料照片)
        兩國官員在港口參觀新建的漁業研究船(資料照片)
        東海漁業協議下週在台北簽署
        please wait

        No media source currently available

        0:00 0:02:41 0:00

        兩國漁業部門星期二宣布,雙方將在下週簽署一項為期五年的漁業合作協議,涵蓋捕撈配額和海上救援。

        一位參與談判的官員說,協議的核心是共享漁船位置資料,以減少海上衝突。

        XS
        SM
        MD
        LG
        """

    /// A social-media post (Simplified Chinese) whose body is printed twice under one headline.
    static let doubledPost = """
        【湄公河航运新规引发争议 下游国家表达关切】
        上游国家近日宣布调整湄公河航运规则,要求过往船只提前七天申报,下游国家认为此举影响正常贸易。
        多位航运业者表示,新规将使运输成本上升,小型船主首当其冲。
        分析人士指出,流域国家应当通过现有协调机制解决分歧,而不是单方面改变规则。
        上游国家近日宣布调整湄公河航运规则,要求过往船只提前七天申报,下游国家认为此举影响正常贸易。
        多位航运业者表示,新规将使运输成本上升,小型船主首当其冲。
        分析人士指出,流域国家应当通过现有协调机制解决分歧,而不是单方面改变规则。
        """

    /// A column (Traditional Chinese) with another, older column appended after a continuation marker.
    static let column = """
        Skip to Content Facebook Feature Image

        港口擴建計劃再生變數 環保團體要求重新評估

        博客文章

        港口擴建計劃再生變數 環保團體要求重新評估

        2023年03月14日 09:20 最後更新:09:35

        政府上月公布的港口擴建計劃,原定今年夏天動工,但多個環保團體昨日聯署,要求當局重新評估工程對紅樹林的影響。

        發展局回應說,工程已完成兩輪諮詢,並承諾設立專款修復受影響的濕地。

        往下看更多文章

        山區小學的新圖書館

        2022年11月02日 16:40 最後更新:16:45

        一所山區小學在校友捐助下建成新圖書館,藏書超過三千冊,學生每週可借閱兩本。

        你 或 有 興 趣 的 文 章
        """

    /// A Vietnamese news page: a video teaser label in the body, then sidebars of headlines after markers.
    static let portal = """
        Hợp tác nghề cá giữa hai nước bước sang giai đoạn mới
        Bộ trưởng hai nước đã ký biên bản ghi nhớ về chia sẻ dữ liệu tàu cá trong chuyến thăm ngày 12/3.
        Video đang HOT
        Theo thỏa thuận, hai bên sẽ lập đường dây nóng để xử lý sự cố trên biển và tổ chức diễn tập cứu nạn chung hằng năm.
        Các chuyên gia đánh giá thỏa thuận góp phần giảm căng thẳng tại vùng biển chồng lấn.

        Tin mới nhất

        Giá vàng trong nước tăng nhẹ phiên đầu tuần

        Đội tuyển bóng chuyền nữ giành vé dự giải châu Á

        Mưa lớn gây ngập nhiều tuyến phố ở miền Trung
        Có thể bạn quan tâm

        Ca sĩ trẻ ra mắt album đầu tay
        Giải trí
        21:14:05 03/04/2024
        """

    /// A Vietnamese article that ends in a run of headlines with no marker before them.
    static let portalSidebar = """
        Nhiều địa phương bắt đầu thu hoạch lúa vụ đông xuân với năng suất cao hơn năm trước.
        Ngành nông nghiệp khuyến cáo nông dân theo dõi thời tiết để chủ động lịch thu hoạch.
        Giá vàng trong nước tăng nhẹ phiên đầu tuần
        Đội tuyển bóng chuyền nữ giành vé dự giải châu Á
        Mưa lớn gây ngập nhiều tuyến phố ở miền Trung
        Khánh thành cây cầu mới nối hai bờ sông
        Triển lãm tranh thiếu nhi mở cửa miễn phí
        """

    /// An English article with share buttons, an inline "Read more" link, a headline run in the middle and a
    /// "Most read" list at the end.
    static let harbour = """
        Harbour authority approves night-time dredging

        The harbour authority on Monday approved a plan to dredge the eastern channel at night, when ship traffic is lightest.
        Share Facebook Twitter Email
        Officials said the work would take six weeks and cost about 4 million dollars.
        Read more: Fishing fleet returns early as storm season begins
        Residents near the channel have asked for noise limits after 10 p.m., and the authority said it would publish a schedule.
        Local bakery wins regional bread contest
        School board delays vote on new calendar
        City library extends weekend hours
        Marathon route changes for bridge repairs
        The first dredger is expected to arrive next week, the authority said.

        Most read
        Storm warning issued for the northern coast
        Ferry timetable changes from Sunday
        """

    /// An English article in which a "Related" heading is followed by more of the same story.
    static let relatedContinuation = """
        The harbour authority approved a plan on Monday to dredge the eastern channel of the harbour at night, \
        when container ships and fishing boats are fewest, so that the channel can take larger vessels.
        Related
        The dredging plan for the eastern channel was first proposed two years ago, when larger container ships \
        began calling at the harbour and the channel proved too shallow for the vessels at low tide; the harbour \
        authority said night dredging would keep the channel open to fishing boats.
        """
}

@Suite struct DocumentCleanerTests {
    func removed(_ text: String, _ cleaned: CleanedText) -> [(CleaningReason, String)] {
        cleaned.removals.map { ($0.reason, $0.text(in: text)) }
    }

    @Test func broadcasterPageLosesInterfaceStringsAndRepeats() throws {
        let text = CleaningFixtures.broadcaster
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        let removals = removed(text, cleaned)
        #expect(removals.map(\.0) == [.interfaceString, .repeatedParagraph, .interfaceString, .interfaceString])
        #expect(removals[0].1 == "無障礙鏈接\n\n突發新聞\n")
        // The caption printed twice in a row loses its copy; the short title, repeated apart, stays.
        #expect(removals[1].1 == "兩國官員在港口參觀新建的漁業研究船(資料照片)\n")
        #expect(removals[2].1 == "please wait\n\nNo media source currently available\n\n0:00 0:02:41 0:00\n")
        #expect(removals[3].1 == "XS\nSM\nMD\nLG")
        #expect(cleaned.text.contains("(資料照片)\n東海漁業協議下週在台北簽署\n\n兩國漁業部門"))
        #expect(cleaned.text.hasSuffix("以減少海上衝突。\n\n"))
    }

    @Test func doubledBodyKeepsTheFirstCopy() throws {
        let text = CleaningFixtures.doubledPost
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        let lines = text.split(separator: "\n")
        #expect(cleaned.removals.count == 1)
        #expect(cleaned.removals[0].reason == .repeatedParagraph)
        #expect(cleaned.text == lines[0...3].joined(separator: "\n") + "\n")
        // Off: nothing is removed.
        let kept = try projectCleaner(without: [.repeatedParagraph]).clean(text)
        #expect(kept.text == text && kept.removals.isEmpty)
    }

    @Test(arguments: [
        ("湄公河沿岸居民组织志愿者清理河道垃圾。", ""),
        ("The council approved the new budget on Tuesday.", " "),
        ("Hội đồng đã thông qua ngân sách mới vào thứ Ba.", "\n\n"),
        ("市議會週二通過新預算。", "\u{3000}"),
    ])
    func textThatIsItselfTwiceKeepsOneCopy(once: String, gap: String) throws {
        let text = once + gap + once
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.text.trimmingCharacters(in: .whitespacesAndNewlines) == once)
        #expect(cleaned.removals.map(\.reason) == [.repeatedParagraph])
    }

    @Test func appendedColumnAfterAMarkerIsCut() throws {
        let text = CleaningFixtures.column
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        let removals = removed(text, cleaned)
        #expect(removals.map(\.0) == [.interfaceString, .appendedMaterial])
        #expect(removals[0].1 == "Skip to Content Facebook Feature Image\n")
        #expect(removals[1].1.hasPrefix("往下看更多文章\n\n山區小學的新圖書館"))
        #expect(removals[1].1.hasSuffix("你 或 有 興 趣 的 文 章"))
        #expect(cleaned.text.hasSuffix("並承諾設立專款修復受影響的濕地。\n\n"))
        #expect(!cleaned.text.contains("圖書館"))
        // The rule switched off keeps the appended column.
        let kept = try projectCleaner(without: [.appendedMaterial]).clean(text)
        #expect(kept.text.contains("圖書館"))
        expectReassembles(text, kept)
    }

    @Test func vietnameseSidebarsAfterMarkersAreCut() throws {
        let text = CleaningFixtures.portal
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        let removals = removed(text, cleaned)
        #expect(removals.map(\.0) == [.interfaceString, .appendedMaterial])
        #expect(removals[0].1 == "Video đang HOT\n")
        #expect(removals[1].1.hasPrefix("Tin mới nhất\n"))
        #expect(removals[1].1.hasSuffix("21:14:05 03/04/2024"))
        #expect(cleaned.text.hasSuffix("tại vùng biển chồng lấn.\n\n"))
    }

    @Test func headlineRunWithoutAMarkerIsNavigation() throws {
        let text = CleaningFixtures.portalSidebar
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.navigationRun])
        #expect(removed(text, cleaned)[0].1.hasPrefix("Giá vàng trong nước"))
        #expect(cleaned.text.hasSuffix("chủ động lịch thu hoạch.\n"))
        // Four headlines are a run; three are not.
        let three = text.split(separator: "\n").prefix(5).joined(separator: "\n")
        #expect(try projectCleaner().clean(three).removals.isEmpty)
        let off = try projectCleaner(without: [.navigationRun]).clean(text)
        #expect(off.removals.isEmpty)
    }

    @Test func englishPageLosesButtonsLinksRunsAndLists() throws {
        let text = CleaningFixtures.harbour
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        let removals = removed(text, cleaned)
        #expect(removals.map(\.0) == [.interfaceString, .appendedMaterial, .appendedMaterial])
        #expect(removals[0].1 == "Share Facebook Twitter Email\n")
        #expect(removals[1].1 == "Read more: Fishing fleet returns early as storm season begins\n")
        #expect(removals[2].1.hasPrefix("Most read\nStorm warning"))
        // A run of short lines inside the body is a list to the cleaner, not page furniture: it stays.
        #expect(cleaned.text.contains("publish a schedule.\nLocal bakery"))
        #expect(cleaned.text.hasPrefix("Harbour authority approves night-time dredging\n"))
        let noInterface = try projectCleaner(without: [.interfaceString]).clean(text)
        #expect(noInterface.text.contains("Share Facebook Twitter Email"))
    }

    @Test func relatedHeadingFollowedByTheSameStoryIsKept() throws {
        let text = CleaningFixtures.relatedContinuation
        let cleaned = try projectCleaner().clean(text)
        #expect(cleaned.removals.isEmpty)
        #expect(cleaned.text == text)
    }

    @Test func listsTablesAndVerseAtTheEndAreNotNavigation() throws {
        let body = "市政府今日公布新一輪的交通改善措施，涵蓋巴士路線重組和行人過路設施。\n"
        let endings = [
            "1. 增加巴士班次至每十分鐘一班\n2. 在主要路口加設行人過路燈號\n3. 重新規劃學校附近的接送區\n4. 檢討路旁停車位的收費安排",
            "| 地區 | 巴士線 |\n| 東區 | 十二條 |\n| 西區 | 九條 |\n| 南區 | 七條 |",
            "春風吹過舊街\n燈影落在河邊\n我們走過長夜\n等待新的一天\n雨後的石板路",
            "支持新措施 45%\n反對新措施 30%\n沒有意見 20%\n不知道 5%",
        ]
        for ending in endings {
            let cleaned = try projectCleaner().clean(body + ending)
            #expect(cleaned.removals.isEmpty, "\(ending)")
        }
    }

    @Test func relatedListInsideTheBodyGoesAloneWhenTheStoryGoesOn() throws {
        let text = """
            The harbour authority approved a plan on Monday to dredge the eastern channel of the harbour at night, \
            when container ships and fishing boats are fewest, so that the channel can take larger vessels.
            Related
            Storm warning issued for the northern coast
            Ferry timetable changes from Sunday
            The dredging plan for the eastern channel was first proposed two years ago, when larger container ships \
            began calling at the harbour and the channel proved too shallow for the vessels at low tide; the harbour \
            authority said night dredging would keep the channel open to fishing boats.
            """
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.removals.map(\.reason) == [.appendedMaterial])
        #expect(
            removed(text, cleaned)[0].1
                == "Related\nStorm warning issued for the northern coast\nFerry timetable changes from Sunday\n")
        #expect(cleaned.text.contains("first proposed two years ago"))
    }

    @Test func titleBlockAtTheTopIsNotANavigationRun() throws {
        let text = """
            Harbour dredging to start in May
            Night work approved
            By a staff reporter
            Updated Monday
            The harbour authority approved night dredging of the eastern channel on Monday.
            """
        let cleaned = try projectCleaner().clean(text)
        #expect(cleaned.removals.isEmpty)
    }

    @Test func everyFixtureReassemblesUnderEveryRuleSubset() throws {
        let texts = [
            CleaningFixtures.broadcaster, CleaningFixtures.doubledPost, CleaningFixtures.column,
            CleaningFixtures.portal, CleaningFixtures.portalSidebar, CleaningFixtures.harbour,
            CleaningFixtures.relatedContinuation, "", "\n\n", "一", "a\r\nb\r\na\r\n", "x\u{3000}\ny \u{A0}\n",
        ]
        let rules = CleaningReason.perDocument
        for mask in 0..<(1 << rules.count) {
            let off = rules.indices.filter { mask & (1 << $0) != 0 }.map { rules[$0] }
            let cleaner = try projectCleaner(without: off)
            for text in texts {
                let cleaned = cleaner.clean(text)
                expectReassembles(text, cleaned)
                for removal in cleaned.removals { #expect(!off.contains(removal.reason)) }
                // Cleaning is idempotent on what it keeps.
                #expect(cleaner.clean(cleaned.text).text == cleaned.text || !cleaned.removals.isEmpty)
            }
        }
    }

    @Test func crlfLinesRepeatAsLines() throws {
        let long = "第一段文字說明市政府今日公布新一輪的交通改善措施與時間表。"
        let text = "\(long)\r\n第二段文字。\r\n\(long)\r\n"
        let cleaned = try projectCleaner().clean(text)
        expectReassembles(text, cleaned)
        #expect(cleaned.text == "\(long)\r\n第二段文字。\r\n")
        // A short line repeated apart is content (a question asked of each person interviewed).
        let interview = "1. 你如何看待新措施？\r\n甲：很好。\r\n1. 你如何看待新措施？\r\n乙：不好。\r\n"
        #expect(try projectCleaner().clean(interview).removals.isEmpty)
    }

    @Test func labelFilesAreFoldedAndCheckedLineByLine() throws {
        #expect(CleaningLabels.fold(" Read  MORE » ") == "readmore")
        #expect(CleaningLabels.fold("你 或 有 興 趣 的 文 章") == "你或有興趣的文章")
        let parsed = try CleaningLabels.parseList(
            "marker\tlang\tnote\n# c\nRead more\ten\n\nread more:\t\n", file: "m.tsv")
        #expect(parsed == ["readmore"])
        #expect(throws: TableFileError.self) { try CleaningLabels.parseList("Read more\tfr\n", file: "m.tsv") }
        do {
            _ = try CleaningLabels.parseList("ok\n» :\t\n", file: "m.tsv")
            Issue.record("an empty entry should be refused")
        } catch {
            #expect(error.location.line == 2)
            #expect(error.description.hasPrefix("m.tsv:2: "))
        }
    }

    @Test func settingsRoundTripThroughJSON() throws {
        var settings = CleaningSettings(labels: try CleaningLabels(directory: cleaningLabelsDirectory))
        settings.rules.remove(.navigationRun)
        let data = try JSONEncoder().encode(settings)
        #expect(try JSONDecoder().decode(CleaningSettings.self, from: data) == settings)
        #expect(
            String(decoding: data, as: UTF8.self).contains(
                #""rules":["appended_material","interface_string","repeated_paragraph"]"#))
    }
}
