import Foundation

/// The shell of a self-contained page: doctype, `<head>` with the title and the stylesheet inline, and the
/// body the caller writes. No external file, font or script is referenced, so the page works offline and
/// from a file. The markup is XHTML-compatible (it parses as XML), so tests can check it is well-formed.
///
/// ```
/// let page = HTMLPage(title: "Case sheet", css: HTMLTheme.standard.css(levels: ruleSet.levels))
/// let html = page.render { h in h.element("main", text: "…") }
/// ```
struct HTMLPage: Sendable {
    /// The document title (escaped).
    var title: String
    /// The stylesheet, written inline (the caller's own text: never input).
    var css: String
    /// A script written inline at the end of the body (the caller's own text: never input). The page must
    /// be complete without it.
    var script: String?

    init(title: String, css: String, script: String? = nil) {
        self.title = title
        self.css = css
        self.script = script
    }

    /// The whole page, with `body` writing the inside of `<body>`.
    func render(capacity: Int = 1 << 16, _ body: (inout HTMLWriter) -> Void) -> String {
        var h = HTMLWriter(capacity: capacity)
        h.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n")
        h.void("meta", ["charset": "utf-8"])
        h.raw("\n")
        h.void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        h.raw("\n")
        h.element("title", text: title)
        h.raw("\n<style>\n")
        h.raw(HTMLPage.safeCSS(css))
        h.raw("</style>\n</head>\n<body>\n")
        body(&h)
        if let script {
            // CDATA keeps `<` and `&` in the script legal as XML; the comment marks hide it from HTML parsers.
            h.raw("\n<script>//<![CDATA[\n")
            h.raw(HTMLPage.safeInline(script, closing: "</script"))
            h.raw("\n//]]></script>")
        }
        h.raw("\n</body>\n</html>\n")
        return h.html
    }

    /// The stylesheet with `<` and `&` written as CSS escapes, so nothing in it can end the `<style>`
    /// element early or break the markup, whatever a theme's author writes.
    static func safeCSS(_ css: String) -> String {
        css.replacingOccurrences(of: "&", with: "\\26 ").replacingOccurrences(of: "<", with: "\\3c ")
    }

    /// The script with `</script` and `]]>` broken apart, so it cannot end its element or its CDATA
    /// section early.
    static func safeInline(_ text: String, closing: String) -> String {
        var t = text.replacingOccurrences(of: "]]>", with: "]] >")
        for variant in [closing, closing.uppercased()] {
            t = t.replacingOccurrences(of: variant, with: "<\\/" + variant.dropFirst(2))
        }
        return t
    }
}
