/// What actually happened, in words, for each kind of clause: the value the result had, and the
/// facts behind it, so a failure explains itself without reading the whole result.
extension ExpectationChecker {
    /// The actual side of a clause, and the word that joins it to the expected side in a failure
    /// message: `got` before a value (`got amber`), `but` before a sentence (`but it did not fire`).
    func actualText(_ e: CheckedExpectation, _ r: ScoredResult) -> (text: String, joiner: String) {
        let ev = r.evaluation
        switch e {
        case .outcome(let test, let level):
            return (outcomeText(r, wanted: test, level), "got")
        case .fired(let rule, _):
            return (firedText(rule, r), "but")
        case .scoreEquals(let s, _), .scoreBetween(let s, _, _):
            guard let st = state(s, ev) else { return ("no such score", "but there is") }
            return (totalText(st), "got")
        case .scoreBand(let s, _, _):
            guard let st = state(s, ev) else { return ("no such score", "but there is") }
            return (bandText(s, st, ev), "got")
        case .advice(let a, _):
            return (adviceText(a, r), "but")
        case .missing(let fact), .notMissing(let fact):
            return (missingText(fact, r), "but")
        case .missingTool(let s, _):
            let listed = r.missing.contains { $0.tool == s }
            return (
                listed
                    ? "it is listed as one line: the tool is not started"
                    : "it is not listed as one line (\(statusText(s, ev)))", "but"
            )
        case .scoreStatus(let s, _):
            return (statusText(s, ev), "got")
        case .missingBefore(let a, let b):
            let order = r.missing.map { m in m.tool.map { scoreName($0) } ?? factName(m.fact) }
            let at = { (i: MissingItem) in
                position(i, r).map { "\(itemName(i)) is line \($0 + 1)" } ?? "\(itemName(i)) is not listed"
            }
            return (
                "\(at(a)), \(at(b)) (of: \(order.prefix(12).joined(separator: ", "))\(order.count > 12 ? ", …" : ""))",
                "but"
            )
        case .undetermined(let rule, _):
            return (
                firedText(rule, r)
                    + (r.undetermined.contains { $0.rule == rule }
                        ? "; it is listed as could be" : "; it is not listed as could be"),
                "but"
            )
        case .due:
            if let due = ev.due { return (dueText(due, r), "got") }
            return (noDueText(r), "but")
        case .noDue:
            if let due = ev.due { return (dueText(due, r), "got") }
            return (noDueText(r), "but")
        case .capped:
            return (r.heldText ?? "not capped: \(outcomeText(r, wanted: .exactly, ev.outcome))", "got")
        case .settled:
            return (r.provisionalText.map { "provisional: \($0)" } ?? "settled", "got")
        case .scoreSettled(let s, _):
            guard let st = state(s, ev) else { return ("no such score", "but there is") }
            return (bandText(s, st, ev), "got")
        }
    }

    /// `amber (decided by physical_abuse_flag; could be red if significant_harm fires: risk_of_significant_harm is unknown)`.
    /// When the clause asks for more, names the undetermined rules that could still give it.
    func outcomeText(_ r: ScoredResult, wanted test: RankTest, _ level: Int) -> String {
        let outcome = r.evaluation.outcome
        let deciders = r.fired.filter {
            ruleSet.rules.indices.contains($0.rule) && ruleSet.rules[$0.rule].level == outcome
        }
        .map { ruleName($0.rule) }
        var notes: [String] = [
            deciders.isEmpty ? "the default: no rule fired" : "decided by " + deciders.joined(separator: ", ")
        ]
        if test != .atMost, level > outcome {
            let open = r.undetermined.filter {
                ruleSet.rules.indices.contains($0.rule) && Self.rank(ruleSet.rules[$0.rule].level, test, level)
            }
            if open.count == 1, let u = open.first {
                let rule = ruleSet.rules[u.rule]
                var note = "could be \(levelName(rule.level)) if \(rule.name) fires"
                if !u.unknown.isEmpty { note += ": " + Self.unknownList(u.unknown.map(factName)) }
                notes.append(note)
            } else if !open.isEmpty {
                var names = open.prefix(3).map { ruleName($0.rule) }
                if open.count > 3 { names.append("…") }
                let wanted = test == .exactly ? levelName(level) : "at least " + levelName(level)
                notes.append(
                    "could be \(wanted) if one of \(open.count) undetermined rules fires: "
                        + names.joined(separator: ", "))
            }
        }
        return "\(levelName(outcome)) (" + notes.joined(separator: "; ") + ")"
    }

    /// `it did not fire (its condition is unknown: imminent_danger is unknown)` or `it fired (… = yes)`.
    func firedText(_ rule: Int, _ r: ScoredResult) -> String {
        guard ruleSet.rules.indices.contains(rule), r.evaluation.rules.indices.contains(rule) else {
            return "there is no such rule"
        }
        let def = ruleSet.rules[rule]
        let condition = r.evaluation.rules[rule]
        let reads = readings(def.factsRead, scores: def.scoresRead, r)
        switch condition {
        case .yes:
            return "it fired (→ \(levelName(def.level))" + (reads.isEmpty ? "" : "; " + reads) + ")"
        case .unknown:
            let unknown = def.factsRead.filter { slot in
                r.evaluation.facts.indices.contains(slot) && r.evaluation.facts[slot] == nil
            }
            let why =
                unknown.isEmpty ? (reads.isEmpty ? "" : ": " + reads) : ": " + Self.unknownList(unknown.map(factName))
            return "it did not fire (its condition is unknown\(why))"
        case .no:
            return "it did not fire (its condition is no" + (reads.isEmpty ? "" : ": " + reads) + ")"
        }
    }

    /// `total 5 (could be 5 to 8)`.
    func totalText(_ st: Evaluation.ScoreState) -> String {
        var text = "total \(st.total)"
        if !st.range.isExact {
            text += " (could be \(Self.bound(st.range.lo, "lower")) to \(Self.bound(st.range.hi, "more")))"
        }
        return text
    }

    /// `total 12`, or `total 12, could be 12 to 15` (for use inside parentheses).
    func totalNote(_ st: Evaluation.ScoreState) -> String {
        var text = "total \(st.total)"
        if !st.range.isExact {
            text += ", could be \(Self.bound(st.range.lo, "lower")) to \(Self.bound(st.range.hi, "more"))"
        }
        return text
    }

    /// `not started (0 of 24 answered)`.
    func statusText(_ s: Int, _ ev: Evaluation) -> String {
        guard s < ruleSet.scores.count else { return "no such score" }
        let score = ruleSet.scores[s]
        let answered = ev.facts.withUnsafeBufferPointer { score.answered($0) }
        return "\(score.status(ev.facts).words) (\(answered) of \(score.questions.count) answered)"
    }

    /// `band moderate (total 12, could be 12 to 15; could reach high)`; for a tool whose band is not
    /// settled, `band none (not started; …)`.
    func bandText(_ s: Int, _ st: Evaluation.ScoreState, _ ev: Evaluation) -> String {
        let score = ruleSet.scores[s]
        let status = score.status(ev.facts)
        if score.tool != nil, score.reportedBand(st, status: status) < 0 {
            let reach = score.couldReach(st, status: status).bandIndices.map { bandName(s, $0) }
            return "band none (\(statusText(s, ev)), \(totalNote(st)); could be \(reach.joined(separator: ", ")))"
        }
        var notes = [totalNote(st)]
        if let f = st.floor, ruleSet.scores[s].floors.indices.contains(f) {
            let floor = ruleSet.scores[s].floors[f]
            notes.append(
                "raised from \(bandName(s, st.bandBeforeFloors)) by a floor" + (floor.reason.map { ": \($0)" } ?? ""))
        }
        if st.maxBand > st.band { notes.append("could reach \(bandName(s, st.maxBand))") }
        return "band \(bandName(s, st.band)) (" + notes.joined(separator: "; ") + ")"
    }

    /// `it was not given (siblings = 0, concerns = (sexual))`.
    func adviceText(_ a: Int, _ r: ScoredResult) -> String {
        guard ruleSet.advice.indices.contains(a), r.evaluation.advice.indices.contains(a) else {
            return "there is no such advice"
        }
        let reads = readings(ruleSet.advice[a].factsRead, scores: [], r)
        var notes: [String] = []
        if !reads.isEmpty { notes.append(reads) }
        notes.append("outcome \(levelName(r.evaluation.outcome))")
        return (r.evaluation.advice[a] ? "it was given" : "it was not given") + " (" + notes.joined(separator: "; ")
            + ")"
    }

    /// Whether and why the fact is (not) listed as missing information.
    func missingText(_ fact: Int, _ r: ScoredResult) -> String {
        if let m = r.missing.first(where: {
            $0.fact == fact || ($0.tool.map { ruleSet.scores[$0].questions.contains(fact) } ?? false)
        }) {
            if let t = m.tool {
                return "it is listed as missing, as a question of \(scoreName(t)), which is not started"
            }
            return "it is listed as missing"
                + " (\(ruleSet.missingReason(m)))"
        }
        guard r.evaluation.facts.indices.contains(fact) else { return "there is no such fact" }
        if let value = r.evaluation.facts[fact] {
            return "it is not missing: it is known (\(factName(fact)) = \(ruleSet.format(value, of: fact)))"
        }
        return
            "it is not listed as missing information: it is unknown, but it could not change the outcome or a score's band, and it is not required"
    }

    /// `2019-04-14 16:00 (amber, within 3 working days of received = 2019-04-12 16:00)`.
    func dueText(_ due: CivilDateTime, _ r: ScoredResult) -> String {
        let level = ruleSet.levels[r.evaluation.outcome]
        var text = "\(due) (\(level.name)"
        if let w = level.within { text += ", within \(w.description)" }
        if let clock = ruleSet.clockFact, r.evaluation.facts.indices.contains(clock) {
            text += " of \(factName(clock)) = \(ruleSet.format(r.evaluation.facts[clock], of: clock))"
        }
        return text + ")"
    }

    /// Why no due time was computed.
    func noDueText(_ r: ScoredResult) -> String {
        guard let clock = ruleSet.clockFact else {
            return "there is no due time (the rule set has no `clock starts` fact)"
        }
        let level = ruleSet.levels[r.evaluation.outcome]
        if level.within == nil { return "there is no due time (the outcome \(level.name) has no timescale)" }
        return "there is no due time (\(factName(clock)) is unknown)"
    }

    // MARK: Pieces

    /// `a = yes, b = unknown; cce is low (total 4)`: the facts and scores a condition reads.
    func readings(_ facts: [Int], scores: [Int], _ r: ScoredResult) -> String {
        let ev = r.evaluation
        var parts = facts.filter { ev.facts.indices.contains($0) }
            .map { "\(factName($0)) = \(ruleSet.format(ev.facts[$0], of: $0))" }
        for s in scores {
            guard let st = state(s, ev) else { continue }
            parts.append("\(scoreName(s)) is \(bandName(s, st.band)) (\(totalNote(st)))")
        }
        return parts.joined(separator: ", ")
    }

    /// `a is unknown`, `a and b are unknown`, `a, b and c are unknown`.
    static func unknownList(_ names: [String]) -> String {
        switch names.count {
        case 0: return "nothing is unknown"
        case 1: return "\(names[0]) is unknown"
        default: return names.dropLast().joined(separator: ", ") + " and \(names[names.count - 1]) are unknown"
        }
    }

    /// A range end in words: the number, or `fallback` for an unbounded end.
    static func bound(_ n: ExactNumber, _ fallback: String) -> String {
        n == .max || n == .min ? fallback : n.description
    }
}
