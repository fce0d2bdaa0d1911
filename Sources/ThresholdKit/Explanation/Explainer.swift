/// Turns an evaluation into an explanation: the facts behind each rule, the rules left undetermined by
/// unknown facts, and the missing information in order of consequence.
public struct Explainer {
    public let ruleSet: RuleSet

    public init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// For speed when only the JSON result object is wanted (`threshold batch`): `notFired: false` leaves
    /// `ScoredResult.notFired` empty, and `factValues: false` leaves each finding's `facts` empty (the JSON
    /// renderer then takes the values from the evaluation, which gives the same output).
    public func explain(_ e: Evaluation, scenarioID: String? = nil, title: String? = nil, notFired includeNotFired: Bool = true,
                        factValues: Bool = true) -> ScoredResult {
        var fired: [ScoredResult.RuleFinding] = []
        var notFired: [ScoredResult.RuleFinding] = []
        var undetermined: [ScoredResult.Undetermined] = []
        ruleSet.rules.withUnsafeBufferPointer { rules in
            for i in rules.indices {
                let t = e.rules[i]
                if t == .yes || includeNotFired {
                    let facts = factValues ? rules[i].factsRead.map { ($0, e.facts[$0]) } : []
                    let finding = ScoredResult.RuleFinding(rule: i, condition: t, facts: facts, scores: rules[i].scoresRead)
                    if t == .yes { fired.append(finding) } else { notFired.append(finding) }
                }
                if t == .unknown, rules[i].level > e.outcome {
                    undetermined.append(.init(rule: i, unknown: rules[i].factsRead.filter { e.facts[$0] == nil }))
                }
            }
        }
        narrowUnknowns(&undetermined, e)
        return ScoredResult(scenarioID: scenarioID, title: title, ruleSet: ruleSet, evaluation: e, fired: fired,
                            notFired: notFired, undetermined: undetermined, missing: missing(e, undetermined))
    }

    /// Keeps, for each undetermined rule, only the unknown facts that can still decide it: in `(a and b) or c`
    /// with `a = no`, `b` is not listed. Flat conditions (see `ConditionShapes`) are already exact.
    func narrowUnknowns(_ undetermined: inout [ScoredResult.Undetermined], _ e: Evaluation) {
        let shapes = ConditionShapes.forRuleSet(ruleSet)
        let complex = undetermined.indices.filter { !shapes.flatRules[undetermined[$0].rule] }
        guard !complex.isEmpty else { return }
        EvaluatorPool.shared.with(ruleSet) { evaluator in
            _ = evaluator.evaluate(e.facts)
            let relevance = Relevance(ruleSet: ruleSet, evaluator: evaluator, facts: e.facts)
            for k in complex {
                let open = relevance.open(ruleSet.rules[undetermined[k].rule].condition)
                undetermined[k].unknown = undetermined[k].unknown.filter(open.contains)
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
    func missing(_ e: Evaluation, _ undetermined: [ScoredResult.Undetermined]) -> [ScoredResult.Missing] {
        let shapes = ConditionShapes.forRuleSet(ruleSet)
        func isUnknown(_ f: Int) -> Bool { e.facts.indices.contains(f) && e.facts[f] == nil }
        var bestLevel: [Int: Int] = [:]
        var bandChange: [Int: (score: Int, band: Int)] = [:]
        var deferredRules: [Int] = []
        var deferredScores: [Int] = []
        for (i, rule) in ruleSet.rules.enumerated() where rule.level > e.outcome && e.rules[i] != .yes {
            guard rule.factsRead.contains(where: isUnknown) else { continue }
            if e.rules[i] == .no && shapes.monotoneRules[i] { continue }
            if e.rules[i] == .unknown && shapes.flatRules[i] {
                for f in rule.factsRead where isUnknown(f) { bestLevel[f] = max(bestLevel[f] ?? -1, rule.level) }
            } else {
                deferredRules.append(i)
            }
        }
        for (i, score) in ruleSet.scores.enumerated() where e.scores[i].maxBand > e.scores[i].band {
            let st = e.scores[i]
            var open = Set<Int>()
            var simple = true
            for (k, item) in score.items.enumerated() {
                if st.items[k] == .unknown && shapes.flatItems[i][k] { open.formUnion(item.factsRead.filter(isUnknown)) }
                else if st.items[k] == .unknown || !shapes.monotoneItems[i][k] { simple = false }
            }
            for (k, floor) in score.floors.enumerated() {
                if st.floors[k] == .unknown && shapes.flatFloors[i][k] { open.formUnion(floor.factsRead.filter(isUnknown)) }
                else if st.floors[k] == .unknown || !shapes.monotoneFloors[i][k] { simple = false }
            }
            if simple {
                for f in open.sorted() where bandChange[f] == nil { bandChange[f] = (i, st.maxBand) }
            } else {
                deferredScores.append(i)
            }
        }
        if !deferredRules.isEmpty || !deferredScores.isEmpty {
            EvaluatorPool.shared.with(ruleSet) { evaluator in
                _ = evaluator.evaluate(e.facts)
                let relevance = Relevance(ruleSet: ruleSet, evaluator: evaluator, facts: e.facts)
                for i in deferredRules {
                    let level = ruleSet.rules[i].level
                    for f in relevance.open(ruleSet.rules[i].condition) { bestLevel[f] = max(bestLevel[f] ?? -1, level) }
                }
                for i in deferredScores {
                    for f in relevance.score(i).sorted() where bandChange[f] == nil { bandChange[f] = (i, e.scores[i].maxBand) }
                }
            }
        }
        var result: [ScoredResult.Missing] = []
        let byLevel = bestLevel.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }
        for (f, level) in byLevel { result.append(.init(fact: f, consequence: .outcome(level: level))) }
        for f in bandChange.keys.sorted() where bestLevel[f] == nil {
            if let c = bandChange[f] { result.append(.init(fact: f, consequence: .band(score: c.score, band: c.band))) }
        }
        for (f, fact) in ruleSet.facts.enumerated() where fact.required && isUnknown(f) {
            if bestLevel[f] == nil && bandChange[f] == nil { result.append(.init(fact: f, consequence: .required)) }
        }
        return result
    }
}
