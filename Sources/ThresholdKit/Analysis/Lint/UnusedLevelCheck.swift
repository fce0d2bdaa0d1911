/// `unused-level`: a level that no rule gives and that is not the default. A level compared with a `level`
/// fact (`referrer_view is red`) or given as one's default counts as used: a referrer may still propose it.
/// (Comparing `outcome` with it does not: such advice can never be given, which `never-holds` reports.)
/// Reported at the level's name in the `levels` block.
struct UnusedLevelCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var used = Set(rs.rules.map(\.level))
        used.insert(rs.defaultLevel)
        for fact in rs.facts { if case .level(let l)? = fact.defaultValue { used.insert(l) } }
        for condition in context.conditions {
            for node in condition.formula.atomNodes {
                guard case .atom(let a) = node.kind, case .compare(_, let c) = a.test, let l = c.intValue else {
                    continue
                }
                if case .fact(let slot) = a.variable, rs.facts.indices.contains(slot), case .level = rs.facts[slot].type
                {
                    used.insert(l)
                }
            }
        }
        return rs.levels.indices.filter { !used.contains($0) }.map { i in
            let level = rs.levels[i]
            return .warning(
                .unusedLevel,
                "level `\(level.name)` is never given: no rule has `then \(level.name)`, it is not the default, and no `level` fact is compared with it",
                at: level.span, hint: "add the rule that gives `\(level.name)`, or remove it from `levels`")
        }
    }
}
