/// `never-holds`: a condition no facts can make yes — contradictory ranges (`age < 5 and age > 10`), a `one of`
/// fact equal to two values under `and`, a level or band test no rule can satisfy, an empty `any of ()`.
/// Reported at the smallest part of the condition that is contradictory, once per defect (a contradiction
/// inside a definition is reported at the definition, not at every rule that uses it).
struct NeverHoldsCheck: LintCheck {
    /// Where and why a condition can never hold.
    struct Culprit {
        var span: SourceSpan
        var detail: String
        var hint: String
        var notes: [DiagnosticNote] = []
    }

    func run(_ context: LintContext) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for condition in context.conditions {
            let cases: [[Literal]]?
            if case .rule(let i) = condition.owner {
                cases = context.yesCases(rule: i)
            } else {
                cases = context.cases.yes(condition.formula)
            }
            guard let cases, cases.allSatisfy({ Constraints.conflict(in: $0, context.variables) != nil }) else {
                continue
            }
            if case .rule(let i) = condition.owner { context.rulesNeverFiring.insert(i) }
            guard let culprit = culprit(condition.formula, context), !context.reported.contains(culprit.span) else {
                continue
            }
            context.reported.insert(culprit.span)
            out.append(
                .warning(
                    .neverHolds,
                    "\(context.describe(condition.owner)) can never \(context.verb(condition.owner)): \(culprit.detail)",
                    at: culprit.span, hint: culprit.hint, notes: culprit.notes))
        }
        return out
    }

    /// The smallest part of a never-yes formula that explains it; nil when the compiler already reports it.
    func culprit(_ f: Formula, _ context: LintContext) -> Culprit? {
        if case .and(let xs) = f.kind, let x = xs.first(where: { neverYes($0, context) }) { return culprit(x, context) }
        if case .or(let xs) = f.kind, xs.count == 1, let x = xs.first { return culprit(x, context) }
        if case .count(.atLeast(let n), let xs) = f.kind, n > xs.count { return nil }
        let cases = context.cases.yes(f) ?? []
        let conflicts = cases.compactMap { Constraints.conflict(in: $0, context.variables) }
        let quoted = context.text(f.span)
        if conflicts.isEmpty {
            return Culprit(
                span: f.span, detail: "`\(quoted)` is never yes",
                hint: "as written no referral can satisfy it; remove it or write the condition you mean")
        }
        if conflicts.count == 1, let c = conflicts.first, let d = describe(c, context) { return d }
        var culprit = Culprit(
            span: f.span, detail: "every way `\(quoted)` could hold is contradictory",
            hint: "check the `and`s, `or`s and `not`s: as written no referral can satisfy it")
        var seen = Set<String>()
        for c in conflicts {
            guard let d = describe(c, context), seen.insert(d.detail).inserted, culprit.notes.count < 3 else {
                continue
            }
            culprit.notes.append(DiagnosticNote(d.detail, at: d.span))
        }
        return culprit
    }

    private func neverYes(_ f: Formula, _ context: LintContext) -> Bool {
        guard let cases = context.cases.yes(f) else { return false }
        return cases.allSatisfy { Constraints.conflict(in: $0, context.variables) != nil }
    }

    /// A contradiction in words, at the literals concerned.
    func describe(_ c: Conflict, _ context: LintContext) -> Culprit? {
        let names = c.literals.map { l in
            l.assumesText ? "`\(context.text(l.span))`" : "not `\(unparenthesised(context.text(l.span)))`"
        }
        guard let first = c.literals.first, let last = c.literals.last else { return nil }
        if c.literals.count == 1 {
            let hint =
                c.variable == .outcome
                ? "compare the outcome with a level that the default or some rule gives"
                : "remove the test, or correct it to a value \(context.variables.describe(c.variable)) can have"
            return Culprit(
                span: first.span, detail: "\(names[0]) can never hold: \(range(c.variable, context))",
                hint: hint)
        }
        var culprit = Culprit(
            span: joined(first.span, last.span),
            detail:
                "\(names.dropLast().joined(separator: ", ")) and \(names[names.count - 1]) cannot all hold together",
            hint: hint(c.variable, context))
        if c.literals.count == 2 { culprit.detail = "\(names[0]) and \(names[1]) cannot both hold" }
        for l in c.literals.dropLast()
        where l.span.start.line != last.span.start.line || l.span.start.file != last.span.start.file {
            culprit.notes.append(DiagnosticNote("`\(context.text(l.span))` is here", at: l.span))
        }
        return culprit
    }

    /// `(x)` as `x`, for quoting after "not".
    private func unparenthesised(_ s: String) -> String {
        guard s.hasPrefix("("), s.hasSuffix(")"), s.count >= 2 else { return s }
        return String(s.dropFirst().dropLast())
    }

    /// One span from `a` to `b` when they are on one line in that order, else `b` (the literal that contradicts).
    private func joined(_ a: SourceSpan, _ b: SourceSpan) -> SourceSpan {
        guard a.start.file == b.start.file, a.start.line == b.start.line, b.start.column >= a.start.column else {
            return b
        }
        return SourceSpan(a.start, length: max(a.length, b.start.column + b.length - a.start.column))
    }

    /// What values a variable can have, in words.
    private func range(_ v: Variable, _ context: LintContext) -> String {
        let info = context.variables.info(v)
        switch (v, info.kind) {
        case (.outcome, .number(let lo?, let hi?, _)):
            return
                "the outcome is always `\(context.variables.describe(lo, of: v))` to `\(context.variables.describe(hi, of: v))` (the default and the levels the rules give)"
        case (_, .number(let lo, let hi, let integer)):
            return "\(context.variables.describe(v)) is \(Interval(lo: lo, hi: hi, integer: integer).description)"
        default:
            return "\(context.variables.describe(v)) can never have that value"
        }
    }

    private func hint(_ v: Variable, _ context: LintContext) -> String {
        let name = context.variables.describe(v)
        switch context.variables.info(v).kind {
        case .option:
            return
                "`\(name)` holds one value at a time: to accept any of several, write `\(name) in (…)`; or did you mean `or`?"
        case .number:
            return "the ranges do not overlap: did you mean `or`, or are the bounds the wrong way round?"
        default:
            return "these tests contradict each other: did you mean `or`, or is a `not` misplaced?"
        }
    }
}
