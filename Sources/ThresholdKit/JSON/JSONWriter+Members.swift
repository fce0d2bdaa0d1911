/// A value written in one call, as `JSONWriter.member(_:_:)`, `JSONWriter.scalar(_:)` and the arrays of
/// `JSONWriter.array(_:_:)` write it: a string, a whole number, an exact decimal, a flag, or one of these
/// optional (`null` when there is none).
protocol JSONScalar {
    func write(to w: inout JSONWriter)
}

extension String: JSONScalar {
    func write(to w: inout JSONWriter) { w.string(self) }
}

extension Int: JSONScalar {
    func write(to w: inout JSONWriter) { w.int(self) }
}

extension Bool: JSONScalar {
    func write(to w: inout JSONWriter) { w.bool(self) }
}

extension ExactNumber: JSONScalar {
    func write(to w: inout JSONWriter) { w.number(self) }
}

extension Optional: JSONScalar where Wrapped: JSONScalar {
    func write(to w: inout JSONWriter) {
        if let value = self { value.write(to: &w) } else { w.null() }
    }
}

/// A member and its value in one call: `w.member("name", x)` writes what `w.key("name"); w.string(x)` writes
/// (an optional value, `null` when there is none; with `ifPresent:`, nothing).
extension JSONWriter {
    /// The value as it is, or `null` for an optional with none.
    @inline(__always) mutating func scalar(_ value: some JSONScalar) {
        value.write(to: &self)
    }

    @inline(__always) mutating func member(_ name: String, _ value: some JSONScalar) {
        key(name)
        value.write(to: &self)
    }

    /// The member only when there is a value (where `member(_:_:)` with an optional writes `null`).
    @inline(__always) mutating func member(_ name: String, ifPresent value: (some JSONScalar)?) {
        if let value { member(name, value) }
    }
}
