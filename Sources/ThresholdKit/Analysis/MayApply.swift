/// `QuestionPlan.mayApply` for the unknown facts of one search: whether a question may apply to this child
/// (neither its `asked when` nor that of a tool asking it is no), each tool's `asked when` asked once (see
/// `CounterfactualReads.askingTools`).
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
        if let c = reads.askedWhen[slot], evaluator.factCondition(c, facts) == .no { return false }
        for s in reads.askingTools[slot] {
            if toolNo[s] < 0, let c = reads.toolAskedWhen[s] {
                toolNo[s] = evaluator.factCondition(c, facts) == .no ? 1 : 0
            }
            if toolNo[s] == 1 { return false }
        }
        return true
    }
}
