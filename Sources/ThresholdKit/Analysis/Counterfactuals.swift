/// Counterfactual explanations: the smallest changes of facts that would change the outcome.
/// (Placeholder until the analysis issue lands: finds none.)
public enum Counterfactuals {
    public static func changes(for result: ScoredResult, scoring: Scoring) -> [ScoredResult.Change] { [] }
}
