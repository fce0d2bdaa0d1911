/// Whether a question may apply to this child: neither its `asked when` nor that of a tool asking it is no.
/// `QuestionPlan.mayApply` asks it of one fact, looking through the rule set's scores for the tools that ask it
/// (`RuleSet.Score.asks`); a search asks it of each unknown fact through a `MayApply`, each tool's `asked when`
/// asked once (`CounterfactualReads.askingTools`, built with `asks`). Both ask each condition with `saysNo`.
struct MayApply {
    private let reads: CounterfactualReads
    private let facts: FactVector
    private let evaluator: Evaluator
    /// Per score: whether its tool's `asked when` is no (1), is not (0), or is not yet asked (-1).
    private var toolNo: [Int8]

    init(_ reads: CounterfactualReads, _ facts: FactVector, _ evaluator: Evaluator) {
        self.reads = reads
        self.facts = facts
        self.evaluator = evaluator
        toolNo = Array(repeating: -1, count: reads.toolAskedWhen.count)
    }

    mutating func mayApply(_ slot: Int) -> Bool {
        guard facts.count >= reads.askedWhen.count else { return true }  // as `factCondition`: unknown
        if !reads.conditional[slot] { return true }
        if let c = reads.askedWhen[slot], Self.saysNo(c, facts, evaluator) { return false }
        for s in reads.askingTools[slot] {
            if toolNo[s] < 0, let c = reads.toolAskedWhen[s] { toolNo[s] = Self.saysNo(c, facts, evaluator) ? 1 : 0 }
            if toolNo[s] == 1 { return false }
        }
        return true
    }

    /// Whether an `asked when` (of a fact or of a tool) is no for these facts: the one test of "may this
    /// question apply", for the search and for `QuestionPlan.mayApply`.
    @inline(__always) static func saysNo(_ askedWhen: BoolNode, _ facts: FactVector, _ evaluator: Evaluator) -> Bool {
        evaluator.factCondition(askedWhen, facts) == .no
    }
}
