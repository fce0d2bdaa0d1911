/// A JSON value, as read by `JSONReader` and written by `JSONWriter`.
///
/// Numbers keep the literal text as written (`"2.5"`, `"-0"`, `"1e3"`) so no
/// precision is lost; convert with `exactNumber` when an exact decimal is
/// wanted. Objects keep their members in document order, duplicates included
/// (RFC 8259 leaves duplicate names to the application; see `duplicateKey`).
enum JSONValue: Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `"2.5"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(String, JSONValue)])

    /// Structural equality. Numbers compare by their literal text (`1.0` is
    /// not equal to `1`); objects compare member by member, in order.
    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.0 != y.0 || x.1 != y.1 {
                return false
            }
            return true
        default: return false
        }
    }

    /// A whole number.
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// An exact decimal, written canonically.
    static func exact(_ value: ExactNumber) -> JSONValue { .number(value.description) }

    /// Compact JSON text (same as `serialize(self)`).
    var description: String { serialize(self) }

    // MARK: Accessors

    /// The value of the first member named `key`, if this is an object that has one.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.0 == key })?.1
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The literal text of a number.
    var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// A number as an exact decimal, or `nil` if not a number or not
    /// representable (exponent form, more than six decimal places, too large).
    var exactNumber: ExactNumber? {
        guard case .number(let text) = self else { return nil }
        if let value = ExactNumber.parse(text) { return value }
        // `-0.50000000` style: extra trailing zeros in the fraction are exact.
        guard text.contains("."), !text.contains("e"), !text.contains("E") else { return nil }
        var trimmed = Substring(text)
        while trimmed.last == "0" { trimmed = trimmed.dropLast() }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        return ExactNumber.parse(trimmed)
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var objectValue: [(String, JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The first member name that occurs more than once in this object (not
    /// nested objects), if any.
    var duplicateKey: String? {
        guard case .object(let members) = self else { return nil }
        var seen = Set<String>()
        for (key, _) in members where !seen.insert(key).inserted {
            return key
        }
        return nil
    }

    /// A short name for the kind of value, for messages: `null`, `a boolean`,
    /// `a number`, `a string`, `an array`, `an object`.
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Why JSON text could not be read, and where.
struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    var message: String
    /// Byte offset (0-based) into the UTF-8 input.
    var offset: Int
    /// Line number, 1-based (lines end at `\n`).
    var line: Int
    /// Column, 1-based, counted in Unicode scalars from the start of the line.
    var column: Int

    init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line L, column C: message`.
    var description: String {
        "line \(line), column \(column): \(message)"
    }
}
