/// What one server thread keeps between requests: a `Scoring` (its evaluator is not thread-safe) and a
/// renderer per rule set in use. Not shared between threads.
public final class ServiceWorker {
    private var entries: [(ruleSet: RuleSet, scoring: Scoring, renderer: JSONResultRenderer)] = []

    public init() {}

    func tools(_ rs: RuleSet) -> (scoring: Scoring, renderer: JSONResultRenderer) {
        if let e = entries.first(where: { $0.ruleSet === rs }) { return (e.scoring, e.renderer) }
        let e = (rs, Scoring(rs), JSONResultRenderer(ruleSet: rs))
        entries.append(e)
        if entries.count > 8 { entries.removeFirst() }  // rule sets replaced by --watch are let go
        return (e.1, e.2)
    }
}
