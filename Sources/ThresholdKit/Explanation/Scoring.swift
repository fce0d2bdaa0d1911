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
    /// Made once: making an explainer (its question plan and condition shapes) per result cost the server about
    /// 30,000 instructions a request, made and freed.
    let explainer: Explainer

    public init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.evaluator = Evaluator(ruleSet)
        self.explainer = Explainer(ruleSet)
    }

    /// The facts scored; with `changes`, the result carries its counterfactual changes too (`result.changes`:
    /// what would move the outcome), as `score --format json`, the server's answers and the exercise show them.
    public func score(_ facts: FactVector, id: String? = nil, title: String? = nil, changes: Bool = false)
        -> ScoredResult
    {
        scored(facts, id: id, title: title, changes: changes, notFired: true, factValues: true)
    }

    /// The result for the result object alone, as `JSONResultRenderer` writes it (`POST /v1/score`, like a line of
    /// `threshold batch`): the rules that did not fire are not explained, since the object does not show them, and
    /// a fired rule's fact values are left to the evaluation unless the changes are searched. The object written
    /// is byte for byte `score`'s; the text and HTML renderers need `score`'s full result.
    func scoreForJSON(_ facts: FactVector, id: String?, title: String?, changes: Bool) -> ScoredResult {
        scored(facts, id: id, title: title, changes: changes, notFired: false, factValues: changes)
    }

    private func scored(
        _ facts: FactVector, id: String?, title: String?, changes: Bool, notFired: Bool, factValues: Bool
    ) -> ScoredResult {
        var r = explainer.explain(
            evaluator.evaluate(facts), scenarioID: id, title: title, notFired: notFired, factValues: factValues)
        if changes { addChanges(to: &r) }
        return r
    }

    /// The scenario scored, carrying its title, `source` and `story` for the case sheet.
    public func score(_ s: Scenario) -> ScoredResult { score(s, changes: false) }

    /// The scenario scored, and with `changes` its counterfactual changes.
    public func score(_ s: Scenario, changes: Bool) -> ScoredResult {
        var r = score(s.facts, id: s.id, title: s.title, changes: changes)
        r.scenarioSource = s.source
        r.story = s.story
        return r
    }

    /// Fills `result.changes` with the counterfactual changes (`Counterfactuals`): the one place a result is
    /// given them, for a result scored here or explained elsewhere (`threshold batch --changes`).
    func addChanges(to result: inout ScoredResult) {
        result.changes = Counterfactuals.changes(for: result, scoring: self)
    }
}
