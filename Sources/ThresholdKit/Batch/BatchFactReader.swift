/// What `BatchLineDecoder` knows of a rule set to read one fact's name and value from a line's bytes: the
/// names by hash, each fact's type and the values read from bytes, and the per-slot scratch of the line being
/// read. A class, so that reading a fact (in a closure of the decoder's) holds one reference, not a copy of
/// every table.
final class BatchFactReader {
    private let types: [FactType]
    private let levelNames: [String]
    private let table: FactNameTable
    private let options: BatchOptionBytes
    /// Per slot, what the fast path reads itself: 1 `one of`, 2 `some of`, 3 `level` names (by `options`),
    /// 4 `date` and 5 `datetime` strings, 6 yes/no literals; 0 nothing (the general conversion).
    private let slotKind: [UInt8]
    /// Per slot, the line that last gave it (to find a fact given twice), and the slots a line gives, in
    /// order: written through pointers while a line is read (no array's uniqueness or capacity check per fact).
    /// A decoder and its copies share it, so they are used by one thread at a time.
    let scratch: SlotScratch
    /// No fact's values hold a reference (`FactType.valuesHoldReferences`: no `text` fact; the decoders give a
    /// `text` value only to a `text` fact). A value is then written over its slot's bytes, with nothing destroyed
    /// first, and `BatchLineDecoder` sets a slot back by copying its initial value's bytes.
    let plainValues: Bool
    /// Each slot's value before a line gives it (its default, or unknown): `BatchLineDecoder` sets a slot the
    /// last line gave back from here. Holds the rule set's fact count (at least one) values.
    let initial: UnsafeMutablePointer<FactValue?>

    init(ruleSet: RuleSet) {
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
        scratch = SlotScratch(count: ruleSet.facts.count)
        plainValues = !ruleSet.facts.contains { $0.type.valuesHoldReferences }
        initial = .allocate(capacity: Swift.max(1, ruleSet.facts.count))
        initial.initialize(repeating: nil, count: Swift.max(1, ruleSet.facts.count))
        for (slot, fact) in ruleSet.facts.enumerated() { initial[slot] = fact.defaultValue }
    }

    deinit {
        initial.deinitialize(count: Swift.max(1, types.count))
        initial.deallocate()
    }

    /// A `facts` object (the reader at its `{`), read as `ByteReader.object` would, each key found by
    /// `FactNameTable.slot`, or first tried as the name that followed the previous key last time (batch lines
    /// are usually written by one program, with their facts in one order), then as one of the few facts
    /// declared next after it (a program writing the facts in the rule set's order, leaving out those it does
    /// not know): a key that is those bytes between quotes is that fact, without scanning it as a string and
    /// hashing it. False where `object` or `readFact` would refuse.
    func readFacts(_ r: inout ByteReader, _ facts: UnsafeMutableBufferPointer<FactValue?>, _ line: inout LineSlots)
        -> Bool
    {
        let next = scratch.next
        var previous = table.count
        return r.object(
            { r -> Int? in
                let guess = Int(next[previous])
                if guess >= 0, table.takeName(guess, &r) {
                    previous = guess
                } else {
                    // Found without the guess: the next line's guess is what followed here.
                    let found: Int
                    if let declared = table.takeDeclaredAfter(previous, &r) {
                        found = declared
                    } else {
                        guard let key = r.plainString(), let slot = table.slot(key) else { return nil }
                        found = slot
                    }
                    next[previous] = Int32(truncatingIfNeeded: table.canTake(found) ? found : -1)
                    previous = found
                }
                return previous
            }, { slot, r in readValue(slot, &r, facts, &line) })
    }

    /// Sets each of `slots`, the slots the line before `line` gave (`LineSlots.previous`), that `line` did not give
    /// back to its initial value.
    @inline(__always) func setBack(
        _ slots: [Int], notGivenBy line: LineSlots, _ facts: UnsafeMutableBufferPointer<FactValue?>
    ) {
        // Each slot given again was counted once (`LineSlots.append`): when all were, none is left to set back.
        guard line.givenAgain != slots.count, let to = facts.baseAddress else { return }
        slots.withUnsafeBufferPointer { slots in
            for slot in slots where slot >= 0 && slot < facts.count && !line.gave(slot) {
                if plainValues {
                    // No value holds a reference (`plainValues`): the initial value's bytes are copied over the
                    // slot's, with nothing copied or destroyed one by one.
                    UnsafeMutableRawPointer(to + slot).copyMemory(
                        from: UnsafeRawPointer(initial + slot), byteCount: MemoryLayout<FactValue?>.stride)
                } else {
                    to[slot] = initial[slot]
                }
            }
        }
    }

    /// One fact's value (the reader is at the value).
    func readFact(
        _ name: UnsafeBufferPointer<UInt8>, _ r: inout ByteReader, _ facts: UnsafeMutableBufferPointer<FactValue?>,
        _ line: inout LineSlots
    ) -> Bool {
        guard let slot = table.slot(name) else { return false }
        return readValue(slot, &r, facts, &line)
    }

    /// Fact `slot`'s value (the reader is at the value); false if the line has given it already.
    @inline(__always) private func readValue(
        _ slot: Int, _ r: inout ByteReader, _ facts: UnsafeMutableBufferPointer<FactValue?>, _ line: inout LineSlots
    ) -> Bool {
        guard line.first(slot) else { return false }  // given twice
        let json: JSONValue
        switch r.peek {
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard let literal = r.literal() else { return false }
            if literal == 0 { return record(nil, slot, facts, &line) }
            if slotKind[slot] == 6 { return record(.bool(literal == 2), slot, facts, &line) }
            json = .bool(literal == 2)
        case UInt8(ascii: "\""):
            let kind = slotKind[slot]
            if kind == 1 || kind == 3, let i = options.take(slot, &r) {
                // One of the fact's values between quotes, taken without scanning the string first.
                return record(kind == 1 ? .option(i) : .level(i), slot, facts, &line)
            }
            guard let s = r.plainString() else { return false }
            if let v = stringValue(s, slot) { return record(v, slot, facts, &line) }
            json = .string(String(decoding: s, as: UTF8.self))
        case UInt8(ascii: "["):
            if slotKind[slot] == 2 {
                // A set of plain names, each a value of the fact; anything else goes to the general path.
                guard let mask = optionMask(&r, slot) else { return false }
                return record(.options(mask), slot, facts, &line)
            }
            guard let items = r.stringArray() else { return false }
            json = .array(items.map { .string($0) })
        default:
            let start = r.i
            if let whole = r.plainWholeNumber() {
                if let v = wholeNumber(whole, slot) { return record(v, slot, facts, &line) }
                json = .number(String(decoding: UnsafeBufferPointer(rebasing: r.bytes[start..<r.i]), as: UTF8.self))
            } else {
                guard let n = r.number() else { return false }
                if let v = wholeNumber(n, slot) { return record(v, slot, facts, &line) }
                json = .number(String(decoding: n, as: UTF8.self))
            }
        }
        guard case .success(let v) = JSONScenarioDecoder.value(json, types[slot], levels: levelNames) else {
            return false
        }
        return record(v, slot, facts, &line)
    }

    /// Records fact `slot`'s value as given: true, for `readFact` to return.
    @inline(__always) private func record(
        _ value: FactValue?, _ slot: Int, _ facts: UnsafeMutableBufferPointer<FactValue?>, _ line: inout LineSlots
    ) -> Bool {
        if plainValues, let base = facts.baseAddress {
            (base + slot).initialize(to: value)
        } else {
            facts[slot] = value
        }
        line.append(slot)
        return true
    }
}

extension BatchFactReader {
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
        case 4: return CivilDate.parse(bytes: s).map { .date($0) }
        case 5: return CivilDateTime.parse(bytes: s).map { .dateTime($0) }
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
        return wholeNumber(v, slot)
    }

    /// As `wholeNumber(_:_:)`, given the value of at most twelve digits (`ByteReader.plainWholeNumber`).
    @inline(__always) func wholeNumber(_ v: Int64, _ slot: Int) -> FactValue? {
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

/// The decoder's per-slot scratch: the line that last gave each slot, and the slots the current line gives.
///
/// Bounds: `stamps` and `given` hold `count` (the rule set's fact count) entries, `next` one more. A slot comes
/// from `FactNameTable` (or is an entry of `next`, which holds only its slots), so it is below `count`; a line
/// appends a slot only when `LineSlots.first` finds it not yet stamped by the line, and appending stamps it (no
/// other slot is appended between the two, in `BatchFactReader.readValue`), so it appends each slot at most once
/// and at most `count` slots in all.
final class SlotScratch {
    let stamps: UnsafeMutablePointer<Int>
    let given: UnsafeMutablePointer<Int>
    /// Per slot, the slot whose name followed it in the last `facts` object that had it (at `count`, the one
    /// that came first), or -1: `BatchFactReader.readFacts`' guess for the next key. Entries are -1 or a slot
    /// below `count`.
    let next: UnsafeMutablePointer<Int32>
    /// The last line's stamp (every line, of this decoder or a copy, gets a new one).
    private(set) var stamp = 0

    init(count: Int) {
        stamps = .allocate(capacity: Swift.max(1, count))
        stamps.initialize(repeating: 0, count: Swift.max(1, count))
        given = .allocate(capacity: Swift.max(1, count))
        given.initialize(repeating: 0, count: Swift.max(1, count))
        next = .allocate(capacity: count + 1)
        next.initialize(repeating: -1, count: count + 1)
    }

    deinit {
        stamps.deallocate()
        given.deallocate()
        next.deallocate()
    }

    func nextStamp() -> Int {
        stamp += 1
        return stamp
    }
}

/// One line's view of a `SlotScratch`: its stamp, and how many slots it has given.
struct LineSlots {
    let stamp: Int
    let stamps: UnsafeMutablePointer<Int>
    let given: UnsafeMutablePointer<Int>
    var count = 0
    /// The stamp of the line before (whose given slots the decoder sets back when this line does not give them),
    /// and how many slots this line has given that were last given by it: when that is every slot the line before
    /// gave, none is to be set back.
    let previous: Int
    private(set) var givenAgain = 0

    init(_ scratch: SlotScratch, previous: Int) {
        stamp = scratch.nextStamp()
        stamps = scratch.stamps
        given = scratch.given
        self.previous = previous
    }

    /// True when this line has given `slot` (its value is read, and `append`ed).
    @inline(__always) func gave(_ slot: Int) -> Bool { stamps[slot] == stamp }

    /// True when this line has not given `slot` yet.
    @inline(__always) func first(_ slot: Int) -> Bool { stamps[slot] != stamp }

    /// Records `slot` as given by this line (its value written): stamped, and listed.
    @inline(__always) mutating func append(_ slot: Int) {
        if stamps[slot] == previous { givenAgain &+= 1 }
        stamps[slot] = stamp
        given[count] = slot
        count += 1
    }
}
