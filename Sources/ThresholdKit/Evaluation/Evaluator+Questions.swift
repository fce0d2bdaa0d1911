extension Evaluator {
    /// A condition that reads facts only (no definition, score or outcome, as the compiler checks for
    /// `asked when`), evaluated against `input` without running any step. The evaluator keeps no hold on
    /// `input` afterwards, and its next `condition(_:)` runs the steps again.
    public func factCondition(_ node: BoolNode, _ input: FactVector) -> Tri {
        guard input.count >= ruleSet.facts.count else { return .unknown }
        facts = input
        let t = bool(node)
        forgetFacts()
        return t
    }
}
