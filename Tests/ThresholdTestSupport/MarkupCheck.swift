import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses a page as XML (the HTML renderers write XHTML-compatible markup) and collects what a reader
/// would see: the text, the attribute values, the elements and ids. A page that is not well-formed gives
/// `error` (the parser's message, with its line and column).
public final class MarkupCheck: NSObject, XMLParserDelegate {
    /// Every text node, in order, concatenated (`<wbr/>` and other tags add nothing between them).
    public private(set) var text = ""
    /// Every attribute value, in order.
    public private(set) var attributeValues: [String] = []
    /// Element names, in document order.
    public private(set) var elements: [String] = []
    /// `id` attributes, in document order (a well-formed page has each once).
    public private(set) var ids: [String] = []
    /// Text inside `<script>` elements (the only code on the page).
    public private(set) var scripts: [String] = []
    public private(set) var error: String?
    private var inScript = false

    public init(_ page: String) {
        super.init()
        let parser = XMLParser(data: Data(page.utf8))
        parser.delegate = self
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            let e = parser.parserError.map { "\($0)" } ?? "unknown error"
            error = "line \(parser.lineNumber), column \(parser.columnNumber): \(e)"
        }
    }

    public var wellFormed: Bool { error == nil }

    public func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(elementName)
        for key in attributeDict.keys.sorted() {
            let value = attributeDict[key] ?? ""
            attributeValues.append(value)
            if key == "id" { ids.append(value) }
        }
        if elementName == "script" {
            inScript = true
            scripts.append("")
        }
    }

    public func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        if elementName == "script" { inScript = false }
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inScript { scripts[scripts.count - 1] += string } else { text += string }
    }

    public func parser(_ parser: XMLParser, foundCDATA cdataBlock: Data) {
        let s = String(decoding: cdataBlock, as: UTF8.self)
        if inScript { scripts[scripts.count - 1] += s } else { text += s }
    }
}
