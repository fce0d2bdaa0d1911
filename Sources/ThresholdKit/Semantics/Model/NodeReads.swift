/// What a compiled condition or number reads: the facts, definitions and scores (and whether the outcome),
/// directly and (with `throughDefinitions`) through the definitions it reads, each followed once. One visitor
/// for the REPL's `why`, the diff's causes, the lint of unused definitions and the explanation's memo.
struct NodeReads: NodeVisitor {
    var facts = Set<Int>()
    var definitions = Set<Int>()
    var scores = Set<Int>()
    /// Whether a level comparison reads the outcome (`outcome`).
    var outcome = false
    let ruleSet: RuleSet
    /// Follow each definition read into what its body reads (false: only what the nodes walked name).
    let throughDefinitions: Bool

    init(_ ruleSet: RuleSet, throughDefinitions: Bool = true) {
        self.ruleSet = ruleSet
        self.throughDefinitions = throughDefinitions
    }

    init(_ node: BoolNode, in ruleSet: RuleSet) {
        self.init(ruleSet)
        walk(node)
    }

    mutating func enter(_ node: BoolNode) -> Bool {
        read(node.directRead)
        return true
    }

    mutating func enter(_ node: NumNode) -> Bool {
        read(node.directRead)
        return true
    }

    mutating func visit(_ node: TimeNode) { read(node.directRead) }
    mutating func visit(_ node: LevelSource) { read(node.directRead) }

    private mutating func read(_ r: DirectRead?) {
        switch r {
        case .fact(let slot)?: facts.insert(slot)
        case .definition(let i)?:
            guard ruleSet.definitions.indices.contains(i), definitions.insert(i).inserted, throughDefinitions
            else { return }
            switch ruleSet.definitions[i].body {
            case .condition(let b): walk(b)
            case .number(let n): walk(n)
            }
        case .score(let i)?: scores.insert(i)
        case .outcome?: outcome = true
        case nil: break
        }
    }
}
