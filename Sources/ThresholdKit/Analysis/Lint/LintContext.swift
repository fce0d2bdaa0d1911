/// Everything the lint checks share for one rule set: the syntax (`RuleSet.syntax`, for places), the analysis
/// formulas of every condition, and what earlier checks already reported (so one defect is reported once).
final class LintContext {
    /// A condition the checks look at, with what it belongs to.
    struct Condition {
        enum Owner: Equatable {
            case rule(Int)
            case advice(Int)
            case definition(Int)
            case scoreItem(score: Int, item: Int)
            case floor(score: Int, floor: Int)
        }
        var owner: Owner
        var formula: Formula
    }

    let ruleSet: RuleSet
    let sources: [String: SourceFile]
    let variables: VariableTable
    let builder: FormulaBuilder
    /// Rule declarations by rule index (nil where the syntax could not be matched, which a compiled rule set
    /// does not produce).
    let ruleDecls: [RuleDecl?]
    let adviceDecls: [AdviseDecl?]
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

    init(_ ruleSet: RuleSet, sources: [String: SourceFile]) {
        self.ruleSet = ruleSet
        self.sources = sources
        // The declarations as the compiler read them (no second parse).
        let defines = ruleSet.syntax.definitions
        var ruleByName: [String: RuleDecl] = [:]
        var adviceByName: [String: AdviseDecl] = [:]
        for x in ruleSet.syntax.rules where ruleByName[x.name.text] == nil { ruleByName[x.name.text] = x }
        for x in ruleSet.syntax.advice where adviceByName[x.name.text] == nil { adviceByName[x.name.text] = x }
        let scoreByName = ruleSet.syntax.scores
        variables = VariableTable(ruleSet)
        builder = FormulaBuilder(ruleSet: ruleSet, defines: defines, variables: variables)
        ruleDecls = ruleSet.rules.map { ruleByName[$0.name] }
        adviceDecls = ruleSet.advice.map { adviceByName[$0.name] }
        let builder = self.builder
        func formula(_ e: Expr?, _ fallback: SourceSpan) -> Formula {
            e.map(builder.condition) ?? Formula(.constant(true), fallback)
        }
        rules = ruleSet.rules.indices.map {
            formula(ruleByName[ruleSet.rules[$0].name]?.condition, ruleSet.rules[$0].span)
        }
        advice = ruleSet.advice.indices.map {
            formula(adviceByName[ruleSet.advice[$0].name]?.condition, ruleSet.advice[$0].span)
        }

        var all: [Condition] = []
        for (i, d) in ruleSet.definitions.enumerated() {
            if case .condition = d.body, let f = builder.definition(named: d.name) {
                all.append(Condition(owner: .definition(i), formula: f))
            }
        }
        all += rules.enumerated().map { Condition(owner: .rule($0.offset), formula: $0.element) }
        all += advice.enumerated().map { Condition(owner: .advice($0.offset), formula: $0.element) }
        for (s, score) in ruleSet.scores.enumerated() {
            guard let decl = scoreByName[score.name] else { continue }
            let items = decl.items + decl.domains.flatMap(\.items)
            for (k, item) in items.enumerated() {
                if case .when(_, _, let cond, _) = item {
                    all.append(Condition(owner: .scoreItem(score: s, item: k), formula: builder.condition(cond)))
                }
            }
            for (k, floor) in decl.floors.enumerated() where k < score.floors.count {
                all.append(Condition(owner: .floor(score: s, floor: k), formula: builder.condition(floor.condition)))
            }
        }
        conditions = all
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
        }
    }

    /// A level's name.
    func level(_ i: Int) -> String { ruleSet.levels.indices.contains(i) ? ruleSet.levels[i].name : "?" }
}
