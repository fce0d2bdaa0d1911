/// What explanations found for earlier lines of a batch, kept for the lines after them (issue 25): the unknown
/// facts that could still change each score (`Relevance.score`), each rule's condition and each cap's `when`
/// (`Relevance.open`). Each entry is keyed by everything its answer depends on: the values of the facts the part
/// reads (directly, or through definitions and scores: its `factsRead`), and the outcome when the part reads
/// it. So a memoised explanation is the same as one made afresh; a tool left unanswered gives the same entry
/// line after line.
///
/// Not thread-safe: one per batch worker (one thread at a time), for one rule set. Bounded: each part keeps at
/// most `MemoTable.capacity` entries, and a part whose answers are seldom found again stops being kept.
final class ExplanationMemo {
    let ruleSet: RuleSet
    private var scores: [MemoTable<FactSet>]
    private var rules: [MemoTable<FactSet>]
    private var caps: [MemoTable<FactSet>]
    /// Per score, what the missing-information pass marks for it (`Explainer.markScores`).
    private var bands: [MemoTable<ScoreMarks>]
    /// The caches of each score's and score total's open facts that a line's `Relevance` keeps: the same two
    /// for every line, emptied (two made per line cost two objects and their arrays).
    private let scoreOpen = ScoreOpenCache()
    private let totalOpen = ScoreOpenCache()

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var outcome = OutcomeReads(ruleSet)
        scores = ruleSet.scores.indices.map { MemoTable(ruleSet.scores[$0].factsRead, outcome.score($0)) }
        rules = ruleSet.rules.map { MemoTable($0.factsRead, outcome.bool($0.condition)) }
        caps = ruleSet.caps.map { MemoTable($0.factsRead, outcome.bool($0.when)) }
        bands = ruleSet.scores.indices.map { MemoTable(ruleSet.scores[$0].factsRead, outcome.score($0)) }
    }

    /// `scoreOpen` and `totalOpen`, emptied, for the line's `Relevance` (one at a time, as the memo is used).
    func openCaches() -> (ScoreOpenCache, ScoreOpenCache) {
        scoreOpen.clear()
        totalOpen.clear()
        return (scoreOpen, totalOpen)
    }

    /// How many answers were found kept (for tests).
    var found: Int { (scores + rules + caps).reduce(0) { $0 + $1.hits } + bands.reduce(0) { $0 + $1.hits } }

    /// Score `i`'s open facts for `facts` (and `outcome`), computed by `make` unless kept.
    func score(_ i: Int, _ facts: FactVector, _ outcome: Int, _ make: () -> FactSet) -> FactSet {
        answer(facts, make, { scores[i].probe($0, outcome) }, { scores[i].keep($0, $1, $2, outcome) })
    }

    /// Rule `i`'s condition's open facts.
    func rule(_ i: Int, _ facts: FactVector, _ outcome: Int, _ make: () -> FactSet) -> FactSet {
        answer(facts, make, { rules[i].probe($0, outcome) }, { rules[i].keep($0, $1, $2, outcome) })
    }

    /// The answer kept, else `make`'s, kept when worth it: looked up, made and kept in three steps, so that
    /// `make` may use the memo (a score's open facts, while a rule's are made).
    @inline(__always) private func answer<Value>(
        _ facts: FactVector, _ make: () -> Value, _ probe: (UnsafeBufferPointer<FactValue?>) -> MemoProbe<Value>,
        _ keep: (Value, UInt64, UnsafeBufferPointer<FactValue?>) -> Void
    ) -> Value {
        switch facts.withUnsafeBufferPointer(probe) {
        case .found(let value): return value
        case .skipped: return make()
        case .missing(let hash):
            let made = make()
            facts.withUnsafeBufferPointer { keep(made, hash, $0) }
            return made
        }
    }

    /// What the missing-information pass marks for score `i`.
    func band(_ i: Int, _ facts: FactVector, _ outcome: Int, _ make: () -> ScoreMarks) -> ScoreMarks {
        answer(facts, make, { bands[i].probe($0, outcome) }, { bands[i].keep($0, $1, $2, outcome) })
    }

    /// Cap `c`'s `when`'s open facts.
    func cap(_ c: Int, _ facts: FactVector, _ outcome: Int, _ make: () -> FactSet) -> FactSet {
        answer(facts, make, { caps[c].probe($0, outcome) }, { caps[c].keep($0, $1, $2, outcome) })
    }
}

/// The unknown facts that could move a score's band, and whether they were found without `Relevance` (those
/// are marked first).
struct ScoreMarks {
    var facts: FactSet
    var simple: Bool
}

/// What `MemoTable.probe` found.
enum MemoProbe<Value> {
    case found(Value)
    case missing(UInt64)
    case skipped
}

/// One part's entries: a ring of at most `capacity`, each the values of the facts the part reads (and the
/// outcome), with a hash of them to find it, and the set found.
struct MemoTable<Value> {
    static var capacity: Int { 64 }
    /// After this many look-ups, a part whose answers were found again less than half of the time is no longer
    /// kept (its facts vary too much from line to line to repay the keeping).
    static var trial: Int { 128 }

    let reads: [Int]
    let readsOutcome: Bool
    private var hashes: [UInt64] = []
    /// Entry `k`'s values are `keys[k * reads.count..<(k + 1) * reads.count]`.
    private var keys: [FactValue?] = []
    private var outcomes: [Int] = []
    private var sets: [Value] = []
    private var next = 0
    private var lookups = 0
    private(set) var hits = 0
    /// The answer when every fact the part reads is unknown (a risk tool nobody has started, line after line),
    /// per outcome (0 when the part does not read it): kept apart from the ring, and found with one pass over
    /// the facts that stops at the first known one, without a hash or a comparison of values.
    private var unknownAnswers: [Value?] = []

    init(_ reads: [Int], _ readsOutcome: Bool) {
        self.reads = reads
        self.readsOutcome = readsOutcome
    }

    private var worthKeeping: Bool { lookups < MemoTable.trial || hits * 2 >= lookups }

    /// The answer kept for `facts` and `outcome`; else the hash to keep one under (`keep`), or `skipped` when
    /// the part is no longer kept.
    mutating func probe(_ facts: UnsafeBufferPointer<FactValue?>, _ outcome: Int) -> MemoProbe<Value> {
        guard worthKeeping else { return .skipped }
        lookups += 1
        if allUnknown(facts) {
            let o = readsOutcome ? outcome : 0
            guard o >= 0, o < unknownAnswers.count, let value = unknownAnswers[o] else { return .missing(0) }
            hits += 1
            return .found(value)
        }
        let hash = self.hash(facts, readsOutcome ? outcome : 0)
        if let k = find(hash, facts, readsOutcome ? outcome : 0) {
            hits += 1
            return .found(sets[k])
        }
        return .missing(hash)
    }

    /// Whether every fact the part reads is unknown.
    private func allUnknown(_ facts: UnsafeBufferPointer<FactValue?>) -> Bool {
        reads.withUnsafeBufferPointer { reads in
            for slot in reads where slot < facts.count && facts[slot] != nil { return false }
            return true
        }
    }

    private func hash(_ facts: UnsafeBufferPointer<FactValue?>, _ outcome: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: outcome)
        for slot in reads {
            h = (h ^ MemoTable.code(slot < facts.count ? facts[slot] : nil)) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
        }
        return h
    }

    /// A number for a value (equal values, equal numbers).
    @inline(__always) private static func code(_ v: FactValue?) -> UInt64 {
        switch v {
        case nil: return 0
        case .bool(let b)?: return b ? 1 : 2
        case .number(let n)?: return 3 &+ UInt64(bitPattern: n.units) &* 0x9e37_79b9_7f4a_7c15
        case .option(let i)?: return 4 &+ UInt64(truncatingIfNeeded: i) << 8
        case .options(let bits)?: return 5 &+ bits &* 0x9e37_79b9_7f4a_7c15
        case .level(let i)?: return 6 &+ UInt64(truncatingIfNeeded: i) << 8
        case .date(let d)?: return 7 &+ UInt64(truncatingIfNeeded: d.daysSinceEpoch) << 8
        case .dateTime(let d)?: return 8 &+ UInt64(truncatingIfNeeded: d.hashValue) << 8
        case .text(let s)?: return 9 &+ UInt64(truncatingIfNeeded: s.hashValue) << 8
        }
    }

    /// Equal values (written out: `==` on optional values goes through the generic witness).
    @inline(__always) private static func same(_ a: FactValue?, _ b: FactValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.bool(let x)?, .bool(let y)?): return x == y
        case (.number(let x)?, .number(let y)?): return x.units == y.units
        case (.option(let x)?, .option(let y)?): return x == y
        case (.options(let x)?, .options(let y)?): return x == y
        case (.level(let x)?, .level(let y)?): return x == y
        case (.some, .some): return a == b
        default: return false
        }
    }

    private func find(_ hash: UInt64, _ facts: UnsafeBufferPointer<FactValue?>, _ outcome: Int) -> Int? {
        let n = reads.count
        let k: Int? = hashes.withUnsafeBufferPointer { hashes in
            keys.withUnsafeBufferPointer { keys in
                reads.withUnsafeBufferPointer { reads in
                    for k in 0..<hashes.count where hashes[k] == hash && outcomes[k] == outcome {
                        var same = true
                        for j in 0..<n
                        where !MemoTable.same(keys[k * n + j], reads[j] < facts.count ? facts[reads[j]] : nil) {
                            same = false
                            break
                        }
                        if same { return k }
                    }
                    return nil
                }
            }
        }
        return k
    }

    mutating func keep(_ set: Value, _ hash: UInt64, _ facts: UnsafeBufferPointer<FactValue?>, _ outcome: Int) {
        let outcome = readsOutcome ? outcome : 0
        if allUnknown(facts) {
            guard outcome >= 0, outcome < 64 else { return }
            while unknownAnswers.count <= outcome { unknownAnswers.append(nil) }
            unknownAnswers[outcome] = set
            return
        }
        let n = reads.count
        if hashes.count < MemoTable.capacity {
            hashes.append(hash)
            outcomes.append(outcome)
            sets.append(set)
            for slot in reads { keys.append(slot < facts.count ? facts[slot] : nil) }
            return
        }
        let k = next
        next = (next + 1) % MemoTable.capacity
        hashes[k] = hash
        outcomes[k] = outcome
        sets[k] = set
        for (j, slot) in reads.enumerated() { keys[k * n + j] = slot < facts.count ? facts[slot] : nil }
    }
}

/// Which parts read the outcome (a level comparison with `outcome`), directly or through definitions and scores:
/// their answers depend on the outcome as well as on facts. What a node reads is `NodeReads`'s; the scores it
/// reads are followed here, each once.
struct OutcomeReads {
    let ruleSet: RuleSet
    private var scores: [Int: Bool] = [:]

    init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    mutating func bool(_ node: BoolNode) -> Bool {
        var r = NodeReads(ruleSet)
        r.walk(node)
        return reads(r)
    }

    mutating func number(_ node: NumNode) -> Bool {
        var r = NodeReads(ruleSet)
        r.walk(node)
        return reads(r)
    }

    private mutating func reads(_ r: NodeReads) -> Bool {
        if r.outcome { return true }
        for s in r.scores.sorted() where score(s) { return true }
        return false
    }

    mutating func score(_ s: Int) -> Bool {
        if let known = scores[s] { return known }
        guard ruleSet.scores.indices.contains(s) else { return true }
        // A score does not read itself; this only guards the recursion, erring towards reading the outcome.
        scores[s] = true
        var found = false
        for item in ruleSet.scores[s].items where !found {
            switch item.kind {
            case .when(_, let c): found = bool(c)
            case .add(let v, _, _): found = number(v)
            }
        }
        for f in ruleSet.scores[s].floors where !found { found = bool(f.condition) }
        scores[s] = found
        return found
    }
}
