/// `unused-fact`: a fact that no rule, cap, definition, score or advice reads (the clock fact is used by the due
/// time). Reported at the fact's name.
struct UnusedFactCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var read = Set<Int>()
        for r in rs.rules { read.formUnion(r.factsRead) }
        for c in rs.caps { read.formUnion(c.factsRead) }
        for a in rs.advice { read.formUnion(a.factsRead) }
        for d in rs.definitions { read.formUnion(d.factsRead) }
        for s in rs.scores { read.formUnion(s.factsRead) }
        if let clock = rs.clockFact { read.insert(clock) }
        return rs.facts.indices.filter { !read.contains($0) }.map { slot in
            let fact = rs.facts[slot]
            return .warning(
                .unusedFact,
                "fact `\(fact.name)` is declared but nothing reads it: no rule, definition, score or advice uses it",
                at: fact.span,
                hint: "use it in the rule it was meant for, or remove it (and any scenario lines that give it a value)")
        }
    }
}
