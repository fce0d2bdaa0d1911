/// The scratch state of one evaluation over an `EvaluationProgram`: flat, preallocated, reused.
struct ProgramState {
    /// One score's results (bands are indices, -1 below every band; `floor` is -1 for none).
    struct ScoreRun {
        var total: Int64 = 0, lo: Int64 = 0, hi: Int64 = 0
        var band: Int32 = -1, bandBeforeFloors: Int32 = -1, floor: Int32 = -1, minBand: Int32 = -1, maxBand: Int32 = -1
        /// The bands between `minBand` and `maxBand` that no answer gives (`Evaluation.ScoreState.gaps`).
        var gaps: UInt64 = 0
    }

    var definitionBools: UnsafeMutablePointer<Tri>
    var definitionNumbers: UnsafeMutablePointer<NumRange>
    var definitionKnown: UnsafeMutablePointer<Bool>
    var scores: UnsafeMutablePointer<ScoreRun>
    var domainLow: UnsafeMutablePointer<Int64>
    var domainHigh: UnsafeMutablePointer<Int64>
    var domainTotal: UnsafeMutablePointer<Int64>
    var items: UnsafeMutablePointer<Tri>
    var floors: UnsafeMutablePointer<Tri>
    /// The evaluation (`evaluation`) in which each step was last computed.
    var stepDone: UnsafeMutablePointer<Int>
    /// The state's few single values, behind a pointer so every copy of the state (the machine holds one)
    /// shares them.
    struct Registers {
        /// The current evaluation's number (a step whose `stepDone` is not it is still to compute).
        var evaluation = 0
        /// The outcome level (read by advice), -1 before it is known.
        var outcome = -1
        /// The scores whose items read a fact the scenario may have changed from its default (bit s for
        /// score s; all bits, -1, when not known): the others are at their baseline without comparing their reads.
        var changedScores = -1
    }
    var registers: UnsafeMutablePointer<Registers>

    /// See `Registers.evaluation`.
    @inline(__always) var evaluation: Int { registers.pointee.evaluation }
    /// See `Registers.outcome`.
    @inline(__always) var outcome: Int {
        get { registers.pointee.outcome }
        nonmutating set { registers.pointee.outcome = newValue }
    }
    /// See `Registers.changedScores`.
    @inline(__always) var changedScores: Int {
        get { registers.pointee.changedScores }
        nonmutating set { registers.pointee.changedScores = newValue }
    }

    init(_ p: EvaluationProgram) {
        func make<T>(_ n: Int, _ v: T) -> UnsafeMutablePointer<T> {
            let ptr = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, n))
            ptr.initialize(repeating: v, count: Swift.max(1, n))
            return ptr
        }
        definitionBools = make(p.definitionCount, .unknown)
        definitionNumbers = make(p.definitionCount, NumRange(.zero))
        definitionKnown = make(p.definitionCount, false)
        scores = make(p.scoreCount, ScoreRun())
        domainLow = make(p.domainCount, 0)
        domainHigh = make(p.domainCount, 0)
        domainTotal = make(p.domainCount, 0)
        items = make(p.itemCount, .no)
        floors = make(p.floorCount, .no)
        stepDone = make(p.code.stepCount, 0)
        registers = make(1, Registers())
    }

    /// Starts a new evaluation: every step is still to compute.
    @inline(__always) func begin() { registers.pointee.evaluation &+= 1 }

    /// Frees the memory (every element type is trivial).
    func deallocate() {
        definitionBools.deallocate()
        definitionNumbers.deallocate()
        definitionKnown.deallocate()
        scores.deallocate()
        domainLow.deallocate()
        domainHigh.deallocate()
        domainTotal.deallocate()
        items.deallocate()
        floors.deallocate()
        stepDone.deallocate()
        registers.deallocate()
    }
}

/// Runs an `EvaluationProgram` over one fact vector. Definitions and scores are computed on first use (each
/// once per evaluation), so the outcome alone computes only what the rules it tries need, and can stop as
/// soon as the most severe possible rule has fired.
/// The same Kleene logic and interval arithmetic as the node-tree interpreter (`Evaluator.bool`).
struct ProgramMachine {
    /// The program's code, where the program keeps it (`EvaluationProgram.codePointer`, alive as long as the
    /// program, which outlives the machine): read in place, not copied into each machine.
    let codePointer: UnsafePointer<EvaluationProgram.Code>
    @inline(__always) var code: EvaluationProgram.Code { codePointer.pointee }
    /// The conditions' and numbers' ops, read at every node: kept here too, one load away.
    let bools: UnsafeMutablePointer<EvaluationProgram.BoolOp>
    let nums: UnsafeMutablePointer<EvaluationProgram.NumOp>
    let state: ProgramState
    /// Valid for the machine's life: a machine is made inside the `withUnsafeBufferPointer` of the fact vector
    /// it reads, and never outlives that call; the vector has a slot for every fact (`Evaluator.complete` pads it).
    let facts: UnsafePointer<FactValue?>
    /// Unretained (no reference counting per step): the evaluator or the program that makes a machine holds
    /// the program strongly for longer than the machine lives.
    let program: Unmanaged<EvaluationProgram>

    init(
        codePointer: UnsafePointer<EvaluationProgram.Code>, state: ProgramState, facts: UnsafePointer<FactValue?>,
        program: Unmanaged<EvaluationProgram>
    ) {
        self.codePointer = codePointer
        bools = codePointer.pointee.bools
        nums = codePointer.pointee.nums
        self.state = state
        self.facts = facts
        self.program = program
    }

    // MARK: Steps

    @inline(__always) func ensure(_ step: Int32) {
        if state.stepDone[Int(step)] != state.evaluation { compute(Int(step)) }
    }

    /// Computes one step: a definition or a score (what it reads is computed first, on demand, so only the
    /// steps a condition needs are run).
    @inline(never) func compute(_ k: Int) { computeInPlace(k) }

    @inline(__always) private func computeInPlace(_ k: Int) {
        let step = code.steps[k]
        if step >= 0 {
            let d = code.definitions[Int(step)]
            if d.isCondition {
                state.definitionBools[Int(step)] = bool(d.node)
            } else if let v = num(d.node) {
                state.definitionNumbers[Int(step)] = v
                state.definitionKnown[Int(step)] = true
            } else {
                state.definitionKnown[Int(step)] = false
            }
        } else {
            score(Int(-1 - step))
        }
        state.stepDone[k] = state.evaluation
    }

    func runAllSteps() {
        for k in 0..<code.stepCount where state.stepDone[k] != state.evaluation { computeInPlace(k) }
    }

    // MARK: Rules

    /// The most severe level among the rules that fire, or the default level: rules most severe first,
    /// stopping at the first that fires; then held at the lowest cap that holds (see `held(_:)`).
    func outcome(defaultLevel: Int) -> Int {
        var best: Int32 = -1
        for r in 0..<code.ruleCount {
            let rule = code.rulesBySeverity[r]
            if rule.level <= best { break }
            if child(rule.condition) == .yes { best = rule.level }
        }
        let uncapped = best < 0 ? defaultLevel : Int(best)
        return held(uncapped).level
    }

    /// `uncapped` held at the lowest level of the caps whose condition is yes, and the cap that holds it there
    /// (-1 when no cap lowers it). Only caps below the level so far are tried: a cap at or above it changes
    /// nothing. Ties go to the first cap declared.
    @inline(__always) func held(_ uncapped: Int) -> (level: Int, cap: Int) {
        var level = Int32(clamping: uncapped)
        var by = -1
        for c in 0..<code.capCount {
            let cap = code.caps[c]
            if cap.level < level, capState(c).holds {
                level = cap.level
                by = c
            }
        }
        return (Int(level), by)
    }

    /// Where cap `c` stands (see `CapState`).
    @inline(__always) func capState(_ c: Int) -> CapState {
        let when = child(code.caps[c].condition)
        if when == .no { return .no }
        let u = code.capUnless[c]
        return CapState(when: when, unless: u < 0 ? .no : child(u))
    }

    // MARK: Conditions

    /// A child condition: the commonest leaves (a yes/no fact, its negation, a fact compared with a
    /// constant) are answered here without a call; anything else goes to `bool`.
    @inline(__always) func child(_ i: Int32) -> Tri {
        let op = bools[Int(i)]
        switch op.code {
        case .fact:
            if case .bool(let b)? = facts[Int(op.first)] { return b ? .yes : .no }
            return .unknown
        case .notFact:
            if case .bool(let b)? = facts[Int(op.first)] { return b ? .no : .yes }
            return .unknown
        case .compareFactConst:
            guard case .number(let n)? = facts[Int(op.first)] else { return .unknown }
            return Tri(ProgramMachine.compare(op.variant, n.units, op.constant))
        default:
            return bool(i)
        }
    }

    func bool(_ i: Int32) -> Tri {
        let op = bools[Int(i)]
        switch op.code {
        case .constant: return Tri(rawValue: UInt8(truncatingIfNeeded: op.constant)) ?? .unknown
        case .fact, .notFact, .compareFactConst: return child(i)
        case .definition:
            ensure(code.definitionStep[Int(op.first)])
            return state.definitionBools[Int(op.first)]
        case .not: return bool(op.first).negated
        case .and: return Tri.junction(decidedBy: .no, Int(op.second)) { child(op.first + Int32($0)) }
        case .or: return Tri.junction(decidedBy: .yes, Int(op.second)) { child(op.first + Int32($0)) }
        case .optionIs:
            guard case .option(let v)? = facts[Int(op.first)] else { return .unknown }
            return Tri((Int64(v) == op.constant) == (op.variant == .is))
        case .optionIn:
            guard case .option(let v)? = facts[Int(op.first)] else { return .unknown }
            return Tri(v >= 0 && v < 64 && UInt64(bitPattern: op.constant) & (1 << UInt64(v)) != 0)
        case .setHas:
            guard case .options(let m)? = facts[Int(op.first)] else { return .unknown }
            return Tri(m & UInt64(bitPattern: op.constant) != 0)
        case .setIs:
            guard case .options(let m)? = facts[Int(op.first)] else { return .unknown }
            return Tri((m == UInt64(bitPattern: op.constant)) == (op.variant == .is))
        case .scoreBand:
            ensure(code.scoreStep[Int(op.first)])
            let s = state.scores[Int(op.first)]
            return op.variant.rankTest.test(
                band: Int(op.second), min: Int(s.minBand), max: Int(s.maxBand), gaps: s.gaps)
        default:
            return other(op)
        }
    }

    /// The less common conditions, kept out of `bool` so that stays small (it is called for every node).
    @inline(never) private func other(_ op: EvaluationProgram.BoolOp) -> Tri {
        switch op.code {
        case .compareNum:
            guard let x = num(op.first), let y = num(op.second) else { return .unknown }
            return ProgramMachine.compare(op.variant, x, y)
        case .betweenNum:
            guard let x = num(op.first), let l = num(op.second), let h = num(Int32(truncatingIfNeeded: op.constant))
            else { return .unknown }
            return ProgramMachine.compare(.greaterOrEqual, x, l) && ProgramMachine.compare(.lessOrEqual, x, h)
        case .compareTime:
            guard let x = time(op.first), let y = time(op.second) else { return .unknown }
            return Tri(ProgramMachine.compare(op.variant, x, y))
        case .compareBool:
            let x = bool(op.first)
            let y = bool(op.first + 1)
            if x == .unknown || y == .unknown { return .unknown }
            return Tri((x == y) == (op.variant == .is))
        case .textIs:
            guard case .text(let t)? = facts[Int(op.first)] else { return .unknown }
            return Tri((t == program.takeUnretainedValue().strings[Int(op.second)]) == (op.variant == .is))
        case .compareLevel:
            guard let x = level(op.first), let y = level(op.second) else { return .unknown }
            return Tri(ProgramMachine.compare(op.variant, Int64(x), Int64(y)))
        case .isKnown:
            let known: Bool
            if case .none = facts[Int(op.first)] { known = false } else { known = true }
            return Tri(known == (op.variant == .is))
        case .isKnownNum: return Tri((num(op.first) != nil) == (op.variant == .is))
        case .isKnownBool: return Tri((bool(op.first) != .unknown) == (op.variant == .is))
        case .count:
            var yes = 0
            var unknown = 0
            for k in 0..<op.second {
                switch child(op.first + k) {
                case .yes: yes += 1
                case .unknown: unknown += 1
                case .no: break
                }
            }
            let mode: CountMode
            switch op.variant {
            case .countAtLeast: mode = .atLeast(Int(op.constant))
            case .countAtMost: mode = .atMost(Int(op.constant))
            case .countAll: mode = .all
            case .countAny: mode = .any
            default: mode = .none
            }
            return Evaluator.count(mode, yes: yes, unknown: unknown, total: Int(op.second))
        case .node:
            return NodeSemantics(self).bool(program.takeUnretainedValue().nodes[Int(op.first)])
        default:
            return .unknown  // every other code is answered by `bool`
        }
    }

    /// Compares two whole values by the comparison a variant stands for (the operators' one meaning).
    @inline(__always) static func compare(_ op: EvaluationProgram.Variant, _ x: Int64, _ y: Int64) -> Bool {
        op.compareOp.holds(x, y)
    }

    /// Compares numbers that may be ranges: yes or no only when every value in the ranges agrees.
    @inline(__always) static func compare(_ op: EvaluationProgram.Variant, _ a: NumRange, _ b: NumRange) -> Tri {
        op.compareOp.test(a, b)
    }

    func level(_ i: Int32) -> Int? {
        let l = code.levels[Int(i)]
        switch l.kind {
        case .constant: return Int(l.value)
        case .outcome: return state.outcome
        case .fact:
            if case .level(let v)? = facts[Int(l.value)] { return v }
            return nil
        }
    }

    func time(_ i: Int32) -> Int64? {
        let t = code.times[Int(i)]
        if t.slot < 0 { return t.value }
        switch facts[Int(t.slot)] {
        case .dateTime(let d)?: return d.minutesSinceEpoch
        case .date(let d)?: return Int64(d.daysSinceEpoch) * CivilDateTime.minutesPerDay
        default: return nil
        }
    }
}

/// What the node semantics read, for a node without an opcode of its own (`BoolCode.node`, `NumCode.node`): the
/// machine's facts and state, each definition and score computed on first use as for the opcodes.
extension ProgramMachine: NodeInputs {
    @inline(__always) func readFact(_ slot: Int) -> FactValue? { facts[slot] }

    func readDefinitionCondition(_ i: Int) -> Tri {
        ensure(code.definitionStep[i])
        return state.definitionBools[i]
    }

    func readDefinitionNumber(_ i: Int) -> NumRange? {
        ensure(code.definitionStep[i])
        return state.definitionKnown[i] ? state.definitionNumbers[i] : nil
    }

    func readScoreBands(_ i: Int) -> (min: Int, max: Int, gaps: UInt64) {
        ensure(code.scoreStep[i])
        return (Int(state.scores[i].minBand), Int(state.scores[i].maxBand), state.scores[i].gaps)
    }

    func readScoreRange(_ i: Int) -> NumRange {
        ensure(code.scoreStep[i])
        return NumRange(lo: ExactNumber(units: state.scores[i].lo), hi: ExactNumber(units: state.scores[i].hi))
    }

    func readDomainRange(score: Int, domain: Int) -> NumRange {
        ensure(code.scoreStep[score])
        let d = Int(code.scores[score].domainStart) + domain
        return NumRange(lo: ExactNumber(units: state.domainLow[d]), hi: ExactNumber(units: state.domainHigh[d]))
    }

    func readOutcome() -> Int { state.outcome }
}
