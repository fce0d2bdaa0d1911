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

    /// Writes an exact decimal in canonical form (`2.5`, `-3`, `0.000001`): the text of
    /// `ExactNumber.description`, written without making a `String`.
    public mutating func number(_ value: ExactNumber) {
        separate()
        let magnitude = value.units.magnitude
        let scale = UInt64(ExactNumber.scale)
        var fraction = magnitude % scale
        var places = ExactNumber.decimalPlaces
        if fraction != 0 {
            while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var end = buf.count
            if fraction != 0 {
                for _ in 0..<places {
                    end -= 1; buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10); fraction /= 10
                }
                end -= 1; buf[end] = UInt8(ascii: ".")
            }
            var whole = magnitude / scale
            repeat {
                end -= 1; buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: whole % 10); whole /= 10
            } while whole != 0
            if value.units < 0 { end -= 1; buf[end] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[end...]))
        }
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buf in
            var end = buf.count
            var m = value.magnitude
            repeat {
                end -= 1; buf[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10); m /= 10
            } while m != 0
            if value < 0 { end -= 1; buf[end] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[end...]))
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        let word: StaticString = value ? "true" : "false"
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    public mutating func null() {
        separate()
        let word: StaticString = "null"
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
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

    // MARK: Pre-encoded text

    /// Writes a member name made once with `JSONFragment.key` (the next call writes its value).
    public mutating func key(_ name: JSONFragment) {
        separate()
        bytes.append(contentsOf: name.bytes)
        needsComma = false
    }

    /// Writes a value made once with `JSONFragment.value`, or members made with `JSONFragment.members`
    /// (inside an object, after any other members).
    public mutating func fragment(_ f: JSONFragment) {
        guard !f.bytes.isEmpty else { return }
        separate()
        bytes.append(contentsOf: f.bytes)
        needsComma = true
    }

    /// Writes a member name already encoded as `"name":` (see `key(_: JSONFragment)`).
    public mutating func key(encoded: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: encoded)
        needsComma = false
    }

    /// Writes a value, or members, already encoded (see `fragment(_:)`).
    public mutating func fragment(encoded: UnsafeBufferPointer<UInt8>) {
        guard !encoded.isEmpty else { return }
        separate()
        bytes.append(contentsOf: encoded)
        needsComma = true
    }

    // MARK: Lines and reuse

    /// Ends a line of JSON Lines output: appends `\n`; the next value starts a new document (no comma).
    public mutating func endLine() {
        bytes.append(0x0A)
        needsComma = false
    }

    /// Forgets what was written, keeping the buffer's capacity for reuse.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
        needsComma = false
    }

    /// Calls `body` with the bytes written so far.
    public func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try bytes.withUnsafeBytes(body)
    }

    /// Reserves room for at least `count` bytes in all.
    public mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    // MARK: Internals

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Bytes that cannot be copied as they are inside a string: controls, `"`, `\\`, and 0xE2 (the first
    /// byte of U+2028 and U+2029, checked further when seen).
    private static let needsCare: [Bool] = (0...255).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0xE2
    }

    /// Appends `"text"` with the escapes described on the type.
    private mutating func appendQuoted(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            Self.needsCare.withUnsafeBufferPointer { care in
                var runStart = 0
                var k = 0
                let n = utf8.count
                while k < n {
                    let byte = utf8[k]
                    // Fast path: bytes written as they are.
                    if !care[Int(byte)] {
                        k += 1
                        continue
                    }
                    let isSeparator = byte == 0xE2 && k + 2 < n && utf8[k + 1] == 0x80
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
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
            }
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

/// JSON text encoded once and written many times with `JSONWriter.key(_:)` or `JSONWriter.fragment(_:)`:
/// the names, labels and long descriptions of a rule set, for output that repeats them on every line.
public struct JSONFragment: Sendable {
    /// The encoded bytes (UTF-8 JSON text).
    public let bytes: [UInt8]

    /// `"name":`, for `JSONWriter.key(_:)`.
    public static func key(_ name: String) -> JSONFragment {
        var w = JSONWriter()
        w.string(name)
        return JSONFragment(bytes: w.bytes + [UInt8(ascii: ":")])
    }

    /// One JSON value, written by `body` (for example `{ $0.string("red") }`).
    public static func value(_ body: (inout JSONWriter) -> Void) -> JSONFragment {
        var w = JSONWriter()
        body(&w)
        return JSONFragment(bytes: w.bytes)
    }

    /// Object members (`"a":1,"b":2`, no braces), written by `body` as `key`/value calls.
    public static func members(_ body: (inout JSONWriter) -> Void) -> JSONFragment {
        var w = JSONWriter()
        w.beginObject()
        body(&w)
        w.endObject()
        return JSONFragment(bytes: Array(w.bytes.dropFirst().dropLast()))
    }
}

/// Compact JSON text of a value: no spaces, members in order, strings escaped
/// as `JSONWriter` does.
public func serialize(_ v: JSONValue) -> String {
    var writer = JSONWriter()
    writer.value(v)
    return writer.text
}
