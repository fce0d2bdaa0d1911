/// Turns an evaluation into an explanation: the facts behind each rule, the rules left undetermined by
/// unknown facts, and the missing information in order of consequence.
///
/// Works on flat arrays indexed by fact slot (no dictionaries or sets), because `threshold batch` explains
/// every line it scores.
public struct Explainer {
    public let ruleSet: RuleSet
    private let shapes: ConditionShapes
    /// The slots of the facts marked `required`, in declaration order.
    private let requiredSlots: [Int]

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        shapes = ConditionShapes.forRuleSet(ruleSet)
        requiredSlots = ruleSet.facts.indices.filter { ruleSet.facts[$0].required }
    }

    /// For speed when only the JSON result object is wanted (`threshold batch`): `notFired: false` leaves
    /// `ScoredResult.notFired` empty, and `factValues: false` leaves each finding's `facts` empty (the JSON
    /// renderer then takes the values from the evaluation, which gives the same output).
    public func explain(_ e: Evaluation, scenarioID: String? = nil, title: String? = nil, notFired includeNotFired: Bool = true,
                        factValues: Bool = true) -> ScoredResult {
        var fired: [ScoredResult.RuleFinding] = []
        var notFired: [ScoredResult.RuleFinding] = []
        var undetermined: [ScoredResult.Undetermined] = []
        var yes = 0, open = 0
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
                        let finding = ScoredResult.RuleFinding(rule: i, condition: t, facts: values, scores: rules[i].scoresRead)
                        if t == .yes { fired.append(finding) } else { notFired.append(finding) }
                    }
                    if t == .unknown, rules[i].level > e.outcome {
                        undetermined.append(.init(rule: i, unknown: rules[i].factsRead.filter { Explainer.unknown(facts, $0) }))
                    }
                }
            }
        }
        narrowUnknowns(&undetermined, e)
        return ScoredResult(scenarioID: scenarioID, title: title, ruleSet: ruleSet, evaluation: e, fired: fired,
                            notFired: notFired, undetermined: undetermined, missing: missing(e))
    }

    /// True when slot `f` is in the vector and unknown.
    @inline(__always) static func unknown(_ facts: UnsafeBufferPointer<FactValue?>, _ f: Int) -> Bool {
        guard f >= 0, f < facts.count else { return false }
        if case .none = facts[f] { return true }
        return false
    }

    /// Keeps, for each undetermined rule, only the unknown facts that can still decide it: in `(a and b) or c`
    /// with `a = no`, `b` is not listed. Flat conditions (see `ConditionShapes`) are already exact.
    func narrowUnknowns(_ undetermined: inout [ScoredResult.Undetermined], _ e: Evaluation) {
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
    func missing(_ e: Evaluation) -> [ScoredResult.Missing] {
        let factCount = ruleSet.facts.count
        // Per fact: the most severe level it could raise the outcome to (-1: none), and the first score
        // whose band it could move, with that band (score -1: none). One allocation for the three.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(1, 3 * factCount)) { scratch in
            scratch.initialize(repeating: -1)
            let bestLevel = UnsafeMutableBufferPointer(rebasing: scratch[0..<factCount])
            let bandScore = UnsafeMutableBufferPointer(rebasing: scratch[factCount..<2 * factCount])
            let bandTo = UnsafeMutableBufferPointer(rebasing: scratch[2 * factCount..<3 * factCount])
            return missing(e, bestLevel, bandScore, bandTo)
        }
    }

    private func missing(_ e: Evaluation, _ bestLevel: UnsafeMutableBufferPointer<Int>, _ bandScore: UnsafeMutableBufferPointer<Int>,
                         _ bandTo: UnsafeMutableBufferPointer<Int>) -> [ScoredResult.Missing] {
        let factCount = bestLevel.count
        var deferredRules: [Int] = []
        var deferredScores: [Int] = []
        var open: [Int] = []
        open.reserveCapacity(64)
        var anyLevel = false, anyBand = false
        e.facts.withUnsafeBufferPointer { facts in
            ruleSet.rules.withUnsafeBufferPointer { rules in
                for i in rules.indices where rules[i].level > e.outcome && e.rules[i] != .yes {
                    let read = rules[i].factsRead
                    guard read.contains(where: { Explainer.unknown(facts, $0) }) else { continue }
                    if e.rules[i] == .no && shapes.monotoneRules[i] { continue }
                    if e.rules[i] == .unknown && shapes.flatRules[i] {
                        let level = rules[i].level
                        for f in read where Explainer.unknown(facts, f) && bestLevel[f] < level { bestLevel[f] = level; anyLevel = true }
                    } else {
                        deferredRules.append(i)
                    }
                }
            }
            ruleSet.scores.withUnsafeBufferPointer { scores in
                for i in scores.indices where e.scores[i].maxBand > e.scores[i].band {
                    let items = e.scores[i].items, floors = e.scores[i].floors
                    let flatItems = shapes.flatItems[i], monotoneItems = shapes.monotoneItems[i]
                    let flatFloors = shapes.flatFloors[i], monotoneFloors = shapes.monotoneFloors[i]
                    open.removeAll(keepingCapacity: true)
                    var simple = true
                    scores[i].items.withUnsafeBufferPointer { scoreItems in
                        for k in scoreItems.indices {
                            if items[k] == .unknown && flatItems[k] {
                                for f in scoreItems[k].factsRead where Explainer.unknown(facts, f) { open.append(f) }
                            } else if items[k] == .unknown || !monotoneItems[k] { simple = false }
                        }
                    }
                    scores[i].floors.withUnsafeBufferPointer { scoreFloors in
                        for k in scoreFloors.indices {
                            if floors[k] == .unknown && flatFloors[k] {
                                for f in scoreFloors[k].factsRead where Explainer.unknown(facts, f) { open.append(f) }
                            } else if floors[k] == .unknown || !monotoneFloors[k] { simple = false }
                        }
                    }
                    if simple {
                        for f in open where bandScore[f] < 0 { bandScore[f] = i; bandTo[f] = e.scores[i].maxBand; anyBand = true }
                    } else {
                        deferredScores.append(i)
                    }
                }
            }
        }
        if !deferredRules.isEmpty || !deferredScores.isEmpty {
            EvaluatorPool.shared.with(ruleSet) { evaluator in
                _ = evaluator.evaluate(e.facts)
                let relevance = Relevance(ruleSet: ruleSet, evaluator: evaluator, facts: e.facts)
                for i in deferredRules {
                    let level = ruleSet.rules[i].level
                    for f in relevance.open(ruleSet.rules[i].condition) where f >= 0 && f < factCount && bestLevel[f] < level {
                        bestLevel[f] = level; anyLevel = true
                    }
                }
                for i in deferredScores {
                    for f in relevance.score(i) where f >= 0 && f < factCount && bandScore[f] < 0 {
                        bandScore[f] = i; bandTo[f] = e.scores[i].maxBand; anyBand = true
                    }
                }
            }
        }
        var levelCount = 0, bandCount = 0
        for f in 0..<factCount {
            if bestLevel[f] >= 0 { levelCount += 1 } else if bandScore[f] >= 0 { bandCount += 1 }
        }
        var result: [ScoredResult.Missing] = []
        result.reserveCapacity(levelCount + bandCount + requiredSlots.count)
        if anyLevel {
            var byLevel: [(fact: Int, level: Int)] = []
            byLevel.reserveCapacity(levelCount)
            for f in 0..<factCount where bestLevel[f] >= 0 { byLevel.append((f, bestLevel[f])) }
            byLevel.sort { a, b in a.level != b.level ? a.level > b.level : a.fact < b.fact }
            for x in byLevel { result.append(.init(fact: x.fact, consequence: .outcome(level: x.level))) }
        }
        if anyBand {
            for f in 0..<factCount where bestLevel[f] < 0 && bandScore[f] >= 0 {
                result.append(.init(fact: f, consequence: .band(score: bandScore[f], band: bandTo[f])))
            }
        }
        e.facts.withUnsafeBufferPointer { facts in
            for f in requiredSlots where Explainer.unknown(facts, f) && bestLevel[f] < 0 && bandScore[f] < 0 {
                result.append(.init(fact: f, consequence: .required))
            }
        }
        return result
    }
}
