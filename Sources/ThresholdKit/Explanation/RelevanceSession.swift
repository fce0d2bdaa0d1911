/// One `Relevance` analysis for one evaluation, made on first need and shared by every pass of an
/// explanation (undetermined rules, missing information, the questions put): the steps run once, and a
/// score's open facts are found once. Call `end()` when done, to give the evaluator back to the pool.
struct RelevanceSession {
    let ruleSet: RuleSet
    /// The evaluation's facts (only they: keeping the whole evaluation retained and released its five arrays).
    let facts: FactVector
    private var evaluator: Evaluator?
    private var relevance: Relevance?
    /// The caller's evaluator, which has just evaluated the evaluation's facts (`threshold batch`): read in place
    /// of one lent from the pool, and not evaluated again.
    private let prepared: Evaluator?
    /// The explainer's memo, when it keeps one (`ExplanationMemo`).
    let memo: ExplanationMemo?

    /// `ConditionShapes.itemKnownTests`, when the caller has the shapes at hand.
    let itemKnownTests: Bool?

    /// (`evaluation` borrowed: an initialiser takes its arguments owned, so it was copied only to be read.)
    init(
        _ ruleSet: RuleSet, _ evaluation: borrowing Evaluation, prepared: Evaluator? = nil,
        memo: ExplanationMemo? = nil,
        itemKnownTests: Bool? = nil
    ) {
        self.ruleSet = ruleSet
        self.facts = evaluation.facts
        self.prepared = prepared
        self.memo = memo
        self.itemKnownTests = itemKnownTests
    }

    /// Runs `body` with the analysis of the evaluation's facts.
    mutating func with(_ body: (Relevance) -> Void) {
        body(analysis())
    }

    /// The analysis, made now if it was not.
    mutating func analysis() -> Relevance {
        if let relevance { return relevance }
        let ev = lent()
        if prepared == nil { _ = ev.evaluate(facts) }
        let made = Relevance(
            ruleSet: ruleSet, evaluator: ev, facts: facts, memo: memo, itemKnownTests: itemKnownTests)
        relevance = made
        return made
    }

    /// The session's evaluator (lent from the pool on first need). `askedWhen` leaves its state as it was.
    mutating func lent() -> Evaluator {
        if let prepared { return prepared }
        if let evaluator { return evaluator }
        let ev = EvaluatorPool.shared.lend(ruleSet)
        evaluator = ev
        return ev
    }

    mutating func end() {
        if let evaluator { EvaluatorPool.shared.giveBack(evaluator) }
        evaluator = nil
        relevance = nil
    }
}
