/// Renders a scored result as the JSON result object of the command-line contract, on one line: the object
/// `ResultDescription` describes, member by member in its order.
///
/// Everything that depends only on the rule set is encoded once (`ResultFragments`) and copied into each
/// result; make the renderer with `init(ruleSet:)` to build that up front, or with `init()` to build it
/// on first use (either way it is kept with the rule set, `RuleSet.tables`).
///
/// ```swift
/// let line = JSONResultRenderer(ruleSet: ruleSet).render(result)   // one line of JSON
/// ```
public struct JSONResultRenderer {
    /// The rule set whose fragments are at hand, and its fragments.
    private let preparedRuleSet: RuleSet?
    private let prepared: ResultFragments?
    /// `prepared`, to use without counting a reference (`prepared` holds it).
    private let preparedRef: Unmanaged<ResultFragments>?

    public init() {
        preparedRuleSet = nil
        prepared = nil
        preparedRef = nil
    }

    /// A renderer for results of `ruleSet` (results of another rule set are rendered too, just slower).
    public init(ruleSet: RuleSet) {
        preparedRuleSet = ruleSet
        let prepared = ResultFragments.of(ruleSet)
        self.prepared = prepared
        preparedRef = Unmanaged.passUnretained(prepared)
    }

    public func render(_ r: ScoredResult) -> String {
        var w = JSONWriter()
        write(r, to: &w)
        return w.text
    }

    func write(_ r: ScoredResult, to w: inout JSONWriter) {
        var sink = JSONByteSink(capacity: 1 << 15)
        write(r, to: &sink)
        w.fragment(encoded: sink.bytes)
    }

    /// Writes the result object into `w` (the fast path: `threshold batch` reuses one sink for every line).
    func write(_ r: ScoredResult, to w: inout JSONByteSink) {
        write(r, &w, nil)
    }

    /// As `write(_:to:)`, copying each score object from `memo` when its state is the one last written for
    /// that score, and keeping what it writes there (`threshold batch`: a tool that is not filled in gives
    /// the same score object line after line). Use one memo per thread, with one rule set.
    func write(_ r: ScoredResult, to w: inout JSONByteSink, memo: inout ScoreJSONMemo) {
        // The pointer lives only for this call (the memo is `inout`, so no one else can reach it meanwhile).
        withUnsafeMutablePointer(to: &memo) { write(r, &w, $0) }
    }

    /// `rs`'s fragments: those at hand when the renderer was made for it, else the rule set's own.
    @inline(__always) private func fragments(_ rs: RuleSet) -> ResultFragments {
        (preparedRuleSet === rs ? prepared : nil) ?? ResultFragments.of(rs)
    }

    /// The result object, member by member in the description's order (`ResultField`).
    private func write(_ r: ScoredResult, _ w: inout JSONByteSink, _ memo: UnsafeMutablePointer<ScoreJSONMemo>?) {
        let f = fragments(r.ruleSet)
        w.beginObject()
        var next = 0
        while let field = ResultField(rawValue: next) {
            next += 1
            write(field, r, f, &w, memo)
        }
        w.endObject()
    }

    /// Writes the top-level member `field` (nothing for an optional one without a value). Its bytes are
    /// `ResultDescription.member(field)`'s, which `ResultDescriptionTests` checks.
    @inline(__always) private func write(
        _ field: ResultField, _ r: ScoredResult, _ f: ResultFragments, _ w: inout JSONByteSink,
        _ memo: UnsafeMutablePointer<ScoreJSONMemo>?
    ) {
        // The evaluation read in place (`r.evaluation`): a copy retained and released its arrays, per member.
        let rs = r.ruleSet
        // The optional members, only with a value.
        switch field {
        case .title where r.title == nil, .warnings where rs.dueWarning(r.evaluation) == nil: return
        default: break
        }
        f.key(field, &w)
        switch field {
        case .scenario:
            if let id = r.scenarioID { w.string(id) } else { w.null() }
        case .title:
            w.string(r.title ?? "")
        case .ruleset:
            f.write(f.ruleset, &w)
        case .outcome:
            writeOutcome(r.evaluation.outcome, r.evaluation.due, f, &w)
        case .settled:
            w.bool(r.settled)
        case .highestPossible:
            f.write(f.levelName(r.highestPossible) ?? f.empty, &w)
        case .lowestPossible:
            f.write(f.levelName(r.lowestPossible) ?? f.empty, &w)
        case .capped:
            writeCapped(r, f, &w)
        case .fired:
            w.beginArray()
            // Findings and rules read in place: a copy of each retained and released its arrays.
            r.fired.withUnsafeBufferPointer { fired in
                rs.rules.withUnsafeBufferPointer { rules in
                    for k in fired.indices {
                        let rule = fired[k].rule
                        f.prefix(f.firedOpen(rule), &w)
                        if fired[k].facts.isEmpty {
                            // A lean explanation (`Explainer.explain(factValues: false)`): the values are the
                            // evaluation's.
                            if rule >= 0, rule < rules.count {
                                writeMembers(rules[rule].factsRead, r.evaluation.facts, f, &w)
                            }
                        } else {
                            writeMembers(fired[k].facts, f, &w)
                        }
                        w.endObject()
                        w.endObject()
                    }
                }
            }
            w.endArray()
        case .undetermined:
            w.beginArray()
            r.undetermined.withUnsafeBufferPointer { undetermined in
                for k in undetermined.indices {
                    f.prefix(f.undeterminedOpen(undetermined[k].rule), &w)
                    undetermined[k].unknown.withUnsafeBufferPointer { unknown in
                        for slot in unknown { f.write(f.factName(slot), &w) }
                    }
                    w.endArray()
                    w.endObject()
                }
            }
            w.endArray()
        case .scores:
            writeScores(r, f, &w, memo)
        case .advice:
            w.beginArray()
            r.evaluation.advice.withUnsafeBufferPointer { advice in
                for a in 0..<advice.count where advice[a] { f.write(f.adviceObject(a), &w) }
            }
            w.endArray()
        case .missing:
            writeMissing(r, f, &w)
        case .changes:
            w.beginArray()
            for c in r.changes {
                w.beginObject()
                f.key(.set, &w)
                writeFacts(c.set, f, &w)
                f.key(ResultKey.outcome, &w)
                f.write(f.levelName(c.outcome) ?? f.empty, &w)
                w.endObject()
            }
            w.endArray()
        case .warnings:
            // Only when there is something to warn of (above), so results without warnings keep the v1 shape.
            w.beginArray()
            w.string(rs.dueWarning(r.evaluation) ?? "")
            w.endArray()
        }
    }

    /// The outcome object: the level's fragment (`level`, `label`, `route`, `within`), and `due` when the
    /// clock fact is known.
    @inline(__always) private func writeOutcome(
        _ level: Int, _ due: CivilDateTime?, _ f: ResultFragments, _ w: inout JSONByteSink
    ) {
        w.beginObject()
        f.write(f.outcome(level), &w)
        if let due {
            f.key(.due, &w)
            w.dateTime(due)
        }
        w.endObject()
    }

    /// A line of `threshold batch --outcome-only` (`ResultDescription.outcomeLine`): the result object's
    /// `scenario`, `ruleset`, `outcome` and (when there is something to warn of) `warnings` members, each byte
    /// for byte as in the whole object (`write(_:to:)`), in the same order, and nothing else. It needs only the
    /// outcome `level`, its `due` time and the `facts`: no explanation, not even a whole evaluation.
    func writeOutcomeOnly(
        _ scenarioID: String?, level: Int, due: CivilDateTime?, facts: FactVector, _ rs: RuleSet,
        to w: inout JSONByteSink
    ) {
        let f = fragments(rs)
        w.beginObject()
        f.key(ResultField.scenario, &w)
        if let id = scenarioID { w.string(id) } else { w.null() }
        writeOutcomeOnlyRest(f, level: level, due: due, facts: facts, rs, to: &w)
    }

    /// As `writeOutcomeOnly(_:level:due:facts:_:to:)`, the id given as bytes that need no escaping (a batch
    /// line's, `BatchLineDecoder.Line.idBytes`): no `String` is made for it.
    func writeOutcomeOnly(
        plainID: UnsafeBufferPointer<UInt8>, level: Int, due: CivilDateTime?, facts: FactVector, _ rs: RuleSet,
        to w: inout JSONByteSink
    ) {
        // The renderer's own fragments are used where they are, with no reference counted for them.
        if preparedRuleSet === rs, let f = preparedRef {
            f._withUnsafeGuaranteedRef {
                writeOutcomeOnly($0, plainID: plainID, level: level, due: due, facts: facts, rs, to: &w)
            }
        } else {
            writeOutcomeOnly(ResultFragments.of(rs), plainID: plainID, level: level, due: due, facts: facts, rs, to: &w)
        }
    }

    @inline(__always) private func writeOutcomeOnly(
        _ f: ResultFragments, plainID: UnsafeBufferPointer<UInt8>, level: Int, due: CivilDateTime?, facts: FactVector,
        _ rs: RuleSet, to w: inout JSONByteSink
    ) {
        if due == nil, level >= 0, level < rs.levels.count {
            // No time due, so nothing to warn of (`RuleSet.dueWarning`): the line is three parts and its end, the
            // same bytes as member by member.
            w.value(f.bytes(f.plainLineHead), plainID, f.bytes(f.plainLineTail(level)))
            return
        }
        w.beginObject()
        f.key(ResultField.scenario, &w)
        w.plainString(plainID)
        writeOutcomeOnlyRest(f, level: level, due: due, facts: facts, rs, to: &w)
    }

    @inline(__always) private func writeOutcomeOnlyRest(
        _ f: ResultFragments, level: Int, due: CivilDateTime?, facts: FactVector, _ rs: RuleSet,
        to w: inout JSONByteSink
    ) {
        // The rule set and the outcome, as `write(_:to:)` writes them (`writeOutcome`), from one part a level.
        f.write(f.briefHead(level), &w)
        if let due {
            f.key(.due, &w)
            w.dateTime(due)
        }
        w.endObject()
        if let warning = rs.dueWarning(level: level, due: due, facts: facts) {
            f.key(ResultField.warnings, &w)
            w.beginArray()
            w.string(warning)
            w.endArray()
        }
        w.endObject()
    }

    private func writeScores(
        _ r: ScoredResult, _ f: ResultFragments, _ w: inout JSONByteSink, _ memo: UnsafeMutablePointer<ScoreJSONMemo>?
    ) {
        let rs = r.ruleSet
        w.beginObject()
        memo?.pointee.use(rs)
        rs.scores.withUnsafeBufferPointer { scores in
            r.evaluation.scores.withUnsafeBufferPointer { states in
                r.evaluation.facts.withUnsafeBufferPointer { facts in
                    guard let scoreBase = scores.baseAddress, let stateBase = states.baseAddress else { return }
                    for i in 0..<Swift.min(scores.count, states.count) {
                        let shown = ShownScore(scoreBase + i, stateBase + i, facts)
                        // In place: `scores[i]` copied the score (its arrays retained and released).
                        let floorCount = (scoreBase + i).pointee.floors.count
                        if let memo {
                            if memo.pointee.copy(i, states, shown, &w) { continue }
                            w.separate()
                            let start = w.count
                            writeScore(i, floorCount, states, shown, f, &w)
                            memo.pointee.keep(i, states, shown, UnsafeBufferPointer(rebasing: w.bytes[start...]))
                        } else {
                            writeScore(i, floorCount, states, shown, f, &w)
                        }
                    }
                }
            }
        }
        w.endObject()
    }

    private func writeMissing(_ r: ScoredResult, _ f: ResultFragments, _ w: inout JSONByteSink) {
        let rs = r.ruleSet
        w.beginArray()
        for m in r.missing {
            if let t = m.tool, t >= 0, t < rs.scores.count {
                // A tool not started, as one line: the tool and its instruction instead of a fact and its question.
                f.prefix(f.toolOpen(t), &w)
                writeConsequence(m.consequence, rs, f, &w)
                f.suffix(f.toolClose, &w)
                continue
            }
            f.prefix(f.missingOpen(m.fact), &w)
            writeConsequence(m.consequence, rs, f, &w)
            f.suffix(f.requiredClose(m.fact), &w)
        }
        w.endArray()
    }

    /// A missing line's `could_change` value.
    @inline(__always) private func writeConsequence(
        _ consequence: ScoredResult.Consequence, _ rs: RuleSet, _ f: ResultFragments, _ w: inout JSONByteSink
    ) {
        switch consequence {
        case .outcome(let level): f.write(f.outcomeChange(level), &w)
        case .held(let level):
            if let span = f.heldChange(level) {
                f.write(span, &w)
            } else if let c = rs.consequenceText(consequence) {
                w.string(c)
            } else {
                w.null()
            }
        case .band(let s, let b):
            if let span = f.bandChange(s, b) {
                f.write(span, &w)
            } else if let c = rs.consequenceText(consequence) {
                w.string(c)
            } else {
                w.null()
            }
        case .required: w.null()
        }
    }

    /// The cap that holds the outcome below what the rules give, or `null` when none does.
    private func writeCapped(_ r: ScoredResult, _ f: ResultFragments, _ w: inout JSONByteSink) {
        let rs = r.ruleSet
        guard let c = r.evaluation.cap, c >= 0, c < rs.caps.count else {
            w.null()
            return
        }
        w.beginObject()
        w.key("at")
        f.write(f.levelName(r.outcome) ?? f.empty, &w)
        w.key("by")
        w.string(rs.caps[c].name)
        w.key("uncapped")
        f.write(f.levelName(r.evaluation.uncapped) ?? f.empty, &w)
        w.key("rules")
        w.beginArray()
        r.forEachHeldRule { w.string(rs.rules[$0].name) }
        w.endArray()
        f.write(f.capReason(c), &w)
        w.endObject()
    }

    private func writeScore(
        _ i: Int, _ floorCount: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ shown: ShownScore,
        _ f: ResultFragments, _ w: inout JSONByteSink
    ) {
        // Read in place (a copy of the state would retain its arrays).
        f.prefix(f.scoreOpen(i), &w)
        w.number(states[i].total)
        f.key(.range, &w)
        w.beginArray()
        if let lo = states[i].range.lo.finite { w.number(lo) } else { w.null() }
        if let hi = states[i].range.hi.finite { w.number(hi) } else { w.null() }
        w.endArray()
        f.key(.band, &w)
        if shown.band >= 0 { band(f, i, shown.band, &w) } else { w.null() }
        f.key(.couldReach, &w)
        if shown.couldReach != 0 {
            w.beginArray()
            var bits = shown.couldReach
            while bits != 0 {
                band(f, i, bits.trailingZeroBitCount, &w)
                bits &= bits - 1
            }
            w.endArray()
        } else {
            w.null()
        }
        f.key(.floor, &w)
        if let fl = states[i].floor, fl >= 0, fl < floorCount, let reason = f.floorReason(i, fl) {
            w.beginObject()
            f.key(.band, &w)
            band(f, i, f.floorBands[i][fl], &w)
            let before = states[i].bandBeforeFloors
            f.key(.from, &w)
            if before >= 0 { band(f, i, before, &w) } else { w.null() }
            f.key(.reason, &w)
            f.write(reason, &w)
            w.endObject()
        } else {
            w.null()
        }
        f.key(.domains, &w)
        w.beginObject()
        states[i].domainTotals.withUnsafeBufferPointer { totals in
            for d in 0..<totals.count {
                if let k = f.domainKey(i, d) { f.key(k, &w) } else { w.key("") }
                w.number(totals[d])
            }
        }
        w.endObject()
        f.key(.status, &w)
        f.write(f.status(shown.status), &w)
        f.key(.answered, &w)
        w.number(ExactNumber(shown.answered))
        f.key(.questions, &w)
        w.number(ExactNumber(f.questionCounts[i]))
        w.endObject()
    }

    /// A band's name, or "none" for an index outside the score's bands.
    private func band(_ f: ResultFragments, _ score: Int, _ band: Int, _ w: inout JSONByteSink) {
        f.write(f.bandName(score, band) ?? f.none, &w)
    }

    /// Facts and their values as members of the object being written (its braces are the caller's).
    private func writeMembers(_ facts: [(slot: Int, value: FactValue?)], _ f: ResultFragments, _ w: inout JSONByteSink)
    {
        facts.withUnsafeBufferPointer { facts in
            for k in 0..<facts.count { writeMember(facts[k].slot, facts[k].value, f, &w) }
        }
    }

    private func writeFacts(_ facts: [(slot: Int, value: FactValue?)], _ f: ResultFragments, _ w: inout JSONByteSink) {
        w.beginObject()
        writeMembers(facts, f, &w)
        w.endObject()
    }

    /// The facts `slots` with their values in `values` (a rule's facts, from the evaluation), as members.
    private func writeMembers(_ slots: [Int], _ values: FactVector, _ f: ResultFragments, _ w: inout JSONByteSink) {
        slots.withUnsafeBufferPointer { slots in
            values.withUnsafeBufferPointer { values in
                for k in 0..<slots.count {
                    let slot = slots[k]
                    if slot < values.count {
                        writeMember(slot, values[slot], f, &w)
                    } else {
                        writeMember(slot, nil, f, &w)
                    }
                }
            }
        }
    }

    /// `"name":value`: yes/no and unknown values in one piece.
    @inline(__always) private func writeMember(
        _ slot: Int, _ value: FactValue?, _ f: ResultFragments, _ w: inout JSONByteSink
    ) {
        switch value {
        case .bool(let b)?: f.write(f.factFlag(slot, b), &w)
        case nil: f.write(f.factFlag(slot, nil), &w)
        default:
            f.key(f.factKey(slot), &w)
            writeValue(value, slot, f, &w)
        }
    }

    @inline(__always) private func writeValue(
        _ value: FactValue?, _ slot: Int, _ f: ResultFragments, _ w: inout JSONByteSink
    ) {
        switch value {
        case .bool(let b)?: w.bool(b)
        case .number(let n)?: w.number(n)
        case nil: w.null()
        case .option(let i)?: f.write(f.option(slot, i) ?? f.empty, &w)
        case .options(let mask)?:
            w.beginArray()
            for i in 0..<Swift.min(64, f.optionCount(slot)) where mask & (1 << UInt64(i)) != 0 {
                if let o = f.option(slot, i) { f.write(o, &w) }
            }
            w.endArray()
        case .level(let l)?: f.write(f.levelName(l) ?? f.empty, &w)
        case .text(let s)?: w.string(s)
        case .date(let d)?: w.string(d.description)
        case .dateTime(let d)?: w.dateTime(d)
        }
    }
}

/// What a score object shows beyond its state: its completion, the band reported and the bands it could reach.
struct ShownScore {
    let answered: Int
    let status: ScoreStatus
    let band: Int
    let couldReach: UInt64

    /// Reads the score and its state in place (a copy would retain their arrays).
    @inline(__always) init(
        _ score: UnsafePointer<RuleSet.Score>, _ state: UnsafePointer<Evaluation.ScoreState>,
        _ facts: UnsafeBufferPointer<FactValue?>
    ) {
        answered = score.pointee.answered(facts)
        status = RuleSet.Score.status(score, answered: answered, facts)
        (band, couldReach) = RuleSet.Score.shown(
            score.pointee.tool != nil, state.pointee.band,
            RuleSet.Score.possibleBands(score, state), status)
    }
}
