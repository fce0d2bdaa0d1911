/// The one-call front of evaluation and explanation, for the command line, the REPL and tests.
///
/// ```swift
/// let scoring = Scoring(ruleSet)                       // one per thread (it owns an Evaluator)
/// let result = scoring.score(scenario)                 // a ScoredResult: outcome, reasons, scores, missing
/// print(TextResultRenderer(detail: .full).render(result))
/// ```
public struct Scoring {
    let ruleSet: RuleSet
    let evaluator: Evaluator

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.evaluator = Evaluator(ruleSet)
    }

    public func score(_ facts: FactVector, id: String? = nil, title: String? = nil) -> ScoredResult {
        Explainer(ruleSet).explain(evaluator.evaluate(facts), scenarioID: id, title: title)
    }

    /// The scenario scored, carrying its title, `source` and `story` for the case sheet.
    public func score(_ s: Scenario) -> ScoredResult {
        var r = score(s.facts, id: s.id, title: s.title)
        r.scenarioSource = s.source
        r.story = s.story
        return r
    }
}
