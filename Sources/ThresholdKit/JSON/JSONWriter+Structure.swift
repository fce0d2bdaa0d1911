/// Objects and arrays written as blocks, so that what a JSON answer holds reads as its shape:
/// ```
/// w.object { w in                                                    // {
///     w.member("name", rs.name)                                       // "name":"…",
///     w.array("levels", rs.levels.lazy.map(\.name))                   // "levels":["green",…],
///     w.objects("rules", rs.rules) { w, r in w.member("name", r.name) }  // "rules":[{"name":…},…]
/// }                                                                   // }
/// ```
/// Each writes what the `beginObject`/`key`/`endObject` calls it stands for write, byte for byte (`object(_:)`
/// and `array(_:)`, the blocks the others are made of, are in `JSONWriter.swift`). The closures are not escaping
/// and the helpers are inlined, so a block costs what the calls written out cost, with nothing allocated.
extension JSONWriter {
    /// A whole document that is one object, its members written by `members`, then a newline (unless `endLine`
    /// is false): `JSONWriter.document { w in w.member("ok", true) }.text` is `{"ok":true}` and a newline.
    static func document(endLine: Bool = true, _ members: (inout JSONWriter) -> Void) -> JSONWriter {
        var w = JSONWriter()
        w.object(members)
        if endLine { w.endLine() }
        return w
    }

    /// `"name":{…}`: a member whose value is an object, its members written by `body`.
    @inline(__always) mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    /// `"name":[…]`: a member whose value is an array, its values written by `body`.
    @inline(__always) mutating func array(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    /// `[…]`: the items, each a string, number, flag or `null`.
    @inline(__always) mutating func array<S: Sequence>(_ items: S) where S.Element: JSONScalar {
        array { w in
            for item in items { item.write(to: &w) }
        }
    }

    /// `"name":[…]`: the items, each a string, number, flag or `null`.
    @inline(__always) mutating func array<S: Sequence>(_ name: String, _ items: S) where S.Element: JSONScalar {
        key(name)
        array(items)
    }

    /// `[{…},…]`: an object for each item, its members written by `members`.
    @inline(__always) mutating func objects<S: Sequence>(
        _ items: S, _ members: (inout JSONWriter, S.Element) -> Void
    ) {
        array { w in
            for item in items {
                w.object { w in members(&w, item) }
            }
        }
    }

    /// `"name":[{…},…]`: a member whose value is an object for each item, its members written by `members`.
    @inline(__always) mutating func objects<S: Sequence>(
        _ name: String, _ items: S, _ members: (inout JSONWriter, S.Element) -> Void
    ) {
        key(name)
        objects(items, members)
    }
}
