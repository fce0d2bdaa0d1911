/// The evaluator's own form of a rule set: every condition and number of the compiled node trees
/// (`BoolNode`, `NumNode`) flattened into arrays of plain structs, with child nodes stored next to each
/// other. Walking it does no reference counting and no allocation, which the node trees (indirect enums
/// and structs holding strings and arrays) cannot avoid. Built once per `Evaluator` from the rule set; the
/// trees stay the rule set's public model for explanations and analysis.
///
/// An opcode per node kind is a speed-up, not a requirement: a node kind without one is stored as a `node`
/// op, which keeps the node itself (`nodes`, `numberNodes`) and is run by the node-tree walker's semantics
/// (`NodeSemantics`) over the machine's state. A new node kind therefore works here with one line in
/// `ProgramBuilder` and no new opcode; give it an opcode only when it is common enough to matter.
final class EvaluationProgram {
    enum BoolCode: UInt8 {
        case constant, fact, notFact, definition, not, and, or
        case compareNum, compareFactConst, betweenNum, compareTime, compareBool
        case optionIs, optionIn, setHas, setIs, textIs, compareLevel, scoreBand
        case isKnown, isKnownNum, isKnownBool, count
        /// A node without an opcode of its own: `first` is its index in `nodes`.
        case node
    }

    /// What an op's `variant` says, by its code: the comparison (`compare*`), whether it tests equality or
    /// its negation (`optionIs`, `setIs`, `textIs`, `compareBool`, `isKnown*`: `is` or `isNot`), the band
    /// test (`scoreBand`), the count (`count`) or the operator (`arith`); `none` for the others.
    enum Variant: UInt8 {
        case none
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case isNot, `is`
        case bandExactly, bandAtLeast, bandAtMost
        case countAtLeast, countAtMost, countAll, countAny, countNone
        case add, subtract, multiply, divide
    }

    /// One condition node. What `first`, `second` and `constant` hold depends on the code (see
    /// `ProgramBuilder.fill`): `first` a fact's slot, a definition's or score's index, or the operand node
    /// (the first child, for `and`, `or`, `count`, `compareBool` and `isKnownBool`, whose children are
    /// stored together); `second` the second operand node, the number of children, a band or a string's
    /// index; `constant` a constant (in units, an option's index, a set's mask, a count's bound, a `Tri`) or,
    /// for `betweenNum`, the upper bound's node.
    typealias BoolOp = Op<BoolCode>

    enum NumCode: UInt8 {
        case constant, fact, definition, scoreTotal, domainTotal, arith, negate, daysBetween, yearsBetween
        /// A number node without an opcode of its own: `first` is its index in `numberNodes`.
        case node
    }

    /// One number node: `first` a fact's slot, a definition's, score's or flat domain's index, or the first
    /// operand node; `second` the second operand node (or, for `domainTotal`, the score); `constant` a
    /// constant in units; `variant` the operator of `arith`.
    typealias NumOp = Op<NumCode>

    /// A condition or number node: its opcode, and the operands that opcode reads (see `BoolOp`, `NumOp`).
    struct Op<Code> {
        var code: Code
        var variant: Variant = .none
        var first: Int32 = 0
        var second: Int32 = 0
        var constant: Int64 = 0
    }

    /// A date or date-time operand: a fact (`slot >= 0`) or a constant (minutes since 1970).
    struct TimeOp {
        var slot: Int32
        var value: Int64
    }

    /// A level operand: a constant level, the outcome, or a `level` fact (`value` its slot).
    struct LevelOp {
        enum Kind: UInt8 { case constant, outcome, fact }
        var kind: Kind
        var value: Int32
    }

    struct ItemOp {
        var isAdd: Bool
        var hasCap: Bool
        /// For `N when F` with F a yes/no fact, or `add F` with F a number fact: F's slot (read directly), else -1.
        var slot: Int32 = -1
        /// The flat index of the item's domain, or -1.
        var domain: Int32
        /// The condition (`when`) or the number (`add`).
        var node: Int32
        var weight: Int64
        var cap: Int64
        /// What an unknown `add` item can contribute at least and at most (units).
        var unknownLow: Int64
        var unknownHigh: Int64
        /// The values an `add` item's number is known to stay within (from its facts' types); a value outside
        /// sends the score down the saturating path.
        var valueMin: Int64 = .min
        var valueMax: Int64 = .max
    }

    struct FloorOp {
        var band: Int32
        var condition: Int32
    }

    /// Items side by side that count toward the same domain (or none: -1).
    struct ItemRun {
        var start: Int32, end: Int32
        var domain: Int32
    }

    struct ScoreMeta {
        /// No sum of the items' contributions can overflow (values within their types' bounds): the fast
        /// loop applies.
        var bounded: Bool
        /// The facts the items read (through definitions and scores too), at `reads[readStart...]`. When each
        /// has its default value, or is unknown if it has none (a tool not filled in: the common case), the
        /// items give what they give for the defaults, worked out once (`base…`, `domainBase…`, `itemBase`),
        /// and need not be run. Floors still are. Only for defaults of yes/no, number, option and level facts.
        var readStart: Int32 = 0, readCount: Int32 = 0
        var useBase = false
        var baseTotal: Int64 = 0, baseLow: Int64 = 0, baseHigh: Int64 = 0
        /// The bands of `baseTotal`, `baseLow` and `baseHigh` (before floors).
        var baseBand: Int32 = -1, baseMinBand: Int32 = -1, baseMaxBand: Int32 = -1
        var runStart: Int32, runCount: Int32
        var itemStart: Int32, itemCount: Int32
        var domainStart: Int32, domainCount: Int32
        var bandStart: Int32, bandCount: Int32
        var floorStart: Int32, floorCount: Int32
    }

    struct DefinitionOp {
        var isCondition: Bool
        var node: Int32
    }

    struct RuleOp {
        var level: Int32
        var condition: Int32
    }

    /// A fact read by a score's items, and its default (`value`: 1 or 0 for yes/no, a number in units, an
    /// option's or level's index).
    struct ReadDefault {
        enum Kind: UInt8 { case unknown, bool, number, option, level }
        var slot: Int32
        var kind: Kind
        var value: Int64
    }

    /// Stable pointers to the program's arrays (valid while the program lives).
    struct Code {
        var bools: UnsafeMutablePointer<BoolOp>
        var nums: UnsafeMutablePointer<NumOp>
        var times: UnsafeMutablePointer<TimeOp>
        var levels: UnsafeMutablePointer<LevelOp>
        var items: UnsafeMutablePointer<ItemOp>
        var runs: UnsafeMutablePointer<ItemRun>
        var floors: UnsafeMutablePointer<FloorOp>
        var bandLows: UnsafeMutablePointer<Int64>
        /// See `ScoreMeta.useBase`: the facts read by each score's items with their defaults, and each domain's
        /// and item's results when every one of them is at its default.
        var reads: UnsafeMutablePointer<ReadDefault>
        var domainBaseLow: UnsafeMutablePointer<Int64>
        var domainBaseHigh: UnsafeMutablePointer<Int64>
        var domainBaseTotal: UnsafeMutablePointer<Int64>
        var itemBase: UnsafeMutablePointer<Tri>
        /// Per fact slot, the scores (bit s for score s, the first 64 only) whose items read it: with the
        /// slots a scenario changed from their defaults, the scores that need their reads compared at all.
        var slotScores: UnsafeMutablePointer<UInt64>
        var scores: UnsafeMutablePointer<ScoreMeta>
        var definitions: UnsafeMutablePointer<DefinitionOp>
        /// Steps in dependency order: `d >= 0` is definition d, `-1 - s` is score s.
        var steps: UnsafeMutablePointer<Int32>
        var stepCount: Int
        /// The step that computes each definition and each score.
        var definitionStep: UnsafeMutablePointer<Int32>
        var scoreStep: UnsafeMutablePointer<Int32>
        /// Rules in declaration order, and (for the outcome alone) most severe first.
        var rules: UnsafeMutablePointer<RuleOp>
        var rulesBySeverity: UnsafeMutablePointer<RuleOp>
        var ruleCount: Int
        /// Caps in declaration order (`level`: the level each holds the outcome at; `condition`: its `when`), and
        /// each cap's `unless` (-1: none).
        var caps: UnsafeMutablePointer<RuleOp>
        var capUnless: UnsafeMutablePointer<Int32>
        var capCount: Int
        var advice: UnsafeMutablePointer<Int32>
        var adviceCount: Int
        /// Each fact's `asked when` and each score's tool's (-1: none). They read facts only (the compiler checks
        /// it: `asked-when-reads`), so the machine answers them over any fact vector without running a step.
        var askedWhen: UnsafeMutablePointer<Int32>
        var toolAskedWhen: UnsafeMutablePointer<Int32>
    }

    /// The code, at an address that stays put for the program's life: a machine reads it there
    /// (`ProgramMachine.code`) instead of copying its thirty fields for each evaluation.
    let codePointer: UnsafePointer<Code>
    var code: Code { codePointer.pointee }
    /// The strings compared with `text` facts.
    let strings: [String]
    /// The nodes run by the node semantics (`BoolCode.node`, `NumCode.node`).
    let nodes: [BoolNode]
    let numberNodes: [NumNode]
    let factCount: Int
    let definitionCount: Int
    let scoreCount: Int
    let domainCount: Int
    let itemCount: Int
    let floorCount: Int
    let defaultLevel: Int
    private var allocations: [UnsafeMutableRawPointer] = []

    /// `nodesOnly` (for tests) stores every node as a `node` op, so the machine runs the node semantics alone.
    init(_ rs: RuleSet, nodesOnly: Bool = false) {
        var b = ProgramBuilder()
        b.nodesOnly = nodesOnly
        var metas: [ScoreMeta] = []
        var runs: [ItemRun] = []
        var items: [ItemOp] = []
        var floors: [FloorOp] = []
        var bandLows: [Int64] = []
        var domainTotal = 0
        for score in rs.scores {
            b.domainOffsets.append(Int32(domainTotal))
            domainTotal += score.domains.count
        }
        var reads: [ReadDefault] = []
        /// The scores whose items read only facts with a default `ReadDefault` can compare (or none).
        var baseScores: [Int] = []
        var definitions: [DefinitionOp] = []
        for d in rs.definitions {
            switch d.body {
            case .condition(let n): definitions.append(DefinitionOp(isCondition: true, node: b.bool(n)))
            case .number(let n): definitions.append(DefinitionOp(isCondition: false, node: b.num(n)))
            }
        }
        for (s, score) in rs.scores.enumerated() {
            let offset = b.domainOffsets[s]
            let bounded = EvaluationProgram.isBounded(score.items)
            let firstRun = runs.count
            for (k, item) in score.items.enumerated() {
                let index = Int32(items.count + k)
                let domain = item.domain.map { offset + Int32($0) } ?? -1
                if let last = runs.last, runs.count > firstRun, last.domain == domain, last.end == index {
                    runs[runs.count - 1].end = index + 1
                } else {
                    runs.append(ItemRun(start: index, end: index + 1, domain: domain))
                }
            }
            let read = Set(score.items.flatMap(\.factsRead)).sorted()
            let defaults = read.compactMap { EvaluationProgram.readDefault($0, rs.facts[$0].defaultValue) }
            let comparable = defaults.count == read.count
            metas.append(
                ScoreMeta(
                    bounded: bounded, readStart: Int32(reads.count), readCount: comparable ? Int32(read.count) : 0,
                    runStart: Int32(firstRun), runCount: Int32(runs.count - firstRun),
                    itemStart: Int32(items.count), itemCount: Int32(score.items.count), domainStart: offset,
                    domainCount: Int32(score.domains.count),
                    bandStart: Int32(bandLows.count), bandCount: Int32(score.bands.count),
                    floorStart: Int32(floors.count), floorCount: Int32(score.floors.count)))
            if comparable {
                reads += defaults
                baseScores.append(s)
            }
            for item in score.items {
                let domain = item.domain.map { offset + Int32($0) } ?? -1
                switch item.kind {
                case .when(let w, let cond):
                    var slot: Int32 = -1
                    if case .fact(let f) = cond { slot = Int32(f) }
                    items.append(
                        ItemOp(
                            isAdd: false, hasCap: false, slot: slot, domain: domain, node: b.bool(cond),
                            weight: w.units,
                            cap: 0, unknownLow: 0, unknownHigh: 0))
                case .add(let value, let cap, let bounds):
                    let low = (bounds.min.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? .min
                    let high = (bounds.max.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? (cap ?? .max)
                    var slot: Int32 = -1
                    if case .fact(let f) = value { slot = Int32(f) }
                    items.append(
                        ItemOp(
                            isAdd: true, hasCap: cap != nil, slot: slot, domain: domain, node: b.num(value), weight: 0,
                            cap: cap?.units ?? 0, unknownLow: low.units, unknownHigh: high.units,
                            valueMin: bounds.min?.units ?? .min, valueMax: bounds.max?.units ?? .max))
                }
            }
            bandLows += score.bands.map(\.low.units)
            for f in score.floors { floors.append(FloorOp(band: Int32(f.band), condition: b.bool(f.condition))) }
        }
        var slotScores = [UInt64](repeating: 0, count: rs.facts.count)
        for (s, score) in rs.scores.enumerated() where s < 64 {
            for item in score.items {
                for f in item.factsRead where slotScores.indices.contains(f) { slotScores[f] |= 1 << UInt64(s) }
            }
        }
        var steps: [Int32] = []
        var definitionStep = [Int32](repeating: 0, count: rs.definitions.count)
        var scoreStep = [Int32](repeating: 0, count: rs.scores.count)
        for step in rs.steps {
            switch step {
            case .definition(let i):
                definitionStep[i] = Int32(steps.count)
                steps.append(Int32(i))
            case .score(let i):
                scoreStep[i] = Int32(steps.count)
                steps.append(-1 - Int32(i))
            }
        }
        let rules = rs.rules.map { RuleOp(level: Int32($0.level), condition: b.bool($0.condition)) }
        // Most severe first; within a level the cheapest first (the outcome needs only one rule to fire
        // at the top level), a score costing its items.
        let cost = rs.rules.map { r in
            r.factsRead.count + r.scoresRead.reduce(0) { $0 + rs.scores[$1].items.count + rs.scores[$1].floors.count }
        }
        let bySeverity = rules.enumerated().sorted { x, y in
            if x.element.level != y.element.level { return x.element.level > y.element.level }
            if cost[x.offset] != cost[y.offset] { return cost[x.offset] < cost[y.offset] }
            return x.offset < y.offset
        }.map(\.element)
        let caps = rs.caps.map { RuleOp(level: Int32($0.level), condition: b.bool($0.when)) }
        let capUnless = rs.caps.map { c in c.unless.map { b.bool($0) } ?? -1 }
        let advice = rs.advice.map { b.bool($0.condition) }
        let askedWhen = rs.facts.map { f in f.askedWhen.map { b.bool($0) } ?? -1 }
        let toolAskedWhen = rs.scores.map { s in s.tool?.askedWhen.map { b.bool($0) } ?? -1 }

        var allocations: [UnsafeMutableRawPointer] = []
        func store<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, values.count))
            _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }
        let code = Code(
            bools: store(b.bools), nums: store(b.nums), times: store(b.times), levels: store(b.levels),
            items: store(items), runs: store(runs), floors: store(floors), bandLows: store(bandLows),
            reads: store(reads), domainBaseLow: store([Int64](repeating: 0, count: domainTotal)),
            domainBaseHigh: store([Int64](repeating: 0, count: domainTotal)),
            domainBaseTotal: store([Int64](repeating: 0, count: domainTotal)),
            itemBase: store([Tri](repeating: .unknown, count: items.count)), slotScores: store(slotScores),
            scores: store(metas),
            definitions: store(definitions), steps: store(steps), stepCount: steps.count,
            definitionStep: store(definitionStep), scoreStep: store(scoreStep),
            rules: store(rules), rulesBySeverity: store(bySeverity), ruleCount: rules.count,
            caps: store(caps), capUnless: store(capUnless), capCount: caps.count, advice: store(advice),
            adviceCount: advice.count, askedWhen: store(askedWhen), toolAskedWhen: store(toolAskedWhen))
        codePointer = UnsafePointer(store([code]))
        self.allocations = allocations
        strings = b.strings
        nodes = b.nodes
        numberNodes = b.numberNodes
        factCount = rs.facts.count
        definitionCount = rs.definitions.count
        scoreCount = rs.scores.count
        domainCount = domainTotal
        itemCount = items.count
        floorCount = floors.count
        defaultLevel = rs.defaultLevel
        recordBaselines(rs.defaultFacts(), for: baseScores)
    }

    /// The scores whose items read any of `changed` (bit s for score s), for `ProgramState.changedScores`; every
    /// bit set when `changed` is nil (not known) or there are more than 64 scores.
    func scoresReading(_ changed: [Int]?) -> Int {
        if scoreCount == 0 { return 0 }
        guard let changed else { return -1 }
        return scoresReading(changed)
    }

    /// As `scoresReading(_:)`, `changed` known.
    @inline(__always) func scoresReading(_ changed: [Int]) -> Int {
        if scoreCount == 0 { return 0 }
        guard scoreCount <= 64 else { return -1 }
        var mask: UInt64 = 0
        for f in changed where f >= 0 && f < factCount { mask |= code.slotScores[f] }
        return Int(bitPattern: UInt(mask))
    }

    /// The band a total falls in: the highest band whose lowest total it reaches; -1 below every band.
    @inline(__always) static func bandIndex(_ code: Code, _ m: ScoreMeta, _ total: Int64) -> Int32 {
        var result: Int32 = -1
        for b in 0..<m.bandCount where total >= code.bandLows[Int(m.bandStart + b)] { result = b }
        return result
    }

    /// A read fact's default in the form `ProgramMachine` compares; nil for a default of another type.
    static func readDefault(_ slot: Int, _ value: FactValue?) -> ReadDefault? {
        switch value {
        case nil: return ReadDefault(slot: Int32(slot), kind: .unknown, value: 0)
        case .bool(let b)?: return ReadDefault(slot: Int32(slot), kind: .bool, value: b ? 1 : 0)
        case .number(let n)?: return ReadDefault(slot: Int32(slot), kind: .number, value: n.units)
        case .option(let i)?: return ReadDefault(slot: Int32(slot), kind: .option, value: Int64(i))
        case .level(let l)?: return ReadDefault(slot: Int32(slot), kind: .level, value: Int64(l))
        default: return nil
        }
    }

    /// Runs every score once over the facts' defaults and keeps what the items gave (see `ScoreMeta.useBase`).
    private func recordBaselines(_ defaults: FactVector, for scores: [Int]) {
        let state = ProgramState(self)
        defer { state.deallocate() }
        defaults.withUnsafeBufferPointer { facts in
            var nothing: FactValue? = nil
            withUnsafePointer(to: &nothing) { fallback in
                let machine = ProgramMachine(
                    codePointer: codePointer, state: state, facts: facts.baseAddress ?? fallback,
                    program: Unmanaged.passUnretained(self))
                state.begin()
                state.changedScores = -1
                machine.runAllSteps()
            }
        }
        for s in scores {
            let run = state.scores[s]
            code.scores[s].baseTotal = run.total
            code.scores[s].baseLow = run.lo
            code.scores[s].baseHigh = run.hi
            code.scores[s].baseBand = EvaluationProgram.bandIndex(code, code.scores[s], run.total)
            code.scores[s].baseMinBand = EvaluationProgram.bandIndex(code, code.scores[s], run.lo)
            code.scores[s].baseMaxBand = EvaluationProgram.bandIndex(code, code.scores[s], run.hi)
            let m = code.scores[s]
            for d in Int(m.domainStart)..<Int(m.domainStart + m.domainCount) {
                code.domainBaseLow[d] = state.domainLow[d]
                code.domainBaseHigh[d] = state.domainHigh[d]
                code.domainBaseTotal[d] = state.domainTotal[d]
            }
            for k in Int(m.itemStart)..<Int(m.itemStart + m.itemCount) { code.itemBase[k] = state.items[k] }
            code.scores[s].useBase = true
        }
    }

    /// True when every item's contribution, known or not, is bounded and the bounds' magnitudes sum to less
    /// than 2^60, so no partial sum can overflow while values stay within their bounds.
    static func isBounded(_ items: [RuleSet.ScoreItem]) -> Bool {
        var magnitude: UInt64 = 0
        for item in items {
            var m: UInt64
            switch item.kind {
            case .when(let w, _): m = w.units.magnitude
            case .add(_, let cap, let bounds):
                // A capped item needs only a lowest value: it adds from min(lowest, cap) to cap at most.
                guard let lo = bounds.min, let hi = bounds.max ?? cap else { return false }
                let ends = [lo, hi].map { v in cap.map { Swift.min(v, $0) } ?? v }
                m = ends.map(\.units.magnitude).max() ?? 0
            }
            let (sum, overflow) = magnitude.addingReportingOverflow(m)
            if overflow || sum > UInt64(1) << 60 { return false }
            magnitude = sum
        }
        return true
    }

    deinit {
        // Every element type is trivial, so freeing the memory is enough.
        for p in allocations { p.deallocate() }
    }
}

/// The comparison and band-test variants, to and from the operators they stand for, so the machine asks the
/// operators' one meaning (`Semantics/Model/Operators.swift`).
extension EvaluationProgram.Variant {
    init(_ op: CompareOp) {
        switch op {
        case .eq: self = .equal
        case .ne: self = .notEqual
        case .lt: self = .less
        case .le: self = .lessOrEqual
        case .gt: self = .greater
        case .ge: self = .greaterOrEqual
        }
    }

    init(_ test: RankTest) {
        switch test {
        case .exactly: self = .bandExactly
        case .atLeast: self = .bandAtLeast
        case .atMost: self = .bandAtMost
        }
    }

    /// The comparison this variant stands for (`>=` for any other).
    @inline(__always) var compareOp: CompareOp {
        switch self {
        case .equal: return .eq
        case .notEqual: return .ne
        case .less: return .lt
        case .lessOrEqual: return .le
        case .greater: return .gt
        default: return .ge
        }
    }

    /// The band test this variant stands for (`is at most` for any other).
    @inline(__always) var rankTest: RankTest {
        switch self {
        case .bandExactly: return .exactly
        case .bandAtLeast: return .atLeast
        default: return .atMost
        }
    }
}
