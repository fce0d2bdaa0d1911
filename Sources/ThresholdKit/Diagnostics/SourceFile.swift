/// One loaded source file: its display path, its text, and where each line starts.
public final class SourceFile: Sendable {
    /// The path as the user should see it (relative where the user gave it relative).
    let path: String
    let text: String
    let bytes: [UInt8]
    let lineStarts: [Int]

    init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The text of line `n` (1-based), without its line break.
    func line(_ n: Int) -> String {
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    var lineCount: Int { lineStarts.count }
}

/// A position in a source file: 1-based line and column (column counts characters, not bytes).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A located stretch of source: where it starts and how many characters it covers (for the caret line).
public struct SourceSpan: Hashable, Sendable {
    public var start: SourceLocation
    var length: Int

    init(_ start: SourceLocation, length: Int = 1) {
        self.start = start
        self.length = max(1, length)
    }
}

extension SourceFile {
    /// The text a span covers, if it lies on one line of this file (columns count Unicode scalars).
    func text(of span: SourceSpan) -> String {
        let n = span.start.line
        guard n >= 1, n <= lineStarts.count else { return "" }
        let end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        var i = lineStarts[n - 1]
        var column = 1
        while i < end, column < span.start.column {
            i += 1
            while i < end, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        let from = i
        var taken = 0
        while i < end, taken < span.length, bytes[i] != UInt8(ascii: "\r") {
            i += 1
            while i < end, bytes[i] & 0xC0 == 0x80 { i += 1 }
            taken += 1
        }
        return String(decoding: bytes[from..<i], as: UTF8.self)
    }
}
