/// The definitions each rule and advice reads, directly or through other definitions, by name: so that a
/// rule that starts firing because a definition changed is shown with that change.
struct RuleReads {
    /// Rule or advice name → definition names, in either version.
    private(set) var definitions: [String: Set<String>] = [:]

    init(_ versions: [RuleSet]) {
        for rs in versions {
            func names(_ node: BoolNode) -> Set<String> {
                Set(NodeReads(node, in: rs).definitions.map { rs.definitions[$0].name })
            }
            for r in rs.rules { definitions[r.name, default: []].formUnion(names(r.condition)) }
            for a in rs.advice { definitions["advice " + a.name, default: []].formUnion(names(a.condition)) }
        }
    }
}
