/// How far a score's questions have been answered, and what band it can be said to have.
///
/// Every score reports its completion. A score declared a `tool` also shows no band as though it had been
/// measured: until its band is settled (by its answers, or by a floor) the band is none, and the result
/// lists the bands still possible. A score that is not a tool keeps the v1 behaviour: the band of the
/// known total, raised by the floors that hold. (`ScoreStatus` itself is in `Semantics/Model/`.)
extension RuleSet.Score {
    /// How many of the score's questions have a value (a default counts: it is the rule set's answer).
    @inline(__always) func answered(_ facts: UnsafeBufferPointer<FactValue?>) -> Int {
        var n = 0
        questions.withUnsafeBufferPointer { q in
            for k in 0..<q.count where q[k] < facts.count {
                if case .some = facts[q[k]] { n += 1 }
            }
        }
        return n
    }

    /// The status of a score with `answered` of its questions answered, for the child `facts` describe: a tool
    /// not started whose `asked when` is no is not applicable. Read in place (calling a method on
    /// `score.pointee` copied the whole score, its arrays retained and released, for every tool not started).
    @inline(__always) static func status(
        _ score: UnsafePointer<RuleSet.Score>, answered: Int, _ facts: UnsafeBufferPointer<FactValue?>
    ) -> ScoreStatus {
        if answered >= score.pointee.questions.count { return .complete }
        if answered > 0 { return .incomplete }
        if let c = score.pointee.tool?.askedWhen, NodeSemantics(FactsOnly(facts: facts)).bool(c) == .no {
            return .notApplicable
        }
        return .notStarted
    }

    func status(_ facts: FactVector) -> ScoreStatus {
        withUnsafePointer(to: self) { score in
            facts.withUnsafeBufferPointer { RuleSet.Score.status(score, answered: answered($0), $0) }
        }
    }

    /// The bands the score could still be given, as bits (band `b` is bit `b`; bands past 63 are left out):
    /// each band the range of the total reaches, raised by the floors that hold, and by each floor still
    /// undecided.
    func possibleBands(_ state: Evaluation.ScoreState) -> UInt64 {
        withUnsafePointer(to: self) { score in withUnsafePointer(to: state) { RuleSet.Score.possibleBands(score, $0) } }
    }

    /// As `possibleBands(_:)`, reading the score and its state in place (no copy retains their arrays).
    @inline(__always) static func possibleBands(
        _ score: UnsafePointer<RuleSet.Score>, _ state: UnsafePointer<Evaluation.ScoreState>
    ) -> UInt64 {
        guard !score.pointee.bands.isEmpty else { return 0 }
        let low = score.pointee.bandIndex(for: state.pointee.range.lo)
        let high = Swift.max(low, score.pointee.bandIndex(for: state.pointee.range.hi))
        var held = -1
        var open: UInt64 = 0
        score.pointee.floors.withUnsafeBufferPointer { floors in
            state.pointee.floors.withUnsafeBufferPointer { results in
                for k in 0..<Swift.min(floors.count, results.count) {
                    let b = floors[k].band
                    if results[k] == .yes {
                        held = Swift.max(held, b)
                    } else if results[k] == .unknown, b >= 0, b < 64 {
                        open |= 1 << UInt64(b)
                    }
                }
            }
        }
        var bits: UInt64 = 0
        for b in low...high {
            let base = Swift.max(b, held)
            if base >= 0, base < 64 { bits |= 1 << UInt64(base) }
            var o = open
            while o != 0 {
                let f = o.trailingZeroBitCount
                o &= o - 1
                let raised = Swift.max(base, f)
                if raised >= 0, raised < 64 { bits |= 1 << UInt64(raised) }
            }
        }
        return bits
    }

    /// The band to report: for a tool, none (-1) until it is started and its band settled; for any other
    /// score, the band of the known total raised by the floors that hold (v1).
    func reportedBand(_ state: Evaluation.ScoreState, status: ScoreStatus) -> Int {
        RuleSet.Score.shown(tool != nil, state.band, possibleBands(state), status).band
    }

    /// The bands still possible when the band is not settled (empty when it is): lowest first.
    func couldReach(_ state: Evaluation.ScoreState, status: ScoreStatus) -> UInt64 {
        RuleSet.Score.shown(tool != nil, state.band, possibleBands(state), status).couldReach
    }

    /// The band reported and the bands it could still reach, from the band of the known total (raised by
    /// the floors that hold) and the bands still possible.
    @inline(__always) static func shown(_ isTool: Bool, _ band: Int, _ possible: UInt64, _ status: ScoreStatus) -> (
        band: Int, couldReach: UInt64
    ) {
        if isTool {
            if status == .notApplicable { return (-1, 0) }
            if status == .notStarted { return (-1, possible) }
            if possible.nonzeroBitCount == 1 { return (possible.trailingZeroBitCount, 0) }
            return (-1, possible)
        }
        let only: UInt64 = band >= 0 && band < 64 ? 1 << UInt64(band) : 0
        return (band, possible & ~only == 0 ? 0 : possible)
    }
}

/// What an `asked when` condition reads: facts only (the compiler checks it), so definitions, scores and
/// the outcome are unknown here.
struct FactsOnly: NodeInputs {
    let facts: UnsafeBufferPointer<FactValue?>
    func readFact(_ slot: Int) -> FactValue? { slot < facts.count ? facts[slot] : nil }
    func readDefinitionCondition(_ i: Int) -> Tri { .unknown }
    func readDefinitionNumber(_ i: Int) -> NumRange? { nil }
    func readScoreBands(_ i: Int) -> (min: Int, max: Int, gaps: UInt64) { (0, Int.max, 0) }
    func readScoreRange(_ i: Int) -> NumRange { NumRange(lo: .min, hi: .max) }
    func readDomainRange(score: Int, domain: Int) -> NumRange { NumRange(lo: .min, hi: .max) }
    func readOutcome() -> Int { -1 }
}

extension UInt64 {
    /// The set bits, lowest first.
    var bandIndices: [Int] {
        var out: [Int] = []
        var b = self
        while b != 0 {
            out.append(b.trailingZeroBitCount)
            b &= b - 1
        }
        return out
    }
}
