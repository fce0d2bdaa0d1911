/// Builds `Formula`s from the syntax tree of a rule set that compiled without errors: resolves names against
/// the compiled `RuleSet`, inlines definitions, and turns each comparison into an atom on a variable.
/// Anything it does not reason about becomes an opaque atom, so the analysis stays conservative.
final class FormulaBuilder {
    let ruleSet: RuleSet
    let variables: VariableTable
    private let defines: [String: DefineDecl]
    private var definitionFormulas: [String: Formula] = [:]
    /// Definitions being inlined (a compiled rule set has no cycles; this only guards the recursion).
    private var inlining: Set<String> = []

    init(ruleSet: RuleSet, defines: [String: DefineDecl], variables: VariableTable) {
        self.ruleSet = ruleSet
        self.defines = defines
        self.variables = variables
    }

    /// What an expression is, once its names are resolved.
    enum Operand {
        case condition(Formula)
        /// A numeric (or date) variable.
        case number(Variable)
        case constant(ExactNumber, SourceSpan)
        case option(Int)
        case options(Int)
        case text(Int)
        case string(String)
        /// A level: a level fact or `outcome`.
        case level(Variable)
        case score(Int)
        case word(String, SourceSpan)
        case unsupported
    }

    /// The formula of a condition.
    func condition(_ e: Expr) -> Formula {
        if case .condition(let f) = operand(e) { return f }
        return opaque(e)
    }

    /// The formula of a yes/no definition, built once.
    func definition(named name: String) -> Formula? {
        if let f = definitionFormulas[name] { return f }
        guard let d = defines[name], !inlining.contains(name) else { return nil }
        inlining.insert(name)
        defer { inlining.remove(name) }
        guard case .condition(let f) = operand(d.body) else { return nil }
        definitionFormulas[name] = f
        return f
    }

    private func opaque(_ e: Expr) -> Formula {
        let v = Variable.opaque(FormulaBuilder.key(e))
        variables.register(v, .opaqueCondition)
        return Formula(.atom(Atom(variable: v, test: .isTrue)), e.span)
    }

    func operand(_ e: Expr) -> Operand {
        switch e.kind {
        case .number(let n): return .constant(n, e.span)
        case .bool(let b): return .condition(Formula(.constant(b), e.span))
        case .date(let d):
            return .constant(ExactNumber(Int(d.daysSinceEpoch) * Int(CivilDateTime.minutesPerDay)), e.span)
        case .dateTime(let d): return .constant(ExactNumber(Int(d.minutesSinceEpoch)), e.span)
        case .string(let s): return .string(s)
        case .name(let w): return name(w, e)
        case .member(let s, let m): return member(s, m)
        case .negate, .arith, .daysBetween, .yearsBetween: return arithmetic(e)
        case .compare(let op, let a, let b): return .condition(comparison(op, a, b, e))
        case .between(let x, let lo, let hi): return .condition(between(x, lo, hi, e))
        case .inList(let x, let items): return .condition(inList(x, items, e))
        case .has(let x, let v): return .condition(has(x, v, e))
        case .isKnown(let x, let known): return .condition(isKnown(x, known, e))
        case .rank(let x, let test, let target): return .condition(rank(x, test, target, e))
        case .not(let x): return .condition(Formula(.not(condition(x)), e.span))
        case .and(let a, let b): return .condition(Formula(.and(flatten(a, b, and: true)), e.span))
        case .or(let a, let b): return .condition(Formula(.or(flatten(a, b, and: false)), e.span))
        case .count(let mode, let items): return .condition(Formula(.count(mode, items.map(condition)), e.span))
        }
    }

    /// The operands of nested `and`s (or `or`s), flattened, each keeping its own span.
    private func flatten(_ a: Expr, _ b: Expr, and: Bool) -> [Formula] {
        var out: [Formula] = []
        for x in [a, b] {
            let f = condition(x)
            switch (f.kind, and) {
            case (.and(let inner), true), (.or(let inner), false): out += inner
            default: out.append(f)
            }
        }
        return out
    }

    private func name(_ w: String, _ e: Expr) -> Operand {
        if w == "outcome" { return .level(.outcome) }
        if let slot = ruleSet.factIndex[w] {
            switch ruleSet.facts[slot].type {
            case .yesNo: return .condition(Formula(.atom(Atom(variable: .fact(slot), test: .isTrue)), e.span))
            case .number, .count, .date, .dateTime: return .number(.fact(slot))
            case .oneOf: return .option(slot)
            case .someOf: return .options(slot)
            case .text: return .text(slot)
            case .level: return .level(.fact(slot))
            }
        }
        if let d = defines[w], !inlining.contains(w) {
            if let f = definition(named: w) {
                // Keep the definition's own spans inside; the use site is the node's span.
                return .condition(f.at(e.span))
            }
            inlining.insert(w)
            defer { inlining.remove(w) }
            return operand(d.body)
        }
        if let s = ruleSet.scoreIndex[w] { return .score(s) }
        return .word(w, e.span)
    }

    private func member(_ s: Name, _ m: Name) -> Operand {
        guard let i = ruleSet.scoreIndex[s.text] else { return .unsupported }
        let score = ruleSet.scores[i]
        if m.text == "total" {
            let v = Variable.term("total:\(i)")
            variables.register(
                v,
                VariableInfo(
                    kind: .number(lo: score.possibleMin, hi: score.possibleMax, integer: false), canBeUnknown: false))
            return .number(v)
        }
        guard let d = score.domains.firstIndex(where: { $0.name == m.text }) else { return .unsupported }
        let v = Variable.term("domain:\(i).\(d)")
        let range = ScoreRange.possible(score.items.filter { $0.domain == d })
        variables.register(
            v, VariableInfo(kind: .number(lo: range.lo, hi: range.hi, integer: false), canBeUnknown: false))
        return .number(v)
    }

    /// Arithmetic: folded when every operand is a constant, else a derived numeric variable.
    private func arithmetic(_ e: Expr) -> Operand {
        if let c = FormulaBuilder.fold(e) { return .constant(c, e.span) }
        let v = Variable.term(FormulaBuilder.key(e))
        variables.register(v, .unboundedNumber)
        return .number(v)
    }

    static func fold(_ e: Expr) -> ExactNumber? {
        switch e.kind {
        case .number(let n): return n
        case .negate(let x): return fold(x).flatMap { $0.negated() }
        case .arith(let op, let a, let b):
            guard let x = fold(a), let y = fold(b) else { return nil }
            switch op {
            case .add: return x.adding(y)
            case .sub: return x.subtracting(y)
            case .mul: return x.multiplied(by: y)
            case .div: return x.divided(by: y)
            }
        default: return nil
        }
    }

    // MARK: Comparisons

    private func atom(_ v: Variable, _ t: Test, _ span: SourceSpan, literal: SourceSpan? = nil) -> Formula {
        Formula(.atom(Atom(variable: v, test: t)), span, literal: literal)
    }

    /// `not f` for an operator that is itself a negation (`!=`, `is unknown`): the text quotes the negation.
    private func negated(_ f: Formula) -> Formula {
        var inner = f
        inner.textIsNegation = true
        return Formula(.not(inner), f.span, literal: f.literalSpan)
    }

    private func comparison(_ op: CompareOp, _ a: Expr, _ b: Expr, _ e: Expr) -> Formula {
        let x = operand(a)
        let y = operand(b)
        let equal = op == .eq
        switch (x, y) {
        case (.number(let v), .constant(let c, let span)):
            return atom(v, .compare(op, c), e.span, literal: span)
        case (.constant(let c, let span), .number(let v)):
            return atom(v, .compare(op.flipped, c), e.span, literal: span)
        case (.constant(let c1, _), .constant(let c2, _)):
            return Formula(.constant(op.holds(c1, c2)), e.span)
        case (.condition(let f), .condition(let g)) where op == .eq || op == .ne:
            if case .constant(let b) = g.kind { return b == equal ? f.at(e.span) : negated(f.at(e.span)) }
            if case .constant(let b) = f.kind { return b == equal ? g.at(e.span) : negated(g.at(e.span)) }
            return opaque(e)
        case (.option(let slot), .word(let w, let span)) where op == .eq || op == .ne,
            (.word(let w, let span), .option(let slot)) where op == .eq || op == .ne:
            guard let i = ruleSet.facts[slot].type.options.firstIndex(of: w) else { return opaque(e) }
            let f = atom(.fact(slot), .oneOf([i]), e.span, literal: span)
            return equal ? f : negated(f)
        case (.options(let slot), .word(let w, let span)) where op == .eq || op == .ne:
            guard let i = ruleSet.facts[slot].type.options.firstIndex(of: w), i < 64 else { return opaque(e) }
            let f = atom(.fact(slot), .setEquals(1 << UInt64(i)), e.span, literal: span)
            return equal ? f : negated(f)
        case (.text(let slot), .string(let s)) where op == .eq || op == .ne,
            (.string(let s), .text(let slot)) where op == .eq || op == .ne:
            let f = atom(.fact(slot), .textEquals(s), e.span)
            return equal ? f : negated(f)
        case (.level(let v), .word(let w, let span)):
            guard let l = ruleSet.levelIndex[w] else { return opaque(e) }
            return atom(v, .compare(op, ExactNumber(l)), e.span, literal: span)
        case (.word(let w, let span), .level(let v)):
            guard let l = ruleSet.levelIndex[w] else { return opaque(e) }
            return atom(v, .compare(op.flipped, ExactNumber(l)), e.span, literal: span)
        default:
            return opaque(e)
        }
    }

    private func between(_ x: Expr, _ lo: Expr, _ hi: Expr, _ e: Expr) -> Formula {
        guard case .number(let v) = operand(x), case .constant(let l, let ls) = operand(lo),
            case .constant(let h, let hs) = operand(hi)
        else { return opaque(e) }
        return Formula(
            .and([atom(v, .compare(.ge, l), e.span, literal: ls), atom(v, .compare(.le, h), e.span, literal: hs)]),
            e.span)
    }

    private func inList(_ x: Expr, _ items: [Expr], _ e: Expr) -> Formula {
        switch operand(x) {
        case .option(let slot):
            let values = ruleSet.facts[slot].type.options
            var set = Set<Int>()
            for item in items {
                guard case .name(let w) = item.kind, let i = values.firstIndex(of: w) else { return opaque(e) }
                set.insert(i)
            }
            return atom(.fact(slot), .oneOf(set), e.span)
        case .number(let v):
            var parts: [Formula] = []
            for item in items {
                guard case .constant(let c, let span) = operand(item) else { return opaque(e) }
                parts.append(atom(v, .compare(.eq, c), e.span, literal: span))
            }
            return Formula(.or(parts), e.span)
        case .level(let v):
            var parts: [Formula] = []
            for item in items {
                guard case .name(let w) = item.kind, let l = ruleSet.levelIndex[w] else { return opaque(e) }
                parts.append(atom(v, .compare(.eq, ExactNumber(l)), e.span, literal: item.span))
            }
            return Formula(.or(parts), e.span)
        default:
            return opaque(e)
        }
    }

    private func has(_ x: Expr, _ value: Name, _ e: Expr) -> Formula {
        guard case .options(let slot) = operand(x), let i = ruleSet.facts[slot].type.options.firstIndex(of: value.text)
        else {
            return opaque(e)
        }
        return atom(.fact(slot), .has(i), e.span, literal: value.span)
    }

    private func isKnown(_ x: Expr, _ known: Bool, _ e: Expr) -> Formula {
        var variable: Variable?
        switch operand(x) {
        case .number(.fact(let s)), .option(let s), .options(let s), .text(let s), .level(.fact(let s)):
            variable = .fact(s)
        case .condition(let f):
            if case .atom(let a) = f.kind, a.test == .isTrue, case .fact = a.variable { variable = a.variable }
        default: break
        }
        guard let v = variable else {
            let o = Variable.opaque(FormulaBuilder.key(e))
            variables.register(o, VariableInfo(kind: .bool, canBeUnknown: false))
            return atom(o, .isTrue, e.span)
        }
        let f = atom(v, .isKnown, e.span)
        return known ? f : negated(f)
    }

    private func rank(_ x: Expr, _ test: RankTest, _ target: Name, _ e: Expr) -> Formula {
        let op: CompareOp = test == .exactly ? .eq : (test == .atLeast ? .ge : .le)
        switch operand(x) {
        case .score(let s):
            guard let b = ruleSet.scores[s].bands.firstIndex(where: { $0.name == target.text }) else {
                return opaque(e)
            }
            return atom(.band(s), .compare(op, ExactNumber(b)), e.span, literal: target.span)
        case .level(let v):
            guard let l = ruleSet.levelIndex[target.text] else { return opaque(e) }
            return atom(v, .compare(op, ExactNumber(l)), e.span, literal: target.span)
        default:
            return opaque(e)
        }
    }
}
