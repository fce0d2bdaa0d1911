/// A streaming writer of compact JSON (no spaces, no newlines) into a byte buffer.
///
/// Commas and colons are inserted automatically:
/// ```
/// var w = JSONWriter()
/// w.beginObject(); w.key("id"); w.string("mathew"); w.key("age"); w.int(12); w.endObject()
/// w.text   // {"id":"mathew","age":12}
/// ```
/// The caller is responsible for balancing begin/end calls and for calling
/// `key` before each value inside an object. Strings are escaped so the output
/// is always valid JSON and safe to embed in JavaScript: `"` `\` as `\"` `\\`,
/// newline, return and tab as `\n` `\r` `\t`, other control characters as
/// `\u00XX`, and U+2028/U+2029 as `\u2028`/`\u2029`; all other text is written
/// as UTF-8 as it is. The same calls always give the same bytes.
public struct JSONWriter: Sendable {
    /// The JSON written so far (UTF-8).
    public private(set) var bytes: [UInt8] = []
    /// True when the next value or key needs a comma before it.
    private var needsComma = false

    public init() {}

    /// The JSON written so far as a `String`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name and its colon; the next call writes the member's value.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes number text as it is (for example `ExactNumber.description` or
    /// the text of a `JSONValue.number`). Text that is not a valid JSON number
    /// is written as a JSON string instead, so the output stays valid JSON.
    public mutating func number(raw: String) {
        guard JSONWriter.isValidNumber(raw) else {
            string(raw)
            return
        }
        separate()
        bytes.append(contentsOf: raw.utf8)
        needsComma = true
    }

    /// Writes an exact decimal in canonical form (`2.5`, `-3`, `0.000001`).
    public mutating func number(_ value: ExactNumber) {
        number(raw: value.description)
    }

    public mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes a whole `JSONValue` (objects keep their member order).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let text): number(raw: text)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    // MARK: Internals

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `"text"` with the escapes described on the type.
    private mutating func appendQuoted(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var runStart = 0
            var k = 0
            while k < utf8.count {
                let byte = utf8[k]
                // Fast path: bytes written as they are.
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
                    k += 1
                    continue
                }
                let isSeparator = byte == 0xE2 && k + 2 < utf8.count && utf8[k + 1] == 0x80
                    && (utf8[k + 2] == 0xA8 || utf8[k + 2] == 0xA9)
                if byte == 0xE2 && !isSeparator {
                    k += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0xE2:
                    // U+2028 / U+2029 → \u2028 / \u2029
                    bytes.append(contentsOf: utf8[k + 2] == 0xA8 ? Self.u2028 : Self.u2029)
                    k += 2
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
                }
                k += 1
                runStart = k
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let u2028: [UInt8] = Array("u2028".utf8)
    private static let u2029: [UInt8] = Array("u2029".utf8)

    /// True for RFC 8259 number text: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    static func isValidNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "0") {
            i += 1
        } else if digits() == 0 {
            return false
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { return false }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == b.count
    }
}

/// Compact JSON text of a value: no spaces, members in order, strings escaped
/// as `JSONWriter` does.
public func serialize(_ v: JSONValue) -> String {
    var writer = JSONWriter()
    writer.value(v)
    return writer.text
}
