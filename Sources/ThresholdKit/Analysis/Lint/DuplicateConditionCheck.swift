/// `duplicate-condition`: two rules, or two pieces of advice, with the same condition (however it is written:
/// operands of `and`/`or` in any order, definitions inlined). Reported at the later declaration.
/// Advice whose condition is one named fact or definition is exempt: naming the condition is the way to say
/// that several pieces of advice belong to the same circumstance.
struct DuplicateConditionCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let rs = context.ruleSet
        var firstRule: [String: Int] = [:]
        for (i, f) in context.rules.enumerated() where !context.rulesNeverFiring.contains(i) {
            let key = f.canonicalKey
            guard let j = firstRule[key] else {
                firstRule[key] = i
                continue
            }
            let (a, b) = (rs.rules[j], rs.rules[i])
            let consequence: String
            if a.level == b.level {
                consequence = "both give `\(context.level(a.level))`, so one of them can never change the outcome"
            } else {
                let (low, high) = a.level < b.level ? (a, b) : (b, a)
                consequence =
                    "`\(low.name)` (\(context.level(low.level))) can never change the outcome, because `\(high.name)` (\(context.level(high.level))) fires whenever it does"
            }
            context.rulesWithoutEffect.insert(a.level == b.level ? i : (a.level < b.level ? j : i))
            out.append(
                .warning(
                    .duplicateCondition, "rule `\(b.name)` has the same condition as rule `\(a.name)`: \(consequence)",
                    at: b.span, hint: "remove one of them, or merge their `because` texts into one rule",
                    notes: [DiagnosticNote("rule `\(a.name)` is here", at: a.span)]))
        }
        var firstAdvice: [String: Int] = [:]
        for (i, f) in context.advice.enumerated() {
            if context.adviceNamesItsCondition(i) { continue }
            let key = f.canonicalKey
            guard let j = firstAdvice[key] else {
                firstAdvice[key] = i
                continue
            }
            let (a, b) = (rs.advice[j], rs.advice[i])
            out.append(
                .warning(
                    .duplicateCondition, "advice `\(b.name)` has the same condition as advice `\(a.name)`",
                    at: b.span,
                    hint:
                        "merge the two texts into one piece of advice, or name the shared condition with `define` and use it in both",
                    notes: [DiagnosticNote("advice `\(a.name)` is here", at: a.span)]))
        }
        return out
    }
}
