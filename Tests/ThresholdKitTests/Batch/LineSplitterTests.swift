import XCTest

@testable import ThresholdKit

/// `LineSplitter`: lines as offsets into a buffer that stays as it is while a piece of work holds it.
final class LineSplitterTests: XCTestCase {
    /// Feeds `text` to `fill` once.
    private func feed(_ splitter: inout LineSplitter, _ text: String) -> Int {
        let bytes = Array(text.utf8)
        return splitter.fill { buffer in
            buffer.copyBytes(from: bytes.prefix(buffer.count))
            return Swift.min(bytes.count, buffer.count)
        }
    }

    private func text(_ line: BatchLine, _ buffer: LineBytes) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer.bytes[line.start..<line.end]), as: UTF8.self)
    }

    func testABufferHeldWhileTheSplitterMovesOnKeepsItsLines() throws {
        var splitter = LineSplitter(chunkBytes: 16, maxLineBytes: 100)
        XCTAssertEqual(feed(&splitter, "first line\nsecond li"), 20)
        let first = try XCTUnwrap(splitter.next(atEnd: false))
        let held = splitter.buffer  // as a piece of work in flight holds it
        XCTAssertEqual(text(first, held), "first line")
        XCTAssertNil(splitter.next(atEnd: false))
        // 12 bytes of 32 are free: less than a chunk, so the tail moves to another buffer before reading.
        XCTAssertTrue(splitter.mayMove)
        XCTAssertEqual(feed(&splitter, "ne\nthird\n"), 9)
        XCTAssertFalse(splitter.buffer === held, "a held buffer is not written over")
        XCTAssertEqual(text(first, held), "first line")
        let second = try XCTUnwrap(splitter.next(atEnd: false))
        XCTAssertEqual(text(second, splitter.buffer), "second line")
        let third = try XCTUnwrap(splitter.next(atEnd: false))
        XCTAssertEqual(text(third, splitter.buffer), "third")
        // 14 bytes of 32 are free: the next read moves again, and finds the first buffer among the spares,
        // still held: it must not take it.
        XCTAssertTrue(splitter.mayMove)
        XCTAssertEqual(feed(&splitter, String(repeating: "w", count: 10) + "\n"), 11)
        XCTAssertFalse(splitter.buffer === held, "a held spare is not written over")
        XCTAssertEqual(text(first, held), "first line")
        let fourth = try XCTUnwrap(splitter.next(atEnd: false))
        XCTAssertEqual(text(fourth, splitter.buffer), String(repeating: "w", count: 10))
    }

    func testASpareNoOneHoldsIsUsedAgain() throws {
        var splitter = LineSplitter(chunkBytes: 16, maxLineBytes: 100)
        _ = feed(&splitter, "0123456789abcdefghij\n")
        let firstBuffer = ObjectIdentifier(splitter.buffer)
        XCTAssertNotNil(splitter.next(atEnd: false))
        _ = feed(&splitter, "x\n")  // moves: 11 bytes free of 32
        let secondBuffer = ObjectIdentifier(splitter.buffer)
        XCTAssertNotEqual(firstBuffer, secondBuffer)
        XCTAssertNotNil(splitter.next(atEnd: false))
        _ = feed(&splitter, String(repeating: "y", count: 20) + "\n")
        XCTAssertNotNil(splitter.next(atEnd: false))
        _ = feed(&splitter, "z\n")  // moves again, back into the first buffer, which no one holds
        XCTAssertEqual(ObjectIdentifier(splitter.buffer), firstBuffer)
        let last = try XCTUnwrap(splitter.next(atEnd: false))
        XCTAssertEqual(text(last, splitter.buffer), "z")
    }
}
