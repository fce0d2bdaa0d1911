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
    private let ruleSet: RuleSet
    private let factCount: Int
    private let types: [FactType]
    private let levelNames: [String]
    private let table: FactNameTable
    private let options: BatchOptionBytes
    /// Per slot, what the fast path reads itself: 1 `one of`, 2 `some of`, 3 `level` names (by `options`),
    /// 4 `date` and 5 `datetime` strings, 6 yes/no literals; 0 nothing (the general conversion).
    private let slotKind: [UInt8]
    /// Per slot, the line that last gave it (to find a fact given twice).
    private var seen: [Int]
    private var lineStamp = 0
    /// Each slot's value before a line gives it: its default, or unknown.
    private let initial: FactVector
    /// The vector of the previous line and the slots it gave (taken and given back by `decode`).
    private var buffer: FactVector
    private var bufferGiven: [Int] = []

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        factCount = ruleSet.facts.count
        types = ruleSet.facts.map(\.type)
        levelNames = ruleSet.levels.map(\.name)
        table = FactNameTable(ruleSet.facts.map(\.name))
        options = BatchOptionBytes(ruleSet)
        slotKind = ruleSet.facts.map { fact in
            switch fact.type {
            case .oneOf: return 1
            case .someOf: return 2
            case .level: return 3
            case .date: return 4
            case .dateTime: return 5
            case .yesNo: return 6
            default: return 0
            }
        }
        seen = Array(repeating: 0, count: ruleSet.facts.count)
        var initial = FactVector(repeating: nil, count: factCount)
        for (slot, fact) in ruleSet.facts.enumerated() { initial[slot] = fact.defaultValue }
        self.initial = initial
        buffer = initial
    }

    /// The reused vector, with the previous line's slots set back to their initial values.
    private mutating func takeBuffer() -> (FactVector, [Int]) {
        var facts = buffer
        var given = bufferGiven
        buffer = []
        bufferGiven = []
        if facts.count != factCount {
            facts = initial
        } else if !given.isEmpty {
            initial.withUnsafeBufferPointer { initial in
                facts.withUnsafeMutableBufferPointer { f in
                    for slot in given { f[slot] = initial[slot] }
                }
            }
        }
        given.removeAll(keepingCapacity: true)
        return (facts, given)
    }

    /// The scenario on the line, or nil when the general path must decide.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, defaultID: @autoclosure () -> String) -> Scenario? {
        lineStamp += 1
        var r = ByteReader(bytes)
        var (facts, given) = takeBuffer()
        given.reserveCapacity(factCount)
        defer {
            buffer = facts
            bufferGiven = given
        }
        var id: String?
        var title: String?
        var sawFacts = false
        var sawWrapperKey = false
        var sawBareFact = false
        var wrapperSeen: UInt8 = 0
        r.skipSpace()
        let read = r.object { key, r in
            switch BatchLineDecoder.wrapperKey(key) {
            case 1:  // facts
                guard wrapperSeen & 1 == 0, !sawBareFact else { return false }
                wrapperSeen |= 1
                sawFacts = true
                return readFacts(&r, &facts, &given)
            case 2:  // id
                guard wrapperSeen & 2 == 0, let s = r.plainString() else { return false }
                wrapperSeen |= 2
                sawWrapperKey = true
                id = String(decoding: s, as: UTF8.self)
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
                return readFact(key, &r, &facts, &given)
            }
            return true
        }
        guard read else { return nil }
        r.skipSpace()
        guard r.atEnd, !(sawWrapperKey && !sawFacts) else { return nil }
        return Scenario(
            id: id ?? defaultID(), title: title, source: nil, facts: facts, given: given, expectations: [], span: nil)
    }

    /// 1 `facts`, 2 `id`, 3 `title`, 4 `source`, 0 anything else.
    private static func wrapperKey(_ k: UnsafeBufferPointer<UInt8>) -> Int {
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

    private mutating func readFacts(_ r: inout ByteReader, _ facts: inout FactVector, _ given: inout [Int]) -> Bool {
        r.object { key, r in readFact(key, &r, &facts, &given) }
    }

    /// One fact's value (the reader is at the value).
    private mutating func readFact(
        _ name: UnsafeBufferPointer<UInt8>, _ r: inout ByteReader, _ facts: inout FactVector,
        _ given: inout [Int]
    ) -> Bool {
        guard let slot = table.slot(name), seen[slot] != lineStamp else { return false }
        seen[slot] = lineStamp
        let json: JSONValue
        switch r.peek {
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard let literal = r.literal() else { return false }
            if literal == 0 { return record(nil, slot, &facts, &given) }
            if slotKind[slot] == 6 { return record(.bool(literal == 2), slot, &facts, &given) }
            json = .bool(literal == 2)
        case UInt8(ascii: "\""):
            guard let s = r.plainString() else { return false }
            if let v = stringValue(s, slot) { return record(v, slot, &facts, &given) }
            json = .string(String(decoding: s, as: UTF8.self))
        case UInt8(ascii: "["):
            if slotKind[slot] == 2 {
                // A set of plain names, each a value of the fact; anything else goes to the general path.
                guard let mask = optionMask(&r, slot) else { return false }
                return record(.options(mask), slot, &facts, &given)
            }
            guard let items = r.stringArray() else { return false }
            json = .array(items.map { .string($0) })
        default:
            guard let n = r.number() else { return false }
            if let v = wholeNumber(n, slot) { return record(v, slot, &facts, &given) }
            json = .number(String(decoding: n, as: UTF8.self))
        }
        guard case .success(let v) = JSONScenarioDecoder.value(json, types[slot], levels: levelNames) else {
            return false
        }
        return record(v, slot, &facts, &given)
    }

    /// Records fact `slot`'s value as given: true, for `readFact` to return.
    @inline(__always) private func record(
        _ value: FactValue?, _ slot: Int, _ facts: inout FactVector, _ given: inout [Int]
    ) -> Bool {
        facts[slot] = value
        given.append(slot)
        return true
    }
}

extension BatchLineDecoder {
    /// A plain string's value for fact `slot` when it is an option, a level, a date or a date-time that reads
    /// as one (as `JSONScenarioDecoder.value` would read it); nil for the general path to decide.
    func stringValue(_ s: UnsafeBufferPointer<UInt8>, _ slot: Int) -> FactValue? {
        switch slotKind[slot] {
        case 1, 2, 3:
            guard let i = options.index(slot, s) else { return nil }
            switch slotKind[slot] {
            case 1: return .option(i)
            case 2: return i < 64 ? .options(1 << UInt64(i)) : nil
            default: return .level(i)
            }
        case 4: return CivilDate.parse(bytes: Array(s)).map { .date($0) }
        case 5: return CivilDateTime.parse(bytes: Array(s)).map { .dateTime($0) }
        default: return nil
        }
    }

    /// `[` plain strings that are values of `some of` fact `slot` `]`, as a mask; nil for anything else.
    func optionMask(_ r: inout ByteReader, _ slot: Int) -> UInt64? {
        guard r.take(UInt8(ascii: "[")) else { return nil }
        var mask: UInt64 = 0
        r.skipSpace()
        if r.take(UInt8(ascii: "]")) { return mask }
        repeat {
            r.skipSpace()
            guard let s = r.plainString(), let i = options.index(slot, s), i < 64 else { return nil }
            mask |= 1 << UInt64(i)
            r.skipSpace()
        } while r.take(UInt8(ascii: ","))
        return r.take(UInt8(ascii: "]")) ? mask : nil
    }

    /// A plain whole number (digits only, at most twelve) for a `number` or `count` fact, checked against
    /// the fact's range as `ValueConverter` does; nil for anything else (the general conversion decides).
    @inline(__always) func wholeNumber(_ text: UnsafeBufferPointer<UInt8>, _ slot: Int) -> FactValue? {
        guard text.count <= 12 else { return nil }
        var v: Int64 = 0
        for b in text {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int64(b - UInt8(ascii: "0"))
        }
        let n = ExactNumber(units: v * ExactNumber.scale)
        switch types[slot] {
        case .number(let lo, let hi):
            if let lo, n < lo { return nil }
            if let hi, n > hi { return nil }
        case .count(let hi):
            if let hi, n > hi { return nil }
        default:
            return nil
        }
        return .number(n)
    }
}
