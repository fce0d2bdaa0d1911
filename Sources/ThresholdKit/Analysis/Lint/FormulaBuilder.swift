/// Builds `Formula`s from the compiled nodes of a rule set and their sites (`RuleSet.sites`, which locate
/// every sub-node): definitions inlined, each comparison turned into an atom on a variable. It neither parses
/// nor compiles anything again. Anything it does not reason about becomes an opaque atom keyed by the node's
/// structure, so the analysis stays conservative.
final class FormulaBuilder {
    let ruleSet: RuleSet
    let variables: VariableTable
    private var definitionFormulas: [Int: Formula] = [:]

    init(ruleSet: RuleSet, variables: VariableTable) {
        self.ruleSet = ruleSet
        self.variables = variables
    }

    /// A number, date or level operand, once definitions are inlined: a variable, or a constant and where it
    /// is written.
    enum Operand {
        case variable(Variable)
        case constant(ExactNumber, SourceSpan)
    }

    /// The formula of a yes/no definition, built once.
    func definition(_ i: Int) -> Formula? {
        if let f = definitionFormulas[i] { return f }
        guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body else {
            return nil
        }
        let f = condition(body, definitionSite(i))
        definitionFormulas[i] = f
        return f
    }

    private func definitionSite(_ i: Int) -> NodeSite {
        ruleSet.sites.definitions.indices.contains(i)
            ? ruleSet.sites.definitions[i] : NodeSite(ruleSet.definitions[i].span)
    }

    /// The formula of a condition located at `site`.
    func condition(_ node: BoolNode, _ site: NodeSite) -> Formula {
        let span = site.span
        switch node {
        case .constant(let t):
            switch t {
            case .yes: return Formula(.constant(true), span)
            case .no: return Formula(.constant(false), span)
            case .unknown: return opaque(node, span)
            }
        case .fact(let slot): return atom(.fact(slot), .isTrue, span)
        case .definition(let i):
            // Keep the definition's own spans inside; the use site is the node's span.
            return definition(i)?.at(span) ?? opaque(node, span)
        case .not(let x): return Formula(.not(condition(x, site[child: 0])), span)
        case .and(let xs): return Formula(.and(junction(xs, site, and: true)), span)
        case .or(let xs): return Formula(.or(junction(xs, site, and: false)), span)
        case .count(let mode, let xs):
            return Formula(.count(mode, xs.enumerated().map { condition($1, site[child: $0]) }), span)
        case .compareNum(let op, let a, let b):
            return comparison(op, number(a, site[child: 0]), number(b, site[child: 1]), node, span)
        case .compareTime(let op, let a, let b):
            return comparison(op, time(a, site[child: 0]), time(b, site[child: 1]), node, span)
        case .compareLevel(let op, let a, let b):
            return comparison(op, level(a, site[child: 0]), level(b, site[child: 1]), node, span)
        case .betweenNum(let x, let lo, let hi):
            guard case .variable(let v) = number(x, site[child: 0]),
                case .constant(let l, let ls) = number(lo, site[child: 1]),
                case .constant(let h, let hs) = number(hi, site[child: 2])
            else { return opaque(node, span) }
            return Formula(
                .and([atom(v, .compare(.ge, l), span, literal: ls), atom(v, .compare(.le, h), span, literal: hs)]),
                span)
        case .compareBool(let equal, let a, let b):
            let f = condition(a, site[child: 0])
            let g = condition(b, site[child: 1])
            if case .constant(let c) = g.kind { return c == equal ? f.at(span) : negated(f.at(span)) }
            if case .constant(let c) = f.kind { return c == equal ? g.at(span) : negated(g.at(span)) }
            return opaque(node, span)
        case .optionIs(let slot, let value, let equal):
            let f = atom(.fact(slot), .oneOf([value]), span, literal: site.literal)
            return equal ? f : negated(f)
        case .optionIn(let slot, let mask):
            return atom(.fact(slot), .oneOf(Set((0..<64).filter { mask & (1 << UInt64($0)) != 0 })), span)
        case .setHas(let slot, let bit):
            return atom(.fact(slot), .has(bit.trailingZeroBitCount), span, literal: site.literal)
        case .setIs(let slot, let mask, let equal):
            let f = atom(.fact(slot), .setEquals(mask), span, literal: site.literal)
            return equal ? f : negated(f)
        case .textIs(let slot, let s, let equal):
            let f = atom(.fact(slot), .textEquals(s), span)
            return equal ? f : negated(f)
        case .scoreBand(let s, let test, let band):
            let op: CompareOp = test == .exactly ? .eq : (test == .atLeast ? .ge : .le)
            return atom(.band(s), .compare(op, ExactNumber(band)), span, literal: site.literal)
        case .isKnown(let slot, let known): return knowing(.fact(slot), known, node, span)
        case .isKnownNum(let n, let known):
            guard case .variable(.fact(let slot)) = number(n, site[child: 0]) else { return opaqueKnown(node, span) }
            return knowing(.fact(slot), known, node, span)
        case .isKnownBool(let x, let known):
            let f = condition(x, site[child: 0])
            guard case .atom(let a) = f.kind, a.test == .isTrue, case .fact = a.variable else {
                return opaqueKnown(node, span)
            }
            return knowing(a.variable, known, node, span)
        }
    }

    /// The operands of an `and` (or `or`), with those that are themselves `and`s (an inlined definition, a
    /// `between` on dates) merged in, each keeping its own span.
    private func junction(_ xs: [BoolNode], _ site: NodeSite, and: Bool) -> [Formula] {
        var out: [Formula] = []
        for (k, x) in xs.enumerated() {
            let f = condition(x, site[child: k])
            switch (f.kind, and) {
            case (.and(let inner), true), (.or(let inner), false): out += inner
            default: out.append(f)
            }
        }
        return out
    }

    // MARK: Operands

    func number(_ node: NumNode, _ site: NodeSite) -> Operand {
        switch node {
        case .constant(let c): return .constant(c, site.span)
        case .fact(let slot): return .variable(.fact(slot))
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return term(node)
            }
            return number(body, definitionSite(i))
        case .scoreTotal(let i):
            let score = ruleSet.scores[i]
            return registered(.term("total:\(i)"), lo: score.possibleMin, hi: score.possibleMax)
        case .domainTotal(let i, let d):
            let range = ScoreRange.possible(ruleSet.scores[i].items.filter { $0.domain == d })
            return registered(.term("domain:\(i).\(d)"), lo: range.lo, hi: range.hi)
        case .arith, .negate:
            if let c = FormulaBuilder.fold(node) { return .constant(c, site.span) }
            return term(node)
        case .daysBetween, .yearsBetween: return term(node)
        }
    }

    /// Dates are numbers of minutes.
    func time(_ node: TimeNode, _ site: NodeSite) -> Operand {
        switch node {
        case .constant(let minutes): return .constant(ExactNumber(Int(minutes)), site.span)
        case .fact(let slot, _): return .variable(.fact(slot))
        }
    }

    /// Levels are numbers: their index.
    func level(_ source: LevelSource, _ site: NodeSite) -> Operand {
        switch source {
        case .fact(let slot): return .variable(.fact(slot))
        case .outcome: return .variable(.outcome)
        case .constant(let l): return .constant(ExactNumber(l), site.span)
        }
    }

    private func registered(_ v: Variable, lo: ExactNumber?, hi: ExactNumber?) -> Operand {
        variables.register(v, VariableInfo(kind: .number(lo: lo, hi: hi, integer: false), canBeUnknown: false))
        return .variable(v)
    }

    /// A derived number the analysis does not look inside (arithmetic on facts, a number of days).
    private func term(_ node: NumNode) -> Operand {
        let v = Variable.term(FormulaBuilder.key(node))
        variables.register(v, .unboundedNumber)
        return .variable(v)
    }

    /// Arithmetic written with number literals only.
    static func fold(_ node: NumNode) -> ExactNumber? {
        switch node {
        case .constant(let n): return n
        case .negate(let x): return fold(x).flatMap { $0.negated() }
        case .arith(let op, let a, let b):
            guard let x = fold(a), let y = fold(b) else { return nil }
            switch op {
            case .add: return x.adding(y)
            case .sub: return x.subtracting(y)
            case .mul: return x.multiplied(by: y)
            case .div: return x.divided(by: y)
            }
        case .fact, .definition, .scoreTotal, .domainTotal, .daysBetween, .yearsBetween: return nil
        }
    }

    // MARK: Atoms

    private func comparison(_ op: CompareOp, _ x: Operand, _ y: Operand, _ node: BoolNode, _ span: SourceSpan)
        -> Formula
    {
        switch (x, y) {
        case (.variable(let v), .constant(let c, let literal)): return atom(v, .compare(op, c), span, literal: literal)
        case (.constant(let c, let literal), .variable(let v)):
            return atom(v, .compare(op.flipped, c), span, literal: literal)
        case (.constant(let a, _), .constant(let b, _)): return Formula(.constant(op.holds(a, b)), span)
        case (.variable, .variable): return opaque(node, span)
        }
    }

    private func atom(_ v: Variable, _ t: Test, _ span: SourceSpan, literal: SourceSpan? = nil) -> Formula {
        Formula(.atom(Atom(variable: v, test: t)), span, literal: literal)
    }

    /// `not f` for an operator that is itself a negation (`!=`, `is unknown`): the text quotes the negation.
    private func negated(_ f: Formula) -> Formula {
        var inner = f
        inner.textIsNegation = true
        return Formula(.not(inner), f.span, literal: f.literalSpan)
    }

    /// `v is known` (or `is unknown`).
    private func knowing(_ v: Variable, _ known: Bool, _ node: BoolNode, _ span: SourceSpan) -> Formula {
        let f = atom(v, .isKnown, span)
        return known ? f : negated(f)
    }

    /// A condition the analysis does not look inside: yes, no or unknown on its own.
    private func opaque(_ node: BoolNode, _ span: SourceSpan) -> Formula {
        let v = Variable.opaque(FormulaBuilder.key(node))
        variables.register(v, .opaqueCondition)
        return atom(v, .isTrue, span)
    }

    /// An `is known` test of something the analysis does not look inside: never unknown itself.
    private func opaqueKnown(_ node: BoolNode, _ span: SourceSpan) -> Formula {
        let v = Variable.opaque(FormulaBuilder.key(node))
        variables.register(v, VariableInfo(kind: .bool, canBeUnknown: false))
        return atom(v, .isTrue, span)
    }
}
