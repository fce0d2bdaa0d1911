/// Builds `Formula`s from the compiled nodes of a rule set and their sites (`RuleSet.sites`, which locate
/// every sub-node): definitions inlined, each comparison turned into an atom on a variable. It neither parses
/// nor compiles anything again. Anything it does not reason about becomes an opaque atom keyed by the node's
/// structure, so the analysis stays conservative.
final class FormulaBuilder {
    let ruleSet: RuleSet
    let variables: VariableTable
    private var definitionFormulas: [Int: Formula] = [:]
    /// Definitions whose formula, inlined, has more than `inlinedNodes` nodes: used as opaque conditions, and
    /// not checked on their own.
    private var tooLarge: Set<Int> = []

    /// The most nodes a definition's formula may have, once the definitions it uses are inlined. A chain of
    /// definitions each using the one before grows by one a link, so that inlining all of them was quadratic
    /// in the chain (4,000 links took seconds of `check`; found by an attack test). No shipped definition
    /// comes near.
    static let inlinedNodes = 256

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

    /// The formula of a yes/no definition, built once; nil past `inlinedNodes` nodes.
    func definition(_ i: Int) -> Formula? {
        if let f = definitionFormulas[i] { return f }
        guard !tooLarge.contains(i), ruleSet.definitions.indices.contains(i),
            case .condition(let body) = ruleSet.definitions[i].body
        else {
            return nil
        }
        let f = condition(body, definitionSite(i))
        if f.nodes(upTo: FormulaBuilder.inlinedNodes + 1) > FormulaBuilder.inlinedNodes {
            tooLarge.insert(i)
            return nil
        }
        definitionFormulas[i] = f
        return f
    }

    private func definitionSite(_ i: Int) -> NodeSite {
        ruleSet.sites.definitions.indices.contains(i)
            ? ruleSet.sites.definitions[i] : NodeSite(ruleSet.definitions[i].span)
    }

    /// The formula of a condition located at `site`. It works from what the one walker says of every kind
    /// (`role`, `asks`, `directRead`, `forEachChild`), so a new node kind needs nothing here: it is an opaque
    /// condition until `asks` says more of it.
    func condition(_ node: BoolNode, _ site: NodeSite) -> Formula {
        let span = site.span
        switch node.role {
        case .constant:
            if case .constant(let t) = node, t != .unknown { return Formula(.constant(t == .yes), span) }
            return opaque(node, span)
        case .value:
            switch node.directRead {
            case .fact(let slot)?: return atom(.fact(slot), .isTrue, span)
            // Keep the definition's own spans inside; the use site is the node's span.
            case .definition(let i)?: return definition(i)?.at(span) ?? opaque(node, span)
            case .score?, .outcome?, nil: return opaque(node, span)
            }
        case .junction(let junction):
            let parts = conditions(under: node, site)
            switch junction {
            case .not:
                guard parts.count == 1 else { return opaque(node, span) }
                return Formula(.not(parts[0]), span)
            case .and: return Formula(.and(merged(parts, and: true)), span)
            case .or: return Formula(.or(merged(parts, and: false)), span)
            case .count(let mode): return Formula(.count(mode, parts), span)
            }
        case .knownTest: return knownTest(node, site)
        case .test: return test(node, site)
        }
    }

    /// The formulas of a node's condition sub-nodes, in order.
    private func conditions(under node: BoolNode, _ site: NodeSite) -> [Formula] {
        var out: [Formula] = []
        var k = 0
        node.forEachChild { child in
            if case .bool(let b) = child { out.append(condition(b, site[child: k])) }
            k += 1
        }
        return out
    }

    /// A node's sub-nodes, in order.
    private func children(_ node: BoolNode) -> [NodeChild] {
        var out: [NodeChild] = []
        node.forEachChild { out.append($0) }
        return out
    }

    /// The operands of an `and` (or `or`), with those that are themselves `and`s (an inlined definition, a
    /// `between` on dates) merged in, each keeping its own span.
    private func merged(_ parts: [Formula], and: Bool) -> [Formula] {
        var out: [Formula] = []
        for f in parts {
            switch (f.kind, and) {
            case (.and(let inner), true), (.or(let inner), false): out += inner
            default: out.append(f)
            }
        }
        return out
    }

    private func test(_ node: BoolNode, _ site: NodeSite) -> Formula {
        let span = site.span
        let subs = children(node)
        switch node.asks {
        case .compare(let op):
            guard subs.count == 2, let x = operand(subs[0], site[child: 0]), let y = operand(subs[1], site[child: 1])
            else { return opaque(node, span) }
            return comparison(op, x, y, node, span)
        case .between:
            guard subs.count == 3, case .variable(let v)? = operand(subs[0], site[child: 0]),
                case .constant(let l, let ls)? = operand(subs[1], site[child: 1]),
                case .constant(let h, let hs)? = operand(subs[2], site[child: 2])
            else { return opaque(node, span) }
            return Formula(
                .and([atom(v, .compare(.ge, l), span, literal: ls), atom(v, .compare(.le, h), span, literal: hs)]),
                span)
        case .sameAs(let equal):
            let parts = conditions(under: node, site)
            guard parts.count == 2 else { return opaque(node, span) }
            let (f, g) = (parts[0], parts[1])
            if case .constant(let c) = g.kind { return c == equal ? f.at(span) : negated(f.at(span)) }
            if case .constant(let c) = f.kind { return c == equal ? g.at(span) : negated(g.at(span)) }
            return opaque(node, span)
        case .value(let slot, let question, let equal):
            let f: Formula
            switch question {
            case .oneOf(let values): f = atom(.fact(slot), .oneOf(values), span, literal: site.literal)
            case .has(let i): f = atom(.fact(slot), .has(i), span, literal: site.literal)
            case .setEquals(let mask): f = atom(.fact(slot), .setEquals(mask), span, literal: site.literal)
            case .text(let text): f = atom(.fact(slot), .textEquals(text), span)
            }
            return equal ? f : negated(f)
        case .band(let score, let op, let band):
            return atom(.band(score), .compare(op, ExactNumber(band)), span, literal: site.literal)
        case .known: return knownTest(node, site)
        case .opaque: return opaque(node, span)
        }
    }

    /// `is known` (or `is unknown`) of a fact, or of something that is one fact: an atom on the fact; of
    /// anything else, a condition the analysis does not look inside.
    private func knownTest(_ node: BoolNode, _ site: NodeSite) -> Formula {
        let span = site.span
        guard case .known(let known) = node.asks else { return opaque(node, span) }
        if case .fact(let slot)? = node.directRead { return knowing(.fact(slot), known, span) }
        let subs = children(node)
        guard subs.count == 1 else { return opaqueKnown(node, span) }
        switch subs[0] {
        case .num(let n):
            if case .variable(.fact(let slot)) = number(n, site[child: 0]) { return knowing(.fact(slot), known, span) }
        case .bool(let b):
            let f = condition(b, site[child: 0])
            if case .atom(let a) = f.kind, a.test == .isTrue, case .fact = a.variable {
                return knowing(a.variable, known, span)
            }
        case .time, .level: break
        }
        return opaqueKnown(node, span)
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

    /// A sub-node as an operand (nil for a condition, which is not compared as a number).
    private func operand(_ child: NodeChild, _ site: NodeSite) -> Operand? {
        switch child {
        case .num(let n): return number(n, site)
        case .time(let t): return time(t, site)
        case .level(let l): return level(l, site)
        case .bool: return nil
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
    private func knowing(_ v: Variable, _ known: Bool, _ span: SourceSpan) -> Formula {
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
