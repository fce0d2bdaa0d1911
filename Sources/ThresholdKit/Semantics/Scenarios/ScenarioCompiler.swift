/// Checks scenarios against a compiled rule set: every fact, rule, level, score, band and advice a
/// scenario names must exist, and every value must fit its fact.
struct ScenarioCompiler {
    let ruleSet: RuleSet
    private(set) var diagnostics: [Diagnostic] = []

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// The facts of a scenario: defaults first, then what it gives (an explicit `unknown` clears a default).
    mutating func facts(_ given: [GivenFact]) -> (FactVector, [Int]) {
        var facts = ruleSet.defaultFacts()
        var seen: [String: SourceSpan] = [:]
        var slots: [Int] = []
        for g in given where !g.restOf {
            if let first = seen[g.name.text] {
                error(
                    .duplicateFact, "`\(g.name.text)` is given twice", at: g.name.span,
                    notes: [DiagnosticNote("first given here", at: first)])
                continue
            }
            seen[g.name.text] = g.name.span
            guard let slot = fact(g.name) else { continue }
            repeatedValues(g)
            switch ValueConverter.convert(g.value, to: ruleSet.facts[slot].type, levels: ruleSet.levels.map(\.name)) {
            case .success(let v):
                facts[slot] = v
                slots.append(slot)
            case .failure(let e):
                error(.badValue, "`\(g.name.text)`: \(e.message)", at: g.value.span, hint: e.hint)
            }
        }
        for g in given where g.restOf {
            guard let s = score(g.name) else { continue }
            for q in ruleSet.scores[s].questions + ruleSet.scores[s].followUps where seen[ruleSet.facts[q].name] == nil
            {
                seen[ruleSet.facts[q].name] = g.name.span
                switch ValueConverter.convert(g.value, to: ruleSet.facts[q].type, levels: ruleSet.levels.map(\.name)) {
                case .success(let v):
                    facts[q] = v
                    slots.append(q)
                case .failure(let e):
                    error(
                        .badValue, "`rest of \(g.name.text)`: question `\(ruleSet.facts[q].name)`: \(e.message)",
                        at: g.value.span,
                        hint: "give that question its own answer before `rest of \(g.name.text)`")
                }
            }
        }
        return (facts, slots)
    }

    mutating func scenario(_ s: ScenarioSyntax, in file: SourceFile? = nil) -> Scenario {
        let (facts, given) = self.facts(s.given)
        let expectations = s.expectations.compactMap { e in
            expectation(e).map {
                LocatedExpectation(expectation: $0, span: e.span, text: file.map { $0.text(of: e.span) } ?? "")
            }
        }
        return Scenario(
            id: s.id.text, title: s.title, source: s.source, story: s.story, facts: facts, given: given,
            expectations: expectations, span: s.span)
    }

    mutating func expectation(_ e: Expectation) -> CheckedExpectation? {
        switch e.kind {
        case .outcome(let test, let l):
            return level(l).map { .outcome(test, level: $0) }
        case .fired(let r, let negated):
            return rule(r).map { .fired(rule: $0, negated: negated) }
        case .scoreEquals(let s, let n):
            return score(s).map { .scoreEquals(score: $0, n) }
        case .scoreBetween(let s, let a, let b):
            return score(s).map { .scoreBetween(score: $0, a, b) }
        case .scoreBand(let s, let test, let b):
            guard let i = score(s) else { return nil }
            let bands = ruleSet.scores[i].bands.map(\.name)
            guard let band = bands.firstIndex(of: b.text) else {
                error(
                    .undeclaredBand, "score `\(s.text)` has no band `\(b.text)`", at: b.span,
                    hint: hint(b.text, bands, "its bands are"))
                return nil
            }
            return .scoreBand(score: i, test, band: band)
        case .advice(let a, let negated):
            guard let i = ruleSet.adviceIndex[a.text] else {
                error(
                    .undeclaredAdvice, "`\(a.text)` is not advice in this rule set", at: a.span,
                    hint: hint(
                        a.text, ruleSet.advice.map(\.name), "the advice is", ruleSet.suggestedAdvice(for: a.text)))
                return nil
            }
            return .advice(i, negated: negated)
        case .missing(let f):
            if ruleSet.factIndex[f.text] == nil, let s = ruleSet.scoreIndex[f.text] {
                return .missingTool(score: s, negated: false)
            }
            return fact(f).map { .missing(fact: $0) }
        case .notMissing(let f):
            if ruleSet.factIndex[f.text] == nil, let s = ruleSet.scoreIndex[f.text] {
                return .missingTool(score: s, negated: true)
            }
            return fact(f).map { .notMissing(fact: $0) }
        case .missingBefore(let a, let b):
            guard let x = missingItem(a), let y = missingItem(b) else { return nil }
            return .missingBefore(x, y)
        case .undetermined(let r, let negated):
            return rule(r).map { .undetermined(rule: $0, negated: negated) }
        case .scoreStatus(let s, let status):
            return score(s).map { .scoreStatus(score: $0, status) }
        case .due(let d):
            return .due(d)
        case .noDue: return .noDue
        case .capped(let l): return level(l).map { .capped(level: $0) }
        case .notCapped: return .capped(level: nil)
        case .settled(let settled): return .settled(settled)
        case .scoreSettled(let s, let settled): return score(s).map { .scoreSettled(score: $0, settled) }
        }
    }

    mutating func missingItem(_ n: Name) -> MissingItem? {
        if ruleSet.factIndex[n.text] == nil, let s = ruleSet.scoreIndex[n.text] { return .tool(s) }
        return fact(n).map { .fact($0) }
    }

    mutating func fact(_ n: Name) -> Int? {
        if let slot = ruleSet.factIndex[n.text] { return slot }
        error(
            .undeclaredFact, "`\(n.text)` is not a fact of rule set \"\(ruleSet.name)\"", at: n.span,
            hint: hint(n.text, ruleSet.facts.map(\.name), "its facts are", ruleSet.suggestedFacts(for: n.text)))
        return nil
    }

    mutating func level(_ n: Name) -> Int? {
        lookup(n, ruleSet.levelIndex, .undeclaredLevel, "level", ruleSet.levels.map(\.name), "the levels are")
    }

    mutating func rule(_ n: Name) -> Int? {
        lookup(n, ruleSet.ruleIndex, .undeclaredRule, "rule", ruleSet.rules.map(\.name), "the rules are")
    }

    mutating func score(_ n: Name) -> Int? {
        lookup(n, ruleSet.scoreIndex, .undeclaredScore, "score", ruleSet.scores.map(\.name), "the scores are")
    }

    /// The index of a level, rule or score by name, or an error naming what there is.
    private mutating func lookup(
        _ n: Name, _ index: [String: Int], _ code: DiagnosticCode, _ kind: String, _ names: [String], _ listing: String
    ) -> Int? {
        if let i = index[n.text] { return i }
        error(code, "`\(n.text)` is not a \(kind) of this rule set", at: n.span, hint: hint(n.text, names, listing))
        return nil
    }

    /// "did you mean …?" with the names suggested (by spelling unless given), else every candidate: a list
    /// cut short could hide the one meant. None past `DiagnosticLimit.count` diagnostics, which are not shown:
    /// working out each one against every name made thousands of unknown names quadratic (an attack test).
    func hint(
        _ name: String, _ candidates: @autoclosure () -> [String], _ listing: String, _ suggested: [String]? = nil
    ) -> String? {
        guard diagnostics.count < DiagnosticLimit.count else { return nil }
        let candidates = candidates()
        let near = suggested ?? Suggestions.nearest(to: name, in: candidates).map { [$0] } ?? []
        if let text = Suggestions.didYouMean(near) { return text }
        if candidates.isEmpty { return "there are none" }
        return "\(listing): \(candidates.joined(separator: ", "))"
    }

    /// A warning for each value given a second time in a set, `concerns = (neglect, neglect)`: it adds nothing.
    private mutating func repeatedValues(_ g: GivenFact) {
        guard case .set(let names) = g.value.kind else { return }
        var seen: [String: SourceSpan] = [:]
        for n in names {
            if let first = seen[n.text] {
                diagnostics.append(
                    .warning(
                        .repeatedValue,
                        "`\(Limits.shown(n.text))` is given twice in `\(g.name.text)`; the second adds nothing",
                        at: n.span, hint: "give each value once", notes: [DiagnosticNote("first given here", at: first)]
                    ))
            } else {
                seen[n.text] = n.span
            }
        }
    }

    mutating func error(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, hint: String? = nil,
        notes: [DiagnosticNote] = []
    ) {
        diagnostics.append(.error(code, message, at: span, hint: hint, notes: notes))
    }
}
