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
@_spi(Bench) public struct JSONWriter: Sendable {
    /// The JSON written so far (UTF-8).
    private(set) var bytes: [UInt8] = []
    /// True when the next value or key needs a comma before it.
    private var needsComma = false

    public init() {}

    /// The JSON written so far as a `String`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    public mutating func beginObject() { open(UInt8(ascii: "{")) }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() { open(UInt8(ascii: "[")) }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// `{…}`: an object whose members `body` writes (`beginObject`, `body`, `endObject`).
    @inline(__always) mutating func object(_ body: (inout JSONWriter) -> Void) {
        enclose(UInt8(ascii: "{"), body, UInt8(ascii: "}"))
    }

    /// `[…]`: an array whose values `body` writes (`beginArray`, `body`, `endArray`).
    @inline(__always) mutating func array(_ body: (inout JSONWriter) -> Void) {
        enclose(UInt8(ascii: "["), body, UInt8(ascii: "]"))
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
    mutating func number(raw: String) {
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
        appendNumber { JSONEscaping.exact(value, into: $0) }
    }

    public mutating func int(_ value: Int) {
        appendNumber { JSONEscaping.int(value, into: $0) }
    }

    /// A number value written by `encode` into room for `JSONEscaping.maxNumberLength` bytes.
    private mutating func appendNumber(_ encode: (UnsafeMutablePointer<UInt8>) -> Int) {
        separate()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONEscaping.maxNumberLength) { buf in
            guard let p = buf.baseAddress else { return }
            bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: encode(p)))
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) { word(value ? "true" : "false") }

    public mutating func null() { word("null") }

    /// Writes a whole `JSONValue` (objects keep their member order).
    mutating func value(_ value: JSONValue) {
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
    mutating func key(_ name: JSONFragment) {
        name.bytes.withUnsafeBufferPointer { key(encoded: $0) }
    }

    /// Writes a value made once with `JSONFragment.value`, or members made with `JSONFragment.members`
    /// (inside an object, after any other members).
    mutating func fragment(_ f: JSONFragment) {
        f.bytes.withUnsafeBufferPointer { fragment(encoded: $0) }
    }

    /// Writes a member name already encoded as `"name":` (see `key(_: JSONFragment)`).
    mutating func key(encoded: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(contentsOf: encoded)
        needsComma = false
    }

    /// Writes a value, or members, already encoded (see `fragment(_:)`).
    mutating func fragment(encoded: UnsafeBufferPointer<UInt8>) {
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
    mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
        needsComma = false
    }

    /// Calls `body` with the bytes written so far.
    func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try bytes.withUnsafeBytes(body)
    }

    /// Reserves room for at least `count` bytes in all.
    mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    // MARK: Internals

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// `{` or `[`, after the comma due; the first value inside needs none.
    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    /// `}` or `]`; the next value needs a comma.
    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    @inline(__always) private mutating func enclose(
        _ opening: UInt8, _ body: (inout JSONWriter) -> Void, _ closing: UInt8
    ) {
        open(opening)
        body(&self)
        close(closing)
    }

    /// `true`, `false` or `null`, after the comma due.
    private mutating func word(_ word: StaticString) {
        separate()
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// Appends `"text"` with the escapes described on the type (see `JSONEscaping.quote`).
    private mutating func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count * 6 + 2) { buf in
                guard let p = buf.baseAddress else { return }
                bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: JSONEscaping.quote(utf8, into: p)))
            }
        }
    }

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
struct JSONFragment: Sendable {
    /// The encoded bytes (UTF-8 JSON text).
    let bytes: [UInt8]

    /// `"name":`, for `JSONWriter.key(_:)`.
    static func key(_ name: String) -> JSONFragment {
        var w = JSONWriter()
        w.string(name)
        return JSONFragment(bytes: w.bytes + [UInt8(ascii: ":")])
    }

    /// One JSON value, written by `body` (for example `{ $0.string("red") }`).
    static func value(_ body: (inout JSONWriter) -> Void) -> JSONFragment {
        var w = JSONWriter()
        body(&w)
        return JSONFragment(bytes: w.bytes)
    }

    /// Object members (`"a":1,"b":2`, no braces), written by `body` as `key`/value calls.
    static func members(_ body: (inout JSONWriter) -> Void) -> JSONFragment {
        var w = JSONWriter()
        w.beginObject()
        body(&w)
        w.endObject()
        return JSONFragment(bytes: Array(w.bytes.dropFirst().dropLast()))
    }
}

/// Compact JSON text of a value: no spaces, members in order, strings escaped
/// as `JSONWriter` does.
func serialize(_ v: JSONValue) -> String {
    var writer = JSONWriter()
    writer.value(v)
    return writer.text
}
