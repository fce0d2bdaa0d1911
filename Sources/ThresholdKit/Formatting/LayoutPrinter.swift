/// Prints `SourceLines` in the canonical layout (docs/language.md, "Layout"): two spaces of indentation per
/// open block, two more for a line that continues a clause, one space between tokens (none inside
/// parentheses, before a comma, or where the writer put none around `.`, `-`, `+`, `*` and `/`), four
/// spaces before a comment that ends a line, at most one blank line in a row, and a condition longer than
/// the line limit broken before `and` or `or`.
struct LayoutPrinter {
    static let lineLimit = 120
    let scenarioFile: Bool

    func print(_ source: SourceLines) -> String {
        let lines = source.lines
        var indents = Array(repeating: 0, count: lines.count)
        var continuations = Array(repeating: 0, count: lines.count)
        var breakable = Array(repeating: false, count: lines.count)
        var stack: [BlockContext] = []
        var parens = 0
        for (i, line) in lines.enumerated() {
            guard let first = line.pieces.first else {
                indents[i] = -1
                continue
            }
            let depth = stack.count
            // A line that opens a block (`rule r when … then red end` on one line, or a rule's first line) is
            // broken inside that block: its remainder lines are indented as the next pass will read them.
            let opens = BlockContext.opened(by: first, in: stack.last, scenarioFile: scenarioFile) != nil
            if first.isWord("end") {
                indents[i] = 2 * max(0, depth - 1)
            } else if let block = stack.last {
                indents[i] = 2 * depth + (block.startsClause(first) ? 0 : 2)
                continuations[i] = 2 * depth + 2
                breakable[i] = !scenarioFile
            } else {
                let words = scenarioFile ? BlockContext.scenarioTopLevelWords : BlockContext.topLevelWords
                indents[i] = first.word.map { words.contains($0) } == true ? 0 : 2
                continuations[i] = 2
                breakable[i] = !scenarioFile
            }
            // Inside parentheses opened on an earlier line: two more spaces for each.
            if parens > 0, indents[i] == continuations[i] {
                indents[i] += 2 * (parens - (first.isSymbol(.rightParen) ? 1 : 0))
            }
            // Where the remainder of a broken line goes: a line starting with `and` or `or` at this point, as the
            // next pass indents it (in the block the line opens, and inside its open parentheses), so that a
            // second pass changes nothing.
            continuations[i] = 2 * (depth + (opens ? 1 : 0)) + 2 + 2 * parens
            // Only a condition is broken: a line is long for its string, breaking it would not help.
            if line.pieces.contains(where: { if case .string = $0.kind { return true } else { return false } }) {
                breakable[i] = false
            }
            for (k, piece) in line.pieces.enumerated() {
                if piece.isSymbol(.leftParen) { parens += 1 }
                if piece.isSymbol(.rightParen) { parens = max(0, parens - 1) }
                if piece.isWord("end") {
                    _ = stack.popLast()
                } else if k == 0,
                    let opened = BlockContext.opened(by: piece, in: stack.last, scenarioFile: scenarioFile)
                {
                    stack.append(opened)
                }
            }
            // A comment-only line takes the indentation of the code it precedes, blank lines between or not.
            var j = i - 1
            while j >= 0, lines[j].pieces.isEmpty {
                if lines[j].comment != nil { indents[j] = first.isWord("end") ? 2 * depth : indents[i] }
                j -= 1
            }
        }
        var out: [String] = []
        var pendingBlank = false
        for (i, line) in lines.enumerated() {
            if line.isBlank {
                pendingBlank = !out.isEmpty
                continue
            }
            if pendingBlank { out.append("") }
            pendingBlank = false
            // Comments after the last code line are at the top level.
            let indent = max(0, indents[i])
            if line.pieces.isEmpty {
                out.append(String(repeating: " ", count: indent) + (line.comment ?? ""))
                continue
            }
            out += render(line, indent: indent, continuation: continuations[i], breakable: breakable[i])
        }
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    /// The line's tokens with canonical spacing, broken before `and`/`or` while it is too long.
    private func render(_ line: SourceLines.Line, indent: Int, continuation: Int, breakable: Bool) -> [String] {
        var pieces = line.pieces[...]
        var result: [String] = []
        var currentIndent = indent
        while true {
            var text = String(repeating: " ", count: currentIndent) + LayoutPrinter.join(pieces)
            if breakable, text.unicodeScalars.count > LayoutPrinter.lineLimit,
                let cut = breakPoint(pieces, indent: currentIndent)
            {
                result.append(String(repeating: " ", count: currentIndent) + LayoutPrinter.join(pieces[..<cut]))
                pieces = pieces[cut...]
                currentIndent = continuation
                continue
            }
            if let comment = line.comment { text += "    " + comment }
            result.append(text)
            return result
        }
    }

    /// Where to break a long line: before the last `and`/`or` outside parentheses that leaves the first part
    /// within the limit, else before the first one (not the `and` of `between A and B` or `N and above`).
    private func breakPoint(_ pieces: ArraySlice<SourceLines.Piece>, indent: Int) -> Int? {
        var depth = 0
        var inBetween = false
        var candidates: [Int] = []
        for k in pieces.indices {
            let piece = pieces[k]
            if piece.isSymbol(.leftParen) { depth += 1 }
            if piece.isSymbol(.rightParen) { depth = max(0, depth - 1) }
            if piece.isWord("between") { inBetween = true }
            guard depth == 0, k > pieces.startIndex, piece.isWord("and") || piece.isWord("or") else { continue }
            if piece.isWord("and"), inBetween {
                inBetween = false
                continue
            }
            if piece.isWord("and"), k + 1 < pieces.endIndex, pieces[k + 1].isWord("above") { continue }
            candidates.append(k)
        }
        let fitting = candidates.last { cut in
            indent + LayoutPrinter.join(pieces[..<cut]).unicodeScalars.count <= LayoutPrinter.lineLimit
        }
        return fitting ?? candidates.first
    }

    /// Tokens joined with canonical spacing.
    static func join(_ pieces: ArraySlice<SourceLines.Piece>) -> String {
        var text = ""
        var previous: SourceLines.Piece?
        for piece in pieces {
            if let p = previous, spaced(p, piece) { text += " " }
            text += piece.kind.canonicalText(piece.text)
            previous = piece
        }
        return text
    }

    private static let writerSpaced: Set<Symbol> = [.dot, .arith(.sub), .arith(.add), .arith(.mul), .arith(.div)]

    private static func spaced(_ previous: SourceLines.Piece, _ piece: SourceLines.Piece) -> Bool {
        if piece.isSymbol(.comma) || piece.isSymbol(.rightParen) || previous.isSymbol(.leftParen) { return false }
        if case .symbol(let s) = piece.kind, writerSpaced.contains(s) { return piece.spaceBefore }
        if case .symbol(let s) = previous.kind, writerSpaced.contains(s) { return piece.spaceBefore }
        return true
    }
}

extension TokenKind {
    /// How a symbol is written in the canonical layout (`==` becomes `=`), and a date-time with
    /// one space before its time; other tokens as written.
    fileprivate func canonicalText(_ written: String) -> String {
        switch self {
        case .symbol(let s): return s.text
        case .dateTime:
            // `2019-04-01   16:00` has one space between the date and the time; `2019-04-01T16:00` is kept.
            return written.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        default: return written
        }
    }
}
