import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct HTMLTextTests {
    /// A page with boilerplate nested the way saved news pages nest it: nav inside header inside div, an aside inside
    /// the article, a form, scripts and styles in head and body.
    static func page(title: String, h1: String?, paragraphs: [String], lang: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)"><head><meta charset="utf-8"><title>\(title)</title>
        <style>body { color: red; }</style><script>var tracking = "SCRIPT TEXT";</script></head>
        <body><div class="page">
          <header><div class="top"><nav><ul><li><a href="/">NAV HOME</a></li><li>NAV WORLD</li></ul></nav>
            <div class="logo">HEADER LOGO</div></div></header>
          <div class="main"><article>
            \(h1.map { "<h1>\($0)</h1>" } ?? "")
            <p>\(paragraphs[0])</p>
            <div><p>\(paragraphs[1])<br>\(paragraphs[2])</p>
              <aside><h3>ASIDE RELATED</h3><ul><li>ASIDE ITEM</li></ul></aside></div>
            <form><label>FORM LABEL</label><input name="q"><button>FORM BUTTON</button></form>
            <ul><li>\(paragraphs[3])</li></ul>
            <noscript>NOSCRIPT TEXT</noscript><iframe src="x">IFRAME TEXT</iframe>
            <template><p>TEMPLATE TEXT</p></template>
            <table><tr><td>cell one</td><td>cell two</td></tr></table>
          </article></div>
          <footer><div><p>FOOTER COPYRIGHT</p><nav>FOOTER NAV</nav></div></footer>
          <script>document.write("BODY SCRIPT")</script>
        </div></body></html>
        """
    }

    static let languages: [(lang: String, title: String, h1: String, paragraphs: [String])] = [
        ("zh-Hans", "港口新闻 - 示例网", "港口吞吐量连续下降", ["管理局周一表示，吞吐量下降。", "原因是需求减弱。", "两条航线暂停。", "记者：示例"]),
        ("zh-Hant", "教師投票 - 示例網", "教師接受加薪方案", ["職業學院的教師投票。", "薪金分兩步上調。", "爭議結束。", "記者：示例"]),
        (
            "en", "Harbour traffic - Example", "Harbour traffic falls",
            ["The authority said traffic fell.", "Demand is weaker.", "Two routes closed.", "By a reporter"]
        ),
        (
            "vi", "Thư viện - Ví dụ", "Thư viện mở cửa Chủ nhật",
            ["Thư viện kéo dài giờ mở cửa.", "Sinh viên cần chỗ học.", "Phòng đọc đóng lúc sáu giờ.", "Phóng viên"]
        ),
    ]

    @Test func nestedBoilerplateIsDroppedAndBlocksBecomeLines() throws {
        for language in Self.languages {
            let html = Self.page(
                title: language.title, h1: language.h1, paragraphs: language.paragraphs, lang: language.lang)
            let text = try HTMLText.extract(Array(html.utf8))
            #expect(
                text.split(separator: "\n").map(String.init)
                    == [language.h1] + language.paragraphs + ["cell one cell two"])
            for marker in ["NAV", "HEADER", "ASIDE", "FORM", "SCRIPT", "NOSCRIPT", "IFRAME", "TEMPLATE", "FOOTER"] {
                #expect(!text.contains(marker), "\(marker) in \(language.lang)")
            }
        }
    }

    @Test func titleIsTheFirstLineWithoutAnH1() throws {
        let language = Self.languages[1]
        let html = Self.page(title: language.title, h1: nil, paragraphs: language.paragraphs, lang: language.lang)
        let text = try HTMLText.extract(Array(html.utf8))
        #expect(text.split(separator: "\n").first.map(String.init) == language.title)
        #expect(text.split(separator: "\n").count == 6)
    }

    @Test func entitiesAreDecodedAndWhiteSpaceFolded() throws {
        let html = "<p>中共&amp;當局 &lt;b&gt; &#20013;&#x6587; caf&eacute;&nbsp;ngày\n\n   mới</p><p>  </p><p>x</p>"
        let text = try HTMLText.extract(Array(html.utf8))
        // A no-break space folds like any other white space.
        #expect(text == "中共&當局 <b> 中文 café ngày mới\nx")
    }

    @Test func declaredCharsetsDecodeNonUTF8Pages() throws {
        // 中文 in GB2312/GB18030 is D6 D0 CE C4, in Big5 A4 A4 A4 E5; é in ISO-8859-1 is E9.
        let gb: [UInt8] =
            Array(#"<html><head><meta charset="gb18030"></head><body><p>"#.utf8) + [0xD6, 0xD0, 0xCE, 0xC4]
            + Array("</p></body></html>".utf8)
        #expect(try HTMLText.extract(gb) == "中文")
        let big5: [UInt8] =
            Array(#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=Big5"></head><p>"#.utf8)
            + [0xA4, 0xA4, 0xA4, 0xE5] + Array("</p>".utf8)
        #expect(try HTMLText.extract(big5) == "中文")
        let latin: [UInt8] = Array(#"<meta charset='iso-8859-1'><p>caf"#.utf8) + [0xE9] + Array("</p>".utf8)
        #expect(try HTMLText.extract(latin) == "café")
    }

    @Test func undeclaredOrUnknownCharsetsAreErrors() {
        let bytes: [UInt8] = Array("<p>".utf8) + [0xD6, 0xD0] + Array("</p>".utf8)
        #expect(throws: HTMLError.undeclaredEncoding) { try HTMLText.extract(bytes) }
        let unknown: [UInt8] = Array(#"<meta charset="x-no-such-charset"><p>"#.utf8) + [0xD6, 0xD0]
        #expect(throws: HTMLError.unsupportedEncoding("x-no-such-charset")) { try HTMLText.extract(unknown) }
    }

    @Test func readerTakesHTMLFilesDirectoriesAndFields() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let english = Self.languages[2]
        let page = Self.page(title: english.title, h1: english.h1, paragraphs: english.paragraphs, lang: "en")
        let single = try directory.write("page.html", page)
        let documents = try CorpusReader.readAll(paths: [single]).documents
        #expect(documents.count == 1)
        #expect(documents[0].id == "page.html")
        #expect(documents[0].text.hasPrefix(english.h1 + "\n" + english.paragraphs[0]))

        _ = try directory.write(
            "site/VOA/a.htm", Self.page(title: "t", h1: "越南", paragraphs: ["a", "b", "c", "d"], lang: "vi"))
        _ = try directory.write("site/VOA/b.txt", "plain text document")
        var options = CorpusOptions()
        options.sourceFromDirectory = true
        let folder = try CorpusReader.readAll(paths: [directory.path + "/site"], options: options).documents
        #expect(folder.map(\.id) == ["VOA/a.htm", "VOA/b.txt"])
        #expect(folder[0].text == "越南\na\nb\nc\nd\ncell one cell two")
        #expect(folder.map(\.source) == ["VOA", "VOA"])

        let escaped = "<div><nav>NAV</nav><p>第一段</p><p>第二段 &amp; more</p></div>"
        let jsonl = try directory.write(
            "pages.jsonl",
            #"{"id": "h1", "html": "\#(escaped)", "source": "S"}"# + "\n" + #"{"id": "t2", "text": "plain"}"# + "\n")
        let fromJSON = try CorpusReader.readAll(paths: [jsonl]).documents
        #expect(fromJSON.map(\.text) == ["第一段\n第二段 & more", "plain"])
        let csv = try directory.write("pages.csv", "id,html\n1,\"<p>Đọc thêm</p><footer>F</footer><p>Tin</p>\"\n")
        #expect(try CorpusReader.readAll(paths: [csv]).documents.map(\.text) == ["Đọc thêm\nTin"])
    }

    @Test func aBrokenPageNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("bad.html", bytes: Array("<p>".utf8) + [0xB0, 0xA1] + Array("</p>".utf8))
        #expect {
            _ = try CorpusReader.readAll(paths: [path])
        } throws: { error in
            guard let error = error as? CorpusError else { return false }
            return error.exitStatus == .dataError && error.description.hasPrefix(path + ":")
                && error.description.contains("declares no charset")
        }
    }
}
