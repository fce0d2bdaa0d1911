/// `unused-definition`: a definition that no rule, cap, advice, score or other definition refers to.
/// Reported at the definition's name.
struct UnusedDefinitionCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var reads = NodeReads(rs, throughDefinitions: false)
        reads.walk(rs)
        let used = reads.definitions
        let unused = rs.definitions.indices.filter { !used.contains($0) }
        return unused.map { i in
            .warning(
                .unusedDefinition,
                "definition `\(rs.definitions[i].name)` is never used: no rule, advice, score or other definition refers to it",
                at: rs.definitions[i].span, hint: "use it where it was meant to apply, or remove it")
        }
    }
}
