/// `never-changes-outcome`: a rule whose level is not above the default level. The outcome is the most severe
/// level among the rules that fire, or the default when none fires, so such a rule never changes it.
/// Reported at the rule's `then LEVEL`.
struct DefaultLevelRuleCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let rs = context.ruleSet
        let fallback = context.level(rs.defaultLevel)
        for (i, rule) in rs.rules.enumerated() where rule.level <= rs.defaultLevel && !context.rulesNeverFiring.contains(i) {
            context.rulesWithoutEffect.insert(i)
            let span = context.ruleDecls[i]?.level.span ?? rule.span
            let relation = rule.level == rs.defaultLevel ? "the default level" : "below the default level `\(fallback)`"
            out.append(.warning("never-changes-outcome",
                                "rule `\(rule.name)` can never change the outcome: it gives `\(context.level(rule.level))`, \(relation)",
                                at: span,
                                hint: "give it a level above `\(fallback)`, or make it an `advise` if it is only a prompt"))
        }
        return out
    }
}
