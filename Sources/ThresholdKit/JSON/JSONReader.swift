/// A strict RFC 8259 JSON reader working directly on UTF-8 bytes.
///
/// Rejects trailing commas, leading zeros, bad escapes, unpaired surrogates,
/// unescaped control characters, invalid UTF-8 and trailing text. A leading
/// UTF-8 byte order mark is skipped (RFC 8259 §8.1 permits this). Nesting
/// deeper than `maxDepth` is an error; the parser is iterative, so no input
/// can overflow the stack.
///
/// All entry points use typed throws: they throw only `JSONParseError`.
enum JSONReader {
    /// The deepest nesting of arrays and objects accepted.
    static let maxDepth = Limits.jsonDepth

    /// Parses one JSON text.
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in Result { () throws(JSONParseError) in try parse(bytes: buffer) } }.get()
    }

    /// Parses one JSON text from UTF-8 bytes.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes)
        return try parser.parseDocument()
    }

    /// Parses one JSON text from UTF-8 bytes.
    static func parse(bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONParseError) in try parse(bytes: buffer) } }
            .get()
    }
}

/// The parser state: a cursor over the bytes and an explicit container stack.
///
/// Bounds (release builds do not check `UnsafeBufferPointer` subscripts): every `bytes[index]` read is
/// behind an `index < bytes.count` test in the same function, or, for `parseNumber`, `parseKey` and
/// `describe(at:)`, in the caller just before (they are called on a byte already read). Multi-byte reads
/// check their end first (`index + 1 < count` for an escape, `position + length <= count` for a UTF-8
/// sequence). Slices are `start..<index` with `start <= index <= count`. The fuzz target `JSONDocument`
/// runs the parser under AddressSanitizer on inputs that end exactly at the end of their allocation.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []

    /// One open array or object.
    private struct Frame {
        var isObject: Bool
        var items: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        var key = ""
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Structure

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        var stack: [Frame] = []
        while true {
            // Read one value, or open a container and go round for its first value.
            skipWhitespace()
            guard index < bytes.count else {
                throw makeError("unexpected end of input: expected a JSON value", at: index)
            }
            var value: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                if stack.count >= JSONReader.maxDepth {
                    throw makeError("nesting is deeper than \(JSONReader.maxDepth) levels", at: index)
                }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: isObject ? "}" : "]") {
                    index += 1
                    value = isObject ? .object([]) : .array([])
                } else {
                    var frame = Frame(isObject: isObject)
                    if isObject { frame.key = try parseKey() }
                    stack.append(frame)
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw makeError("unexpected \(describe(at: index)): expected a JSON value", at: index)
            }
            // Hand the value to the enclosing containers, closing as many as end here.
            closing: while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if index < bytes.count {
                        throw makeError("unexpected \(describe(at: index)) after the JSON value", at: index)
                    }
                    return value
                }
                let top = stack.count - 1
                let isObject = stack[top].isObject
                if isObject {
                    stack[top].members.append((stack[top].key, value))
                } else {
                    stack[top].items.append(value)
                }
                skipWhitespace()
                let close = UInt8(ascii: isObject ? "}" : "]")
                guard index < bytes.count else {
                    throw makeError(
                        "unexpected end of input: expected ',' or '\(Character(Unicode.Scalar(close)))'",
                        at: index)
                }
                if bytes[index] == UInt8(ascii: ",") {
                    let comma = index
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == close {
                        throw makeError("trailing comma before '\(Character(Unicode.Scalar(close)))'", at: comma)
                    }
                    if isObject { stack[top].key = try parseKey() }
                    break closing
                } else if bytes[index] == close {
                    index += 1
                    if let frame = stack.popLast() {
                        value = isObject ? .object(frame.members) : .array(frame.items)
                    }
                } else {
                    throw makeError(
                        "unexpected \(describe(at: index)): expected ',' or '\(Character(Unicode.Scalar(close)))'",
                        at: index)
                }
            }
        }
    }

    /// Reads `"name"` and the `:` after it (leading whitespace already skipped).
    private mutating func parseKey() throws(JSONParseError) -> String {
        guard index < bytes.count else {
            throw makeError("unexpected end of input: expected a member name in double quotes", at: index)
        }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw makeError("unexpected \(describe(at: index)): expected a member name in double quotes", at: index)
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            let found = index < bytes.count ? describe(at: index) : "end of input"
            throw makeError("unexpected \(found): expected ':' after the member name", at: index)
        }
        index += 1
        return key
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { literal -> Bool in
            guard start + count <= bytes.count else { return false }
            for k in 0..<count where bytes[start + k] != literal[k] { return false }
            return true
        }
        guard matches else {
            throw makeError("invalid literal: expected '\(word)'", at: start)
        }
        index += count
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw makeError("expected a digit after '-'", at: index)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw makeError("leading zeros are not allowed in numbers", at: index - 1)
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw makeError("expected a digit after the decimal point", at: index)
            }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw makeError("expected a digit in the exponent", at: index)
            }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        let open = index
        index += 1
        var runStart = index
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard index < bytes.count else {
                throw makeError("unterminated string (no closing '\"')", at: open)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if !escaped { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                escaped = true
                try parseEscape()
                runStart = index
            } else if byte < 0x20 {
                throw makeError("control character \(hexScalar(UInt32(byte))) must be escaped in a string", at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index += try utf8SequenceLength(at: index)
            }
        }
    }

    /// Reads one escape sequence starting at the backslash, appending its UTF-8 to `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let start = index
        guard index + 1 < bytes.count else {
            throw makeError("unterminated string (no closing '\"')", at: start)
        }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4(at: start)
            if (0xDC00...0xDFFF).contains(code) {
                throw makeError(
                    "unpaired low surrogate \\u\(Hex.upper(code, width: 4)) (a low surrogate must follow a high one)",
                    at: start)
            }
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw makeError(
                        "unpaired high surrogate \\u\(Hex.upper(code, width: 4)) (it must be followed by a \\u low surrogate)",
                        at: start)
                }
                let lowStart = index
                index += 2
                let low = try hex4(at: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw makeError(
                        "unpaired high surrogate \\u\(Hex.upper(code, width: 4)) (followed by \\u\(Hex.upper(low, width: 4)), not a low surrogate)",
                        at: start)
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            appendUTF8(code)
        default:
            throw makeError(
                "invalid escape sequence '\\\(describeEscapeLetter(at: start + 1))'"
                    + " (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: start)
        }
    }

    /// Reads four hex digits at `index` (just after `\u`); `escapeStart` locates errors.
    private mutating func hex4(at escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else {
                throw makeError("\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw makeError("\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            code = code << 4 | UInt32(digit)
            index += 1
        }
        return code
    }

    private mutating func appendUTF8(_ code: UInt32) {
        switch code {
        case 0..<0x80:
            scratch.append(UInt8(code))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | code >> 6))
            scratch.append(UInt8(0x80 | code & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | code >> 12))
            scratch.append(UInt8(0x80 | code >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | code & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | code >> 18))
            scratch.append(UInt8(0x80 | code >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | code >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | code & 0x3F))
        }
    }

    /// Length of the well-formed UTF-8 sequence at `at` (Unicode Table 3-7), or an error.
    private func utf8SequenceLength(at position: Int) throws(JSONParseError) -> Int {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: throw makeError("invalid UTF-8 byte 0x\(Hex.upper(UInt32(lead), width: 2))", at: position)
        }
        guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else {
            throw makeError("invalid UTF-8 sequence", at: position)
        }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[position + k]) {
            throw makeError("invalid UTF-8 sequence", at: position)
        }
        return length
    }

    // MARK: Errors

    /// An error at byte `offset`, with its line and column worked out.
    private func makeError(_ message: String, at offset: Int) -> JSONParseError {
        let end = Swift.min(offset, bytes.count)
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var line = 1
        var column = 1
        var k = hasByteOrderMark ? 3 : 0
        while k < end {
            let byte = bytes[k]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count the first byte of each scalar only
            }
            k += 1
        }
        return JSONParseError(message: message, offset: offset, line: line, column: column)
    }

    /// Describes the character at `position` for a message: `'x'`, `U+00E9 'é'`, or a byte.
    private func describe(at position: Int) -> String {
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return "character \(hexScalar(UInt32(byte)))" }
        if let length = try? utf8SequenceLength(at: position),
            let scalar = String(
                decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + length)]),
                as: UTF8.self
            ).unicodeScalars.first
        {
            return "character \(hexScalar(scalar.value)) '\(scalar)'"
        }
        return "byte 0x\(Hex.upper(UInt32(byte), width: 2))"
    }

    private func describeEscapeLetter(at position: Int) -> String {
        guard position < bytes.count else { return "" }
        let byte = bytes[position]
        if byte >= 0x21 && byte < 0x7F { return String(Character(Unicode.Scalar(byte))) }
        return hexScalar(UInt32(byte))
    }

    private func hexScalar(_ value: UInt32) -> String {
        "U+" + Hex.upper(value, width: 4)
    }
}
