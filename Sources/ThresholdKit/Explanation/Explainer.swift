/// Turns an evaluation into an explanation: the facts behind each rule, the rules left undetermined by
/// unknown facts, and the missing information in order of consequence.
///
/// Works on flat arrays indexed by fact slot (no dictionaries or sets), because `threshold batch` explains
/// every line it scores.
public struct Explainer {
    let ruleSet: RuleSet
    private let shapes: ConditionShapes
    /// The slots of the facts marked `required`, in declaration order, then those marked `asked always`.
    private let requiredSlots: [Int]
    private let recordSlots: [Int]
    /// Per fact, whether it is `required` (kept flat for the listing of the marks).
    private let required: [Bool]
    /// When questions are put (`asked when`, `asked first`, tools); nil when the rule set declares none.
    private let plan: QuestionPlan?
    /// Per fact, the tool (below 64) whose lines after its first `ToolLines` leaves out, whatever they are, when
    /// the tool is not started: the fact's question is one the plan collapses, no other question's `asked when`
    /// reads it, and it is not `asked always`; -1 for the others. Such a line that can only move a band, listed
    /// (by slot) after a line of the same kind of its tool, is not marked at all (`MissingMarks.band`).
    private let leftOutAfterHead: [Int32]

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        shapes = ConditionShapes.forRuleSet(ruleSet)
        requiredSlots = ruleSet.facts.indices.filter { ruleSet.facts[$0].required }
        recordSlots = ruleSet.facts.indices.filter { ruleSet.facts[$0].askedAlways && !ruleSet.facts[$0].required }
        required = ruleSet.facts.map(\.required)
        plan = QuestionPlan(ruleSet)
        let collapsing = plan?.collapsing ?? []
        leftOutAfterHead = ruleSet.facts.indices.map { f in
            guard f < collapsing.count, collapsing[f] >= 0, collapsing[f] & 1 == 0, !ruleSet.facts[f].askedAlways
            else { return -1 }
            return Int32(collapsing[f] >> 1)
        }
    }

    /// The reasons behind an evaluation: the rules that fired and the facts behind them, undetermined rules,
    /// scores, advice and the missing information in order of consequence.
    ///
    /// ```swift
    /// let evaluation = Evaluator(ruleSet).evaluate(scenario.facts)
    /// let result = Explainer(ruleSet).explain(evaluation, scenarioID: scenario.id)
    /// ```
    ///
    /// For speed when only the JSON result object is wanted (`threshold batch`): `notFired: false` leaves
    /// `ScoredResult.notFired` empty, and `factValues: false` leaves each finding's `facts` empty (the JSON
    /// renderer then takes the values from the evaluation, which gives the same output).
    public func explain(
        _ e: Evaluation, scenarioID: String? = nil, title: String? = nil, notFired includeNotFired: Bool = true,
        factValues: Bool = true
    ) -> ScoredResult {
        explain(
            e, scenarioID: scenarioID, title: title, notFired: includeNotFired, factValues: factValues, prepared: nil,
            memo: nil)
    }

    /// As `explain(_:scenarioID:title:notFired:factValues:)`, for `threshold batch`: `prepared`, when given, is
    /// the evaluator that has just evaluated `e` (with nothing evaluated since), read in place of evaluating the
    /// facts again; `memo` keeps what the explanation found for one line for the lines after it (one thread at
    /// a time; see `ExplanationMemo`). The result is the same with or without them. `e` is consumed: it becomes
    /// the result's (a fresh evaluation, as the batch worker passes, is moved there rather than copied).
    func explain(
        _ e: consuming Evaluation, scenarioID: String?, title: String?, notFired includeNotFired: Bool,
        factValues: Bool, prepared: Evaluator?, memo: ExplanationMemo?
    ) -> ScoredResult {
        var fired: [ScoredResult.RuleFinding] = []
        var notFired: [ScoredResult.RuleFinding] = []
        var undetermined: [ScoredResult.Undetermined] = []
        // One analysis (`Relevance`, made on first need) serves every pass below.
        var session = RelevanceSession(
            ruleSet, e, prepared: prepared, memo: memo, itemKnownTests: shapes.itemKnownTests)
        defer { session.end() }
        let ceilings = capCeilings(e, &session)
        var yes = 0
        var open = 0
        for i in e.rules.indices {
            if e.rules[i] == .yes { yes += 1 } else if e.rules[i] == .unknown { open += 1 }
        }
        fired.reserveCapacity(yes)
        if includeNotFired { notFired.reserveCapacity(e.rules.count - yes) }
        undetermined.reserveCapacity(open)
        ruleSet.rules.withUnsafeBufferPointer { rules in
            e.facts.withUnsafeBufferPointer { facts in
                for i in rules.indices {
                    let t = e.rules[i]
                    if t == .yes || includeNotFired {
                        let read = rules[i].factsRead
                        let values: [(slot: Int, value: FactValue?)] = factValues ? read.map { ($0, facts[$0]) } : []
                        let finding = ScoredResult.RuleFinding(
                            rule: i, condition: t, facts: values, scores: rules[i].scoresRead)
                        if t == .yes { fired.append(finding) } else { notFired.append(finding) }
                    }
                    if t == .unknown, case let reach = ceilings.reach(rules[i]), reach > e.outcome {
                        undetermined.append(
                            .init(rule: i, unknown: Explainer.unknowns(rules[i].factsRead, facts), reach: reach))
                    }
                }
            }
        }
        // A rule no answer can fire (`n / 0 > 1` with `n` known, or `all of (n / 0 > 1, a)`) could not be its
        // level: it is not listed, and it cannot make the outcome provisional (`Relevance.possible`).
        let stuck = unfirable(e, &session)
        if !stuck.isEmpty { undetermined.removeAll { stuck.contains($0.rule) } }
        narrowUnknowns(&undetermined, e, &session)
        let openCaps = openCaps(e, &session)
        // (Through `plan?`: `if let plan` copied the plan, its arrays retained and released, per line.)
        let notStarted = plan?.notStartedTools(e.facts) ?? 0
        var missing = missing(e, ceilings, openCaps, &session, plan?.toolLines(e.facts, notStarted) ?? ToolLines())
        plan?.apply(e, &missing, &undetermined, &session, notStarted: notStarted)
        var highest = Swift.max(e.outcome, ceilings.released(ruleSet, e) { !stuck.contains($0) })
        for u in undetermined { highest = Swift.max(highest, u.reach) }
        let lowest = openCaps.reduce(e.outcome) { Swift.min($0, ruleSet.caps[$1.cap].level) }
        return ScoredResult(
            scenarioID: scenarioID, title: title, ruleSet: ruleSet, evaluation: consume e, fired: fired,
            notFired: notFired, undetermined: undetermined, missing: missing, openCaps: openCaps,
            highestPossible: highest, lowestPossible: lowest)
    }

    /// The rules that have not fired and that no answer can fire: asked only of the rules with arithmetic (the
    /// others can always be fired by some answers), once each. (A list, not a closure over it: the closure's
    /// context was made per line.)
    func unfirable(_ e: Evaluation, _ session: inout RelevanceSession) -> [Int] {
        guard shapes.anyArithmeticRule else { return [] }
        let arithmetic = shapes.arithmeticRules
        let n = Swift.min(arithmetic.count, e.rules.count)
        var count = 0
        for i in 0..<n where arithmetic[i] && e.rules[i] != .yes { count += 1 }
        guard count > 0 else { return [] }
        var stuck: [Int] = []
        stuck.reserveCapacity(count)  // at once: appending from empty grew it, a new array at each doubling
        for i in 0..<n where arithmetic[i] && e.rules[i] != .yes { stuck.append(i) }
        let rs = ruleSet
        session.with { relevance in stuck.removeAll { relevance.possible(rs.rules[$0].condition).yes } }
        return stuck
    }

    /// The caps whose condition is unknown and that would hold the outcome lower, with the unknown facts that
    /// can still decide each (lowest level first, then in declaration order). A cap no answer can make hold
    /// (`Relevance.possible`) is not one.
    func openCaps(_ e: Evaluation, _ session: inout RelevanceSession) -> [ScoredResult.OpenCap] {
        let caps = ruleSet.caps
        let n = Swift.min(caps.count, e.caps.count)
        // Counted, then walked again: no array of the candidates, and none of the results grown from empty.
        var candidates = 0
        for c in 0..<n where e.caps[c] == .open && caps[c].level < e.outcome { candidates += 1 }
        guard candidates > 0 else { return [] }
        var result: [ScoredResult.OpenCap] = []
        result.reserveCapacity(candidates)
        let arithmetic = shapes.arithmeticCaps
        session.with { relevance in
            for c in 0..<n where e.caps[c] == .open && caps[c].level < e.outcome {
                if arithmetic[c] {
                    guard relevance.possible(caps[c].when).yes,
                        caps[c].unless.map({ relevance.possible($0).no }) != false
                    else { continue }
                }
                let open = relevance.openCap(c)
                let unknown = Explainer.slots(caps[c].factsRead) { open.contains($0) }
                if !unknown.isEmpty { result.append(.init(cap: c, unknown: unknown)) }
            }
        }
        // In place (each cap once, so the order is total).
        if result.count > 1 {
            result.sort {
                caps[$0.cap].level != caps[$1.cap].level ? caps[$0.cap].level < caps[$1.cap].level : $0.cap < $1.cap
            }
        }
        return result
    }

    /// The slots of `read` that are in the vector and unknown, in their order.
    static func unknowns(_ read: [Int], _ facts: UnsafeBufferPointer<FactValue?>) -> [Int] {
        slots(read) { unknown(facts, $0) }
    }

    /// The slots of `read` that `keep` keeps, in their order: counted first, so that the array is made once at
    /// its size, and not at all when none is kept (`filter` grew its array as it went).
    @inline(__always) static func slots(_ read: [Int], where keep: (Int) -> Bool) -> [Int] {
        read.withUnsafeBufferPointer { read in
            var n = 0
            for f in read where keep(f) { n += 1 }
            guard n > 0 else { return [] }
            var result: [Int] = []
            result.reserveCapacity(n)
            for f in read where keep(f) { result.append(f) }
            return result
        }
    }

    /// True when slot `f` is in the vector and unknown.
    @inline(__always) static func unknown(_ facts: UnsafeBufferPointer<FactValue?>, _ f: Int) -> Bool {
        guard f >= 0, f < facts.count else { return false }
        if case .none = facts[f] { return true }
        return false
    }

    /// Keeps, for each undetermined rule, only the unknown facts that can still decide it: in `(a and b) or c`
    /// with `a = no`, `b` is not listed. Flat conditions (see `ConditionShapes`) are already exact.
    func narrowUnknowns(
        _ undetermined: inout [ScoredResult.Undetermined], _ e: Evaluation, _ session: inout RelevanceSession
    ) {
        // Asked first, then walked (no array of them).
        guard undetermined.contains(where: { !shapes.flatRules[$0.rule] }) else { return }
        session.with { relevance in
            for k in undetermined.indices where !shapes.flatRules[undetermined[k].rule] {
                let open = relevance.openRule(undetermined[k].rule)
                undetermined[k].unknown.removeAll { !open.contains($0) }  // in place, in order
            }
        }
    }

    /// Unknown facts that could raise the outcome (most severe first), then those that could move a
    /// score's band, then required facts that are unknown; ties in declaration order.
    ///
    /// "Could" is decided per rule above the outcome that has not fired: a fact counts only if it is left in
    /// the rule's condition once the parts the known facts settle are simplified away (see `Relevance`): in
    /// `(a and b) or c` with `a = no`, `b` cannot change anything. A rule whose condition is no counts only
    /// if an `is known` test can reopen it. Simple conditions (see `ConditionShapes`) need no evaluation.
    func missing(_ e: Evaluation) -> [ScoredResult.Missing] {
        var session = RelevanceSession(ruleSet, e, itemKnownTests: shapes.itemKnownTests)
        defer { session.end() }
        let caps = openCaps(e, &session)
        return missing(e, capCeilings(e, &session), caps, &session, ToolLines())
    }

    /// The caps' ceilings, asking the question plan which `unless` questions can be put (only when a cap holds
    /// while its `unless` is unknown).
    func capCeilings(_ e: Evaluation, _ session: inout RelevanceSession) -> CapCeilings {
        guard plan != nil, e.caps.contains(.heldUnlessOpen) else { return CapCeilings(ruleSet, e) }
        let evaluator = session.lent()
        let rs = ruleSet
        let facts = e.facts  // (the closure keeps the facts only, not a copy of the whole evaluation)
        return CapCeilings(rs, e) { QuestionPlan.mayApply(rs, $0, facts, evaluator) }
    }

    /// With `toolLines` (from `QuestionPlan.toolLines`), the lines the question plan would collapse into a tool's
    /// line already listed are left out, some with a mark in their place (see `ToolLines`): only for
    /// `QuestionPlan.apply`, which then gives what it gives without them.
    func missing(
        _ e: Evaluation, _ ceilings: CapCeilings, _ openCaps: [ScoredResult.OpenCap],
        _ session: inout RelevanceSession, _ toolLines: ToolLines
    ) -> [ScoredResult.Missing] {
        let factCount = ruleSet.facts.count
        // Per fact: the most severe level it could raise the outcome to (-1: none), the first score whose
        // band it could move and that band (score -1: none), the lowest level a cap could hold the outcome
        // at (-1: none); then the facts so marked, in the order marked; then per tool, the first line by slot
        // that heads its later ones (`MissingMarks.band`). One allocation for the six.
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * factCount + MissingMarks.tools) {
            scratch in
            // Only the parts read before they are written start at -1 (`MissingMarks.init` says which).
            MissingMarks.prepare(scratch, factCount)
            var marks = MissingMarks(scratch, factCount)
            for c in openCaps {
                for f in c.unknown { marks.hold(f, ruleSet.caps[c.cap].level) }
            }
            markRules(e, ceilings, &marks, &session)
            // The questions that could release a cap held while its `unless` is unknown, even when no rule reads
            // them: answering them could raise the outcome as far as releasing the caps could.
            if ceilings.hasSoft {
                // First without `Relevance` (it only takes questions away): most of them are marked as high
                // already, through the rules that read them.
                let rs = ruleSet
                let bound = ceilings.unlessMarks(rs, e, nil).filter { marks.levelMarked($0.fact) < $0.level }
                if !bound.isEmpty {
                    session.with { relevance in
                        let open: (BoolNode) -> FactSet = { relevance.open($0) }
                        for (f, level) in ceilings.unlessMarks(rs, e, open, only: bound.map(\.fact)) {
                            marks.level(f, level)
                        }
                    }
                }
            }
            markScores(e, &marks, &session, toolLines.notStarted)
            return marks.list(e, requiredSlots, recordSlots, required, toolLines)
        }
    }

    /// The rules that have not fired and could raise the outcome (held by the caps that hold), and the unknown
    /// facts that could fire them.
    private func markRules(
        _ e: Evaluation, _ ceilings: CapCeilings, _ marks: inout MissingMarks, _ session: inout RelevanceSession
    ) {
        var deferred: [Int] = []
        let starts = shapes.ruleReadStart
        let reads = shapes.ruleReads
        e.facts.withUnsafeBufferPointer { facts in
            ruleSet.rules.withUnsafeBufferPointer { rules in
                for i in 0..<Swift.min(rules.count, e.rules.count)
                where e.rules[i] != .yes && ceilings.reach(rules[i]) > e.outcome {
                    let first = starts[i]
                    let last = starts[i + 1]
                    guard reads[first..<last].contains(where: { Explainer.unknown(facts, $0) }) else { continue }
                    if e.rules[i] == .no && shapes.monotoneRules[i] { continue }
                    if e.rules[i] == .unknown && shapes.flatRules[i] && !shapes.arithmeticRules[i] {
                        for k in first..<last where Explainer.unknown(facts, reads[k]) {
                            marks.level(reads[k], ceilings.reach(rules[i]))
                        }
                    } else {
                        deferred.append(i)
                    }
                }
            }
        }
        guard !deferred.isEmpty else { return }
        let rules = ruleSet.rules
        session.with { relevance in
            for i in deferred {
                // A rule no answer can fire raises nothing (`Relevance.possible`).
                if shapes.arithmeticRules[i] && !relevance.possible(rules[i].condition).yes { continue }
                let level = ceilings.reach(rules[i])
                for f in relevance.openRule(i) { marks.level(f, level) }
            }
        }
    }

    /// The scores whose band could still rise, and the unknown facts that could raise it. A fact marks for the
    /// first score that marks it, and the scores whose facts are found without `Relevance` mark first. What each
    /// score marks depends only on its facts: through the memo when the explainer keeps one.
    /// `notStarted`: the tools not started whose later lines `ToolLines` leaves out (`ToolLines.notStarted`).
    private func markScores(
        _ e: Evaluation, _ marks: inout MissingMarks, _ session: inout RelevanceSession, _ notStarted: UInt64
    ) {
        let count = Swift.min(ruleSet.scores.count, e.scores.count)
        var open: [Int] = []
        var deferred: [(score: Int, facts: FactSet)] = []
        deferred.reserveCapacity(count)
        for i in 0..<count where e.scores[i].maxBand > e.scores[i].band {
            let found: ScoreMarks
            if let memo = session.memo {
                found = memo.band(i, e.facts, e.outcome) { scoreMarks(i, e, &open, &session) }
            } else {
                found = scoreMarks(i, e, &open, &session)
            }
            if found.simple {
                mark(found.facts, i, e.scores[i].maxBand, &marks, notStarted)
            } else {
                deferred.append((i, found.facts))
            }
        }
        for d in deferred { mark(d.facts, d.score, e.scores[d.score].maxBand, &marks, notStarted) }
    }

    /// Marks `facts` as able to move score `score`'s band to `band`, each with the tool whose later lines are left
    /// out when it is not started (`leftOutAfterHead`, `notStarted`).
    @inline(__always) private func mark(
        _ facts: FactSet, _ score: Int, _ band: Int, _ marks: inout MissingMarks, _ notStarted: UInt64
    ) {
        leftOutAfterHead.withUnsafeBufferPointer { tools in
            for f in facts {
                let t = f >= 0 && f < tools.count ? Int(tools[f]) : -1
                marks.band(f, score, band, tool: t >= 0 && notStarted & (1 << UInt64(t)) != 0 ? t : -1)
            }
        }
    }

    /// What `markScores` marks for score `i` (whose band could still rise); `open` is scratch.
    private func scoreMarks(
        _ i: Int, _ e: Evaluation, _ open: inout [Int], _ session: inout RelevanceSession
    ) -> ScoreMarks {
        open.removeAll(keepingCapacity: true)
        // Room at once for every fact (it grew from empty, a new array at each doubling).
        if open.capacity == 0 { open.reserveCapacity(e.facts.count) }
        var simple = true
        e.facts.withUnsafeBufferPointer { facts in
            // States are read in place (a copy would retain their arrays).
            e.scores.withUnsafeBufferPointer { states in
                Explainer.openFacts(
                    ruleSet.scores[i].items, states[i].items, shapes.flatItems[i], shapes.monotoneItems[i], facts,
                    &open, &simple)
                Explainer.openFacts(
                    ruleSet.scores[i].floors, states[i].floors, shapes.flatFloors[i], shapes.monotoneFloors[i], facts,
                    &open, &simple)
            }
        }
        var set = FactSet()
        if simple {
            for f in open { set.insert(f) }
        } else {
            session.with { set = $0.score(i) }
        }
        return ScoreMarks(facts: set, simple: simple)
    }
}

extension Explainer {
    /// The unknown facts of a score's items (or floors) whose condition is flat and unknown, added to `open`;
    /// `simple` is cleared when an item needs `Relevance` (unknown and not flat, or not monotone).
    fileprivate static func openFacts<Part: FactReading>(
        _ parts: [Part], _ results: [Tri], _ flat: [Bool], _ monotone: [Bool],
        _ facts: UnsafeBufferPointer<FactValue?>, _ open: inout [Int],
        _ simple: inout Bool
    ) {
        parts.withUnsafeBufferPointer { parts in
            results.withUnsafeBufferPointer { results in
                for k in 0..<Swift.min(parts.count, results.count) {
                    if results[k] == .unknown && flat[k] {
                        for f in parts[k].factsRead where unknown(facts, f) { open.append(f) }
                    } else if results[k] == .unknown || !monotone[k] {
                        simple = false
                    }
                }
            }
        }
    }
}

/// A compiled part that records the facts it reads.
protocol FactReading { var factsRead: [Int] { get } }
extension RuleSet.ScoreItem: FactReading {}
extension RuleSet.Floor: FactReading {}

/// The missing-information pass's marks, in scratch memory: per fact the most severe level it could raise
/// the outcome to, and the first score whose band it could move (with the band); and the facts marked.
private struct MissingMarks {
    private let bestLevel: UnsafeMutableBufferPointer<Int32>
    private let bandScore: UnsafeMutableBufferPointer<Int32>
    private let bandTo: UnsafeMutableBufferPointer<Int32>
    private let holdAt: UnsafeMutableBufferPointer<Int32>
    private let marked: UnsafeMutableBufferPointer<Int32>
    /// Per tool (below `tools`), the lowest slot of a line marked by `band` that heads the tool's later lines
    /// (`Int32.max`: none yet).
    private let headSlot: UnsafeMutableBufferPointer<Int32>
    private var markedCount = 0
    private let factCount: Int
    /// The tools `ToolLines` can leave lines out for (it keeps them as bits of a `UInt64`).
    static var tools: Int { 64 }

    /// Sets the parts of `scratch` (`5 * factCount + tools` values) that are read before they are written: the
    /// levels, the scores and the holds to -1 (a band is read only with its score, the marked list only up to
    /// `markedCount`), and the tools' heads to none.
    static func prepare(_ scratch: UnsafeMutableBufferPointer<Int32>, _ factCount: Int) {
        guard let p = scratch.baseAddress, scratch.count >= 5 * factCount + tools else { return }
        p.initialize(repeating: -1, count: 2 * factCount)
        (p + 4 * factCount).initialize(repeating: -1, count: factCount)
        (p + 5 * factCount).initialize(repeating: Int32.max, count: tools)
    }

    /// `scratch` holds `5 * factCount + tools` values, prepared by `prepare`.
    init(_ scratch: UnsafeMutableBufferPointer<Int32>, _ factCount: Int) {
        bestLevel = UnsafeMutableBufferPointer(rebasing: scratch[0..<factCount])
        bandScore = UnsafeMutableBufferPointer(rebasing: scratch[factCount..<2 * factCount])
        bandTo = UnsafeMutableBufferPointer(rebasing: scratch[2 * factCount..<3 * factCount])
        marked = UnsafeMutableBufferPointer(rebasing: scratch[3 * factCount..<4 * factCount])
        holdAt = UnsafeMutableBufferPointer(rebasing: scratch[4 * factCount..<5 * factCount])
        headSlot = UnsafeMutableBufferPointer(rebasing: scratch[5 * factCount..<5 * factCount + MissingMarks.tools])
        self.factCount = factCount
    }

    /// The most severe level `f` is marked as able to raise the outcome to (-1: none).
    func levelMarked(_ f: Int) -> Int { f >= 0 && f < factCount ? Int(bestLevel[f]) : -1 }

    @inline(__always) private func isMarked(_ f: Int) -> Bool {
        bestLevel[f] >= 0 || bandScore[f] >= 0 || holdAt[f] >= 0
    }

    @inline(__always) private mutating func mark(_ f: Int) {
        guard !isMarked(f) else { return }
        marked[markedCount] = Int32(f)
        markedCount += 1
    }

    @inline(__always) mutating func level(_ f: Int, _ level: Int) {
        guard f >= 0, f < factCount, bestLevel[f] < Int32(clamping: level) else { return }
        mark(f)
        bestLevel[f] = Int32(clamping: level)
    }

    /// `tool`: the tool not started whose later lines `ToolLines` leaves out, when `f`'s line is one of them (-1:
    /// none). A line that can only move a band is listed by slot after every line that can raise the outcome or
    /// hold it: one after a line of the same kind of its tool, by slot, would be left out, so it is not marked
    /// (then no `asked always` line takes its place, as `leftOutAfterHead` leaves those out, and a later score
    /// that marks it gives a line that is left out all the same). A line before the tool's head so far heads in
    /// its place.
    @inline(__always) mutating func band(_ f: Int, _ score: Int, _ band: Int, tool: Int = -1) {
        guard f >= 0, f < factCount, bandScore[f] < 0 else { return }
        if tool >= 0, tool < headSlot.count, bestLevel[f] < 0, holdAt[f] < 0 {
            if Int32(f) > headSlot[tool] { return }
            headSlot[tool] = Int32(f)
        }
        mark(f)
        bandScore[f] = Int32(clamping: score)
        bandTo[f] = Int32(clamping: band)
    }

    /// Fact `f` could hold the outcome at `level` through a cap.
    @inline(__always) mutating func hold(_ f: Int, _ level: Int) {
        guard f >= 0, f < factCount, holdAt[f] < 0 || holdAt[f] > Int32(clamping: level) else { return }
        mark(f)
        holdAt[f] = Int32(clamping: level)
    }

    /// Required facts that are unknown first, in declaration order (what the record is about: the child's age,
    /// when the contact came, who referred), each with its consequence; then facts that could hold the outcome
    /// lower through a cap (lowest first), then those that could raise it (most severe first), then those that
    /// could move a score's band; last the `asked always` facts that are unknown and could change nothing.
    /// Ties in declaration order.
    ///
    /// With `toolLines`, a mark the question plan would collapse into its tool's line is left out, or listed as
    /// `~f` when the plan must still mark it listed (see `ToolLines`).
    func list(
        _ e: Evaluation, _ requiredSlots: [Int], _ recordSlots: [Int], _ required: [Bool], _ toolLines: ToolLines
    ) -> [ScoredResult.Missing] {
        var marks = UnsafeMutableBufferPointer(rebasing: marked[0..<markedCount])
        // Sort key: facts a cap reads first, lowest level first; then facts raising the outcome, most severe
        // level first; then the rest; fact order within.
        let top = Int64(Int32.max)
        func key(_ f: Int) -> Int64 {
            if holdAt[f] >= 0 { return Int64(holdAt[f]) - 2 * top }
            return bestLevel[f] >= 0 ? top - Int64(bestLevel[f]) : top + 1
        }
        if factCount < 1 << 24 {
            // Each mark as one number, (key, slot), sorted as numbers: no comparison closure (the keys are at
            // least -2 * top, so key + 2 * top + 1 takes 33 bits; the slot, 24).
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Swift.max(1, markedCount)) { keyed in
                for k in 0..<markedCount {
                    let f = Int(marks[k])
                    keyed[k] = UInt64(key(f) + 2 * top + 1) << 24 | UInt64(f)
                }
                var filled = UnsafeMutableBufferPointer(rebasing: keyed[0..<markedCount])
                // Mostly in order already (marked cap by cap, rule by rule, score by score): by insertion, and
                // by `sort` from where the moves pass eight a mark (the keys are distinct, so any sort gives
                // the same order).
                var moves = 0
                var k = 1
                while k < markedCount && moves <= 8 * markedCount {
                    let x = filled[k]
                    var j = k
                    while j > 0 && filled[j - 1] > x {
                        filled[j] = filled[j - 1]
                        j -= 1
                    }
                    filled[j] = x
                    moves += k - j
                    k += 1
                }
                if k < markedCount { filled.sort() }
                for k in 0..<markedCount { marks[k] = Int32(truncatingIfNeeded: filled[k] & 0xFF_FFFF) }
            }
        } else {
            marks.sort { a, b in
                let ka = key(Int(a))
                let kb = key(Int(b))
                return ka != kb ? ka < kb : a < b
            }
        }
        // Written in place (an append checked the array's uniqueness and room per line). Bounds: at most one
        // line per required slot, per mark and per record slot, which is the capacity.
        let capacity = markedCount + requiredSlots.count + recordSlots.count
        return e.facts.withUnsafeBufferPointer { facts in
            [ScoredResult.Missing](unsafeUninitializedCapacity: capacity) { out, filled in
                var n = 0
                for f in requiredSlots where Explainer.unknown(facts, f) && f < factCount {
                    out.initializeElement(at: n, to: entry(f))
                    n += 1
                }
                // (`required[m]`: the marks of the required slots are listed above.)
                if toolLines.notStarted != 0 {
                    n = listLeavingOut(marks, required, toolLines, out, n)
                } else {
                    for m in marks where !required[Int(m)] {
                        out.initializeElement(at: n, to: entry(Int(m)))
                        n += 1
                    }
                }
                for f in recordSlots where Explainer.unknown(facts, f) && (f >= factCount || !isMarked(f)) {
                    out.initializeElement(at: n, to: .init(fact: f, consequence: .required))
                    n += 1
                }
                filled = n
            }
        }
    }

    /// Lists `marks` (sorted, those of required facts left out) into `out` from `n`, leaving out the lines
    /// `toolLines` says the question plan would collapse (see `ToolLines`); returns the next free index.
    private func listLeavingOut(
        _ marks: UnsafeMutableBufferPointer<Int32>, _ required: [Bool], _ toolLines: ToolLines,
        _ out: UnsafeMutableBufferPointer<ScoredResult.Missing>, _ start: Int
    ) -> Int {
        var n = start
        // The tools whose head is listed (a line that may head what `ToolLines` leaves out), as bits: every later
        // line of theirs that `ToolLines` may leave out is left out, whatever its consequence.
        var headed: UInt64 = 0
        let notStarted = toolLines.notStarted
        toolLines.collapsing.withUnsafeBufferPointer { collapsing in
            for m in marks where !required[Int(m)] {
                let f = Int(m)
                let c = f < collapsing.count ? collapsing[f] : -1
                if c >= 0, notStarted & (1 << UInt64(c >> 1)) != 0 {
                    if headed & (1 << UInt64(c >> 1)) != 0 {
                        // Left out; marked in its place when another question's `asked when` reads it.
                        if c & 1 != 0 {
                            out.initializeElement(at: n, to: .init(fact: ~f, consequence: .required))
                            n += 1
                        }
                        continue
                    }
                    // A fact another question's `asked when` reads may be listed from that question's line: it
                    // heads nothing.
                    if c & 1 == 0 { headed |= 1 << UInt64(c >> 1) }
                }
                out.initializeElement(at: n, to: entry(f))
                n += 1
            }
        }
        return n
    }

    /// Mark `f`'s missing line.
    @inline(__always) private func entry(_ f: Int) -> ScoredResult.Missing {
        let holds = holdAt[f] >= 0 ? Int(holdAt[f]) : nil
        if bestLevel[f] >= 0 {
            return .init(fact: f, consequence: .outcome(level: Int(bestLevel[f])), holds: holds)
        } else if bandScore[f] >= 0 {
            return .init(fact: f, consequence: .band(score: Int(bandScore[f]), band: Int(bandTo[f])), holds: holds)
        } else if let holds {
            return .init(fact: f, consequence: .held(level: holds), holds: holds)
        }
        return .init(fact: f, consequence: .required)
    }
}

/// Which missing lines `QuestionPlan.apply` would collapse into a tool's line listed before them, so that the
/// missing-information pass can leave them out (on a contact line of the front-door pack, with the risk tools not
/// started, most of the 80 or so marks, for the 5 tool lines shown).
///
/// A line is left out when its fact is a question of a tool not started that the plan puts as it is or not at all
/// (`QuestionPlan.collapsing`: no `asked when` of its own, not `asked first`, not required, not read by its tool's
/// `asked when`), and a line of the same tool is listed before it that heads it: a line of the same kind whose
/// fact no `asked when` reads, so that it is listed from its own line only. The head and the lines left out may
/// have different consequences (first a level the question could raise the outcome to, later a band). Why the
/// result is the same: each of these questions is asked exactly when its tool applies. If it does not, the plan
/// lists none of them. If it does, the plan lists the head and every line after it, and the collapse keeps only
/// the tool's first line: the head, or a line before it (`asked first` moves lines only within a run of equal
/// consequence, and none of these is `asked first`), never a line left out. A line left out whose fact another
/// question's `asked when` reads (so that it may be listed from that question's line) is replaced by a mark, a
/// line whose fact is `~f` (`-1 - f`), and the plan marks `f` listed there when its question is asked, as listing
/// it would have. If whether the tool applies is unknown, the head lists the tool's openers in its place (or they
/// are listed already) and marks them listed, and the lines after it list nothing.
struct ToolLines {
    /// `QuestionPlan.collapsing` (empty when `notStarted` is 0).
    var collapsing: [Int] = []
    /// The tools not started, as bits (`QuestionPlan.notStartedTools`); 0: no line is left out.
    var notStarted: UInt64 = 0
}

/// What the caps that hold allow the rules to reach: a firm ceiling (caps that hold with their `unless`
/// answered, or without one), and caps that hold while their `unless` is unknown, which do not hold back a rule
/// reading their `unless`'s facts (answering those could release the cap as the rule fires).
struct CapCeilings {
    /// Int.max when no cap holds firmly.
    private let firm: Int
    private let soft: [(level: Int, reads: FactSet)]
    /// Per soft cap (in `soft`'s order): the cap, and the unknown facts of its `unless` whose question can be
    /// put (when that is known).
    private let softCaps: [Int]
    private let unlessOpen: [[Int]]
    /// Whether a question can be put to this child (`QuestionPlan.mayApply`), when known.
    private let applies: ((Int) -> Bool)?
    /// Whether a cap holds while its `unless` is unknown (and a question can still release it).
    var hasSoft: Bool { !soft.isEmpty }

    /// `applies` says whether a fact's question can be put to this child (`QuestionPlan.mayApply`): a cap held
    /// while its `unless` is unknown holds firmly when none of the `unless`'s unknown questions can be put (the
    /// FGM question, for a boy).
    /// (`e` borrowed: an initialiser takes its arguments owned, so the evaluation was copied only to be read.)
    init(_ rs: RuleSet, _ e: borrowing Evaluation, applies: ((Int) -> Bool)? = nil) {
        var firm = Int.max
        var soft: [(Int, FactSet)] = []
        var unlessOpen: [[Int]] = []
        var softCaps: [Int] = []
        for c in 0..<Swift.min(rs.caps.count, e.caps.count) {
            switch e.caps[c] {
            case .held: firm = Swift.min(firm, rs.caps[c].level)
            case .heldUnlessOpen:
                let open = rs.caps[c].unlessReads.filter { $0 < e.facts.count && e.facts[$0] == nil }
                // No question can release it: none is unknown (the `unless` is unknown for good, `10 / n > 1`
                // with `n` 0), or none can be put to this child.
                if open.isEmpty || applies.map({ !open.contains(where: $0) }) == true {
                    firm = Swift.min(firm, rs.caps[c].level)
                } else {
                    var reads = FactSet()
                    for f in rs.caps[c].unlessReads { reads.insert(f) }
                    soft.append((rs.caps[c].level, reads))
                    unlessOpen.append(open)
                    softCaps.append(c)
                }
            case .no, .open, .released: break
            }
        }
        self.firm = firm
        self.soft = soft
        self.unlessOpen = unlessOpen
        self.softCaps = softCaps
        self.applies = applies
    }

    /// The soft caps' open `unless` questions (those `open`, given a cap's `unless`, leaves in it: the parts
    /// the known facts settle are left out; and that can be put to the child. All of them without `open`: a
    /// bound, since leaving questions out only lowers what each gives), each
    /// with what releasing the caps it could release could give, when above the outcome: the rules that fire,
    /// and the undetermined ones that read none of those caps' `unless` facts (one that reads one is marked
    /// through its own facts, which `reach` already lets past the cap). Each is held by the caps that hold
    /// firmly, and by the soft caps that question cannot release and whose `unless` the rule does not read.
    /// `only`: these questions alone.
    func unlessMarks(
        _ rs: RuleSet, _ e: Evaluation, _ open: ((BoolNode) -> FactSet)?, only: [Int]? = nil
    ) -> [(fact: Int, level: Int)] {
        var out: [(fact: Int, level: Int)] = []
        let unlessOpen: [[Int]] =
            open.map { open in
                softCaps.indices.map { k in
                    guard let unless = rs.caps[softCaps[k]].unless else { return [] }
                    let left = open(unless)
                    return self.unlessOpen[k].filter { left.contains($0) && applies?($0) != false }
                }
            } ?? self.unlessOpen
        for questions in unlessOpen {
            for f in questions where only?.contains(f) != false && !out.contains(where: { $0.fact == f }) {
                var releases: [Bool] = []
                releases.reserveCapacity(soft.count)
                for k in soft.indices { releases.append(unlessOpen[k].contains(f)) }
                // A rule reading a released cap's `unless` facts is left out: it is marked through its own facts.
                let top = reachable(
                    rs, e, releasing: { releases[$0] },
                    including: { i in
                        !soft.indices.contains {
                            releases[$0] && rs.rules[i].factsRead.contains(where: soft[$0].reads.contains)
                        }
                    })
                if top > e.outcome { out.append((f, top)) }
            }
        }
        return out
    }

    /// The outcome `rule` would give if it fired alone.
    @inline(__always) func reach(_ rule: RuleSet.Rule) -> Int {
        var level = Swift.min(rule.level, firm)
        for s in soft where s.level < level && !rule.factsRead.contains(where: s.reads.contains) { level = s.level }
        return level
    }

    /// The most the outcome could be if answering released the caps that hold while their `unless` is unknown
    /// (the outcome when there are none): the rules that fire, and those still undetermined, held only by the
    /// caps that hold firmly. A rule that reads none of a cap's `unless` facts can fire once the cap is released;
    /// `canFire` says which undetermined rules answering can fire (not those of `Explainer.unfirable`).
    func released(_ rs: RuleSet, _ e: Evaluation, _ canFire: (Int) -> Bool = { _ in true }) -> Int {
        guard !soft.isEmpty else { return e.outcome }
        return reachable(rs, e, releasing: { _ in true }, including: canFire)
    }

    /// The most the outcome could reach with the soft caps `released` says are released (by index in `soft`):
    /// the rules that fire, and the undetermined ones `include` lets in, each held by the caps that hold firmly
    /// and by the soft caps not released whose `unless` it does not read.
    private func reachable(
        _ rs: RuleSet, _ e: Evaluation, releasing released: (Int) -> Bool, including include: (Int) -> Bool
    ) -> Int {
        func held(_ level: Int, reading read: [Int]) -> Int {
            var level = Swift.min(level, firm)
            for j in soft.indices where !released(j) && soft[j].level < level {
                if !read.contains(where: soft[j].reads.contains) { level = soft[j].level }
            }
            return level
        }
        var top = held(e.uncapped, reading: [])
        for i in 0..<Swift.min(rs.rules.count, e.rules.count)
        where e.rules[i] == .unknown && rs.rules[i].level > top && include(i) {
            top = Swift.max(top, held(rs.rules[i].level, reading: rs.rules[i].factsRead))
        }
        return top
    }
}
