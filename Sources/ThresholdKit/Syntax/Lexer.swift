/// Turns source text into tokens. Lexical errors become diagnostics; lexing always continues.
struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStartByte = 0
    private var tokenOnThisLine = false
    private var sawSpace = true
    private(set) var diagnostics: [Diagnostic] = []
    /// The byte range of each comment (from `#`, without the line break), for the formatter.
    private(set) var commentRanges: [Range<Int>] = []
    /// The byte range of the token `next()` returned last.
    private(set) var lastTokenRange = 0..<0

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        if let long = Limits.longLine(file.bytes) {
            lexer.diagnostics.append(
                .error(
                    .lineTooLong,
                    "line \(long.line) is \(long.length) bytes long, more than the limit of \(Limits.bytes(Limits.lineBytes))",
                    at: SourceSpan(SourceLocation(file: file.path, line: long.line, column: 1)),
                    hint: "break the line; a rule or scenario line is never this long"))
        }
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .endOfFile { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func peek(_ offset: Int = 0) -> UInt8 {
        let j = i + offset
        return j < bytes.count ? bytes[j] : 0
    }

    /// The last column computed on the current line, so columns are found by scanning forward only.
    private var columnMark = (byte: 0, column: 1)

    /// Column (1-based, in Unicode scalars) of byte offset `b` on the current line.
    private mutating func column(at b: Int) -> Int {
        if columnMark.byte < lineStartByte || columnMark.byte > b { columnMark = (lineStartByte, 1) }
        var (k, col) = columnMark
        while k < b {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        columnMark = (b, col)
        return col
    }

    private mutating func location(at b: Int) -> SourceLocation {
        SourceLocation(file: file.path, line: line, column: column(at: b))
    }

    private mutating func span(from start: Int) -> SourceSpan {
        let loc = location(at: start)
        return SourceSpan(loc, length: max(1, column(at: i) - loc.column))
    }

    private mutating func error(_ code: DiagnosticCode, _ message: String, from start: Int, hint: String? = nil) {
        diagnostics.append(.error(code, message, at: span(from: start), hint: hint))
    }

    private mutating func skipTrivia() {
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                i += 1
                line += 1
                lineStartByte = i
                tokenOnThisLine = false
                sawSpace = true
            } else if b == UInt8(ascii: "\r") && peek(1) != UInt8(ascii: "\n") {
                // A carriage return alone ends a line in an editor but not here: `# note\r and b` would read
                // `and b` as part of the comment while the editor shows it as code (found by an attack test).
                let start = i
                i += 1
                sawSpace = true
                error(
                    .unexpectedCharacter, "a carriage return without a line feed", from: start,
                    hint: "save the file with LF (or CRLF) line ends: a line of its own here is not one to the checker")
            } else if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") {
                i += 1
                sawSpace = true
            } else if b == UInt8(ascii: "#") {
                let start = i
                // To the line's end, or to a carriage return alone (reported above as the comment's end).
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n"),
                    bytes[i] != UInt8(ascii: "\r") || peek(1) == UInt8(ascii: "\n")
                {
                    i += 1
                }
                commentRanges.append(start..<i)
                sawSpace = true
            } else if i == 0, b == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF {
                i += 3
                lineStartByte = i  // byte-order mark
            } else {
                return
            }
        }
    }

    mutating func next() -> Token {
        // An unexpected character is reported and skipped, and the token after it stands in its place, with the
        // span, line start and space of the first character skipped. A loop: the lexer called itself once per
        // such character, and 24,000 of them in a row overflowed the stack (found by an attack test).
        var skipped: (start: Int, startsLine: Bool, spaceBefore: Bool)?
        while true {
            skipTrivia()
            let start = i
            let startsLine = !tokenOnThisLine
            let spaceBefore = sawSpace
            tokenOnThisLine = true
            sawSpace = false
            let first = skipped ?? (start, startsLine, spaceBefore)
            guard i < bytes.count else {
                guard skipped != nil else {
                    return Token(
                        kind: .endOfFile, span: SourceSpan(location(at: i)), startsLine: true, spaceBefore: true)
                }
                lastTokenRange = first.start..<i
                return Token(
                    kind: .endOfFile, span: span(from: first.start), startsLine: first.startsLine,
                    spaceBefore: first.spaceBefore)
            }
            guard let kind = lexOne(start) else {
                skipped = first
                continue
            }
            lastTokenRange = first.start..<i
            return Token(
                kind: kind, span: span(from: first.start), startsLine: first.startsLine, spaceBefore: first.spaceBefore)
        }
    }

    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
    }

    private static func isIdentChar(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The token at `start`, or nil for an unexpected character (reported, and skipped).
    private mutating func lexOne(_ start: Int) -> TokenKind? {
        let b = bytes[i]
        if Lexer.isIdentStart(b) {
            while i < bytes.count, Lexer.isIdentChar(bytes[i]) { i += 1 }
            return .word(String(decoding: bytes[start..<i], as: UTF8.self))
        }
        if Lexer.isDigit(b) { return lexNumberOrDate(start) }
        if b == UInt8(ascii: "\"") { return lexString(start) }
        i += 1
        switch b {
        case UInt8(ascii: "("): return .symbol(.leftParen)
        case UInt8(ascii: ")"): return .symbol(.rightParen)
        case UInt8(ascii: ","): return .symbol(.comma)
        case UInt8(ascii: "."): return .symbol(.dot)
        case UInt8(ascii: "/"): return .symbol(.arith(.div))
        case UInt8(ascii: "+"): return .symbol(.arith(.add))
        case UInt8(ascii: "-"): return .symbol(.arith(.sub))
        case UInt8(ascii: "*"): return .symbol(.arith(.mul))
        case UInt8(ascii: "="):
            if peek() == UInt8(ascii: "=") { i += 1 }  // tolerate `==`
            return .symbol(.compare(.eq))
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                return .symbol(.compare(.ne))
            }
            error(
                .unexpectedCharacter, "unexpected character `!`", from: start,
                hint: "write `!=` for 'not equal', or `not` before a condition")
            return nil
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                return .symbol(.compare(.le))
            }
            return .symbol(.compare(.lt))
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                return .symbol(.compare(.ge))
            }
            return .symbol(.compare(.gt))
        default:
            // Skip the whole UTF-8 sequence of an unexpected character.
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            let ch = String(decoding: bytes[start..<i], as: UTF8.self)
            var hint = "remove it: names use letters, digits and `_`, and other text goes inside double quotes"
            if ch == "\u{201C}" || ch == "\u{201D}" { hint = "use straight quotes `\"` around strings" }
            error(.unexpectedCharacter, "unexpected character `\(ch)`", from: start, hint: hint)
            return nil
        }
    }

    private mutating func digits() -> Int {
        let s = i
        while i < bytes.count, Lexer.isDigit(bytes[i]) { i += 1 }
        return i - s
    }

    private mutating func lexNumberOrDate(_ start: Int) -> TokenKind {
        let n = digits()
        if n <= 2, let dayFirst = lexDayFirstDate(start) { return dayFirst }
        // A date: YYYY-MM-DD, optionally followed by a time `HH:MM` after a space or `T`.
        if n == 4, peek() == UInt8(ascii: "-"), Lexer.isDigit(peek(1)), Lexer.isDigit(peek(2)),
            peek(3) == UInt8(ascii: "-")
        {
            i += 1
            _ = digits()
            i += 1
            let d = digits()
            let dateText = String(decoding: bytes[start..<i], as: UTF8.self)
            guard d == 2, let date = CivilDate.parse(Substring(dateText)) else {
                // With its time, when one follows, so that the message names the value as written.
                if d == 2, let time = lexTimeSuffix() {
                    let text = dateText + " " + time
                    error(
                        .badDate, ValueProblems.dateTime(text) ?? "`\(text)` is not a valid date-time", from: start,
                        hint: "write date-times as YYYY-MM-DD HH:MM, e.g. 2019-04-01 16:00")
                    return .dateTime(CivilDateTime(minutesSinceEpoch: 0))
                }
                error(
                    .badDate, ValueProblems.date(dateText) ?? "`\(dateText)` is not a valid date", from: start,
                    hint: "write dates as YYYY-MM-DD, e.g. 2019-04-01")
                return .date(CivilDate(daysSinceEpoch: 0))
            }
            if let time = lexTimeSuffix() {
                let text = dateText + " " + time
                guard let dt = CivilDateTime.parse(Substring(text)) else {
                    error(
                        .badDate, ValueProblems.dateTime(text) ?? "`\(text)` is not a valid date-time", from: start,
                        hint: "write date-times as YYYY-MM-DD HH:MM, e.g. 2019-04-01 16:00")
                    return .dateTime(CivilDateTime(minutesSinceEpoch: 0))
                }
                return .dateTime(dt)
            }
            return .date(date)
        }
        if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
            i += 1
            _ = digits()
        }
        // An exponent (`1e3`, `2E-7`): not the language's, but said as a number (as JSON's are).
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E"),
            Lexer.isDigit(peek(1))
                || ((peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+")) && Lexer.isDigit(peek(2)))
        {
            i += 2
            _ = digits()
            if i >= bytes.count || !Lexer.isIdentChar(bytes[i]) {
                error(.badNumber, ValueProblems.number(signed(start)), from: start, hint: ValueProblems.numberHint)
                return .number(.zero)
            }
        }
        if i < bytes.count, Lexer.isIdentStart(bytes[i]) {
            while i < bytes.count, Lexer.isIdentChar(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            error(
                .badNumber, "`\(text)` is neither a number nor a name", from: start,
                hint: "names start with a letter or `_`")
            return .number(.zero)
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let value = ExactNumber.parse(Substring(text)) else {
            error(.badNumber, ValueProblems.number(signed(start)), from: start, hint: ValueProblems.numberHint)
            return .number(.zero)
        }
        return .number(value)
    }

    /// The number from `start` to here as written, with the `-` just before it (the parser's unary minus),
    /// so that a message names the value as the writer wrote it.
    private func signed(_ start: Int) -> String {
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        return start > 0 && bytes[start - 1] == UInt8(ascii: "-") ? "-" + text : text
    }

    /// A date written day first, as in the UK (`24/05/2024`, `1/5/2024 9:00`): not the language's way, so an
    /// error that gives the user's own date turned round (`2024-05-24 21:00`). Consumes it only when it is
    /// there: one or two digits (already read), `/`, one or two digits, `/`, four digits, and an optional time.
    private mutating func lexDayFirstDate(_ start: Int) -> TokenKind? {
        var j = i
        guard j < bytes.count, bytes[j] == UInt8(ascii: "/") else { return nil }
        j += 1
        let m0 = j
        let mLen = skipDigits(&j)
        guard mLen == 1 || mLen == 2, skip("/", &j) else { return nil }
        let y0 = j
        guard skipDigits(&j) == 4, j >= bytes.count || !Lexer.isIdentChar(bytes[j]) else { return nil }
        func twoDigits(_ from: Int, _ to: Int) -> String {
            let text = String(decoding: bytes[from..<to], as: UTF8.self)
            return text.count == 1 ? "0" + text : text
        }
        var turned =
            String(decoding: bytes[y0..<j], as: UTF8.self) + "-" + twoDigits(m0, m0 + mLen) + "-"
            + twoDigits(start, i)
        i = j
        if let time = lexTimeSuffix() { turned += " " + time }
        let written = String(decoding: bytes[start..<i], as: UTF8.self)
        let problem = turned.count > 10 ? ValueProblems.dateTime(turned) : ValueProblems.date(turned)
        error(
            .badDate, problem ?? "`\(written)` is a date written day first", from: start,
            hint: problem == nil ? "write dates as \(turned)" : "write dates year first: YYYY-MM-DD")
        if turned.count > 10 { return .dateTime(CivilDateTime.parse(Substring(turned)) ?? .init(minutesSinceEpoch: 0)) }
        return .date(CivilDate.parse(Substring(turned)) ?? CivilDate(daysSinceEpoch: 0))
    }

    /// Moves `j` past the digits there, and says how many there were.
    private func skipDigits(_ j: inout Int) -> Int {
        let start = j
        while j < bytes.count, Lexer.isDigit(bytes[j]) { j += 1 }
        return j - start
    }

    /// Moves `j` past `separator` when it is there, and says whether it was.
    private func skip(_ separator: Unicode.Scalar, _ j: inout Int) -> Bool {
        guard j < bytes.count, bytes[j] == UInt8(ascii: separator) else { return false }
        j += 1
        return true
    }

    /// After a date: ` HH:MM` (spaces on the same line) or `THH:MM`. Consumes it only when it is there.
    private mutating func lexTimeSuffix() -> String? {
        var j = i
        if j < bytes.count, bytes[j] == UInt8(ascii: "T") {
            j += 1
        } else {
            guard j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") else { return nil }
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t") { j += 1 }
        }
        let h0 = j
        let hLen = skipDigits(&j)
        guard hLen == 1 || hLen == 2, skip(":", &j) else { return nil }
        let m0 = j
        guard skipDigits(&j) == 2 else { return nil }
        if j < bytes.count, Lexer.isIdentChar(bytes[j]) { return nil }
        let hour = String(decoding: bytes[h0..<(h0 + hLen)], as: UTF8.self)
        let text = (hLen == 1 ? "0" + hour : hour) + ":" + String(decoding: bytes[m0..<j], as: UTF8.self)
        i = j
        return text
    }

    private mutating func lexString(_ start: Int) -> TokenKind {
        i += 1
        var out: [UInt8] = []
        var sawControl = false
        while true {
            guard i < bytes.count, bytes[i] != UInt8(ascii: "\n") else {
                error(
                    .unterminatedString, "this string is not closed on its line", from: start,
                    hint: "add a closing `\"`; strings cannot span lines")
                return .string(String(decoding: out, as: UTF8.self))
            }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if b == UInt8(ascii: "\\") {
                let e = peek(1)
                switch e {
                case UInt8(ascii: "\""):
                    out.append(e)
                    i += 2
                case UInt8(ascii: "\\"):
                    out.append(e)
                    i += 2
                case UInt8(ascii: "n"):
                    out.append(UInt8(ascii: "\n"))
                    i += 2
                default:
                    let escStart = i
                    i += (e == 0 || e == UInt8(ascii: "\n")) ? 1 : 2
                    diagnostics.append(
                        .error(
                            .badEscape, "unknown escape in a string", at: span(from: escStart),
                            hint: "the escapes are \\\" \\\\ and \\n"))
                }
                continue
            }
            if let width = Lexer.controlWidth(bytes, at: i) {
                // Invisible in an editor, and an escape sequence written to a terminal (shown as a picture,
                // `withVisibleControls`, wherever threshold prints it). Said once a string.
                let at = i
                out.append(contentsOf: bytes[i..<(i + width)])
                i += width
                if !sawControl {
                    sawControl = true
                    let code = width == 1 ? UInt32(b) : UInt32(bytes[at + 1])
                    error(
                        .unexpectedCharacter,
                        "a control character (U+\(Hex.upper(code, width: 4))) in a string", from: at,
                        hint: "remove it: it cannot be seen in an editor, and is printed as `"
                            + String(decoding: bytes[at..<(at + width)], as: UTF8.self).withVisibleControls + "`")
                }
                continue
            }
            out.append(b)
            i += 1
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// The bytes of a control character at `i` inside a string (a C0 control other than tab and carriage
    /// return, DEL, or a C1 control, two bytes in UTF-8), or nil.
    static func controlWidth(_ bytes: [UInt8], at i: Int) -> Int? {
        let b = bytes[i]
        if b < 0x20 && b != 0x09 && b != 0x0D || b == 0x7F { return 1 }
        if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) { return 2 }
        return nil
    }
}
