/// `unused-definition`: a definition that no rule, cap, advice, score or other definition refers to.
/// Reported at the definition's name.
struct UnusedDefinitionCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var reads = NodeReads(rs, throughDefinitions: false)
        reads.walk(rs)
        let used = reads.definitions
        return rs.definitions.indices.filter { !used.contains($0) }.map { i in
            let d = rs.definitions[i]
            return .warning(
                .unusedDefinition,
                "definition `\(d.name)` is never used: no rule, advice, score or other definition refers to it",
                at: d.span, hint: "use it where it was meant to apply, or remove it")
        }
    }
}
