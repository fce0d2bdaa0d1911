extension Evaluator {
    /// A condition that reads facts only (no definition, score or outcome, as the compiler checks for
    /// `asked when`), evaluated against `input` without running any step. The evaluator keeps no hold on
    /// `input` afterwards, and what it had evaluated before is left as it was.
    func factCondition(_ node: BoolNode, _ input: FactVector) -> Tri {
        guard input.count >= ruleSet.facts.count else { return .unknown }
        let saved = facts
        facts = input
        let t = bool(node)
        facts = saved
        return t
    }
}
