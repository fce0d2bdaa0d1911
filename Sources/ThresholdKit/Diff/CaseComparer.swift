/// Compares one case's evaluations under the two versions, by name: rules, advice, scores and bands that
/// exist in both are matched (`EvaluationMatch`); those in one version only count as not firing (not given,
/// no band) in the other. What changed is `EvaluationDifferences`' (as `/v1/whatif` and the REPL's `what if`
/// say it); the levels and caps are compared here by name. Built once per diff; `cause` allocates only when
/// something differs.
struct CaseComparer: Sendable {
    let oldLevels: [String]
    let newLevels: [String]
    let match: EvaluationMatch
    let oldRules: [String]
    let newRules: [String]
    let oldAdvice: [String]
    let newAdvice: [String]
    let oldCaps: [String]
    let newCaps: [String]
    let oldScores: [String]
    /// The old version's facts, and which of them the new version does not declare (by old slot): a case that
    /// gives one is scored without it under the new version.
    let oldFacts: [String]
    let removedFacts: [Bool]
    /// The rules both versions have whose levels differ by name: old index, new index, and the change.
    let relevels: [(old: Int, new: Int, change: RuleLevelChange)]
    /// The scores both versions have: old index, new index, name, and band names.
    let scores: [(old: Int, new: Int, name: String, oldBands: [String], newBands: [String])]

    init(old: RuleSet, new: RuleSet) {
        oldLevels = old.levels.map(\.name)
        newLevels = new.levels.map(\.name)
        match = EvaluationMatch(old: old, new: new)
        oldRules = old.rules.map(\.name)
        newRules = new.rules.map(\.name)
        oldCaps = old.caps.map(\.name)
        newCaps = new.caps.map(\.name)
        oldAdvice = old.advice.map(\.name)
        newAdvice = new.advice.map(\.name)
        oldScores = old.scores.map(\.name)
        oldFacts = old.facts.map(\.name)
        removedFacts = old.facts.map { new.factIndex[$0.name] == nil }
        scores = match.scores.map { ($0.old, $0.new, old.scores[$0.old].name, $0.oldBands, $0.newBands) }
        var relevels: [(old: Int, new: Int, change: RuleLevelChange)] = []
        // A level renamed is not a rule re-levelled: both names must be levels of both versions.
        let both = Set(old.levels.map(\.name)).intersection(new.levels.map(\.name))
        for (i, j) in match.ruleToNew.enumerated() where j >= 0 {
            let was = old.levels.indices.contains(old.rules[i].level) ? old.levels[old.rules[i].level].name : "?"
            let now = new.levels.indices.contains(new.rules[j].level) ? new.levels[new.rules[j].level].name : "?"
            if was != now, both.contains(was), both.contains(now) {
                relevels.append((i, j, RuleLevelChange(rule: old.rules[i].name, old: was, new: now)))
            }
        }
        self.relevels = relevels
    }

    /// Nil when the case reads the same under both versions.
    func cause(_ a: Evaluation, _ b: Evaluation) -> CaseCause? {
        let oldLevel = name(oldLevels, a.outcome)
        let newLevel = name(newLevels, b.outcome)
        var c = CaseCause(old: oldLevel, new: newLevel)
        let d = EvaluationDifferences(a, b, match)
        c.started = d.started.map { newRules[$0] }
        c.stopped = d.stopped.map { oldRules[$0] }
        // A rule that fires under both at another level changes the case's explanation even where the outcome
        // stays (a more severe rule fires too, or a cap holds it): counted, as a rule that starts firing is.
        for r in relevels where a.rules.indices.contains(r.old) && b.rules.indices.contains(r.new) {
            if a.rules[r.old] == .yes && b.rules[r.new] == .yes { c.relevelled.append(r.change) }
        }
        c.adviceGiven = d.adviceAdded.map { newAdvice[$0] }
        c.adviceWithdrawn = d.adviceRemoved.map { oldAdvice[$0] }
        for s in d.scores where s.band {
            c.bands.append(.init(score: oldScores[s.old], old: s.oldBand, new: s.newBand))
        }
        let oldCap = a.cap.map { name(oldCaps, $0) }
        let newCap = b.cap.map { name(newCaps, $0) }
        if oldCap != newCap {
            c.oldCap = oldCap
            c.newCap = newCap
        }
        // A changed outcome explains a changed due time; the flag marks a due time that moved on its own.
        c.dueChanged = oldLevel == newLevel && d.dueChanged
        let same =
            oldLevel == newLevel && !c.dueChanged && c.started.isEmpty && c.stopped.isEmpty && c.relevelled.isEmpty
            && c.bands.isEmpty
            && c.adviceGiven.isEmpty && c.adviceWithdrawn.isEmpty && oldCap == newCap
        return same ? nil : c
    }

    func name(_ names: [String], _ i: Int, none: String = "?") -> String { names.indices.contains(i) ? names[i] : none }
}
