/// The definitions each rule and advice reads, directly or through other definitions, by name: so that a
/// rule that starts firing because a definition changed is shown with that change.
struct RuleReads {
    /// Rule or advice name → definition names, in either version.
    private(set) var definitions: [String: Set<String>] = [:]

    init(_ versions: [RuleSet]) {
        for rs in versions {
            var memo: [Int: Set<Int>] = [:]
            func reads(_ d: Int, _ visiting: inout Set<Int>) -> Set<Int> {
                if let m = memo[d] { return m }
                guard rs.definitions.indices.contains(d), visiting.insert(d).inserted else { return [] }
                var direct = Set<Int>()
                switch rs.definitions[d].body {
                case .condition(let c): RuleReads.collect(c, &direct)
                case .number(let n): RuleReads.collect(n, &direct)
                }
                var all = direct
                for x in direct { all.formUnion(reads(x, &visiting)) }
                memo[d] = all
                return all
            }
            func names(_ node: BoolNode) -> Set<String> {
                var direct = Set<Int>()
                RuleReads.collect(node, &direct)
                var all = direct, visiting = Set<Int>()
                for d in direct { all.formUnion(reads(d, &visiting)) }
                return Set(all.map { rs.definitions[$0].name })
            }
            for r in rs.rules { definitions[r.name, default: []].formUnion(names(r.condition)) }
            for a in rs.advice { definitions["advice " + a.name, default: []].formUnion(names(a.condition)) }
        }
    }

    static func collect(_ node: BoolNode, _ out: inout Set<Int>) {
        switch node {
        case .definition(let d): out.insert(d)
        case .not(let x), .isKnownBool(let x, _): collect(x, &out)
        case .and(let xs), .or(let xs), .count(_, let xs): for x in xs { collect(x, &out) }
        case .compareNum(_, let a, let b): collect(a, &out); collect(b, &out)
        case .betweenNum(let v, let lo, let hi): collect(v, &out); collect(lo, &out); collect(hi, &out)
        case .compareBool(_, let a, let b): collect(a, &out); collect(b, &out)
        case .isKnownNum(let n, _): collect(n, &out)
        case .constant, .fact, .compareTime, .optionIs, .optionIn, .setHas, .setIs, .textIs, .compareLevel, .scoreBand, .isKnown: break
        }
    }

    static func collect(_ node: NumNode, _ out: inout Set<Int>) {
        switch node {
        case .definition(let d): out.insert(d)
        case .arith(_, let a, let b): collect(a, &out); collect(b, &out)
        case .negate(let x): collect(x, &out)
        case .constant, .fact, .scoreTotal, .domainTotal, .daysBetween, .yearsBetween: break
        }
    }
}
