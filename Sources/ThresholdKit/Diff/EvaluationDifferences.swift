/// How the rules, advice and scores of two rule sets correspond: by name. Of one rule set with itself (a
/// what-if: the same rules, other facts) every index is its own; of two versions (the diff) a rule, advice
/// or score of one version only has none (-1) in the other and counts there as not firing, not given.
struct EvaluationMatch: Sendable {
    /// For each old rule, the new rule of the same name (-1: none); and the reverse.
    let ruleToNew: [Int]
    let ruleToOld: [Int]
    let adviceToNew: [Int]
    let adviceToOld: [Int]
    /// The scores both have, in the old order, with their bands' names in each.
    let scores: [(old: Int, new: Int, oldBands: [String], newBands: [String])]

    init(old: RuleSet, new: RuleSet) {
        ruleToNew = old.rules.map { new.ruleIndex[$0.name] ?? -1 }
        ruleToOld = new.rules.map { old.ruleIndex[$0.name] ?? -1 }
        adviceToNew = old.advice.map { new.adviceIndex[$0.name] ?? -1 }
        adviceToOld = new.advice.map { old.adviceIndex[$0.name] ?? -1 }
        scores = old.scores.enumerated().compactMap { i, s in
            new.scoreIndex[s.name].map { j in (i, j, s.bands.map(\.name), new.scores[j].bands.map(\.name)) }
        }
    }

    /// One rule set with itself.
    init(same rs: RuleSet) {
        ruleToNew = Array(rs.rules.indices)
        ruleToOld = ruleToNew
        adviceToNew = Array(rs.advice.indices)
        adviceToOld = adviceToNew
        scores = rs.scores.enumerated().map { i, s in (i, i, s.bands.map(\.name), s.bands.map(\.name)) }
    }
}

/// What changed between two evaluations (`a` before, `b` after), written once for the three places that
/// say it: `POST /v1/whatif` (`differences`), the REPL's `what if`, and the diff's cause of a changed case
/// (`CaseComparer`). Each says what it needs of it in its own words. Empty lists allocate nothing, so a case
/// that reads the same costs no allocation.
struct EvaluationDifferences {
    /// A score whose total, possible range or band moved (a band by its name: "none" below every band).
    struct Score {
        var old: Int
        var new: Int
        var total: Bool
        var range: Bool
        var band: Bool
        var oldBand: String
        var newBand: String
    }

    /// Rules firing in `b` and not in `a` (indices in `b`'s rule set, in its order).
    var started: [Int] = []
    /// Rules firing in `a` and not in `b` (indices in `a`'s rule set).
    var stopped: [Int] = []
    /// Advice given in `b` and not in `a` (indices in `b`'s rule set).
    var adviceAdded: [Int] = []
    /// Advice given in `a` and not in `b` (indices in `a`'s rule set).
    var adviceRemoved: [Int] = []
    /// The scores both have whose total, range or band moved, in `a`'s order.
    var scores: [Score] = []
    var dueChanged: Bool

    init(_ a: Evaluation, _ b: Evaluation, _ match: EvaluationMatch) {
        for (i, t) in b.rules.enumerated() where t == .yes {
            let j = match.ruleToOld[i]
            if j < 0 || a.rules[j] != .yes { started.append(i) }
        }
        for (i, t) in a.rules.enumerated() where t == .yes {
            let j = match.ruleToNew[i]
            if j < 0 || b.rules[j] != .yes { stopped.append(i) }
        }
        for (i, given) in b.advice.enumerated() where given {
            let j = match.adviceToOld[i]
            if j < 0 || !a.advice[j] { adviceAdded.append(i) }
        }
        for (i, given) in a.advice.enumerated() where given {
            let j = match.adviceToNew[i]
            if j < 0 || !b.advice[j] { adviceRemoved.append(i) }
        }
        for s in match.scores {
            let (x, y) = (a.scores[s.old], b.scores[s.new])
            let (oldBand, newBand) = (Self.band(s.oldBands, x.band), Self.band(s.newBands, y.band))
            let (total, range, band) = (x.total != y.total, x.range != y.range, oldBand != newBand)
            if total || range || band {
                scores.append(
                    Score(
                        old: s.old, new: s.new, total: total, range: range, band: band, oldBand: oldBand,
                        newBand: newBand))
            }
        }
        dueChanged = a.due != b.due
    }

    static func band(_ names: [String], _ i: Int) -> String { names.indices.contains(i) ? names[i] : "none" }
}
