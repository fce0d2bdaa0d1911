/// What a result cannot vouch for: a due time counted in working days past the holidays the rule set knows.
extension RuleSet {
    /// Why the due time of `e` may be wrong, or nil (always nil with a named calendar, at no cost).
    func dueWarning(_ e: Evaluation) -> String? { dueWarning(level: e.outcome, due: e.due, facts: e.facts) }

    /// As `dueWarning(_:)`, from the outcome `level`, its `due` time and the `facts` alone.
    func dueWarning(level: Int, due: CivilDateTime?, facts: FactVector) -> String? {
        guard calendar.region == nil, let due, let slot = clockFact,
            levels.indices.contains(level), levels[level].within?.unit == .workingDays,
            facts.indices.contains(slot)
        else { return nil }
        let start: CivilDate
        switch facts[slot] {
        case .dateTime(let d)?: start = d.date
        case .date(let d)?: start = d
        default: return nil
        }
        return calendar.coverageWarning(start: start, due: due.date)
    }
}

extension ScoredResult {
    /// Warnings about this result, for text, JSON and the REPL (empty when there is nothing to warn of).
    var warnings: [String] {
        ruleSet.dueWarning(evaluation).map { [$0] } ?? []
    }
}
