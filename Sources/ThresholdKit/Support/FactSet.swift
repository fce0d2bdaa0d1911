/// A set of fact slots as bits, for the analyses that unite and test many small sets per result (`Relevance`,
/// the counterfactual search): no hashing, and no allocation for rule sets of up to 256 facts (the words past the
/// fourth live in `more`). Iterates in ascending slot order.
struct FactSet: Sequence, Equatable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0
    /// Words 4 and up (slots 256 and up); empty for most rule sets.
    private var more: [UInt64] = []

    init() {}

    /// The set of one slot (a negative slot is not a fact: the empty set).
    init(_ slot: Int) { insert(slot) }

    var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 && (more.isEmpty || more.allSatisfy { $0 == 0 }) }

    @inline(__always) private func word(_ k: Int) -> UInt64 {
        switch k {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        default: return k - 4 < more.count ? more[k - 4] : 0
        }
    }

    private mutating func setWord(_ k: Int, _ value: UInt64) {
        switch k {
        case 0: w0 = value
        case 1: w1 = value
        case 2: w2 = value
        case 3: w3 = value
        default:
            if k - 4 >= more.count { more += repeatElement(0, count: k - 4 - more.count + 1) }
            more[k - 4] = value
        }
    }

    @inline(__always) func contains(_ slot: Int) -> Bool {
        guard slot >= 0 else { return false }
        return word(slot >> 6) & (1 << UInt64(slot & 63)) != 0
    }

    mutating func insert(_ slot: Int) {
        guard slot >= 0 else { return }
        setWord(slot >> 6, word(slot >> 6) | (1 << UInt64(slot & 63)))
    }

    mutating func formUnion(_ other: FactSet) {
        w0 |= other.w0
        w1 |= other.w1
        w2 |= other.w2
        w3 |= other.w3
        if other.more.isEmpty { return }
        for (k, w) in other.more.enumerated() where w != 0 { setWord(k + 4, word(k + 4) | w) }
    }

    mutating func formIntersection(_ other: FactSet) {
        w0 &= other.w0
        w1 &= other.w1
        w2 &= other.w2
        w3 &= other.w3
        for k in more.indices { more[k] &= other.word(k + 4) }
    }

    /// Equal when they hold the same slots (however many words each has).
    static func == (a: FactSet, b: FactSet) -> Bool {
        guard a.w0 == b.w0, a.w1 == b.w1, a.w2 == b.w2, a.w3 == b.w3 else { return false }
        for k in 0..<Swift.max(a.more.count, b.more.count) where a.word(k + 4) != b.word(k + 4) { return false }
        return true
    }

    struct Iterator: IteratorProtocol {
        let set: FactSet
        var k = 0
        var bits: UInt64
        let words: Int

        init(_ set: FactSet) {
            self.set = set
            bits = set.w0
            words = 4 + set.more.count
        }

        mutating func next() -> Int? {
            while bits == 0 {
                k += 1
                guard k < words else { return nil }
                bits = set.word(k)
            }
            let bit = bits.trailingZeroBitCount
            bits &= bits - 1
            return k * 64 + bit
        }
    }

    func makeIterator() -> Iterator { Iterator(self) }
}
