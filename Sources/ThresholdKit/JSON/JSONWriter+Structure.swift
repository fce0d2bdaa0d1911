/// Objects and arrays written as blocks, so that what a JSON answer holds reads as its shape:
/// ```
/// w.object { w in
///     w.member("name", rs.name)
///     w.array("levels", rs.levels.map(\.name))                    // ["green","amber"]
///     w.objects("rules", rs.rules) { w, r in w.member("name", r.name) }  // [{"name":…},…]
/// }
/// ```
/// Each writes what the `begin`/`key`/`end` calls it stands for write, byte for byte. The closures are not
/// escaping and the helpers are inlined, so a block costs what the calls written out cost.
extension JSONWriter {
    /// `{…}`: an object whose members `body` writes.
    @inline(__always) mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    /// `"name":{…}`: a member whose value is an object, its members written by `body`.
    @inline(__always) mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        object(body)
    }

    /// `[…]`: an array whose values `body` writes.
    @inline(__always) mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginArray()
        body(&self)
        endArray()
    }

    /// `"name":[…]`: a member whose value is an array, its values written by `body`.
    @inline(__always) mutating func array(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        array(body)
    }

    /// `[…]`: the items, each a string, number, flag or `null`.
    @inline(__always) mutating func array<S: Sequence>(_ items: S) where S.Element: JSONScalar {
        beginArray()
        for item in items { item.write(to: &self) }
        endArray()
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
        beginArray()
        for item in items {
            beginObject()
            members(&self, item)
            endObject()
        }
        endArray()
    }

    /// `"name":[{…},…]`: a member whose value is an object for each item, its members written by `members`.
    @inline(__always) mutating func objects<S: Sequence>(
        _ name: String, _ items: S, _ members: (inout JSONWriter, S.Element) -> Void
    ) {
        key(name)
        objects(items, members)
    }
}
