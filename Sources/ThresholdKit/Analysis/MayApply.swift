/// Whether a question may apply to this child: neither its `asked when` nor that of a tool asking it is no.
/// `QuestionPlan.mayApply` asks it of one fact, looking through the rule set's scores for the tools that ask it
/// (`RuleSet.Score.asks`); a search asks it of each unknown fact through a `MayApply`, each distinct condition
/// asked once (`CounterfactualReads.askConditions`, built with `asks`). Both ask each condition with `saysNo`,
/// which the flat program answers (`Evaluator.askedWhen`).
struct MayApply {
    private let reads: CounterfactualReads
    private let facts: FactVector
    private let evaluator: Evaluator
    /// Whether the facts are all there (`Evaluator.askedWhen` answers unknown otherwise, and every question may apply).
    private let complete: Bool
    /// Per condition of `reads.askConditions`: whether it is no (1), is not (0), or is not yet asked (-1). An
    /// array the search keeps from one search to the next (`SearchBuffers.askedNo`): `init` takes it and
    /// `giveBack` returns it.
    private var no: [Int8]

    init(_ reads: CounterfactualReads, _ facts: FactVector, _ evaluator: Evaluator, storage: inout [Int8]) {
        self.reads = reads
        self.facts = facts
        self.evaluator = evaluator
        complete = facts.count >= reads.askStart.count - 1
        no = []
        swap(&no, &storage)
        SearchBuffers.reset(&no, to: -1, count: reads.askConditions.count)
    }

    /// Hands the array taken in `init` back to its keeper.
    mutating func giveBack(_ storage: inout [Int8]) { swap(&no, &storage) }

    mutating func mayApply(_ slot: Int) -> Bool {
        guard complete else { return true }
        var i = reads.askStart[slot]
        let end = reads.askStart[slot + 1]
        while i < end {
            let c = reads.askList[i]
            if no[c] < 0 { no[c] = Self.saysNo(reads.askSources[c], facts, evaluator) ? 1 : 0 }
            if no[c] == 1 { return false }
            i += 1
        }
        return true
    }

    /// Whether an `asked when` is no for these facts, that of fact `source` (a slot), or for `-1 - s` that of
    /// score `s`'s tool: the one test of "may this question apply", for the search and for
    /// `QuestionPlan.mayApply`.
    @inline(__always) static func saysNo(_ source: Int, _ facts: FactVector, _ evaluator: Evaluator) -> Bool {
        (source >= 0 ? evaluator.askedWhen(fact: source, facts) : evaluator.askedWhen(tool: -1 - source, facts)) == .no
    }
}
