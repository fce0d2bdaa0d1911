/// Compiling expressions: resolving names, checking types, producing nodes.
extension Compiler {
    /// A compiled node with where it came from (see `NodeSite`).
    struct Sited<Node> {
        var node: Node
        var site: NodeSite
    }

    /// What an expression turned out to be. Every node comes with its site.
    enum Typed {
        case bool(BoolNode, NodeSite)
        case num(NumNode, NodeSite)
        case time(TimeNode, NodeSite)
        case option(Int)
        case options(Int)
        case text(Int)
        case string(String)
        case level(LevelSource, NodeSite)
        case score(Int)
        /// A bare name that is not a fact, definition or score: an enum value or level, or a mistake.
        case word(Name)
        /// Already reported.
        case invalid

        var phrase: String {
            switch self {
            case .bool: return "a yes/no condition"
            case .num: return "a number"
            case .time: return "a date"
            case .option: return "a `one of` fact"
            case .options: return "a `some of` fact"
            case .text, .string: return "text"
            case .level: return "a level"
            case .score: return "a score"
            case .word(let n): return "`\(n.text)`"
            case .invalid: return "invalid"
            }
        }

        var asBool: (node: BoolNode, site: NodeSite)? {
            guard case .bool(let b, let site) = self else { return nil }
            return (b, site)
        }

        var asNumber: (node: NumNode, site: NodeSite)? {
            guard case .num(let n, let site) = self else { return nil }
            return (n, site)
        }

        var asTime: (node: TimeNode, site: NodeSite)? {
            guard case .time(let t, let site) = self else { return nil }
            return (t, site)
        }
    }

    struct Context {
        /// Advice may read `outcome`; rules, definitions and scores may not.
        var allowOutcome: Bool
    }

    /// A condition and its site (an expression that is not one is reported, and stands for unknown).
    func condition(_ e: Expr, _ ctx: Context) -> Sited<BoolNode> {
        expect(e, ctx, fallback: .constant(.unknown), \.asBool) {
            error(
                .notACondition, "`\(text(e.span))` is \($0.phrase), not a yes/no condition", at: e.span,
                hint: hintForCondition($0))
        }
    }

    func hintForCondition(_ t: Typed) -> String {
        switch t {
        case .num: return "compare it, e.g. `… >= 3`"
        case .option: return "compare it with a value, e.g. `… = police` or `… in (police, health)`"
        case .options: return "ask whether it holds a value, e.g. `… has sexual`"
        case .score: return "compare its band, e.g. `… is at least high`, or its total, e.g. `….total >= 10`"
        case .level: return "compare it with a level, e.g. `… is at least amber`"
        default: return "write a comparison or a yes/no fact"
        }
    }

    func number(_ e: Expr, _ ctx: Context) -> Sited<NumNode> {
        expect(e, ctx, fallback: .constant(.zero), \.asNumber) {
            error(.typeMismatch, "`\(text(e.span))` is \($0.phrase), not a number", at: e.span)
        }
    }

    func time(_ e: Expr, _ ctx: Context) -> Sited<TimeNode> {
        expect(e, ctx, fallback: .constant(0), \.asTime) {
            error(.typeMismatch, "`\(text(e.span))` is \($0.phrase), not a date", at: e.span)
        }
    }

    /// An expression of one kind, with its site: `pick` takes that kind out of what `compile` gave. Anything
    /// else is reported (see `reportUnwanted`) and stands for `fallback`.
    func expect<Node>(
        _ e: Expr, _ ctx: Context, fallback: Node, _ pick: (Typed) -> (node: Node, site: NodeSite)?,
        mismatch: (Typed) -> Void
    ) -> Sited<Node> {
        let typed = compile(e, ctx)
        if let got = pick(typed) { return Sited(node: got.node, site: got.site) }
        reportUnwanted(typed, mismatch: mismatch)
        return Sited(node: fallback, site: NodeSite(e.span))
    }

    /// `reportUnwanted`, then invalid: the answer of an expression form given an operand it does not take.
    func unwanted(_ typed: Typed, mismatch: (Typed) -> Void) -> Typed {
        reportUnwanted(typed, mismatch: mismatch)
        return .invalid
    }

    /// Reports an expression that is not of the kind wanted: nothing when it was reported already, an
    /// undeclared name as one, any other kind by `mismatch`.
    func reportUnwanted(_ typed: Typed, mismatch: (Typed) -> Void) {
        switch typed {
        case .invalid: return
        case .word(let n): undeclared(n)
        default: mismatch(typed)
        }
    }

    func compile(_ e: Expr, _ ctx: Context) -> Typed {
        let here = NodeSite(e.span)
        switch e.kind {
        case .number(let n): return .num(.constant(n), here)
        case .bool(let b): return .bool(.constant(Tri(b)), here)
        case .date(let d): return .time(.constant(Int64(d.daysSinceEpoch) * CivilDateTime.minutesPerDay), here)
        case .dateTime(let d): return .time(.constant(d.minutesSinceEpoch), here)
        case .string(let s): return .string(s)
        case .name(let w): return resolve(Name(w, e.span), ctx)
        case .member(let s, let m): return member(s, m, e.span)
        case .negate(let x):
            let n = number(x, ctx)
            return .num(.negate(n.node), NodeSite(e.span, [n.site]))
        case .arith(let op, let a, let b):
            let (x, y) = (number(a, ctx), number(b, ctx))
            return .num(.arith(op, x.node, y.node), NodeSite(e.span, [x.site, y.site]))
        case .compare(let op, let a, let b): return comparison(op, a, b, e, ctx)
        case .between(let x, let lo, let hi): return between(x, lo, hi, e, ctx)
        case .inList(let x, let items): return inList(x, items, e, ctx)
        case .has(let x, let v): return has(x, v, e, ctx)
        case .isKnown(let x, let known): return isKnown(x, known, e, ctx)
        case .rank(let x, let test, let target): return rank(x, test, target, e, ctx)
        case .not(let x):
            let c = condition(x, ctx)
            return .bool(.not(c.node), NodeSite(e.span, [c.site]))
        case .and(let a, let b): return junction(and: true, [condition(a, ctx), condition(b, ctx)], e.span)
        case .or(let a, let b): return junction(and: false, [condition(a, ctx), condition(b, ctx)], e.span)
        case .count(let mode, let items):
            if case .atLeast(let n) = mode, n > items.count {
                warning(
                    .neverHolds, "`at least \(n) of` a list of \(items.count) can never hold", at: e.span,
                    hint: "lower the count to \(items.count) or fewer, or add the missing items to the list")
            }
            let parts = items.map { condition($0, ctx) }
            return .bool(.count(mode, parts.map(\.node)), NodeSite(e.span, parts.map(\.site)))
        case .daysBetween(let a, let b):
            let (x, y) = (time(a, ctx), time(b, ctx))
            return .num(.daysBetween(x.node, y.node), NodeSite(e.span, [x.site, y.site]))
        case .yearsBetween(let a, let b):
            let (x, y) = (time(a, ctx), time(b, ctx))
            return .num(.yearsBetween(x.node, y.node), NodeSite(e.span, [x.site, y.site]))
        }
    }

    /// An `and` (or `or`) of the parts, merging nested lists of the same kind so evaluation walks one array
    /// (their sites are merged the same way).
    func junction(and: Bool, _ parts: [Sited<BoolNode>], _ span: SourceSpan) -> Typed {
        var nodes: [BoolNode] = []
        var sites: [NodeSite] = []
        for part in parts {
            if and, case .and(let inner) = part.node {
                nodes += inner
                sites += part.site.children
            } else if !and, case .or(let inner) = part.node {
                nodes += inner
                sites += part.site.children
            } else {
                nodes.append(part.node)
                sites.append(part.site)
            }
        }
        return .bool(and ? .and(nodes) : .or(nodes), NodeSite(span, sites))
    }

    func resolve(_ n: Name, _ ctx: Context) -> Typed {
        let here = NodeSite(n.span)
        if n.text == "outcome" {
            if ctx.allowOutcome { return .level(.outcome, here) }
            error(
                .outcomeInRule, "only advice can read `outcome`", at: n.span,
                hint: "rules decide the outcome, so they cannot depend on it; move this test into an `advise`")
            return .invalid
        }
        if let slot = factSlots[n.text] {
            reads.facts.insert(slot)
            switch facts[slot].type {
            case .yesNo: return .bool(.fact(slot), here)
            case .number, .count: return .num(.fact(slot), here)
            case .oneOf: return .option(slot)
            case .someOf: return .options(slot)
            case .text: return .text(slot)
            case .date: return .time(.fact(slot, isDate: true), here)
            case .dateTime: return .time(.fact(slot, isDate: false), here)
            case .level: return .level(.fact(slot), here)
            }
        }
        if defineDecls[n.text] != nil {
            guard let i = definitionIndex(n) else { return .invalid }
            reads.facts.formUnion(definitions[i].factsRead)
            switch definitions[i].body {
            case .condition: return .bool(.definition(i), here)
            case .number: return .num(.definition(i), here)
            }
        }
        if scoreDecls[n.text] != nil {
            guard let i = scoreIndex(n) else { return .invalid }
            reads.facts.formUnion(scores[i].factsRead)
            reads.scores.insert(i)
            return .score(i)
        }
        return .word(n)
    }

    func member(_ s: Name, _ m: Name, _ span: SourceSpan) -> Typed {
        guard scoreDecls[s.text] != nil else {
            error(
                .undeclaredName, "`\(s.text)` is not a score, so `\(s.text).\(m.text)` means nothing", at: s.span,
                hint: suggestion(s.text, scoreDecls.keys.sorted()) ?? "`NAME.total` and `NAME.DOMAIN` work on scores")
            return .invalid
        }
        guard let i = scoreIndex(s) else { return .invalid }
        reads.facts.formUnion(scores[i].factsRead)
        reads.scores.insert(i)
        if m.text == "total" { return .num(.scoreTotal(i), NodeSite(span)) }
        if let d = scores[i].domains.firstIndex(where: { $0.name == m.text }) {
            return .num(.domainTotal(score: i, domain: d), NodeSite(span))
        }
        let options = ["total"] + scores[i].domains.map(\.name)
        error(
            .undeclaredDomain, "score `\(s.text)` has no domain `\(m.text)`", at: m.span,
            hint: suggestion(m.text, options) ?? "use one of: \(options.joined(separator: ", "))")
        return .invalid
    }

    func undeclared(_ n: Name) {
        var hint = suggestion(n.text, valueNames.keys.sorted())
        if hint == nil, let owner = facts.first(where: { $0.type.options.contains(n.text) }) {
            hint = "`\(n.text)` is a value of `\(owner.name)`: compare it, e.g. `\(owner.name) = \(n.text)`"
        }
        if hint == nil, levelSlots[n.text] != nil {
            hint = "`\(n.text)` is a level: compare a level with it, e.g. `outcome is at least \(n.text)` (advice only)"
        }
        error(
            .undeclaredName, "`\(n.text)` is not a declared fact, definition or score", at: n.span,
            hint: hint ?? "declare it with `fact \(n.text) yes/no \"…?\"` or `define \(n.text) = …`")
    }

    /// The index of a value of a `one of`/`some of` fact, or a reported error.
    func option(_ w: Name, of slot: Int) -> Int? {
        let values = facts[slot].type.options
        if let i = values.firstIndex(of: w.text) { return i }
        error(
            .unknownValue, "`\(w.text)` is not a value of `\(facts[slot].name)`", at: w.span,
            hint: suggestion(w.text, values) ?? "its values are: \(values.joined(separator: ", "))")
        return nil
    }

    func levelIndex(_ w: Name) -> Int? {
        if let i = levelSlots[w.text] { return i }
        undeclaredLevel(w)
        return nil
    }

    func comparison(_ op: CompareOp, _ a: Expr, _ b: Expr, _ whole: Expr, _ ctx: Context) -> Typed {
        let ta = compile(a, ctx)
        let tb = compile(b, ctx)
        let equality = op == .eq || op == .ne
        let span = whole.span
        switch (ta, tb) {
        case (.invalid, _), (_, .invalid): return .invalid
        case (.num(let x, let sx), .num(let y, let sy)): return .bool(.compareNum(op, x, y), NodeSite(span, [sx, sy]))
        case (.time(let x, let sx), .time(let y, let sy)):
            return .bool(.compareTime(op, x, y), NodeSite(span, [sx, sy]))
        case (.bool(let x, let sx), .bool(let y, let sy)) where equality:
            return .bool(.compareBool(equal: op == .eq, x, y), NodeSite(span, [sx, sy]))
        case (.option(let slot), .word(let w)) where equality, (.word(let w), .option(let slot)) where equality:
            guard let v = option(w, of: slot) else { return .invalid }
            return .bool(.optionIs(slot: slot, value: v, equal: op == .eq), NodeSite(span, literal: w.span))
        case (.options(let slot), .word(let w)) where equality:
            guard let v = option(w, of: slot) else { return .invalid }
            return .bool(.setIs(slot: slot, mask: 1 << UInt64(v), equal: op == .eq), NodeSite(span, literal: w.span))
        case (.text(let slot), .string(let s)) where equality:
            return .bool(.textIs(slot: slot, s, equal: op == .eq), NodeSite(span, literal: b.span))
        case (.string(let s), .text(let slot)) where equality:
            return .bool(.textIs(slot: slot, s, equal: op == .eq), NodeSite(span, literal: a.span))
        case (.level(let x, let sx), .level(let y, let sy)):
            return .bool(.compareLevel(op, x, y), NodeSite(span, [sx, sy]))
        case (.level(let x, let sx), .word(let w)):
            guard let l = levelIndex(w) else { return .invalid }
            return .bool(.compareLevel(op, x, .constant(l)), NodeSite(span, [sx, NodeSite(w.span)]))
        case (.word(let w), .level(let y, let sy)):
            guard let l = levelIndex(w) else { return .invalid }
            return .bool(.compareLevel(op, .constant(l), y), NodeSite(span, [NodeSite(w.span), sy]))
        case (.word(let w), _) where !isValueOfSomeFact(w):
            undeclared(w)
            return .invalid
        case (_, .word(let w)) where !isValueOfSomeFact(w) && !isNumericLike(ta):
            undeclared(w)
            return .invalid
        default:
            var hint: String? = nil
            if case .word(let w) = tb, let owner = facts.first(where: { $0.type.options.contains(w.text) }) {
                hint =
                    "`\(w.text)` is a value of `\(owner.name)`; did you mean `\(owner.name) \(op.rawValue) \(w.text)`?"
            } else if case .options = ta {
                hint = "to test one value of a `some of` fact, write `\(text(a.span)) has VALUE`"
            } else if !equality, case .option = ta {
                hint = "`one of` values have no order; use `=` or `in (…)`"
            }
            error(
                .typeMismatch,
                "type mismatch: `\(text(a.span))` is \(describe(ta)) and `\(text(b.span))` is \(describe(tb)); they cannot be compared with `\(op.rawValue)`",
                at: whole.span, hint: hint ?? "compare values of the same type")
            return .invalid
        }
    }

    /// How a compiled operand reads in a type-mismatch message.
    func describe(_ t: Typed) -> String {
        guard case .word(let w) = t else { return t.phrase }
        if let owner = facts.first(where: { $0.type.options.contains(w.text) }) { return "a value of `\(owner.name)`" }
        if levelSlots[w.text] != nil { return "a level" }
        return "not a declared name"
    }

    func isValueOfSomeFact(_ w: Name) -> Bool {
        levelSlots[w.text] != nil || facts.contains { $0.type.options.contains(w.text) }
    }

    func isNumericLike(_ t: Typed) -> Bool {
        if case .num = t { return true }
        return false
    }

    func between(_ x: Expr, _ lo: Expr, _ hi: Expr, _ whole: Expr, _ ctx: Context) -> Typed {
        let tx = compile(x, ctx)
        let span = whole.span
        switch tx {
        case .num(let n, let sn):
            let (l, h) = (number(lo, ctx), number(hi, ctx))
            return .bool(.betweenNum(n, l.node, h.node), NodeSite(span, [sn, l.site, h.site]))
        case .time(let t, let st):
            // Two comparisons, each located at the whole `between`.
            let (l, h) = (time(lo, ctx), time(hi, ctx))
            return .bool(
                .and([.compareTime(.ge, t, l.node), .compareTime(.le, t, h.node)]),
                NodeSite(span, [NodeSite(span, [st, l.site]), NodeSite(span, [st, h.site])]))
        case let tx:
            return unwanted(tx) { _ in
                error(
                    .typeMismatch, "`between` needs a number or a date; `\(text(x.span))` is \(tx.phrase)", at: x.span)
            }
        }
    }

    func inList(_ x: Expr, _ items: [Expr], _ whole: Expr, _ ctx: Context) -> Typed {
        let tx = compile(x, ctx)
        switch tx {
        case .option(let slot):
            repeatedNames(items, in: "`in (…)`")
            var mask: UInt64 = 0
            var nodes: [BoolNode] = []
            var sites: [NodeSite] = []
            for item in items {
                guard case .name(let w) = item.kind, let v = option(Name(w, item.span), of: slot) else {
                    if case .name = item.kind { continue }
                    error(
                        .typeMismatch, "`in (…)` on `\(facts[slot].name)` lists its values by name", at: item.span,
                        hint: "its values are: \(facts[slot].type.options.joined(separator: ", "))")
                    continue
                }
                if v < 64 {
                    mask |= 1 << UInt64(v)
                } else {
                    nodes.append(.optionIs(slot: slot, value: v, equal: true))
                    sites.append(NodeSite(whole.span, literal: item.span))
                }
            }
            if nodes.isEmpty { return .bool(.optionIn(slot: slot, mask: mask), NodeSite(whole.span)) }
            return .bool(
                .or([.optionIn(slot: slot, mask: mask)] + nodes), NodeSite(whole.span, [NodeSite(whole.span)] + sites))
        case .num(let n, let sn):
            // One comparison per item, each located at the whole list, its number at the item.
            let parts = items.map { number($0, ctx) }
            return .bool(
                .or(parts.map { .compareNum(.eq, n, $0.node) }),
                NodeSite(whole.span, parts.map { NodeSite(whole.span, [sn, $0.site]) }))
        case .level(let src, let ss):
            repeatedNames(items, in: "`in (…)`")
            var nodes: [BoolNode] = []
            var sites: [NodeSite] = []
            for item in items {
                guard case .name(let w) = item.kind, let l = levelIndex(Name(w, item.span)) else { continue }
                nodes.append(.compareLevel(.eq, src, .constant(l)))
                sites.append(NodeSite(whole.span, [ss, NodeSite(item.span)]))
            }
            return .bool(.or(nodes), NodeSite(whole.span, sites))
        case .options:
            error(
                .typeMismatch, "`in (…)` works on a `one of` fact; `\(text(x.span))` is a `some of` fact",
                at: whole.span,
                hint: "write `\(text(x.span)) has VALUE` for each value, joined with `or`, or use `any of (…)`")
            return .invalid
        case let tx:
            return unwanted(tx) { _ in
                error(
                    .typeMismatch, "`in (…)` works on a `one of` fact; `\(text(x.span))` is \(tx.phrase)",
                    at: whole.span)
            }
        }
    }

    /// A warning for each name listed a second time in `items` (the second adds nothing).
    func repeatedNames(_ items: [Expr], in list: String) {
        var seen: [String: SourceSpan] = [:]
        for item in items {
            guard case .name(let w) = item.kind else { continue }
            if let first = seen[w] {
                warning(
                    .repeatedValue, "`\(Limits.shown(w))` is listed twice in \(list); the second adds nothing",
                    at: item.span, hint: "list each value once", notes: [DiagnosticNote("first listed here", at: first)]
                )
            } else {
                seen[w] = item.span
            }
        }
    }

    func has(_ x: Expr, _ v: Name, _ whole: Expr, _ ctx: Context) -> Typed {
        switch compile(x, ctx) {
        case .options(let slot):
            guard let i = option(v, of: slot) else { return .invalid }
            return .bool(.setHas(slot: slot, bit: 1 << UInt64(i)), NodeSite(whole.span, literal: v.span))
        case .option(let slot):
            error(
                .typeMismatch, "`has` works on a `some of` fact; `\(facts[slot].name)` is `one of`", at: x.span,
                hint: "write `\(facts[slot].name) = \(v.text)`")
            return .invalid
        case let t:
            return unwanted(t) { _ in
                error(.typeMismatch, "`has` works on a `some of` fact; `\(text(x.span))` is \(t.phrase)", at: x.span)
            }
        }
    }

    func isKnown(_ x: Expr, _ known: Bool, _ whole: Expr, _ ctx: Context) -> Typed {
        let span = whole.span
        switch compile(x, ctx) {
        case .bool(.fact(let slot), _), .num(.fact(let slot), _), .option(let slot), .options(let slot),
            .text(let slot), .time(.fact(let slot, _), _), .level(.fact(let slot), _):
            return .bool(.isKnown(slot: slot, known: known), NodeSite(span))
        case .bool(let b, let sb): return .bool(.isKnownBool(b, known: known), NodeSite(span, [sb]))
        case .num(let n, let sn): return .bool(.isKnownNum(n, known: known), NodeSite(span, [sn]))
        case let t:
            return unwanted(t) { _ in
                error(
                    .typeMismatch, "`is known` works on facts and expressions; `\(text(x.span))` is \(t.phrase)",
                    at: x.span
                )
            }
        }
    }

    func rank(_ x: Expr, _ test: RankTest, _ target: Name, _ whole: Expr, _ ctx: Context) -> Typed {
        switch compile(x, ctx) {
        case .score(let i):
            let bands = scores[i].bands
            guard let b = bands.firstIndex(where: { $0.name == target.text }) else {
                error(
                    .undeclaredBand, "score `\(scores[i].name)` has no band `\(target.text)`", at: target.span,
                    hint: suggestion(target.text, bands.map(\.name))
                        ?? "its bands are: \(bands.map(\.name).joined(separator: ", "))")
                return .invalid
            }
            return .bool(.scoreBand(score: i, test, band: b), NodeSite(whole.span, literal: target.span))
        case .level(let src, let ss):
            guard let l = levelIndex(target) else { return .invalid }
            let op: CompareOp = test == .exactly ? .eq : (test == .atLeast ? .ge : .le)
            return .bool(.compareLevel(op, src, .constant(l)), NodeSite(whole.span, [ss, NodeSite(target.span)]))
        case let t:
            return unwanted(t) { _ in
                error(
                    .typeMismatch,
                    "`\(test.rawValue) …` works on a score, a level fact or `outcome`; `\(text(x.span))` is \(t.phrase)",
                    at: x.span,
                    hint: "to compare a number write `\(text(x.span)) >= …`")
            }
        }
    }
}
