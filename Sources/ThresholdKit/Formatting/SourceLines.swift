/// A source file as the formatter sees it: its lines, each with its tokens as written and the comment that
/// ends it. Line breaks are kept because the language reads a few of them (a `-3` starting a score item, a
/// scenario value of several words), so the formatter never joins lines and only breaks them before `and`
/// and `or` in a condition.
struct SourceLines {
    /// A token with the bytes it was written with, so numbers, dates and strings keep their spelling.
    struct Piece {
        var kind: TokenKind
        var text: String
        /// True when whitespace separated it from the token before it on its line.
        var spaceBefore: Bool

        var word: String? {
            if case .word(let w) = kind { return w }
            return nil
        }

        func isWord(_ w: String) -> Bool { kind == .word(w) }
        func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
    }

    struct Line {
        var pieces: [Piece] = []
        /// The comment ending the line, from `#`, without trailing whitespace.
        var comment: String?

        var isBlank: Bool { pieces.isEmpty && comment == nil }
    }

    var lines: [Line]

    /// The lines of `file`, or nil when the lexer reports an error (the formatter leaves such files alone).
    init?(_ file: SourceFile) {
        var lexer = Lexer(file: file)
        var lines = Array(repeating: Line(), count: file.lineCount)
        var previousLine = 0
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile { break }
            let range = lexer.lastTokenRange
            let line = token.span.start.line
            let text = String(decoding: file.bytes[range], as: UTF8.self)
            let spaced = line != previousLine || token.spaceBefore
            lines[line - 1].pieces.append(Piece(kind: token.kind, text: text, spaceBefore: spaced))
            previousLine = line
        }
        guard lexer.diagnostics.isEmpty else { return nil }
        for range in lexer.commentRanges {
            let line = SourceLines.lineIndex(of: range.lowerBound, in: file.lineStarts)
            var text = String(decoding: file.bytes[range], as: UTF8.self)
            while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\r" {
                text.unicodeScalars.removeLast()
            }
            lines[line].comment = text
        }
        self.lines = lines
    }

    /// The 0-based line holding byte `offset`.
    private static func lineIndex(of offset: Int, in starts: [Int]) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
