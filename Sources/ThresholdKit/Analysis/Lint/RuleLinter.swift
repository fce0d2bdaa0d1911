/// One lint check: looks at a rule set through the shared context and returns warnings.
protocol LintCheck: Sendable {
    func run(_ context: LintContext) -> [Diagnostic]
}

/// `threshold check`'s analysis warnings for a compiled rule set: conditions that can never hold, rules that
/// can never change the outcome, duplicate conditions, unused facts, definitions and levels, bands no total
/// reaches, and literals outside a fact's range. Every warning is certain (the analysis is conservative: it
/// says nothing when it cannot be sure), points at the rule or sub-expression concerned, and says what to do.
///
/// The reasoning is over intervals and finite domains of the variables a condition tests, never over all
/// inputs, so it stays fast on large rule sets.
public enum RuleLinter {
    /// The checks, in the order they run: later checks skip what earlier ones reported.
    static let checks: [any LintCheck] = [
        ComparisonRangeCheck(),
        NeverHoldsCheck(),
        DefaultLevelRuleCheck(),
        CapNeverLowersCheck(),
        DuplicateConditionCheck(),
        CoveredRuleCheck(),
        UnusedFactCheck(),
        UnusedDefinitionCheck(),
        UnusedLevelCheck(),
        UnreachableBandCheck(),
        NoCalendarCheck(),
    ]

    /// The warnings for `ruleSet`, whose source files are in `sources` (by path), in source order.
    public static func lint(_ ruleSet: RuleSet, sources: [String: SourceFile]) -> [Diagnostic] {
        let context = LintContext(ruleSet, sources: sources)
        let found = checks.flatMap { $0.run(context) }
        return found.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            switch (x.span?.start, y.span?.start) {
            case (let p?, let q?) where p != q: return p < q
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
