/// Turns an evaluation into an explanation: the facts behind each rule, the rules left undetermined by
/// unknown facts, and the missing information in order of consequence.
public struct Explainer {
    public let ruleSet: RuleSet

    public init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    public func explain(_ e: Evaluation, scenarioID: String? = nil, title: String? = nil) -> ScoredResult {
        var fired: [ScoredResult.RuleFinding] = []
        var notFired: [ScoredResult.RuleFinding] = []
        var undetermined: [ScoredResult.Undetermined] = []
        for (i, rule) in ruleSet.rules.enumerated() {
            let finding = ScoredResult.RuleFinding(rule: i, condition: e.rules[i],
                                                   facts: rule.factsRead.map { ($0, e.facts[$0]) }, scores: rule.scoresRead)
            if e.rules[i] == .yes { fired.append(finding) } else { notFired.append(finding) }
            if e.rules[i] == .unknown, rule.level > e.outcome {
                undetermined.append(.init(rule: i, unknown: rule.factsRead.filter { e.facts[$0] == nil }))
            }
        }
        return ScoredResult(scenarioID: scenarioID, title: title, ruleSet: ruleSet, evaluation: e, fired: fired,
                            notFired: notFired, undetermined: undetermined, missing: missing(e, undetermined))
    }

    /// Unknown facts that could raise the outcome (most severe first), then those that could move a
    /// score's band, then required facts that are unknown; ties in declaration order.
    func missing(_ e: Evaluation, _ undetermined: [ScoredResult.Undetermined]) -> [ScoredResult.Missing] {
        var bestLevel: [Int: Int] = [:]
        for u in undetermined {
            let level = ruleSet.rules[u.rule].level
            for f in u.unknown { bestLevel[f] = max(bestLevel[f] ?? -1, level) }
        }
        var bandChange: [Int: (score: Int, band: Int)] = [:]
        for (i, score) in ruleSet.scores.enumerated() {
            let st = e.scores[i]
            guard st.maxBand > st.band else { continue }
            var open = Set<Int>()
            for (k, item) in score.items.enumerated() where st.items[k] == .unknown { open.formUnion(item.factsRead) }
            for (k, floor) in score.floors.enumerated() where st.floors[k] == .unknown { open.formUnion(floor.factsRead) }
            for f in open.sorted() where e.facts[f] == nil && bandChange[f] == nil { bandChange[f] = (i, st.maxBand) }
        }
        var result: [ScoredResult.Missing] = []
        let byLevel = bestLevel.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }
        for (f, level) in byLevel { result.append(.init(fact: f, consequence: .outcome(level: level))) }
        for f in bandChange.keys.sorted() where bestLevel[f] == nil {
            if let c = bandChange[f] { result.append(.init(fact: f, consequence: .band(score: c.score, band: c.band))) }
        }
        for (f, fact) in ruleSet.facts.enumerated() where fact.required && e.facts[f] == nil {
            if bestLevel[f] == nil && bandChange[f] == nil { result.append(.init(fact: f, consequence: .required)) }
        }
        return result
    }
}
