/// What a test run exercised in one rule set: the rules that fired, the bands each score reached,
/// the advice given and the facts given a value, over every scenario run against it.
///
/// Record each scenario with `record(_:_:)`; read the tallies with `rules`, `advice`, `facts` and
/// `bands`. Names are in declaration order, so the report is the same on every run.
struct Coverage: Sendable {
    /// One tally: how many of the items were exercised, and the names of those that were not.
    struct Tally: Sendable, Equatable {
        var total: Int
        var covered: Int
        /// The items never exercised, in declaration order.
        var never: [String]

        init(total: Int, covered: Int, never: [String]) {
            self.total = total
            self.covered = covered
            self.never = never
        }

        /// Tenths of a percent, rounded down so that 100.0 means every item (nil when there are none).
        var permille: Int? { total == 0 ? nil : covered * 1000 / total }

        /// `83.3%`, or `n/a` when there is nothing to cover.
        var percentText: String {
            guard let p = permille else { return "n/a" }
            return "\(p / 10).\(p % 10)%"
        }
    }

    let ruleSet: RuleSet
    /// The rule set's path as the first scenario file named it (relative to the working folder).
    let rulesPath: String
    private(set) var scenarios = 0
    private(set) var files: Set<String> = []
    private var fired: [Bool]
    private var given: [Bool]
    private var held: [Bool]
    private var valued: [Bool]
    private var reached: [[Bool]]

    init(ruleSet: RuleSet, rulesPath: String) {
        self.ruleSet = ruleSet
        self.rulesPath = rulesPath
        fired = Array(repeating: false, count: ruleSet.rules.count)
        given = Array(repeating: false, count: ruleSet.advice.count)
        held = Array(repeating: false, count: ruleSet.caps.count)
        valued = Array(repeating: false, count: ruleSet.facts.count)
        reached = ruleSet.scores.map { Array(repeating: false, count: $0.bands.count) }
    }

    /// Counts one scenario's evaluation. `scenario.given` lists the slots it set; an explicit
    /// `unknown` gives no value, so it does not count.
    mutating func record(_ scenario: Scenario, _ ev: Evaluation, file: String) {
        scenarios += 1
        files.insert(file)
        for (i, t) in ev.rules.enumerated() where t == .yes && i < fired.count { fired[i] = true }
        for (i, g) in ev.advice.enumerated() where g && i < given.count { given[i] = true }
        if let c = ev.cap, c >= 0, c < held.count { held[c] = true }
        for slot in scenario.given where slot >= 0 && slot < valued.count && slot < scenario.facts.count {
            if scenario.facts[slot] != nil { valued[slot] = true }
        }
        for (s, st) in ev.scores.enumerated() where s < reached.count && s < ruleSet.scores.count {
            // The band reported: a tool whose band is not settled reaches none.
            let band = ruleSet.scores[s].reportedBand(st, status: ruleSet.scores[s].status(ev.facts))
            if band >= 0 && band < reached[s].count { reached[s][band] = true }
        }
    }

    /// The rules that fired in at least one scenario.
    var rules: Tally { Self.tally(fired, ruleSet.rules.map(\.name)) }
    /// The caps that held the outcome lower in at least one scenario.
    var caps: Tally { Self.tally(held, ruleSet.caps.map(\.name)) }
    /// The advice given in at least one scenario.
    var advice: Tally { Self.tally(given, ruleSet.advice.map(\.name)) }
    /// The facts given a value by at least one scenario.
    var facts: Tally { Self.tally(valued, ruleSet.facts.map(\.name)) }
    /// Per score, in declaration order: the bands its (floored) band reached.
    var bands: [(score: String, tally: Tally)] {
        ruleSet.scores.enumerated().map { s, score in (score.name, Self.tally(reached[s], score.bands.map(\.name))) }
    }

    static func tally(_ hit: [Bool], _ names: [String]) -> Tally {
        var never: [String] = []
        for (i, name) in names.enumerated() where !(i < hit.count && hit[i]) { never.append(name) }
        return Tally(total: names.count, covered: names.count - never.count, never: never)
    }
}
