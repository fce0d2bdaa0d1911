/// `never-changes-outcome`: a rule every firing of which is covered by another rule of an equal or more severe
/// level — whenever it fires, the other fires too, so the outcome is the same without it.
///
/// Decided case by case: each way the rule's condition can be yes (a conjunction of literals) is turned into
/// intervals and finite domains, and another rule covers that case when its condition is surely yes there.
/// Conservative: it warns only when every case is surely covered. Rules are taken latest first, and a rule
/// found without effect covers no other, so of two rules that cover each other only the later is reported,
/// and every rule reported can be removed at once without changing any outcome.
///
/// The work is bounded so that `check` stays fast on very large rule sets: each case tries at most
/// `candidatesPerCase` covering rules (the most severe first), and the whole check stops trying after
/// `proofBudget` attempts. Stopping early only means fewer warnings, never a wrong one.
struct CoveredRuleCheck: LintCheck {
    static let candidatesPerCase = 64
    static let proofBudget = 20_000

    func run(_ context: LintContext) -> [Diagnostic] {
        let rs = context.ruleSet
        var index = CandidateIndex()
        var live: [Int: [[Literal]]] = [:]
        for i in rs.rules.indices where !context.rulesNeverFiring.contains(i) {
            guard let cases = context.yesCases(rule: i) else { continue }
            live[i] = cases.filter { Constraints.conflict(in: $0, context.variables) == nil }
            if !context.rulesWithoutEffect.contains(i) { index.add(i, anchor: anchor(context.rules[i], context)) }
        }
        index.seal(rs)
        var out: [Diagnostic] = []
        var attempts = 0
        // Latest first, and a rule found without effect no longer covers others: the rules reported can then
        // all be removed together (each is covered by rules that stay, directly or through a chain).
        for x in rs.rules.indices.reversed() where !context.rulesWithoutEffect.contains(x) {
            guard attempts < CoveredRuleCheck.proofBudget else { break }
            guard let cases = live[x], !cases.isEmpty else { continue }
            var covering: [Int] = []
            var coveredAll = true
            for c in cases {
                let store = constraints(c, context)
                let found = index.candidates(for: c, ruleSet: rs, atLeast: rs.rules[x].level)
                    .lazy.filter { y in y != x && !context.rulesWithoutEffect.contains(y) }
                    .prefix(CoveredRuleCheck.candidatesPerCase)
                    .first { y in
                        attempts += 1
                        return store.surelyYes(context.rules[y])
                    }
                guard let y = found else {
                    coveredAll = false
                    break
                }
                if !covering.contains(y) { covering.append(y) }
            }
            guard coveredAll, !covering.isEmpty else { continue }
            context.rulesWithoutEffect.insert(x)
            let rule = rs.rules[x]
            let others = covering.map { "`\(rs.rules[$0].name)` (\(context.level(rs.rules[$0].level)))" }
            let who =
                others.count == 1
                ? "rule \(others[0]) fires too" : "one of rules \(others.joined(separator: ", ")) fires too"
            out.append(
                .warning(
                    .neverChangesOutcome,
                    "rule `\(rule.name)` (\(context.level(rule.level))) can never change the outcome: whenever it fires, \(who)",
                    at: rule.span,
                    hint:
                        "remove it, or narrow the covering rule or raise this rule's level so that it decides some case on its own",
                    notes: covering.map { DiagnosticNote("rule `\(rs.rules[$0].name)` is here", at: rs.rules[$0].span) }
                ))
        }
        return out
    }

    private func constraints(_ c: [Literal], _ context: LintContext) -> Constraints {
        var store = Constraints(context.variables)
        for l in c { store.assume(l) }
        return store
    }

    /// A variable a case must constrain for the formula to be surely yes there (nil when there is none).
    func anchor(_ f: Formula, _ context: LintContext) -> Variable? {
        let empty = Constraints(context.variables)
        switch f.kind {
        case .atom(let a): return empty.surelyYes(f) ? nil : a.variable
        case .not(let x):
            if case .atom(let a) = x.kind { return empty.surelyYes(f) ? nil : a.variable }
            return nil
        case .and(let xs):
            for x in xs { if let v = anchor(x, context) { return v } }
            return nil
        default: return nil
        }
    }

    /// Rules indexed by the variable a case must constrain for them to cover it.
    struct CandidateIndex {
        var byAnchor: [Variable: [Int]] = [:]
        var unanchored: [Int] = []

        mutating func add(_ rule: Int, anchor: Variable?) {
            if let v = anchor { byAnchor[v, default: []].append(rule) } else { unanchored.append(rule) }
        }

        /// Orders every list most severe first, then in declaration order (call once, after the last `add`).
        mutating func seal(_ ruleSet: RuleSet) {
            let order = { (a: Int, b: Int) -> Bool in
                let (la, lb) = (ruleSet.rules[a].level, ruleSet.rules[b].level)
                return la != lb ? la > lb : a < b
            }
            unanchored.sort(by: order)
            for key in byAnchor.keys { byAnchor[key]?.sort(by: order) }
        }

        /// The rules at `level` or above that could cover a case, most severe first, then in declaration order.
        /// Only a prefix of each sealed list is merged, so a case costs the same however many rules there are.
        func candidates(for c: [Literal], ruleSet: RuleSet, atLeast level: Int) -> [Int] {
            let prefix = 2 * CoveredRuleCheck.candidatesPerCase
            var pool = Set<Int>()
            for list in [unanchored] + c.map({ byAnchor[$0.atom.variable] ?? [] }) {
                for y in list.prefix(prefix) {
                    if ruleSet.rules[y].level < level { break }
                    pool.insert(y)
                }
            }
            return pool.sorted { a, b in
                let (la, lb) = (ruleSet.rules[a].level, ruleSet.rules[b].level)
                return la != lb ? la > lb : a < b
            }
        }
    }
}
