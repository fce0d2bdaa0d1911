/// A position as the Language Server Protocol counts it: 0-based line, 0-based column in UTF-16 code units.
struct LSPPosition: Hashable, Sendable, Comparable {
    var line: Int
    var character: Int

    static func < (a: LSPPosition, b: LSPPosition) -> Bool {
        (a.line, a.character) < (b.line, b.character)
    }
}

/// A stretch of a document between two positions (the end is exclusive).
struct LSPRange: Hashable, Sendable {
    var start: LSPPosition
    var end: LSPPosition

    func contains(_ p: LSPPosition) -> Bool { start <= p && p <= end }
}

/// Where each line of a text starts, and the arithmetic between the three ways of counting columns: the
/// language's (1-based Unicode scalars, as `SourceSpan` counts), bytes (the lexer's comment ranges), and the
/// protocol's (0-based UTF-16 code units). Lines end at `\n`, as the lexer counts them; a `\r` before it
/// belongs to no column.
struct LineIndex: Sendable {
    let bytes: [UInt8]
    let lineStarts: [Int]

    init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The byte just past the last character of line `line` (0-based), before its `\r\n` or `\n`.
    func lineEnd(_ line: Int) -> Int {
        guard line >= 0, line < lineStarts.count else { return bytes.count }
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }

    /// The length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte).
    static func sequenceLength(_ lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead >= 0xF0 { return 4 }
        if lead >= 0xE0 { return 3 }
        if lead >= 0xC0 { return 2 }
        return 1
    }

    /// UTF-16 code units for the scalar whose UTF-8 sequence starts with `lead`.
    static func utf16Units(_ lead: UInt8) -> Int { lead >= 0xF0 ? 2 : 1 }

    /// The protocol position of a byte offset (clamped to the text).
    func position(ofByte offset: Int) -> LSPPosition {
        let b = min(max(0, offset), bytes.count)
        let start = position(lineOf: b)
        return LSPPosition(line: start.line, character: utf16Count(from: start.byte, to: b))
    }

    /// The positions of byte offsets asked for mostly in order (a document's tokens), each line's columns
    /// counted on from the offset asked before, not again from the line's start: a line of 10,000 tokens cost
    /// 50 million steps counted token by token (`semanticTokens`, with the rules editor's text from anyone).
    struct Cursor {
        let index: LineIndex
        private var line = -1
        private var byte = 0
        private var units = 0

        init(_ index: LineIndex) { self.index = index }

        /// As `LineIndex.position(ofByte:)`.
        mutating func position(ofByte offset: Int) -> LSPPosition {
            let b = min(max(0, offset), index.bytes.count)
            let start = index.position(lineOf: b)
            if start.line == line && b >= byte {
                units += index.utf16Count(from: byte, to: b)
            } else {
                units = index.utf16Count(from: start.byte, to: b)
            }
            line = start.line
            byte = b
            return LSPPosition(line: line, character: units)
        }
    }

    /// The line (0-based) holding byte offset `b` (in the text), and the byte where it starts.
    func position(lineOf b: Int) -> (line: Int, byte: Int) {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= b { lo = mid } else { hi = mid - 1 }
        }
        return (lo, lineStarts[lo])
    }

    /// UTF-16 code units between two byte offsets on one line.
    func utf16Count(from a: Int, to b: Int) -> Int {
        var i = a
        var units = 0
        while i < b, i < bytes.count {
            units += LineIndex.utf16Units(bytes[i])
            i += LineIndex.sequenceLength(bytes[i])
        }
        return units
    }

    /// The byte offset of a protocol position, clamped to its line (a position past the end of a line means its
    /// end, as the protocol says) and to the text.
    func byteOffset(of p: LSPPosition) -> Int {
        if p.line < 0 { return 0 }
        if p.line >= lineStarts.count { return bytes.count }
        let end = lineEnd(p.line)
        var i = lineStarts[p.line]
        var units = 0
        while i < end, units < p.character {
            units += LineIndex.utf16Units(bytes[i])
            i += LineIndex.sequenceLength(bytes[i])
        }
        return min(i, end)
    }

    /// The byte offset of a 1-based line and 1-based column counted in Unicode scalars (a `SourceLocation`).
    func byteOffset(line: Int, column: Int) -> Int {
        let l = line - 1
        if l < 0 { return 0 }
        if l >= lineStarts.count { return bytes.count }
        let end = lineEnd(l)
        var i = lineStarts[l]
        var c = 1
        while i < end, c < column {
            i += LineIndex.sequenceLength(bytes[i])
            c += 1
        }
        return min(i, end)
    }

    /// The protocol position of a `SourceLocation`'s line and column.
    func position(line: Int, column: Int) -> LSPPosition {
        position(ofByte: byteOffset(line: line, column: column))
    }

    /// The protocol range a span covers: from its start, `length` scalars along its line (never past the end of
    /// that line).
    func range(of span: SourceSpan) -> LSPRange {
        let start = byteOffset(line: span.start.line, column: span.start.column)
        let end = min(
            byteOffset(line: span.start.line, column: span.start.column + span.length), lineEnd(span.start.line - 1))
        return LSPRange(start: position(ofByte: start), end: position(ofByte: max(start, end)))
    }

    /// The 1-based line and scalar column of a protocol position (to compare with `SourceSpan`s).
    func location(of p: LSPPosition) -> (line: Int, column: Int) {
        let b = byteOffset(of: p)
        let line = min(max(0, p.line), lineStarts.count - 1)
        var i = lineStarts[line]
        var c = 1
        while i < b {
            i += LineIndex.sequenceLength(bytes[i])
            c += 1
        }
        return (line + 1, c)
    }

    /// The text of the given byte range, decoded leniently.
    func text(_ range: Range<Int>) -> String {
        let lo = min(max(0, range.lowerBound), bytes.count)
        let hi = min(max(lo, range.upperBound), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
