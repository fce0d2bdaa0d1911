/// The counts an audit keeps while decisions stream past: nothing grows with the number of decisions except
/// the groups (one small matrix per team and per practitioner) and the causes (one per distinct cause).
struct AuditTally {
    let levels: Int
    /// Row-major: `matrix[recorded * levels + rules]`.
    var matrix: [Int]
    var teams: [String: [Int]] = [:]
    var practitioners: [String: [Int]] = [:]
    var causeIndex: [AuditCauseKey: Int] = [:]
    var causes: [AuditCause] = []
    var undetermined = 0
    /// The unanswered questions that could change a provisional answer, with counts, in order first met.
    var undeterminedMissing: [(String, Int)] = []
    /// Per recorded level: decisions with both times, and those decided after the level's due time.
    var timed: [Int]
    var late: [Int]
    /// Decisions with both times at a level with no timescale.
    var untimedLevel = 0

    init(levels: Int) {
        self.levels = levels
        matrix = Array(repeating: 0, count: levels * levels)
        timed = Array(repeating: 0, count: levels)
        late = Array(repeating: 0, count: levels)
    }

    /// Counts a decision of `cell` for its team and its practitioner.
    mutating func count(team: String?, by: String?, _ cell: Int) {
        let empty = Array(repeating: 0, count: levels * levels)
        if let team { teams[team, default: empty][cell] += 1 }
        if let by { practitioners[by, default: empty][cell] += 1 }
    }

    mutating func cause(_ key: AuditCauseKey) -> Int {
        if let i = causeIndex[key] { return i }
        causeIndex[key] = causes.count
        causes.append(AuditCause(key: key))
        return causes.count - 1
    }
}
