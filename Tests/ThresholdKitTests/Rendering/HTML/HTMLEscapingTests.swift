import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Escaping and the page shell: the shared pieces other pages build on.
final class HTMLEscapingTests: XCTestCase {
    func testEveryMarkupCharacterBecomesAnEntity() {
        XCTAssertEqual(
            HTMLEscaping.escape("<a href='x' title=\"y\">&amp;</a>"),
            "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;amp;&lt;/a&gt;")
    }

    func testPlainTextAndUnicodeAreKept() {
        XCTAssertEqual(
            HTMLEscaping.escape("Red: imminent danger — 24 hours, café ✓"), "Red: imminent danger — 24 hours, café ✓")
        XCTAssertEqual(HTMLEscaping.escape(""), "")
        XCTAssertEqual(HTMLEscaping.escape("line 1\nline 2\ttab"), "line 1\nline 2\ttab")
    }

    func testControlCharactersXMLForbidsAreReplaced() {
        XCTAssertEqual(HTMLEscaping.escape("a\u{0}b\u{1B}c"), "a\u{FFFD}b\u{FFFD}c")
    }

    func testAppendEscapesOnlyWhatItAppends() {
        var out = "<p>"
        HTMLEscaping.append("x < y", to: &out)
        XCTAssertEqual(out, "<p>x &lt; y")
    }

    func testWriterQuotesAndEscapesAttributes() {
        var h = HTMLWriter()
        h.element("p", ["title": "\"quoted\" & <b>"], text: "</p><script>")
        h.void("br")
        XCTAssertEqual(h.html, "<p title=\"&quot;quoted&quot; &amp; &lt;b&gt;\">&lt;/p&gt;&lt;script&gt;</p><br/>")
    }

    func testPageShellIsWellFormedAndSelfContained() {
        let page = HTMLPage(title: "A </title> & B", css: "body{color:red}", script: "if (1 < 2 && true) {}").render {
            h in
            h.element("main", text: "hello")
        }
        let check = MarkupCheck(page)
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n<html"))
        XCTAssertTrue(page.contains("<title>A &lt;/title&gt; &amp; B</title>"))
        XCTAssertEqual(check.scripts, ["//\nif (1 < 2 && true) {}\n//"])
        for external in ["src=", "href=\"http", "url(", "<link", "@import"] {
            XCTAssertFalse(page.contains(external), external)
        }
    }

    func testInlineCodeCannotEndItsElement() {
        let page = HTMLPage(title: "t", css: "a{}</style><script>x()</script>").render { _ in }
        XCTAssertEqual(page.components(separatedBy: "</style>").count, 2, "only the shell closes the style element")
        XCTAssertFalse(page.contains("<script>"))
    }

    func testThemeColoursLevelsByNameThenByPlace() {
        let t = HTMLTheme.standard
        let camden = ["blue", "green", "amber", "red", "red_urgent"]
        XCTAssertEqual(t.colours(level: 0, of: camden), HTMLTheme.blue)
        XCTAssertEqual(t.colours(level: 2, of: camden), HTMLTheme.amber)
        XCTAssertEqual(t.colours(level: 4, of: camden), HTMLTheme.urgent)
        let london = ["level_1", "level_2", "level_3", "level_4"]
        XCTAssertEqual(
            london.indices.map { t.colours(level: $0, of: london) },
            [HTMLTheme.blue, HTMLTheme.green, HTMLTheme.amber, HTMLTheme.red])
        let two = ["low", "high"]
        XCTAssertEqual(t.colours(level: 0, of: two), HTMLTheme.blue)
        XCTAssertEqual(t.colours(level: 1, of: two), HTMLTheme.red)
        let three = ["l1", "l2", "l3"]
        XCTAssertEqual(
            three.indices.map { t.colours(level: $0, of: three) }, [HTMLTheme.blue, HTMLTheme.amber, HTMLTheme.red])
        let seven = (1...7).map { "l\($0)" }
        XCTAssertEqual(t.colours(level: 0, of: seven), HTMLTheme.blue)
        XCTAssertEqual(t.colours(level: 6, of: seven), HTMLTheme.urgent)
        XCTAssertTrue(
            t.levelCSS(levels: camden).contains(".level-4{background:#6e0b12;color:#ffffff;border-color:#1a1a1a}"))
    }

    /// WCAG AA: text on each badge colour has a contrast ratio of at least 4.5.
    func testBadgeColoursMeetWCAGAA() {
        let t = HTMLTheme.standard
        for c in t.named.map(\.colours) + t.ramp {
            let ratio = Self.contrast(c.background, c.text)
            XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(c.text) on \(c.background): \(ratio)")
        }
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let la = luminance(a)
        let lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    static func luminance(_ hex: String) -> Double {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        func channel(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel((v >> 16) & 255) + 0.7152 * channel((v >> 8) & 255) + 0.0722 * channel(v & 255)
    }
}
