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
                var all = direct
                var visiting = Set<Int>()
                for d in direct { all.formUnion(reads(d, &visiting)) }
                return Set(all.map { rs.definitions[$0].name })
            }
            for r in rs.rules { definitions[r.name, default: []].formUnion(names(r.condition)) }
            for a in rs.advice { definitions["advice " + a.name, default: []].formUnion(names(a.condition)) }
        }
    }

    /// The definitions `node` refers to directly (through the one node walker).
    static func collect(_ node: BoolNode, _ out: inout Set<Int>) { NodeWalker.definitions(in: node, into: &out) }

    static func collect(_ node: NumNode, _ out: inout Set<Int>) { NodeWalker.definitions(in: node, into: &out) }
}
