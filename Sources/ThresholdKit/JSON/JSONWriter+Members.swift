/// A member and its value in one call: `w.member("name", x)` writes what `w.key("name"); w.string(x)` writes
/// (an optional value, `null` when there is none; with `ifPresent:`, nothing).
extension JSONWriter {
    mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: String?) {
        key(name)
        string(orNull: value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func member(_ name: String, _ value: Int?) {
        key(name)
        int(orNull: value)
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func member(_ name: String, _ value: ExactNumber) {
        key(name)
        number(value)
    }

    mutating func member(_ name: String, _ value: ExactNumber?) {
        key(name)
        number(orNull: value)
    }

    /// The member only when there is a value (where `member(_:_:)` with an optional writes `null`).
    mutating func member(_ name: String, ifPresent value: String?) {
        if let value { member(name, value) }
    }

    mutating func member(_ name: String, ifPresent value: Int?) {
        if let value { member(name, value) }
    }
}
