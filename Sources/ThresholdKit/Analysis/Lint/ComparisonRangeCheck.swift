/// Comparisons with a number the fact (or score total) cannot reach:
/// - `never-holds` for an ordering comparison that no value in the declared range satisfies (`age > 30` when
///   `age` is 0 to 25);
/// - `out-of-range` for any other literal outside the declared range (`age = 30`, `age < 30`, `siblings = 1.5`).
struct ComparisonRangeCheck: LintCheck {
    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for condition in context.conditions {
            for node in condition.formula.atomNodes {
                guard case .atom(let atom) = node.kind, case .compare(let op, let c) = atom.test,
                    let literal = node.literalSpan, !context.reported.contains(node.span),
                    let range = declaredRange(atom.variable, context)
                else { continue }
                let quoted = context.text(node.span)
                let ordering = op != .eq && op != .ne
                if ordering, range.none(op, c) {
                    context.reported.insert(node.span)
                    out.append(
                        .warning(
                            .neverHolds,
                            "`\(quoted)` can never hold: \(what(atom.variable, context)) is \(range.description)",
                            at: node.span, hint: hint(atom.variable, context)))
                } else if range.none(.eq, c) {
                    context.reported.insert(node.span)
                    let test = "`\(context.variables.describe(atom.variable)) \(op.rawValue) \(c)`"
                    let consequence: String
                    switch op {
                    case .eq: consequence = "so \(test) can never hold"
                    default:
                        if range.all(op, c) {
                            consequence = "so \(test) holds whenever it is known"
                        } else {
                            consequence =
                                "so \(test) means `\(context.variables.describe(atom.variable)) \(whole(op, c))`: write that"
                        }
                    }
                    out.append(
                        .warning(
                            .outOfRange,
                            "\(c) is not a value \(what(atom.variable, context)) can have (it is \(range.description)), \(consequence)",
                            at: literal, hint: hint(atom.variable, context)))
                }
            }
        }
        return out
    }

    /// The whole-number comparison that means the same as `op c` on whole numbers: `> 2.5` is `>= 3`.
    func whole(_ op: CompareOp, _ c: ExactNumber) -> String {
        switch op {
        case .gt, .ge: return ">= \(c.ceiling)"
        case .lt, .le: return "<= \(c.floor)"
        case .eq, .ne: return "\(op.rawValue) \(c)"
        }
    }

    /// The declared range of a fact or a score total; nil for variables without a meaningful declared range.
    func declaredRange(_ v: Variable, _ context: LintContext) -> Interval? {
        switch v {
        case .fact(let slot):
            guard context.ruleSet.facts.indices.contains(slot), context.ruleSet.facts[slot].type.isNumeric else {
                return nil
            }
        case .term(let key):
            guard key.hasPrefix("total:") || key.hasPrefix("domain:") else { return nil }
        default:
            return nil
        }
        guard case .number(let lo, let hi, let integer) = context.variables.info(v).kind else { return nil }
        if lo == nil && hi == nil && !integer { return nil }
        return Interval(lo: lo, hi: hi, integer: integer)
    }

    func what(_ v: Variable, _ context: LintContext) -> String {
        switch v {
        case .fact(let slot):
            let fact = context.ruleSet.facts[slot]
            if case .count = fact.type { return "`\(fact.name)` (a whole number)" }
            return "`\(fact.name)`"
        default: return "the total"
        }
    }

    func hint(_ v: Variable, _ context: LintContext) -> String {
        if case .fact(let slot) = v {
            let fact = context.ruleSet.facts[slot]
            return
                "check the number against the fact's declaration (`fact \(fact.name) \(declaration(fact.type))`), or widen its range there"
        }
        return "check the number against the most the score's items can add up to"
    }

    private func declaration(_ t: FactType) -> String {
        switch t {
        case .number(let lo?, let hi?): return "number \(lo) to \(hi)"
        case .count(let hi?): return "count to \(hi)"
        case .count: return "count"
        default: return "number"
        }
    }
}
