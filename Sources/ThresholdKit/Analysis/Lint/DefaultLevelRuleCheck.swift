/// A rule whose level is not above the default level.
/// - `never-changes-outcome` when it gives the default level: the outcome is the most severe level among the
///   rules that fire, or the default when none fires, so such a rule never changes it.
/// - `below-default` when it gives a level below the default: when it is the only rule that fires it *lowers*
///   the outcome below the default, which is rarely meant.
/// Reported at the rule's `then LEVEL`.
struct DefaultLevelRuleCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let rs = context.ruleSet
        let fallback = context.level(rs.defaultLevel)
        for (i, rule) in rs.rules.enumerated()
        where rule.level <= rs.defaultLevel && !context.rulesNeverFiring.contains(i) {
            let span = context.levelSpan(rule: i)
            if rule.level == rs.defaultLevel {
                context.rulesWithoutEffect.insert(i)
                out.append(
                    .warning(
                        .neverChangesOutcome,
                        "rule `\(rule.name)` can never change the outcome: it gives `\(fallback)`, the default level",
                        at: span,
                        hint: "give it a level above `\(fallback)`, or make it an `advise` if it is only a prompt"))
            } else {
                out.append(
                    .warning(
                        .belowDefault,
                        "rule `\(rule.name)` gives `\(context.level(rule.level))`, below the default level `\(fallback)`: when it is the only rule that fires, the outcome drops below the default",
                        at: span,
                        hint:
                            "give it a level of `\(fallback)` or above, or lower the default (`default \(context.level(rule.level))`) if no rule firing should mean `\(context.level(rule.level))`"
                    ))
            }
        }
        return out
    }
}
