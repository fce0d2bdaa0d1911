/// Evaluates a compiled rule set against facts. Holds scratch buffers, so reuse one evaluator for many
/// scenarios (it is not thread-safe; make one per thread).
///
/// Evaluation runs the evaluator's flat `EvaluationProgram` (no reference counting, no allocation on the
/// `outcomeLevel` path). The node-tree interpreter (`bool(_:)`, `num(_:)`) is kept for `condition(_:)`, which
/// explanations and analysis use on any node; its state (`facts`, `definitionBools`, `definitionNumbers`,
/// `scoreStates`, `outcome`) is brought up to date from the program's state when it is needed.
public final class Evaluator {
    let ruleSet: RuleSet
    let program: EvaluationProgram
    let state: ProgramState

    // The node-tree interpreter's view of the last evaluation.
    var facts: FactVector = []
    var definitionBools: [Tri]
    var definitionNumbers: [NumRange?]
    var scoreStates: [Evaluation.ScoreState]
    var outcome = 0
    /// Each rule's condition and each advice's, reused from one evaluation to the next (no allocation once
    /// the previous evaluation is no longer held).
    private var ruleResults: [Tri]
    private var adviceResults: [Bool]
    private var capResults: [CapState]
    /// True after `outcomeLevel`: definitions, scores and the tree state may be incomplete.
    var treeStateStale = false
    /// Every fact unknown (what `forgetFacts` leaves).
    private let noFacts: FactVector

    public convenience init(_ ruleSet: RuleSet) { self.init(ruleSet, program: EvaluationProgram(ruleSet)) }

    /// An evaluator over a program built for it (tests: `EvaluationProgram(ruleSet, nodesOnly: true)`).
    init(_ ruleSet: RuleSet, program: EvaluationProgram) {
        self.ruleSet = ruleSet
        self.program = program
        state = ProgramState(program)
        ruleResults = Array(repeating: .no, count: ruleSet.rules.count)
        adviceResults = Array(repeating: false, count: ruleSet.advice.count)
        capResults = Array(repeating: .no, count: ruleSet.caps.count)
        noFacts = Array(repeating: nil, count: ruleSet.facts.count)
        facts = noFacts
        definitionBools = Array(repeating: .unknown, count: ruleSet.definitions.count)
        definitionNumbers = Array(repeating: nil, count: ruleSet.definitions.count)
        scoreStates = ruleSet.scores.map { s in
            var st = Evaluation.ScoreState()
            st.domains = Array(repeating: NumRange(.zero), count: s.domains.count)
            st.domainTotals = Array(repeating: .zero, count: s.domains.count)
            st.items = Array(repeating: .no, count: s.items.count)
            st.floors = Array(repeating: .no, count: s.floors.count)
            return st
        }
    }

    deinit { state.deallocate() }

    /// The input with a slot for every fact (a short vector is padded with unknowns).
    @inline(__always) private func complete(_ input: FactVector) -> FactVector {
        input.count >= program.factCount ? input : input + Array(repeating: nil, count: program.factCount - input.count)
    }

    /// Runs `body` with a machine over `input` (which has a slot for every fact), from no steps done;
    /// `scores` the scores that read a changed slot (`EvaluationProgram.scoresReading`; by default, every one).
    @inline(__always) private func withMachine<T>(
        _ input: FactVector, scores: Int = -1, _ body: (ProgramMachine) -> T
    ) -> T {
        state.begin()
        state.changedScores = scores
        return input.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else {
                var none: FactValue? = nil
                return withUnsafePointer(to: &none) { body(machine($0)) }
            }
            return body(machine(base))
        }
    }

    @inline(__always) func machine(_ facts: UnsafePointer<FactValue?>) -> ProgramMachine {
        ProgramMachine(
            codePointer: program.codePointer, state: state, facts: facts, program: Unmanaged.passUnretained(program))
    }

    /// Runs the definitions and scores, in dependency order.
    func prepare(_ input: FactVector) {
        let input = complete(input)
        withMachine(input) { $0.runAllSteps() }
        facts = input
        treeStateStale = false
        syncTreeState()
    }

    /// The outcome level only: the fast path for batch re-scoring and benchmarks.
    public func outcomeLevel(_ input: FactVector) -> Int { outcomeLevel(input, changed: nil) }

    /// As `outcomeLevel(_:)`, told which slots may differ from their defaults (see `evaluate(_:changed:)`).
    @_spi(Bench) public func outcomeLevel(_ input: FactVector, changed: [Int]?) -> Int {
        let scores = program.scoresReading(input.count == program.factCount ? changed : nil)
        let input = complete(input)
        facts = input
        return outcomeOnly(input, scores: scores)
    }

    /// The outcome level of `input`, which has a slot for every fact; `scores` as for `withMachine`.
    @inline(__always) private func outcomeOnly(_ input: FactVector, scores: Int) -> Int {
        let level = withMachine(input, scores: scores) { $0.outcome(defaultLevel: program.defaultLevel) }
        state.outcome = level
        outcome = level
        treeStateStale = true
        return level
    }

    /// Everything: each rule's condition, the outcome, scores, advice and the due time.
    ///
    /// ```swift
    /// let evaluator = Evaluator(ruleSet)          // one per thread: it owns its scratch buffers
    /// let evaluation = evaluator.evaluate(scenario.facts)
    /// print(ruleSet.levels[evaluation.outcome].name)
    /// ```
    public func evaluate(_ input: FactVector) -> Evaluation { evaluate(input, changed: nil) }

    /// As `evaluate(_:)`, told which slots may differ from their defaults (`threshold batch`, benchmarks).
    ///
    /// `changed`, when given, lists every slot whose value may differ from the fact's default (unknown for a
    /// fact without one), as `Scenario.given` does for a scenario just decoded: a score none of whose facts
    /// is listed then takes its baseline without comparing each fact with its default. A slot left out that
    /// does differ gives wrong scores; when in doubt, leave `changed` out.
    @_spi(Bench) public func evaluate(_ input: FactVector, changed: [Int]?) -> Evaluation {
        let scores = program.scoresReading(input.count == program.factCount ? changed : nil)
        let input = complete(input)
        let code = program.code
        var results = ruleResults
        var advice = adviceResults
        var caps = capResults
        ruleResults = []
        adviceResults = []  // so `results` and `advice` are not shared, and change in place
        capResults = []
        var uncapped = program.defaultLevel
        var heldBy: Int?
        let level: Int = withMachine(input, scores: scores) { m in
            m.runAllSteps()
            var best: Int32 = -1
            results.withUnsafeMutableBufferPointer { r in
                for i in 0..<Swift.min(r.count, code.ruleCount) {
                    let rule = code.rules[i]
                    let t = m.child(rule.condition)
                    r[i] = t
                    if t == .yes, rule.level > best { best = rule.level }
                }
            }
            uncapped = best < 0 ? program.defaultLevel : Int(best)
            var level = uncapped
            caps.withUnsafeMutableBufferPointer { c in
                for i in 0..<Swift.min(c.count, code.capCount) {
                    let cap = code.caps[i]
                    let t = m.capState(i)
                    c[i] = t
                    if t.holds, Int(cap.level) < level {
                        level = Int(cap.level)
                        heldBy = i
                    }
                }
            }
            state.outcome = level
            advice.withUnsafeMutableBufferPointer { a in
                for i in 0..<Swift.min(a.count, code.adviceCount) { a[i] = m.child(code.advice[i]) == .yes }
            }
            return level
        }
        ruleResults = results
        adviceResults = advice
        capResults = caps
        facts = input
        outcome = level
        treeStateStale = false
        syncTreeState()
        return Evaluation(
            outcome: level, uncapped: uncapped, cap: heldBy, rules: results, caps: caps, advice: advice,
            scores: scoreStates, due: due(for: level), facts: input)
    }

    /// The outcome level and the time its response is due, keeping nothing of `input` (`threshold batch
    /// --outcome-only`): no copy of the facts is taken and let go of for each scenario. The facts that
    /// `condition(_:)` and `due(for:)` read stay as they were, so use it after `forgetFacts()` (or on a new
    /// evaluator), as the batch does, and not between an evaluation and its explanation.
    @_spi(Bench) public func outcomeAndDue(_ input: FactVector, changed: [Int]?) -> (level: Int, due: CivilDateTime?) {
        guard input.count >= program.factCount else {
            return outcomeAndDue(complete(input), scores: program.scoresReading(nil))
        }
        return outcomeAndDue(input, scores: program.scoresReading(input.count == program.factCount ? changed : nil))
    }

    /// As `outcomeAndDue(_:changed:)`, `changed` known (a batch line's given slots).
    @_spi(Bench) public func outcomeAndDue(_ input: FactVector, changed: [Int]) -> (level: Int, due: CivilDateTime?) {
        guard input.count == program.factCount else {
            return outcomeAndDue(complete(input), scores: program.scoresReading(nil))
        }
        return outcomeAndDue(input, scores: program.scoresReading(changed))
    }

    /// `input` has a slot for every fact (a batch line's vector is read where it is, with no copy to count).
    @inline(__always) private func outcomeAndDue(_ input: FactVector, scores: Int) -> (level: Int, due: CivilDateTime?)
    {
        let level = outcomeOnly(input, scores: scores)
        return (level, due(for: level, facts: input))
    }

    /// The time by which a response at `level` is due, counted from the clock fact.
    func due(for level: Int) -> CivilDateTime? { due(for: level, facts: facts) }

    /// The time by which a response at `level` is due, counted from the clock fact in `facts`.
    private func due(for level: Int, facts: FactVector) -> CivilDateTime? {
        guard let slot = ruleSet.clockFact, ruleSet.levels.indices.contains(level), facts.indices.contains(slot),
            let within = ruleSet.levels[level].within
        else { return nil }
        let start: CivilDateTime
        switch facts[slot] {
        case .dateTime(let d): start = d
        case .date(let d): start = CivilDateTime(date: d)
        default: return nil
        }
        switch within.unit {
        case .hours: return start.addingMinutes(Int64(within.amount) * 60)
        case .days: return start.addingMinutes(Int64(within.amount) * CivilDateTime.minutesPerDay)
        case .workingDays: return ruleSet.calendar.due(start: start, workingDays: within.amount)
        }
    }

    /// Lets go of the last evaluation's facts, so that whoever made them can change them in place. Call it
    /// when done with the evaluation: `condition(_:)` then reads every fact as unknown.
    func forgetFacts() {
        facts = noFacts
        treeStateStale = true
    }

    /// Evaluates one condition against facts already prepared (used by explanations and analysis).
    func condition(_ node: BoolNode) -> Tri {
        if treeStateStale {
            withMachine(facts) { $0.runAllSteps() }
            treeStateStale = false
            syncTreeState()
        }
        return bool(node)
    }

    /// Copies the program's definitions and scores into the tree interpreter's state, in place (no
    /// allocation once the previous evaluation's arrays are no longer shared).
    private func syncTreeState() {
        let p = program
        let st = state
        definitionBools.withUnsafeMutableBufferPointer { bools in
            definitionNumbers.withUnsafeMutableBufferPointer { numbers in
                for i in 0..<p.definitionCount where p.code.definitions[i].isCondition {
                    bools[i] = st.definitionBools[i]
                }
                for i in 0..<p.definitionCount where !p.code.definitions[i].isCondition {
                    numbers[i] = st.definitionKnown[i] ? st.definitionNumbers[i] : nil
                }
            }
        }
        scoreStates.withUnsafeMutableBufferPointer { scores in
            for s in 0..<p.scoreCount {
                let m = p.code.scores[s]
                let run = st.scores[s]
                scores[s].total = ExactNumber(units: run.total)
                scores[s].range = NumRange(lo: ExactNumber(units: run.lo), hi: ExactNumber(units: run.hi))
                scores[s].band = Int(run.band)
                scores[s].bandBeforeFloors = Int(run.bandBeforeFloors)
                scores[s].floor = run.floor >= 0 ? Int(run.floor) : nil
                scores[s].minBand = Int(run.minBand)
                scores[s].maxBand = Int(run.maxBand)
                scores[s].gaps = run.gaps
                scores[s].domains.withUnsafeMutableBufferPointer { d in
                    for k in 0..<d.count {
                        let f = Int(m.domainStart) + k
                        d[k] = NumRange(
                            lo: ExactNumber(units: st.domainLow[f]), hi: ExactNumber(units: st.domainHigh[f]))
                    }
                }
                scores[s].domainTotals.withUnsafeMutableBufferPointer { d in
                    for k in 0..<d.count { d[k] = ExactNumber(units: st.domainTotal[Int(m.domainStart) + k]) }
                }
                scores[s].items.withUnsafeMutableBufferPointer { d in
                    d.baseAddress?.update(
                        from: st.items + Int(m.itemStart), count: Swift.min(d.count, Int(m.itemCount)))
                }
                scores[s].floors.withUnsafeMutableBufferPointer { d in
                    d.baseAddress?.update(
                        from: st.floors + Int(m.floorStart), count: Swift.min(d.count, Int(m.floorCount)))
                }
            }
        }
    }
}
