/// Turns an evaluation into an explanation: the facts behind each rule, the rules left undetermined by
/// unknown facts, and the missing information in order of consequence.
public struct Explainer {
    public let ruleSet: RuleSet

    public init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// `notFired: false` leaves `ScoredResult.notFired` empty (the JSON result object does not show it), which
    /// saves building a finding for every rule that did not fire.
    public func explain(_ e: Evaluation, scenarioID: String? = nil, title: String? = nil, notFired includeNotFired: Bool = true) -> ScoredResult {
        var fired: [ScoredResult.RuleFinding] = []
        var notFired: [ScoredResult.RuleFinding] = []
        var undetermined: [ScoredResult.Undetermined] = []
        ruleSet.rules.withUnsafeBufferPointer { rules in
            for i in rules.indices {
                let t = e.rules[i]
                if t == .yes || includeNotFired {
                    let finding = ScoredResult.RuleFinding(rule: i, condition: t, facts: rules[i].factsRead.map { ($0, e.facts[$0]) },
                                                           scores: rules[i].scoresRead)
                    if t == .yes { fired.append(finding) } else { notFired.append(finding) }
                }
                if t == .unknown, rules[i].level > e.outcome {
                    undetermined.append(.init(rule: i, unknown: rules[i].factsRead.filter { e.facts[$0] == nil }))
                }
            }
        }
        return ScoredResult(scenarioID: scenarioID, title: title, ruleSet: ruleSet, evaluation: e, fired: fired,
                            notFired: notFired, undetermined: undetermined, missing: missing(e, undetermined))
    }

    /// Unknown facts that could raise the outcome (most severe first), then those that could move a
    /// score's band, then required facts that are unknown; ties in declaration order.
    ///
    /// "Could" is decided per rule: a fact counts for a rule above the outcome that has not fired only if it
    /// is left in the rule's condition once the parts the known facts settle are simplified away (see
    /// `Relevance`): in `(a and b) or c` with `a = no`, `b` cannot change anything. `undetermined` is not
    /// needed for that (rules whose condition is no can still be opened by an `is known` test).
    func missing(_ e: Evaluation, _ undetermined: [ScoredResult.Undetermined]) -> [ScoredResult.Missing] {
        let candidates = ruleSet.rules.indices.filter { i in
            ruleSet.rules[i].level > e.outcome && e.rules[i] != .yes && ruleSet.rules[i].factsRead.contains { e.facts.indices.contains($0) && e.facts[$0] == nil }
        }
        let openScores = ruleSet.scores.indices.filter { e.scores[$0].maxBand > e.scores[$0].band }
        var bestLevel: [Int: Int] = [:]
        var bandChange: [Int: (score: Int, band: Int)] = [:]
        if !candidates.isEmpty || !openScores.isEmpty {
            EvaluatorPool.shared.with(ruleSet) { evaluator in
                _ = evaluator.evaluate(e.facts)
                let relevance = Relevance(ruleSet: ruleSet, evaluator: evaluator, facts: e.facts)
                for i in candidates {
                    let level = ruleSet.rules[i].level
                    for f in relevance.open(ruleSet.rules[i].condition) { bestLevel[f] = max(bestLevel[f] ?? -1, level) }
                }
                for i in openScores {
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
        for (f, fact) in ruleSet.facts.enumerated() where fact.required && e.facts.indices.contains(f) && e.facts[f] == nil {
            if bestLevel[f] == nil && bandChange[f] == nil { result.append(.init(fact: f, consequence: .required)) }
        }
        return result
    }
}
