/// Everything the lint checks share for one rule set: the analysis formulas of every condition (located by
/// `RuleSet.sites`), and what earlier checks already reported (so one defect is reported once).
final class LintContext {
    /// A condition the checks look at, with what it belongs to.
    struct Condition {
        enum Owner: Equatable {
            case rule(Int)
            case advice(Int)
            case definition(Int)
            case scoreItem(score: Int, item: Int)
            case floor(score: Int, floor: Int)
            case cap(Int)
        }
        var owner: Owner
        var formula: Formula
    }

    let ruleSet: RuleSet
    let sources: [String: SourceFile]
    let variables: VariableTable
    /// Rule conditions by rule index; advice conditions by advice index.
    let rules: [Formula]
    let advice: [Formula]
    /// Every condition, in a fixed order: definitions, rules, advice, score items and floors.
    let conditions: [Condition]

    /// Spans already reported, and rules already found never to fire or never to matter.
    var reported = Set<SourceSpan>()
    var rulesNeverFiring = Set<Int>()
    var rulesWithoutEffect = Set<Int>()

    let cases = SatisfyingCases()
    private var yesCache: [Int: [[Literal]]?] = [:]

    /// Builds the formulas from the compiled nodes and their sites (`RuleSet.sites`): nothing is parsed or
    /// compiled a second time.
    init(_ ruleSet: RuleSet, sources: [String: SourceFile]) {
        self.ruleSet = ruleSet
        self.sources = sources
        let sites = ruleSet.sites
        variables = VariableTable(ruleSet)
        let builder = FormulaBuilder(ruleSet: ruleSet, variables: variables)
        func site(_ table: [NodeSite], _ i: Int, _ fallback: SourceSpan) -> NodeSite {
            table.indices.contains(i) ? table[i] : NodeSite(fallback)
        }
        // Definitions first, in their order (each after those it uses): built on demand from a rule instead, a
        // chain of 20,000 was inlined one inside another and overflowed the stack (found by an attack test).
        var all: [Condition] = []
        for i in ruleSet.definitions.indices {
            if let f = builder.definition(i) { all.append(Condition(owner: .definition(i), formula: f)) }
        }
        rules = ruleSet.rules.enumerated().map { i, rule in
            builder.condition(rule.condition, site(sites.rules, i, rule.span))
        }
        advice = ruleSet.advice.enumerated().map { i, a in
            builder.condition(a.condition, site(sites.advice, i, a.span))
        }

        all += rules.enumerated().map { Condition(owner: .rule($0.offset), formula: $0.element) }
        all += advice.enumerated().map { Condition(owner: .advice($0.offset), formula: $0.element) }
        all += ruleSet.caps.enumerated().map { i, cap in
            Condition(owner: .cap(i), formula: builder.condition(cap.condition, site(sites.caps, i, cap.span)))
        }
        for (s, score) in ruleSet.scores.enumerated() {
            let itemSites = sites.scoreItems.indices.contains(s) ? sites.scoreItems[s] : []
            for (k, item) in score.items.enumerated() {
                if case .when(_, let cond) = item.kind {
                    let f = builder.condition(cond, site(itemSites, k, item.span))
                    all.append(Condition(owner: .scoreItem(score: s, item: k), formula: f))
                }
            }
            let floorSites = sites.floors.indices.contains(s) ? sites.floors[s] : []
            for (k, floor) in score.floors.enumerated() {
                let f = builder.condition(floor.condition, site(floorSites, k, floor.span))
                all.append(Condition(owner: .floor(score: s, floor: k), formula: f))
            }
        }
        conditions = all
    }

    /// Where cap `i` names its level (`at LEVEL`).
    func levelSpan(cap i: Int) -> SourceSpan {
        ruleSet.sites.capLevels.indices.contains(i) ? ruleSet.sites.capLevels[i] : ruleSet.caps[i].span
    }

    /// Where rule `i` names its level (`then LEVEL`).
    func levelSpan(rule i: Int) -> SourceSpan {
        ruleSet.sites.ruleLevels.indices.contains(i) ? ruleSet.sites.ruleLevels[i] : ruleSet.rules[i].span
    }

    /// Whether advice `i`'s condition is one named fact or definition.
    func adviceNamesItsCondition(_ i: Int) -> Bool {
        if case .fact = ruleSet.advice[i].condition { return true }
        if case .definition = ruleSet.advice[i].condition { return true }
        return false
    }

    /// The ways rule `i`'s condition can be yes (nil when there are too many to say).
    func yesCases(rule i: Int) -> [[Literal]]? {
        if let c = yesCache[i] { return c }
        let c = cases.yes(rules[i])
        yesCache[i] = c
        return c
    }

    /// The source text a span covers, for quoting in a message.
    func text(_ span: SourceSpan) -> String {
        let t = sources[span.start.file]?.text(of: span) ?? ""
        return t.isEmpty ? "this" : t
    }

    /// "rule `x`", "advice `x`", "definition `x`", "an item of score `s`", "a floor of score `s`".
    func describe(_ owner: Condition.Owner) -> String {
        switch owner {
        case .rule(let i): return "rule `\(ruleSet.rules[i].name)`"
        case .advice(let i): return "advice `\(ruleSet.advice[i].name)`"
        case .definition(let i): return "definition `\(ruleSet.definitions[i].name)`"
        case .scoreItem(let s, _): return "an item of score `\(ruleSet.scores[s].name)`"
        case .floor(let s, _): return "a floor of score `\(ruleSet.scores[s].name)`"
        case .cap(let i): return "cap `\(ruleSet.caps[i].name)`"
        }
    }

    /// What "hold" means for the owner: a rule fires, advice is given, a floor applies.
    func verb(_ owner: Condition.Owner) -> String {
        switch owner {
        case .rule: return "fire"
        case .advice: return "be given"
        case .definition: return "hold"
        case .scoreItem: return "count"
        case .floor: return "apply"
        case .cap: return "hold"
        }
    }

    /// A level's name.
    func level(_ i: Int) -> String { ruleSet.levels.indices.contains(i) ? ruleSet.levels[i].name : "?" }
}
