/// What an audit found: the agreement of the recorded decisions with the rules, overall and per group, the
/// causes of the disagreements, the decisions the rules leave undetermined, the distribution of outcomes,
/// timeliness and the dip sample. Rendered by `AuditTextRenderer`, `AuditJSONRenderer` and
/// `AuditHTMLRenderer`.
public struct AuditReport: Sendable {
    /// One matrix and the statistics read from it.
    public struct Summary: Sendable {
        /// `matrix[recorded][rules]`.
        var matrix: [[Int]]
        var decisions: Int
        var agreed: Int
        /// The rules give a higher level than the one recorded, and a lower one.
        var higher: Int
        var lower: Int
        var unweighted: Kappa?
        var linear: Kappa?

        init(_ matrix: [[Int]]) {
            self.matrix = matrix
            var n = 0
            var agreed = 0
            var higher = 0
            var lower = 0
            for (i, row) in matrix.enumerated() {
                for (j, c) in row.enumerated() {
                    n += c
                    if i == j { agreed += c } else if j > i { higher += c } else { lower += c }
                }
            }
            decisions = n
            self.agreed = agreed
            self.higher = higher
            self.lower = lower
            unweighted = Kappa.of(matrix, .unweighted)
            linear = Kappa.of(matrix, .linear)
        }

        /// Exact agreement as a share (nil with no decisions).
        public var agreement: Double? { decisions > 0 ? Double(agreed) / Double(decisions) : nil }
    }

    struct Timeliness: Sendable {
        var level: Int
        var timed: Int
        var late: Int
    }

    let ruleSet: RuleSet
    public let decisions: Int
    public let skipped: Int
    public let skips: [AuditSkip]
    public let overall: Summary
    let causes: [AuditCause]
    let undetermined: Int
    let undeterminedMissing: [(String, Int)]
    let timeliness: [Timeliness]
    let untimedLevel: Int
    let minGroup: Int
    let teams: [(String, Summary)]
    let teamsBelow: Int
    let practitioners: [(String, Summary)]
    let practitionersBelow: Int
    let sample: [AuditSample.Kept]

    /// How many decisions the dip sample holds.
    public var sampled: Int { sample.count }

    var levels: [String] { ruleSet.levels.map(\.name) }

    /// Decisions per level, recorded (rows) and by the rules (columns).
    var recordedDistribution: [Int] { overall.matrix.map { $0.reduce(0, +) } }
    var rulesDistribution: [Int] {
        (0..<levels.count).map { j in overall.matrix.reduce(0) { $0 + $1[j] } }
    }

    /// "14 recorded green where the rules give amber"
    func headline(_ c: AuditCause) -> String {
        "\(c.count) recorded \(levels[c.key.recorded]) where the rules give \(levels[c.key.rules])"
            + (c.key.settled ? "" : " (provisional)")
    }

    /// The reasons of a cause, one line each: the decisive rules with their labels and sources, the cap, or
    /// the default level.
    func reasons(_ c: AuditCause) -> [String] {
        var out: [String] = []
        for r in c.key.decisive {
            let rule = ruleSet.rules[r]
            out.append(
                "rule `\(rule.name)`" + (rule.label.map { " (\($0))" } ?? "") + " gives \(levels[rule.level])"
                    + (rule.source.map { "; source: \($0)" } ?? ""))
        }
        if c.key.decisive.isEmpty {
            out.append("no rule fired: the default level, \(levels[ruleSet.defaultLevel])")
        }
        if let k = c.key.cap {
            let cap = ruleSet.caps[k]
            out.append(
                "cap `\(cap.name)`" + (cap.label.map { " (\($0))" } ?? "") + " holds it at \(levels[cap.level])"
                    + (cap.source.map { "; source: \($0)" } ?? ""))
        }
        return out
    }

    /// `domestic_abuse = yes (14)`, per fact the cause's rules read.
    func factsLine(_ c: AuditCause) -> String {
        c.factValues.map { f in
            ruleSet.facts[f.slot].name + " = "
                + f.values.sorted { $0.1 > $1.1 }.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
