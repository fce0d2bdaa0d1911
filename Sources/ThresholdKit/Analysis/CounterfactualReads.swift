/// What a change of each fact can move, for the counterfactual search: the rules and caps that read it
/// (directly, through definitions or through scores: `factsRead`). The outcome is the most severe level of
/// the rules that fire, held at the lowest cap that holds, and no rule or cap reads the outcome, so a change
/// of one fact moves only the rules and caps that read it; the others keep the values the evaluation gave.
/// Built once per rule set (`forRuleSet`), kept with it.
///
/// `@unchecked Sendable`: immutable once built (every stored property is a `let` of values written only in
/// `init`).
final class CounterfactualReads: @unchecked Sendable {
    /// Per fact slot: the rules that read it, most severe first (ties in declaration order).
    let rules: [[Int]]
    /// Per fact slot: the caps that read it, lowest level first (ties in declaration order).
    let caps: [[Int]]
    /// Per fact slot: the levels of `rules[slot]` and of `caps[slot]` (see `LevelSet`).
    let ruleLevels: [LevelSet]
    let capLevels: [LevelSet]
    /// Per rule and per cap: the facts it reads.
    let ruleReads: [FactSet]
    let capReads: [FactSet]
    /// Per rule and per cap: its level (read by the search's loops instead of the declarations).
    let ruleLevel: [Int]
    let capLevel: [Int]
    /// The facts the caps read.
    let capFacts: FactSet
    /// Per level: the facts read by a cap at that level.
    let capFactsAt: [FactSet]
    /// The facts read by more than 64 rules or more than 64 caps (a change of one is scored whole).
    let wide: FactSet
    /// Per fact slot: the facts read by a rule or cap that reads it (a pair of facts shares a rule or cap only
    /// when one is in the other's set).
    let sharing: [FactSet]
    /// `sharing` as rows of bits, `shareWords` words a fact, for the pair search's loops (`shares`).
    let shareBits: [UInt64]
    let shareWords: Int
    /// Per level: the facts read by the rules at that level or above, or by the caps (only these can decide
    /// whether the outcome is that level).
    let deciding: [FactSet]
    /// The rules, most severe first (ties in declaration order); the caps, lowest level first (the same).
    let bySeverity: [Int]
    let byLevel: [Int]
    /// Per fact slot: whether a change of it is put together from parts (`OutcomeParts.summarised`): the levels
    /// fit a `LevelSet` and at most 64 rules and 64 caps read it.
    let summarisable: [Bool]
    /// What `QuestionPlan.mayApply` asks of an unknown fact, kept flat so that a search asks each condition
    /// once, not once per fact it concerns: the distinct `asked when` conditions of the facts and of the tools
    /// (`askConditions`; one written twice, as `age >= 5` often is, is one), and per fact slot the ones that
    /// concern it, its own and those of the tools that ask it (among their questions or follow-ups):
    /// `askList[askStart[slot] ..< askStart[slot + 1]]`, none for a question that always may apply.
    let askConditions: [BoolNode]
    /// Where each of `askConditions` was first met, which the flat program answers it as: a fact's slot, or
    /// `-1 - s` for score `s`'s tool (`MayApply.saysNo`).
    let askSources: [Int]
    let askStart: [Int]
    let askList: [Int]
    /// The caps as bits (bit c for cap c) when there are at most 63 of them (`capBitsFit`; with more, every
    /// cap that reads a changed fact counts as one that could hold, and these are empty): per fact slot, the
    /// caps that read it and the caps whose `when` reads it; and the caps whose `when` has no `is known` test in
    /// it (through definitions and scores), which Kleene logic keeps at no when what it reads is only answered
    /// (see `Search.stuck`).
    let capBitsFit: Bool
    let capReadBits: [UInt64]
    let capWhenBits: [UInt64]
    let monotoneWhens: UInt64

    /// `askConditions`, `askSources`, `askStart` and `askList`, each condition numbered the first time it is met
    /// (facts in declaration order, then the tools in the order of the scores).
    private static func askedWhens(_ rs: RuleSet) -> ([BoolNode], [Int], [Int], [Int]) {
        var conditions: [BoolNode] = []
        var sources: [Int] = []
        var number: [BoolNode: Int] = [:]
        func id(_ c: BoolNode, _ source: Int) -> Int {
            if let n = number[c] { return n }
            number[c] = conditions.count
            conditions.append(c)
            sources.append(source)
            return conditions.count - 1
        }
        var perFact = rs.facts.indices.map { slot in rs.facts[slot].askedWhen.map { [id($0, slot)] } ?? [] }
        for (s, score) in rs.scores.enumerated() {
            guard let c = score.tool?.askedWhen else { continue }
            let n = id(c, -1 - s)
            for slot in perFact.indices where score.asks(slot) && !perFact[slot].contains(n) { perFact[slot].append(n) }
        }
        var start = [0]
        var list: [Int] = []
        for ids in perFact {
            list += ids
            start.append(list.count)
        }
        return (conditions, sources, start, list)
    }

    private init(_ rs: RuleSet) {
        func set(_ slots: [Int]) -> FactSet {
            var out = FactSet()
            for slot in slots where rs.facts.indices.contains(slot) { out.insert(slot) }
            return out
        }
        let ruleReads = rs.rules.map { set($0.factsRead) }
        let capReads = rs.caps.map { set($0.factsRead) }
        self.ruleReads = ruleReads
        self.capReads = capReads
        ruleLevel = rs.rules.map(\.level)
        capLevel = rs.caps.map(\.level)
        var rules = Array(repeating: [Int](), count: rs.facts.count)
        var caps = rules
        let bySeverity = rs.rules.indices.sorted { a, b in
            rs.rules[a].level != rs.rules[b].level ? rs.rules[a].level > rs.rules[b].level : a < b
        }
        for r in bySeverity { for slot in ruleReads[r] { rules[slot].append(r) } }
        let byLevel = rs.caps.indices.sorted { a, b in
            rs.caps[a].level != rs.caps[b].level ? rs.caps[a].level < rs.caps[b].level : a < b
        }
        for c in byLevel { for slot in capReads[c] { caps[slot].append(c) } }
        self.bySeverity = bySeverity
        self.byLevel = byLevel
        self.rules = rules
        self.caps = caps
        summarisable = rs.facts.indices.map { rs.levels.count <= 63 && rules[$0].count <= 64 && caps[$0].count <= 64 }
        capBitsFit = rs.caps.count <= 63
        var capReadBits = [UInt64](repeating: 0, count: capBitsFit ? rs.facts.count : 0)
        var capWhenBits = capReadBits
        var monotoneWhens: UInt64 = 0
        if capBitsFit {
            var walker = ShapeWalker(ruleSet: rs)
            for (c, cap) in rs.caps.enumerated() {
                let bit: UInt64 = 1 << UInt64(c)
                for slot in capReads[c] { capReadBits[slot] |= bit }
                for slot in cap.whenReads where rs.facts.indices.contains(slot) { capWhenBits[slot] |= bit }
                if walker.monotone(cap.when) { monotoneWhens |= bit }
            }
        }
        self.capReadBits = capReadBits
        self.capWhenBits = capWhenBits
        self.monotoneWhens = monotoneWhens
        (askConditions, askSources, askStart, askList) = Self.askedWhens(rs)
        ruleLevels = rules.map { LevelSet($0.map { rs.rules[$0].level }) }
        capLevels = caps.map { LevelSet($0.map { rs.caps[$0].level }) }
        var capFacts = FactSet()
        for c in capReads { capFacts.formUnion(c) }
        self.capFacts = capFacts
        var capFactsAt = Array(repeating: FactSet(), count: rs.levels.count)
        for (c, cap) in rs.caps.enumerated() where capFactsAt.indices.contains(cap.level) {
            capFactsAt[cap.level].formUnion(capReads[c])
        }
        self.capFactsAt = capFactsAt
        var wide = FactSet()
        for slot in rs.facts.indices where rules[slot].count > 64 || caps[slot].count > 64 { wide.insert(slot) }
        self.wide = wide
        var sharing = Array(repeating: FactSet(), count: rs.facts.count)
        for read in ruleReads + capReads { for slot in read { sharing[slot].formUnion(read) } }
        self.sharing = sharing
        let words = (rs.facts.count + 63) >> 6
        var shareBits = [UInt64](repeating: 0, count: rs.facts.count * words)
        for (a, set) in sharing.enumerated() {
            for b in set where b < rs.facts.count { shareBits[a * words + (b >> 6)] |= 1 << UInt64(b & 63) }
        }
        self.shareBits = shareBits
        shareWords = words
        deciding = rs.levels.indices.map { level in
            var read = capFacts
            for (r, rule) in rs.rules.enumerated() where rule.level >= level { read.formUnion(ruleReads[r]) }
            return read
        }
    }

    /// Whether a rule or cap reads both `a` and `b` (`sharing[a].contains(b)`), for slots of the rule set.
    @inline(__always) func shares(_ a: Int, _ b: Int) -> Bool {
        shareBits[a * shareWords + (b >> 6)] & (1 << UInt64(b & 63)) != 0
    }

    /// The levels of the caps in `bits` (see `capBitsFit`).
    @inline(__always) func capLevels(_ bits: UInt64) -> LevelSet {
        var out = LevelSet.none
        var x = bits
        while x != 0 {
            out.insert(capLevel[x.trailingZeroBitCount])
            x &= x - 1
        }
        return out
    }

    /// The table for a rule set, built on first use and kept with it.
    static func forRuleSet(_ ruleSet: RuleSet) -> CounterfactualReads {
        ruleSet.tables.table(CounterfactualReads.self) { CounterfactualReads(ruleSet) }
    }
}

/// A set of levels as bits (levels 0 to 62; the search works level by level on rule sets of more levels:
/// `OutcomeParts.levelsFit`).
struct LevelSet: Equatable {
    private(set) var bits: UInt64

    static let none = LevelSet(bits: 0)

    private init(bits: UInt64) { self.bits = bits }

    init(_ levels: [Int]) {
        bits = 0
        for l in levels { insert(l) }
    }

    init(_ level: Int) {
        bits = 0
        insert(level)
    }

    @inline(__always) mutating func insert(_ level: Int) {
        if level >= 0 && level < 63 { bits |= 1 << UInt64(level) }
    }

    @inline(__always) func contains(_ level: Int) -> Bool {
        level >= 0 && level < 63 && bits & (1 << UInt64(level)) != 0
    }

    var isEmpty: Bool { bits == 0 }

    static func | (a: LevelSet, b: LevelSet) -> LevelSet { LevelSet(bits: a.bits | b.bits) }
    static func & (a: LevelSet, b: LevelSet) -> LevelSet { LevelSet(bits: a.bits & b.bits) }
    func subtracting(_ other: LevelSet) -> LevelSet { LevelSet(bits: bits & ~other.bits) }

    /// The levels of the set above `level` (all of them for -1).
    @inline(__always) func above(_ level: Int) -> LevelSet {
        if level < 0 { return self }
        if level >= 62 { return .none }
        return LevelSet(bits: bits & ~((2 << UInt64(level)) - 1))
    }

    /// The levels of the set below `level` (all of them for `Int.max`).
    @inline(__always) func below(_ level: Int) -> LevelSet {
        if level <= 0 { return .none }
        if level >= 63 { return self }
        return LevelSet(bits: bits & ((1 << UInt64(level)) - 1))
    }

    /// The highest level in the set (-1 when empty).
    var highest: Int { bits == 0 ? -1 : 63 - bits.leadingZeroBitCount }

    /// `OutcomeParts.canReach`, for a rule set whose default level is `defaultLevel` (a static function of
    /// values, which the search's loops inline where the method stayed a call).
    @inline(__always) static func canReach(
        _ level: Int, defaultLevel: Int, best: Int, held: Int, rules: LevelSet, caps: LevelSet
    ) -> Bool {
        let floor = best < 0 ? defaultLevel : best
        let raised = rules.above(best)
        let lowered = held == Int.max ? caps : caps.below(held)
        let asRule = (floor == level || raised.contains(level)) && held >= level
        let asCap = (held == level || lowered.contains(level)) && max(floor, raised.highest) >= level
        return asRule || asCap
    }

    /// The levels 0 to `level` (every level for 62 and up; none for a negative level).
    @inline(__always) static func upTo(_ level: Int) -> UInt64 {
        if level < 0 { return 0 }
        return level >= 62 ? ~0 : (2 << UInt64(level)) &- 1
    }

    /// The levels the outcome could be (those of `OutcomeParts.canReach`, all at once) when `best` is the most
    /// severe level of the rules that fire (-1: none, so `defaultLevel`) and `held` the lowest of the caps that
    /// hold (`Int.max`: none), and besides them some rules at the levels `rules` may fire and some caps at the
    /// levels `caps` may hold: a level as a rule's (the floor, or a rule above it, with no cap holding below)
    /// or as a cap's (the cap that holds, or one below it, with the rules at or above it).
    @inline(__always) static func reach(
        defaultLevel: Int, best: Int, held: Int, rules: LevelSet, caps: LevelSet
    ) -> LevelSet {
        let floor = best < 0 ? defaultLevel : best
        let raised = rules.above(best)
        let lowered = held == Int.max ? caps : caps.below(held)
        let asRule = (LevelSet(floor).bits | raised.bits) & upTo(held)
        let asCap = (LevelSet(held).bits | lowered.bits) & upTo(max(floor, raised.highest))
        return LevelSet(bits: (asRule | asCap) & ~(1 << 63))
    }
}
