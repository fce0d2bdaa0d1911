import XCTest

@testable import ThresholdKit

/// What the diagnostic renderer writes stays bounded whatever the input: at most `DiagnosticLimit.count`
/// diagnostics, and a long line shown around its span (an attack test: 30,000 errors on a 30 KB line took
/// minutes to write, each with the whole line, from `fmt` and `test`).
final class DiagnosticRendererTests: XCTestCase {
    func testALongLineIsShownAroundItsSpan() {
        let line = String(repeating: "x", count: 1_000)
        let file = SourceFile(path: "f", text: "first\n" + line + "\n")
        let span = SourceSpan(SourceLocation(file: "f", line: 2, column: 500), length: 3)
        let text = DiagnosticRenderer(sources: ["f": file]).render(.error(.unexpectedCharacter, "m", at: span))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The line from 40 characters before the span, 240 of them, cut at both ends.
        XCTAssertEqual(lines[1], " 2 | …" + String(repeating: "x", count: 240) + "…")
        XCTAssertEqual(lines[2], "   | " + String(repeating: " ", count: 41) + "^^^")
        // Near the end of the line: the last 240 characters, cut at the start only.
        let end = SourceSpan(SourceLocation(file: "f", line: 2, column: 999), length: 2)
        let atEnd = DiagnosticRenderer(sources: ["f": file]).render(.error(.unexpectedCharacter, "m", at: end))
            .split(separator: "\n")
        XCTAssertEqual(atEnd[1], " 2 | …" + String(repeating: "x", count: 240))
        XCTAssertEqual(atEnd[2], "   | " + String(repeating: " ", count: 239) + "^^")
        // A short line is shown whole, as always.
        let short = SourceSpan(SourceLocation(file: "f", line: 1, column: 2), length: 2)
        XCTAssertEqual(
            DiagnosticRenderer(sources: ["f": file]).render(.error(.unexpectedCharacter, "m", at: short)),
            "f:1:2: error[unexpected-character]: m\n 1 | first\n   |  ^^\n")
    }

    /// A control character in a file reached the terminal raw (a review put a clear-screen and a window-title
    /// escape in a rules file): it is shown as its control picture, one column for one, so the caret stays put.
    func testControlCharactersFromAFileAreShownNotSent() {
        let file = SourceFile(path: "f", text: "ok\n\u{1B}[2J x\u{07}\u{0}\u{7F}\u{85}\n")
        let span = SourceSpan(SourceLocation(file: "f", line: 2, column: 6), length: 1)
        let text = DiagnosticRenderer(sources: ["f": file]).render(
            .error(.unexpectedCharacter, "unexpected character `\u{1B}`", at: span))
        XCTAssertEqual(
            text, "f:2:6: error[unexpected-character]: unexpected character `␛`\n 2 | ␛[2J x␇␀␡\u{FFFD}\n   |      ^\n")
        XCTAssertEqual("line\tone\nline two".withVisibleControls, "line\tone\nline two")
        // With colour on, the only escapes are the renderer's own.
        let painted = DiagnosticRenderer(sources: ["f": file], color: true).render(
            .error(.unexpectedCharacter, "unexpected character `\u{1B}`", at: span))
        XCTAssertFalse(painted.contains("\u{1B}[2J"))
    }

    func testColoursAreKeptAndEveryOtherEscapeIsMadeVisible() {
        let painted = "\u{1B}[1;31mred\u{1B}[0m then \u{1B}]0;title\u{07} \u{1B}[2J \u{1B}[31"
        XCTAssertEqual(
            painted.withVisibleControlsKeepingColours, "\u{1B}[1;31mred\u{1B}[0m then ␛]0;title␇ ␛[2J ␛[31")
        XCTAssertEqual("plain\ttext\n".withVisibleControlsKeepingColours, "plain\ttext\n")
    }

    /// A name of 60,000 characters was quoted whole in the message and twice in the hint: 180 KB for one
    /// finding (found by a review). A diagnostic's texts are cut at 4,000 characters.
    func testALongNameDoesNotMakeAMessageOfMegabytes() {
        let name = String(repeating: "x", count: 60_000)
        let message = "`\(name)` is not a declared fact"
        let d = Diagnostic.error(.undeclaredName, message, at: nil, hint: "declare it with `fact \(name)`")
        let cut = "… (cut: \(message.count) characters in all)"
        XCTAssertEqual(d.message, String(message.prefix(4_000)) + cut)
        XCTAssertLessThan(d.hint?.count ?? 0, 4_100)
        let rules = "ruleset \"x\"\nlevels\n  low \"Low\"\nend\nrule r when \(name) then low end\n"
        let diagnostics = InMemory.diagnostics(rules)
        let text = DiagnosticRenderer(sources: [:]).render(diagnostics)
        XCTAssertTrue(diagnostics.contains { $0.code == .undeclaredName }, text)
        XCTAssertLessThan(text.utf8.count, 20_000)
    }

    func testAtMostAHundredDiagnosticsAreWritten() {
        let many = (1...5_000).map { _ in Diagnostic.error(.unexpectedCharacter, "m", at: nil) }
        let text = DiagnosticRenderer(sources: [:]).render(many)
        XCTAssertEqual(text.split(separator: "\n").filter { $0.contains("error[unexpected-character]") }.count, 100)
        XCTAssertTrue(text.contains("4900 more errors and warnings were found and are not shown"), text)
        // A list already cut (as `check` cuts it) is written as it is.
        let cut = DiagnosticLimit.apply(many)
        XCTAssertEqual(
            DiagnosticRenderer(sources: [:]).render(cut),
            cut.map { DiagnosticRenderer(sources: [:]).render($0) }.joined())
    }
}
