/// Why the rules give another answer than the one recorded, by name: the decisions off the diagonal with the
/// same cause form one group of the report.
struct AuditCauseKey: Hashable, Sendable {
    var recorded: Int
    var rules: Int
    /// The rules that gave the rules' answer: those that fired at the level the rules reached before any cap
    /// (empty: none fired, the default level).
    var decisive: [Int]
    /// The cap that holds the rules' answer below what the rules give, if any.
    var cap: Int?
    /// False when unanswered questions could still change the rules' answer.
    var settled: Bool
}

/// One cause's counts: how many decisions, a few of their ids, and the values of the facts the decisive rules
/// and the cap read (yes/no, options and levels by value; numbers, dates and text only as known or unknown,
/// so no case's details are printed).
struct AuditCause: Sendable {
    var key: AuditCauseKey
    var count = 0
    var ids: [String] = []
    /// Per fact slot read, in the order first met: counts by value text.
    var factValues: [(slot: Int, values: [(String, Int)])] = []
    /// For a provisional cause: the unanswered questions that could change the rules' answer, with counts.
    var missing: [(String, Int)] = []

    static let keptIDs = 20

    mutating func add(_ id: String, _ facts: FactVector, _ reads: [Int], _ ruleSet: RuleSet, missing names: [String]) {
        count += 1
        if ids.count < AuditCause.keptIDs { ids.append(id) }
        for slot in reads {
            let text = AuditCause.valueText(facts.indices.contains(slot) ? facts[slot] : nil, slot, ruleSet)
            let k: Int
            if let i = factValues.firstIndex(where: { $0.slot == slot }) {
                k = i
            } else {
                k = factValues.count
                factValues.append((slot, []))
            }
            AuditCause.bump(&factValues[k].values, text)
        }
        for m in names { AuditCause.bump(&missing, m) }
    }

    static func bump(_ counts: inout [(String, Int)], _ key: String) {
        if let i = counts.firstIndex(where: { $0.0 == key }) {
            counts[i].1 += 1
        } else {
            counts.append((key, 1))
        }
    }

    /// A fact's value as the cause shows it.
    static func valueText(_ v: FactValue?, _ slot: Int, _ ruleSet: RuleSet) -> String {
        guard let v else { return "unknown" }
        switch v {
        case .bool, .option, .options, .level: return ruleSet.format(v, of: slot)
        case .number, .text, .date, .dateTime: return "known"
        }
    }

    /// The facts the decisive rules and the cap's `when` read, in declaration order of the rules, each once.
    static func reads(_ key: AuditCauseKey, _ ruleSet: RuleSet) -> [Int] {
        var out: [Int] = []
        for r in key.decisive { for f in ruleSet.rules[r].factsRead where !out.contains(f) { out.append(f) } }
        if let c = key.cap {
            // What its `when` reads: the `unless` questions (answered no, or it would not hold) are left out.
            let cap = ruleSet.caps[c]
            for f in cap.factsRead where !out.contains(f) && !cap.unlessReads.contains(f) { out.append(f) }
        }
        return out
    }

    /// The key for a decision off the diagonal.
    static func key(recorded: Int, _ e: Evaluation, settled: Bool, _ ruleSet: RuleSet) -> AuditCauseKey {
        let decisive = e.rules.indices.filter { e.rules[$0] == .yes && ruleSet.rules[$0].level == e.uncapped }
        return AuditCauseKey(recorded: recorded, rules: e.outcome, decisive: decisive, cap: e.cap, settled: settled)
    }
}
