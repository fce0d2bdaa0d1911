/// The fast path of `threshold batch`: reads a JSON Lines scenario straight from its bytes into a
/// `Scenario`, without building a `JSONValue` tree and with fact names found by hashing their bytes.
///
/// It accepts only the plain, common form: a top-level object that is either `{"id": "…", "title": …,
/// "source": …, "facts": {…}}` or a bare facts object; ASCII strings without escapes; fact values that are
/// `true`, `false`, `null`, numbers, strings or arrays of strings. On anything else (an error, a duplicate
/// name, an unknown fact, a value the fact does not take, `expect`, escapes, non-ASCII text, nesting) it
/// returns nil, and the caller takes the general path (`JSONReader` and `JSONScenarioDecoder`), which
/// gives the same scenario or the exact error message. The commonest values are read here from their bytes
/// (yes/no, unknown, whole numbers in range, option and level names, dates and date-times), exactly as
/// `ValueConverter` reads them, and any that does not read cleanly goes the general way; every other value
/// is converted with `JSONScenarioDecoder.value`. The tests hold the two paths to the same scenario.
///
/// The fact vector is reused from line to line: a scenario's facts share its storage until the next line,
/// which changes it in place when no one else holds it (only the slots the previous line gave are reset),
/// and copies it otherwise. Building and destroying a fresh vector of every slot each line cost more than
/// the rest of decoding.
struct BatchLineDecoder {
    private let factCount: Int
    /// The rule set's tables for reading a fact's name and value (a class, so reading a fact copies nothing).
    private let reader: BatchFactReader
    /// `reader`, to use without counting a reference (`reader` holds it for the decoder's lifetime).
    private let readerRef: Unmanaged<BatchFactReader>
    /// Each slot's value before a line gives it: its default, or unknown.
    private let initial: FactVector
    /// The vector of the previous line and the slots it gave (taken by `decodeLine`, given back by `reclaim`;
    /// nil while a line holds them, so taking and giving back count no reference).
    private var kept: (facts: FactVector, given: [Int])?
    /// The stamp (`LineSlots.stamp`) of the line whose slots `kept.given` lists.
    private var keptStamp = 0

    init(ruleSet: RuleSet) {
        factCount = ruleSet.facts.count
        reader = BatchFactReader(ruleSet: ruleSet)
        readerRef = Unmanaged.passUnretained(reader)
        var initial = FactVector(repeating: nil, count: factCount)
        for (slot, fact) in ruleSet.facts.enumerated() { initial[slot] = fact.defaultValue }
        self.initial = initial
        kept = (initial, [])
    }

    /// The reused vector, its slots as the previous line left them, and the list of those the previous line gave
    /// (`decodeLine` sets those back that the new line does not give, and replaces the list in place). A fresh
    /// copy of the initial values when the last line's were not given back (`reclaim`).
    @inline(__always) private mutating func takeBuffer() -> (FactVector, [Int]) {
        guard case (let facts, let given)? = kept.take(), facts.count == factCount else { return (initial, []) }
        return (facts, given)
    }

    /// A line's scenario as `threshold batch` scores it: no `Scenario` is built, copied or destroyed for it
    /// (about 450 instructions a line on the 8-rule table). `idBytes` is nil when the line gives no id. Its facts
    /// and given slots are the decoder's reused ones, handed over (no reference is counted for them): give them
    /// back with `reclaim` when done, for the next line to change in place.
    struct Line {
        /// The id's bytes, without the quotes: printable ASCII, no `"` or `\` (`ByteReader.plainString`), so
        /// they are their own JSON text between quotes. Valid while the line's bytes are (a slice of them).
        var idBytes: UnsafeBufferPointer<UInt8>?
        var title: String?
        var facts: FactVector
        var given: [Int]

        /// The id as a `String`, nil when the line gives none.
        var id: String? { idBytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The scenario on the line, or nil when the general path must decide. (The decoder keeps a reference to its
    /// facts: the next line changes them in place if the scenario is gone by then, or copies them.)
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, defaultID: @autoclosure () -> String) -> Scenario? {
        guard let line = decodeLine(bytes) else { return nil }
        kept = (line.facts, line.given)
        return Scenario(
            id: line.id ?? defaultID(), title: line.title, source: nil, facts: line.facts, given: line.given,
            expectations: [], span: nil)
    }

    /// Takes back a line's facts and given slots (`decodeLine`), for the next line to change in place.
    mutating func reclaim(_ line: consuming Line) { kept = (line.facts, line.given) }

    /// As `decode`, without the `Scenario`; give the line back with `reclaim` when done with it.
    mutating func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Line? {
        // The reader (a `let` of this decoder, which holds it) is used without a reference counted for it.
        readerRef._withUnsafeGuaranteedRef { decodeLine(bytes, $0) }
    }

    private mutating func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, _ reader: BatchFactReader) -> Line? {
        var r = ByteReader(bytes)
        var (facts, given) = takeBuffer()
        var line = LineSlots(reader.scratch, previous: keptStamp)
        keptStamp = line.stamp  // the line whose slots `given` holds from here on
        var id: UnsafeBufferPointer<UInt8>?
        var title: String?
        var sawFacts = false
        var sawWrapperKey = false
        var sawBareFact = false
        var wrapperSeen: UInt8 = 0
        r.skipSpace()
        let read = facts.withUnsafeMutableBufferPointer { f in
            defer {
                // The slots the previous line gave and this one did not go back to their initial values (after
                // reading: a slot given by both, as most are, is written once).
                reader.setBack(given, notGivenBy: line, f)
            }
            // The commonest line, `{"id":"…","facts":{…}}` with no spaces around the two keys, read straight
            // through. Anything else before the facts starts again with the object read member by member (nothing
            // is given yet); a member after the facts object is left to the general path (refused here).
            if r.take(word: "{\"id\":") {
                if let s = r.plainString(), s.count <= Limits.scenarioIDBytes, r.take(word: ",\"facts\""),
                    r.take(UInt8(ascii: ":"))
                {
                    id = s
                    sawFacts = true
                    sawWrapperKey = true
                    return reader.readFacts(&r, f, &line) && r.take(UInt8(ascii: "}"))
                }
                r.i = 0
                r.skipSpace()
            }
            return r.object(BatchLineDecoder.wrapperKey) { key, r in
                switch key.kind {
                case 1:  // facts
                    guard wrapperSeen & 1 == 0, !sawBareFact else { return false }
                    wrapperSeen |= 1
                    sawFacts = true
                    return reader.readFacts(&r, f, &line)
                case 2:  // id
                    guard wrapperSeen & 2 == 0, let s = r.plainString(), s.count <= Limits.scenarioIDBytes else {
                        return false
                    }
                    wrapperSeen |= 2
                    sawWrapperKey = true
                    id = s
                case 3:  // title: a string, or another scalar (no title)
                    guard wrapperSeen & 4 == 0 else { return false }
                    wrapperSeen |= 4
                    sawWrapperKey = true
                    if let s = r.plainString() {
                        title = String(decoding: s, as: UTF8.self)
                    } else if !r.skipScalar() {
                        return false
                    }
                case 4:  // source: ignored
                    guard wrapperSeen & 8 == 0, r.plainString() != nil || r.skipScalar() else { return false }
                    wrapperSeen |= 8
                    sawWrapperKey = true
                default:  // a fact of a bare facts object (or `expect`, or a mistake: the general path says)
                    guard !sawFacts else { return false }
                    sawBareFact = true
                    return reader.readFact(key.name, &r, f, &line)
                }
                return true
            }
        }
        // The slots given so far, even on a refusal: the next line sets back those it does not give.
        let slots = UnsafeBufferPointer(start: line.given, count: line.count)
        if given.count == slots.count {
            // As many as the line before (the common case): copied over them, in place.
            given.withUnsafeMutableBufferPointer { g in
                if let to = g.baseAddress, let from = slots.baseAddress { to.update(from: from, count: slots.count) }
            }
        } else {
            given.replaceSubrange(given.startIndex..<given.endIndex, with: slots)
        }
        r.skipSpace()
        guard read, r.atEnd, !(sawWrapperKey && !sawFacts) else {
            kept = (facts, given)
            return nil
        }
        return Line(idBytes: id, title: title, facts: facts, given: given)
    }

    /// A key of the line's object (the reader at its opening quote): `kind` 1 `facts`, 2 `id`, 3 `title`,
    /// 4 `source`, 0 anything else (`name`, its bytes, is then a fact's name). `"facts"` and `"id"`, the keys of
    /// nearly every line, are taken from their bytes without scanning them as strings.
    private static func wrapperKey(_ r: inout ByteReader) -> (kind: Int, name: UnsafeBufferPointer<UInt8>)? {
        if r.take(word: "\"facts\"") { return (1, UnsafeBufferPointer(start: nil, count: 0)) }
        if r.take(word: "\"id\"") { return (2, UnsafeBufferPointer(start: nil, count: 0)) }
        guard let k = r.plainString() else { return nil }
        return (wrapperKind(k), k)
    }

    /// 1 `facts`, 2 `id`, 3 `title`, 4 `source`, 0 anything else.
    private static func wrapperKind(_ k: UnsafeBufferPointer<UInt8>) -> Int {
        func equals(_ s: StaticString) -> Bool {
            s.utf8CodeUnitCount == k.count
                && s.withUTF8Buffer { w in
                    for i in 0..<k.count where w[i] != k[i] { return false }
                    return true
                }
        }
        switch k.count {
        case 5: return equals("facts") ? 1 : (equals("title") ? 3 : 0)
        case 2: return equals("id") ? 2 : 0
        case 6: return equals("source") ? 4 : 0
        default: return 0
        }
    }
}
