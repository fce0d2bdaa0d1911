/// Builds HTML text: elements, attributes and escaped text, in markup that is also well-formed XML
/// (every element closed, void elements written `<br/>`, every attribute value quoted and escaped).
///
/// ```
/// var h = HTMLWriter()
/// h.open("p", ["class": "note"]); h.text(label); h.close("p")
/// h.element("td", text: value)
/// ```
/// Attributes are written in the order given, so the same calls give the same bytes.
struct HTMLWriter: Sendable {
    private(set) var html: String

    init(capacity: Int = 4096) {
        html = ""
        html.reserveCapacity(capacity)
    }

    /// Escaped text (see `HTMLEscaping`).
    mutating func text(_ s: String) { HTMLEscaping.append(s, to: &html) }

    /// Text, escaped, with a line-break opportunity (`<wbr/>`) after each `separator`, so a long name or path
    /// wraps between its parts rather than inside them.
    mutating func text(_ s: String, breakingAfter separator: Character) {
        var first = true
        for part in s.split(separator: separator, omittingEmptySubsequences: false) {
            if !first { html += String(separator) + "<wbr/>" }
            text(String(part))
            first = false
        }
    }

    /// Markup written as given: only for text the caller wrote itself, never for input.
    mutating func raw(_ s: String) { html += s }

    /// `<tag a="v" …>`.
    mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        html += "<" + tag
        attributesText(attributes)
        html += ">"
    }

    mutating func close(_ tag: String) { html += "</" + tag + ">" }

    /// `<tag …/>` (a void element: `br`, `meta`, `input`…).
    mutating func void(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        html += "<" + tag
        attributesText(attributes)
        html += "/>"
    }

    /// `<tag …>text</tag>`.
    mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// `<tag …>`, the body's markup, `</tag>`.
    mutating func element(
        _ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ body: (inout HTMLWriter) -> Void
    ) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    private mutating func attributesText(_ attributes: KeyValuePairs<String, String>) {
        for (name, value) in attributes {
            html += " " + name + "=\""
            HTMLEscaping.append(value, to: &html)
            html += "\""
        }
    }
}
