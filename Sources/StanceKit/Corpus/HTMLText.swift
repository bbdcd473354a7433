import CLibXML2

/// Readable text from a saved web page, read with libxml2's HTML parser.
///
/// The page is parsed leniently (`HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
/// HTML_PARSE_NONET`: broken markup is repaired as browsers do, nothing is printed and nothing is fetched), then the
/// tree is walked:
/// - `script`, `style`, `nav`, `header`, `footer`, `aside`, `form`, `noscript`, `iframe`, `template` (and `svg`,
///   `button`, `select`) are dropped with everything inside them, however deeply nested;
/// - block elements (`p`, `div`, `li`, `h1`–`h6`, `tr`, `blockquote`, `section`, `article`, …) become paragraph
///   breaks and `br` a line break, so the text keeps one paragraph per line;
/// - inside a paragraph runs of white space fold into one space; table cells are separated by a space;
/// - character references and entities (`&amp;`, `&#20013;`, `&nbsp;`) are decoded by the parser;
/// - the `<title>` becomes the first line when the body has no `h1`.
///
/// Encoding: bytes that are valid UTF-8 are read as UTF-8. Other bytes are decoded by the charset the page declares
/// (`<meta charset="gb18030">` or `<meta http-equiv="Content-Type" content="text/html; charset=big5">`), through
/// libxml2's iconv support; a page that is not UTF-8 and declares no charset, or declares one libxml2 cannot
/// decode, is an error rather than a silent guess.
public enum HTMLText {
    /// Elements dropped with their content.
    static let dropped: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "template", "svg",
        "button", "select", "head",
    ]
    /// Elements that start and end a paragraph.
    static let blocks: Set<String> = [
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "thead",
        "tbody", "tfoot", "section", "article", "main", "blockquote", "pre", "figure", "figcaption", "hr", "address",
        "center", "body", "html", "caption", "details", "summary",
    ]
    /// Elements separated from their neighbours by a space.
    static let cells: Set<String> = ["td", "th"]

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// The readable text of an HTML page.
    ///
    /// - Throws: ``HTMLError`` when the bytes are not UTF-8 and no usable charset is declared, or the parser
    ///   returns no document.
    public static func extract(_ bytes: [UInt8]) throws(HTMLError) -> String {
        _ = initialized
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let encoding: String
        if firstInvalidUTF8Index(Array(body)) == nil {
            encoding = "UTF-8"
        } else if let declared = declaredCharset(body.prefix(4096)) {
            // libxml2 falls back to ISO-8859-1 for a charset it cannot decode: refuse such a page instead.
            guard let handler = xmlFindCharEncodingHandler(declared) else {
                throw HTMLError.unsupportedEncoding(declared)
            }
            xmlCharEncCloseFunc(handler)
            encoding = declared
        } else {
            throw HTMLError.undeclaredEncoding
        }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let document = Array(body).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, encoding, options)
            }
        }
        guard let document else {
            if encoding != "UTF-8" { throw HTMLError.unsupportedEncoding(encoding) }
            throw HTMLError.unparsable
        }
        defer { xmlFreeDoc(document) }
        var walker = Walker()
        if let root = xmlDocGetRootElement(document) {
            walker.title = findTitle(root)
            walker.walk(root)
        }
        return walker.finish()
    }

    /// The charset named in the first `charset=` of `head` (a `<meta>` declaration), if any.
    static func declaredCharset(_ head: ArraySlice<UInt8>) -> String? {
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let needle = Array("charset".utf8)
        var index = 0
        while index + needle.count < lower.count {
            if Array(lower[index..<index + needle.count]) == needle {
                var position = index + needle.count
                while position < lower.count && (lower[position] == 0x20 || lower[position] == 0x3D) { position += 1 }
                while position < lower.count && (lower[position] == 0x22 || lower[position] == 0x27) { position += 1 }
                var name: [UInt8] = []
                while position < lower.count {
                    let byte = lower[position]
                    let allowed =
                        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                    if !allowed { break }
                    name.append(byte)
                    position += 1
                }
                if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
            }
            index += 1
        }
        return nil
    }

    /// The text of the first `<title>` element under `node`.
    static func findTitle(_ node: UnsafeMutablePointer<xmlNode>) -> String? {
        var current: UnsafeMutablePointer<xmlNode>? = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                if elementName(element) == "title" {
                    var text = ""
                    var child = element.pointee.children
                    while let node = child {
                        if let content = node.pointee.content { text += String(cString: content) }
                        child = node.pointee.next
                    }
                    let folded = foldWhiteSpace(text)
                    return folded.isEmpty ? nil : folded
                }
                if let children = element.pointee.children, let found = findTitle(children) { return found }
            }
            current = element.pointee.next
        }
        return nil
    }

    static func elementName(_ node: UnsafeMutablePointer<xmlNode>) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// Runs of white space folded into one space, trimmed.
    static func foldWhiteSpace(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if scalar.isWhitespaceFast {
                pending = !result.isEmpty
                continue
            }
            if pending {
                result.append(" ")
                pending = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// Collects paragraphs while walking the tree.
    struct Walker {
        var title: String?
        var sawH1 = false
        var paragraphs: [String] = []
        var current = ""

        mutating func breakParagraph() {
            let folded = HTMLText.foldWhiteSpace(current)
            if !folded.isEmpty { paragraphs.append(folded) }
            current = ""
        }

        mutating func walk(_ first: UnsafeMutablePointer<xmlNode>) {
            var node: UnsafeMutablePointer<xmlNode>? = first
            while let element = node {
                switch element.pointee.type {
                case XML_ELEMENT_NODE:
                    let name = HTMLText.elementName(element)
                    if HTMLText.dropped.contains(name) { break }
                    if name == "h1" { sawH1 = true }
                    if name == "br" {
                        breakParagraph()
                    } else if HTMLText.blocks.contains(name) {
                        breakParagraph()
                        if let children = element.pointee.children { walk(children) }
                        breakParagraph()
                    } else {
                        if HTMLText.cells.contains(name) { current += " " }
                        if let children = element.pointee.children { walk(children) }
                        if HTMLText.cells.contains(name) { current += " " }
                    }
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = element.pointee.content { current += String(cString: content) }
                default:
                    break
                }
                node = element.pointee.next
            }
        }

        mutating func finish() -> String {
            breakParagraph()
            if !sawH1, let title, paragraphs.first != title { paragraphs.insert(title, at: 0) }
            return paragraphs.joined(separator: "\n")
        }
    }
}

/// Why an HTML page cannot be read.
public enum HTMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not UTF-8 and the page declares no charset.
    case undeclaredEncoding
    /// The declared charset cannot be decoded.
    case unsupportedEncoding(String)
    /// The parser returned no document.
    case unparsable

    public var description: String {
        switch self {
        case .undeclaredEncoding:
            "HTML page is not UTF-8 and declares no charset (add <meta charset=\"...\"> or convert it to UTF-8)"
        case .unsupportedEncoding(let name): "HTML page declares charset '\(name)', which cannot be decoded"
        case .unparsable: "HTML page cannot be parsed"
        }
    }
}
