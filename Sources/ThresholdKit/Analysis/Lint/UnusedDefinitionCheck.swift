/// `unused-definition`: a definition that no rule, advice, score or other definition refers to.
/// Reported at the definition's name.
struct UnusedDefinitionCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var used = Set<Int>()
        for r in rs.rules { NodeWalker.definitions(in: r.condition, into: &used) }
        for a in rs.advice { NodeWalker.definitions(in: a.condition, into: &used) }
        for d in rs.definitions {
            switch d.body {
            case .condition(let b): NodeWalker.definitions(in: b, into: &used)
            case .number(let n): NodeWalker.definitions(in: n, into: &used)
            }
        }
        for s in rs.scores {
            for item in s.items {
                switch item.kind {
                case .when(_, let b): NodeWalker.definitions(in: b, into: &used)
                case .add(let n, _, _): NodeWalker.definitions(in: n, into: &used)
                }
            }
            for f in s.floors { NodeWalker.definitions(in: f.condition, into: &used) }
        }
        return rs.definitions.indices.filter { !used.contains($0) }.map { i in
            let d = rs.definitions[i]
            return .warning(
                .unusedDefinition,
                "definition `\(d.name)` is never used: no rule, advice, score or other definition refers to it",
                at: d.span, hint: "use it where it was meant to apply, or remove it")
        }
    }
}
