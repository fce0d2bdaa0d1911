/// Compares one case's evaluations under the two versions, by name: rules, advice, scores and bands that
/// exist in both are matched; those in one version only count as not firing (not given, no band) in the
/// other. Built once per diff; `cause` allocates only when something differs.
struct CaseComparer: Sendable {
    let oldLevels: [String]
    let newLevels: [String]
    /// For each old rule, the new rule of the same name; and the reverse.
    let ruleToNew: [Int]
    let ruleToOld: [Int]
    let oldRules: [String]
    let newRules: [String]
    let adviceToNew: [Int]
    let adviceToOld: [Int]
    let oldAdvice: [String]
    let newAdvice: [String]
    let oldCaps: [String]
    let newCaps: [String]
    /// The scores both versions have: old index, new index, name, and band names.
    let scores: [(old: Int, new: Int, name: String, oldBands: [String], newBands: [String])]

    init(old: RuleSet, new: RuleSet) {
        oldLevels = old.levels.map(\.name)
        newLevels = new.levels.map(\.name)
        oldRules = old.rules.map(\.name)
        newRules = new.rules.map(\.name)
        ruleToNew = old.rules.map { new.ruleIndex[$0.name] ?? -1 }
        ruleToOld = new.rules.map { old.ruleIndex[$0.name] ?? -1 }
        oldCaps = old.caps.map(\.name)
        newCaps = new.caps.map(\.name)
        oldAdvice = old.advice.map(\.name)
        newAdvice = new.advice.map(\.name)
        adviceToNew = old.advice.map { new.adviceIndex[$0.name] ?? -1 }
        adviceToOld = new.advice.map { old.adviceIndex[$0.name] ?? -1 }
        scores = old.scores.enumerated().compactMap { i, s in
            guard let j = new.scoreIndex[s.name] else { return nil }
            return (i, j, s.name, s.bands.map(\.name), new.scores[j].bands.map(\.name))
        }
    }

    /// Nil when the case reads the same under both versions.
    func cause(_ a: Evaluation, _ b: Evaluation) -> CaseCause? {
        let oldLevel = name(oldLevels, a.outcome)
        let newLevel = name(newLevels, b.outcome)
        var c = CaseCause(old: oldLevel, new: newLevel)
        for (i, t) in b.rules.enumerated() where t == .yes {
            let j = ruleToOld[i]
            if j < 0 || a.rules[j] != .yes { c.started.append(newRules[i]) }
        }
        for (i, t) in a.rules.enumerated() where t == .yes {
            let j = ruleToNew[i]
            if j < 0 || b.rules[j] != .yes { c.stopped.append(oldRules[i]) }
        }
        for (i, given) in b.advice.enumerated() where given {
            let j = adviceToOld[i]
            if j < 0 || !a.advice[j] { c.adviceGiven.append(newAdvice[i]) }
        }
        for (i, given) in a.advice.enumerated() where given {
            let j = adviceToNew[i]
            if j < 0 || !b.advice[j] { c.adviceWithdrawn.append(oldAdvice[i]) }
        }
        for s in scores {
            let x = name(s.oldBands, a.scores[s.old].band, none: "none")
            let y = name(s.newBands, b.scores[s.new].band, none: "none")
            if x != y { c.bands.append(.init(score: s.name, old: x, new: y)) }
        }
        let oldCap = a.cap.map { name(oldCaps, $0) }
        let newCap = b.cap.map { name(newCaps, $0) }
        if oldCap != newCap {
            c.oldCap = oldCap
            c.newCap = newCap
        }
        // A changed outcome explains a changed due time; the flag marks a due time that moved on its own.
        c.dueChanged = oldLevel == newLevel && a.due != b.due
        let same =
            oldLevel == newLevel && !c.dueChanged && c.started.isEmpty && c.stopped.isEmpty && c.bands.isEmpty
            && c.adviceGiven.isEmpty && c.adviceWithdrawn.isEmpty && oldCap == newCap
        return same ? nil : c
    }

    func name(_ names: [String], _ i: Int, none: String = "?") -> String { names.indices.contains(i) ? names[i] : none }
}
