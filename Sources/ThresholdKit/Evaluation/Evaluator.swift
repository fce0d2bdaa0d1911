/// Evaluates a compiled rule set against facts. Holds scratch buffers, so reuse one evaluator for many
/// scenarios (it is not thread-safe; make one per thread).
public final class Evaluator {
    public let ruleSet: RuleSet
    var facts: FactVector = []
    var definitionBools: [Tri]
    var definitionNumbers: [NumRange?]
    var scoreStates: [Evaluation.ScoreState]
    var outcome = 0

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
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

    /// Runs the definitions and scores, in dependency order.
    @inline(__always) func prepare(_ input: FactVector) {
        facts = input
        for step in ruleSet.steps {
            switch step {
            case .definition(let i):
                switch ruleSet.definitions[i].body {
                case .condition(let b): definitionBools[i] = bool(b)
                case .number(let n): definitionNumbers[i] = num(n)
                }
            case .score(let i): evaluateScore(i)
            }
        }
    }

    /// The outcome level only: the fast path for batch re-scoring and benchmarks.
    public func outcomeLevel(_ input: FactVector) -> Int {
        prepare(input)
        var best = -1
        for rule in ruleSet.rules where rule.level > best {
            if bool(rule.condition) == .yes { best = rule.level }
        }
        return best < 0 ? ruleSet.defaultLevel : best
    }

    /// Everything: each rule's condition, the outcome, scores, advice and the due time.
    public func evaluate(_ input: FactVector) -> Evaluation {
        prepare(input)
        var results = [Tri](repeating: .no, count: ruleSet.rules.count)
        var best = -1
        for (i, rule) in ruleSet.rules.enumerated() {
            let t = bool(rule.condition)
            results[i] = t
            if t == .yes, rule.level > best { best = rule.level }
        }
        outcome = best < 0 ? ruleSet.defaultLevel : best
        let advice = ruleSet.advice.map { bool($0.condition) == .yes }
        return Evaluation(outcome: outcome, rules: results, advice: advice, scores: scoreStates, due: due(for: outcome),
                          facts: facts)
    }

    /// The time by which a response at `level` is due, counted from the clock fact.
    public func due(for level: Int) -> CivilDateTime? {
        guard let slot = ruleSet.clockFact, let within = ruleSet.levels[level].within else { return nil }
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

    /// Evaluates one condition against facts already prepared (used by explanations and analysis).
    public func condition(_ node: BoolNode) -> Tri { bool(node) }
}
