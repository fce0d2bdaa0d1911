/// Counts kept while cases are scored: the outcome matrix, each shared score's band matrix, and the cases
/// that changed (kept in full, in input order). One per thread; the threads' tallies are merged in order.
struct DiffTally {
    let oldLevelCount: Int
    let newLevelCount: Int
    /// Row-major: `outcomes[old * newLevelCount + new]`.
    var outcomes: [Int]
    /// Per shared score (as `CaseComparer.scores`), row-major over bands with `none` first.
    var bands: [[Int]]
    let bandColumns: [Int]
    var scored = 0
    /// Per old slot, the cases that give a fact the new version does not declare (`CaseComparer.removedFacts`).
    var dropped: [Int]
    var changes:
        [(id: String, line: Int?, file: String?, cause: CaseCause, oldDue: CivilDateTime?, newDue: CivilDateTime?)] = []

    init(_ comparer: CaseComparer) {
        oldLevelCount = comparer.oldLevels.count
        newLevelCount = comparer.newLevels.count
        outcomes = Array(repeating: 0, count: oldLevelCount * newLevelCount)
        dropped = Array(repeating: 0, count: comparer.removedFacts.count)
        bandColumns = comparer.scores.map { $0.newBands.count + 1 }
        bands = comparer.scores.map { Array(repeating: 0, count: ($0.oldBands.count + 1) * ($0.newBands.count + 1)) }
    }

    /// Counts one case scored under both versions; `given`: the facts the case gives (old slots).
    mutating func add(
        _ a: Evaluation, _ b: Evaluation, _ comparer: CaseComparer, id: @autoclosure () -> String, line: Int?,
        file: String?, given: [Int]
    ) {
        scored += 1
        for slot in given where slot < dropped.count && comparer.removedFacts[slot] { dropped[slot] += 1 }
        if a.outcome >= 0, a.outcome < oldLevelCount, b.outcome >= 0, b.outcome < newLevelCount {
            outcomes[a.outcome * newLevelCount + b.outcome] += 1
        }
        for (k, s) in comparer.scores.enumerated() {
            let row = a.scores[s.old].band + 1
            let column = b.scores[s.new].band + 1
            if row >= 0, column >= 0, column < bandColumns[k] { bands[k][row * bandColumns[k] + column] += 1 }
        }
        if let cause = comparer.cause(a, b) {
            changes.append((id(), line, file, cause, a.due, b.due))
        }
    }

    /// Adds another tally's counts (its changes are taken separately, in order).
    mutating func merge(_ other: DiffTally) {
        scored += other.scored
        for i in dropped.indices where i < other.dropped.count { dropped[i] += other.dropped[i] }
        for i in outcomes.indices { outcomes[i] += other.outcomes[i] }
        for k in bands.indices { for i in bands[k].indices { bands[k][i] += other.bands[k][i] } }
    }

    /// Forgets the counts and changes, keeping the storage.
    mutating func reset() {
        scored = 0
        for i in dropped.indices { dropped[i] = 0 }
        for i in outcomes.indices { outcomes[i] = 0 }
        for k in bands.indices { for i in bands[k].indices { bands[k][i] = 0 } }
        changes.removeAll(keepingCapacity: true)
    }
}
