import XCTest

@testable import ThresholdKit

final class LineIndexTests: XCTestCase {
    /// `é` is one scalar and one UTF-16 unit (two bytes); `🚸` is one scalar, two UTF-16 units, four bytes.
    let text = "ab\n\"é🚸\" x\r\nlast"

    func testSourceColumnsBecomeUTF16Columns() {
        let lines = LineIndex(text)
        XCTAssertEqual(lines.lineCount, 3)
        // `x` is the 6th scalar of line 2: `"`, `é`, `🚸`, `"`, ` `, `x`.
        XCTAssertEqual(lines.position(line: 2, column: 6), LSPPosition(line: 1, character: 6))
        XCTAssertEqual(lines.position(line: 2, column: 4), LSPPosition(line: 1, character: 4))
        XCTAssertEqual(lines.position(line: 2, column: 3), LSPPosition(line: 1, character: 2))
        // The string token: 4 scalars, 5 UTF-16 units.
        let span = SourceSpan(SourceLocation(file: "f", line: 2, column: 1), length: 4)
        XCTAssertEqual(
            lines.range(of: span),
            LSPRange(start: LSPPosition(line: 1, character: 0), end: LSPPosition(line: 1, character: 5)))
    }

    func testUTF16PositionsBecomeSourceColumns() {
        let lines = LineIndex(text)
        XCTAssertEqual(lines.location(of: LSPPosition(line: 1, character: 6)).column, 6)
        XCTAssertEqual(lines.location(of: LSPPosition(line: 1, character: 4)).column, 4)
        // Past the end of a line is its end, before the `\r`.
        XCTAssertEqual(lines.byteOffset(of: LSPPosition(line: 1, character: 99)), lines.lineEnd(1))
        XCTAssertEqual(lines.text(lines.lineStarts[1]..<lines.lineEnd(1)), "\"é🚸\" x")
        XCTAssertEqual(lines.byteOffset(of: LSPPosition(line: 9, character: 0)), lines.bytes.count)
        XCTAssertEqual(lines.byteOffset(of: LSPPosition(line: -1, character: -5)), 0)
    }

    /// The cursor (columns counted on from the offset asked before) gives every position `position(ofByte:)`
    /// gives, for offsets asked in order and out of order, on lines of many scalars of every width.
    func testTheCursorGivesThePositionsCountedFromTheLineStart() {
        var longLine = ""
        for k in 0..<300 { longLine += ["a", "é", "🚸", " ", "\r"][k % 5] }
        let lines = LineIndex(text + "\n" + longLine + "\n\nend")
        // Every scalar boundary, in order.
        var offsets: [Int] = []
        var i = 0
        while i <= lines.bytes.count {
            offsets.append(i)
            i += i < lines.bytes.count ? LineIndex.sequenceLength(lines.bytes[i]) : 1
        }
        var cursor = LineIndex.Cursor(lines)
        for o in offsets { XCTAssertEqual(cursor.position(ofByte: o), lines.position(ofByte: o), "\(o)") }
        // Out of order, and out of range.
        for k in 0..<500 {
            let o = offsets[(k * 7_919) % offsets.count]
            XCTAssertEqual(cursor.position(ofByte: o), lines.position(ofByte: o), "\(o)")
        }
        XCTAssertEqual(cursor.position(ofByte: -3), lines.position(ofByte: -3))
        XCTAssertEqual(cursor.position(ofByte: 1 << 40), lines.position(ofByte: 1 << 40))
    }

    func testSpansNeverRunPastTheirLine() {
        let lines = LineIndex(text)
        let span = SourceSpan(SourceLocation(file: "f", line: 1, column: 2), length: 50)
        XCTAssertEqual(lines.range(of: span).end, LSPPosition(line: 0, character: 2))
    }

    func testIncrementalEditsCountUTF16() {
        var doc = OpenDocument(path: "/x.rules", text: text, version: 1)
        // Replace `x` (after the emoji, UTF-16 column 6) with `yz`.
        doc.apply(LSPRange(start: LSPPosition(line: 1, character: 6), end: LSPPosition(line: 1, character: 7)), "yz")
        XCTAssertEqual(doc.text, "ab\n\"é🚸\" yz\r\nlast")
        // Insert a line at the start, then delete it again.
        doc.apply(LSPRange(start: LSPPosition(line: 0, character: 0), end: LSPPosition(line: 0, character: 0)), "new\n")
        XCTAssertEqual(doc.lines.lineCount, 4)
        doc.apply(LSPRange(start: LSPPosition(line: 0, character: 0), end: LSPPosition(line: 1, character: 0)), "")
        XCTAssertEqual(doc.text, "ab\n\"é🚸\" yz\r\nlast")
        doc.apply(nil, "whole")
        XCTAssertEqual(doc.text, "whole")
    }

    func testURIs() {
        XCTAssertEqual(DocumentURI.path("file:///a/b%20c/d.rules"), "/a/b c/d.rules")
        XCTAssertEqual(DocumentURI.uri("/a/b c/é.rules"), "file:///a/b%20c/%C3%A9.rules")
        XCTAssertEqual(DocumentURI.path(DocumentURI.uri("/a/b c/é.rules")), "/a/b c/é.rules")
        XCTAssertNil(DocumentURI.path("untitled:1"))
        XCTAssertNil(DocumentURI.path("file://server/share/x"))
    }
}
