import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// Random rule sets that use every node kind and every operator of the language, written as source text (so a
/// failure can print a reproducer that `threshold` itself can load), and random scenarios with unknowns.
/// Fixed seeds: the same corpus on every run.
struct InterpreterCorpus {
    /// The library's SplitMix64 (also the program equivalence tests' generator).
    typealias Random = SplitMix64

    /// A rule set as its header (facts, levels: never dropped) and its other declarations, one string each (a
    /// reproducer drops the declarations a failure does not need).
    struct Source {
        var header: String
        var declarations: [String]
        var text: String { header + declarations.joined(separator: "\n") + "\n" }
    }

    static let header = """
        ruleset "Corpus"
        fact b1 yes/no "B1?"
        fact b2 yes/no "B2?" default no
        fact b3 yes/no "B3?"
        fact n1 number 0 to 20 "N1?"
        fact n2 number -5 to 5 "N2?" default 1
        fact c1 count to 6 "C1?" default 0
        fact o1 one of red, green, blue "O1?"
        fact s1 some of x, y, z "S1?"
        fact t1 text "T1?"
        fact d1 date "D1?"
        fact d2 date "D2?"
        fact dt1 datetime "DT1?"
        fact lv1 level "LV1?"
        levels
          low "Low"
          mid "Mid" within 2 working days
          high "High" within 4 hours
        end
        default low
        clock starts dt1

        """

    var rng: Random
    /// Definitions declared so far, by kind; `afterScore` ones may read the score.
    var boolDefinitions: [String] = []
    var numDefinitions: [String] = []
    var scoreReady = false

    init(seed: UInt64) { rng = Random(seed: seed) }

    // MARK: Numbers

    mutating func number(_ depth: Int) -> String {
        var leaves = ["n1", "n2", "c1", String(rng.below(12) - 3), "2.5", "0.1", "-1"]
        leaves += numDefinitions
        if scoreReady { leaves += ["s0.total", "s0.da"] }
        if depth <= 0 || rng.chance(35) { return rng.pick(leaves) }
        switch rng.below(8) {
        case 0: return "(\(number(depth - 1)) + \(number(depth - 1)))"
        case 1: return "(\(number(depth - 1)) - \(number(depth - 1)))"
        case 2: return "(\(number(depth - 1)) * \(number(depth - 1)))"
        case 3: return "(\(number(depth - 1)) / \(number(depth - 1)))"
        case 4: return "-\(rng.pick(["n1", "n2", "(c1 + 1)"]))"
        case 5: return "(days between \(date()) and \(date()))"
        case 6: return "(years between \(date()) and \(date()))"
        default: return rng.pick(leaves)
        }
    }

    mutating func date() -> String {
        rng.pick(["d1", "d2", "dt1", "2019-03-01", "2008-02-29", "2019-04-12 16:00"])
    }

    // MARK: Conditions

    mutating func condition(_ depth: Int, advice: Bool = false) -> String {
        if depth <= 0 || rng.chance(25) { return atom(advice: advice) }
        switch rng.below(9) {
        case 0: return "not \(condition(depth - 1, advice: advice))"
        case 1: return "(\(condition(depth - 1, advice: advice)) and \(condition(depth - 1, advice: advice)))"
        case 2: return "(\(condition(depth - 1, advice: advice)) or \(condition(depth - 1, advice: advice)))"
        case 3:
            let n = 2 + rng.below(3)
            let items = (0..<n).map { _ in condition(depth - 1, advice: advice) }.joined(separator: ", ")
            return
                "\(rng.pick(["at least \(rng.below(n + 1))", "at most \(rng.below(n))", "all", "any", "none"])) of (\(items))"
        case 4:
            return
                "((\(condition(depth - 1, advice: advice))) \(rng.pick(["=", "!="])) (\(condition(depth - 1, advice: advice))))"
        case 5: return "(\(condition(depth - 1, advice: advice))) is \(rng.pick(["known", "unknown", "not known"]))"
        case 6: return "(\(number(depth - 1))) is \(rng.pick(["known", "unknown"]))"
        default: return atom(advice: advice)
        }
    }

    mutating func atom(advice: Bool) -> String {
        let op = rng.pick(["=", "!=", "<", "<=", ">", ">="])
        switch rng.below(advice ? 17 : 15) {
        case 0: return rng.pick(["b1", "b2", "b3", "yes", "no"] + boolDefinitions)
        case 1, 2: return "\(number(2)) \(op) \(number(2))"
        case 3: return "\(number(1)) between \(number(1)) and \(number(1))"
        case 4: return "\(date()) \(op) \(date())"
        case 5: return "\(date()) between 2019-01-01 and 2019-06-30"
        case 6: return "o1 \(rng.pick(["=", "!="])) \(rng.pick(["red", "green", "blue"]))"
        case 7:
            return
                "o1 \(rng.pick(["in", "not in"])) (\(["red", "green", "blue"].filter { _ in rng.chance(60) }.joined(separator: ", ")))"
        case 8:
            return rng.chance(50)
                ? "s1 has \(rng.pick(["x", "y", "z"]))" : "s1 \(rng.pick(["=", "!="])) \(rng.pick(["x", "y", "z"]))"
        case 9: return "t1 \(rng.pick(["=", "!="])) \(rng.pick(["\"\"", "\"note\"", "\"x\""]))"
        case 10:
            return rng.chance(50)
                ? "lv1 \(op) \(rng.pick(["low", "mid", "high"]))"
                : "lv1 is \(rng.pick(["", "at least ", "at most "]))mid"
        case 11:
            return
                "\(rng.pick(["n1", "c1", "lv1", "o1", "s1", "t1", "d1", "dt1", "b1"])) is \(rng.pick(["known", "unknown"]))"
        case 12: return "n1 \(rng.pick(["in", "not in"])) (\(rng.below(5)), \(rng.below(20)), 2.5)"
        case 13: return "lv1 \(rng.pick(["in", "not in"])) (low, high)"
        case 14:
            if scoreReady { return "s0 is \(rng.pick(["", "at least ", "at most "]))\(rng.pick(["lo", "md", "hi"]))" }
            return "b1"
        default:
            return
                "outcome \(rng.pick(["is at least mid", "is high", "is at most low", "> lv1", "= lv1", "in (mid, high)"]))"
        }
    }

    // MARK: Declarations

    mutating func ruleSet() -> Source {
        boolDefinitions = []
        numDefinitions = []
        scoreReady = false
        var decls: [String] = []
        decls.append("define db0 = \(condition(2))")
        boolDefinitions.append("db0")
        decls.append("define dn0 = \(number(2))")
        numDefinitions.append("dn0")
        // The score reads facts and the first definitions; the later definitions may read the score.
        let items = (0..<(2 + rng.below(3))).map { _ in "  \(rng.pick([1, 2, 3, -1])) when \(condition(2))" }
        let domain =
            (0..<(1 + rng.below(2))).map { _ in "    \(rng.pick([1, 2])) when \(condition(1))" }
            + ["    add \(rng.pick(["c1", "c1 * 2", "c1 - 1"])) max \(rng.pick([2, 4]))"]
        decls.append(
            (["score s0 \"S0\""] + items + ["  domain da \"DA\""] + domain + [
                "  end",
                "  bands", "    lo \"Lo\" -100 to 1", "    md \"Md\" 2 to 3", "    hi \"Hi\" 4 and above", "  end",
                "  floor md when \(condition(1)) \"F1\"", "  floor hi when \(condition(1)) \"F2\"", "end",
            ]).joined(separator: "\n"))
        scoreReady = true
        decls.append("define db1 = \(condition(2))")
        boolDefinitions.append("db1")
        decls.append("define dn1 = \(number(2))")
        numDefinitions.append("dn1")
        for r in 0..<(3 + rng.below(4)) {
            decls.append("rule r\(r) when \(condition(3)) then \(rng.pick(["low", "mid", "high", "high"])) end")
        }
        for a in 0..<(1 + rng.below(3)) {
            decls.append("advise a\(a) \"A\(a)\" when \(condition(2, advice: true)) end")
        }
        // Caps: none, one or two, some with `unless` (the outcome is held at the lowest that holds). Drawn from a
        // copy of the generator, so the rule sets and scenarios before caps existed are drawn as they were.
        let saved = rng
        for c in 0..<rng.below(3) {
            let unless = rng.chance(50) ? " unless \(condition(1))" : ""
            let level = rng.pick(["low", "mid", "mid", "high"])
            decls.append("cap k\(c) \"K\(c)\" at \(level) when \(condition(2))\(unless) end")
        }
        rng = saved
        return Source(header: Self.header, declarations: decls)
    }

    /// Random facts, about a third unknown, a few outside their declared range.
    mutating func scenario(_ rs: RuleSet) -> FactVector {
        var facts = rs.defaultFacts()
        let base = CivilDate(year: 2019, month: 1, day: 1) ?? CivilDate(daysSinceEpoch: 17897)
        for (slot, fact) in rs.facts.enumerated() {
            if rng.chance(30) {
                facts[slot] = rng.chance(50) ? nil : facts[slot]
                continue
            }
            switch fact.type {
            case .yesNo: facts[slot] = .bool(rng.chance(50))
            case .number(let lo, let hi):
                let l = lo?.intValue ?? -50
                let h = hi?.intValue ?? 100
                let v =
                    rng.chance(5)
                    ? ExactNumber(units: [Int64.max - 3, Int64.min + 3][rng.below(2)])
                    : rng.chance(20)
                        ? ExactNumber(units: Int64(l + rng.below(h - l + 1)) * 1_000_000 + Int64(rng.below(1_000_000)))
                        : ExactNumber(l + rng.below(h - l + 1))
                facts[slot] = .number(v)
            case .count(let hi): facts[slot] = .number(ExactNumber(rng.below((hi?.intValue ?? 8) + 2)))
            case .oneOf(let o): facts[slot] = .option(rng.below(o.count))
            case .someOf(let o): facts[slot] = .options(UInt64(rng.below(1 << o.count)))
            case .text: facts[slot] = .text(rng.pick(["", "note", "x", "é"]))
            case .date: facts[slot] = .date(base.addingDays(rng.below(6000) - 5000))
            case .dateTime:
                facts[slot] = .dateTime(
                    CivilDateTime(date: base.addingDays(rng.below(400) - 200)).addingMinutes(rng.below(1440)))
            case .level: facts[slot] = .level(rng.below(rs.levels.count))
            }
        }
        return facts
    }
}

// MARK: - Node kinds

/// Every kind of compiled node, so the corpus can say which kinds it used (and a new kind, added to the
/// exhaustive switches below, fails the coverage test until the generator writes it).
enum NodeKind: String, CaseIterable {
    case boolConstant, boolFact, boolDefinition, not, and, or, compareNum, betweenNum, compareTime, compareBool
    case optionIs, optionIn, setHas, setIs, textIs, compareLevel, scoreBand, isKnown, isKnownNum, isKnownBool, count
    case numConstant, numFact, numDefinition, scoreTotal, domainTotal, add, subtract, multiply, divide, negate
    case daysBetween, yearsBetween
    case timeConstant, timeFact, levelFact, levelOutcome, levelConstant
    case countAtLeast, countAtMost, countAll, countAny, countNone
    case eq, ne, lt, le, gt, ge
    case rankIs, rankAtLeast, rankAtMost

    static func collect(_ node: BoolNode, into kinds: inout Set<NodeKind>) {
        switch node {
        case .constant: kinds.insert(.boolConstant)
        case .fact: kinds.insert(.boolFact)
        case .definition: kinds.insert(.boolDefinition)
        case .not(let x):
            kinds.insert(.not)
            collect(x, into: &kinds)
        case .and(let xs):
            kinds.insert(.and)
            for x in xs { collect(x, into: &kinds) }
        case .or(let xs):
            kinds.insert(.or)
            for x in xs { collect(x, into: &kinds) }
        case .compareNum(let op, let a, let b):
            kinds.insert(.compareNum)
            kinds.insert(kind(op))
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .betweenNum(let v, let lo, let hi):
            kinds.insert(.betweenNum)
            for x in [v, lo, hi] { collect(x, into: &kinds) }
        case .compareTime(let op, let a, let b):
            kinds.insert(.compareTime)
            kinds.insert(kind(op))
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .compareBool(_, let a, let b):
            kinds.insert(.compareBool)
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .optionIs: kinds.insert(.optionIs)
        case .optionIn: kinds.insert(.optionIn)
        case .setHas: kinds.insert(.setHas)
        case .setIs: kinds.insert(.setIs)
        case .textIs: kinds.insert(.textIs)
        case .compareLevel(let op, let a, let b):
            kinds.insert(.compareLevel)
            kinds.insert(kind(op))
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .scoreBand(_, let test, _):
            kinds.insert(.scoreBand)
            switch test {
            case .exactly: kinds.insert(.rankIs)
            case .atLeast: kinds.insert(.rankAtLeast)
            case .atMost: kinds.insert(.rankAtMost)
            }
        case .isKnown: kinds.insert(.isKnown)
        case .isKnownNum(let n, _):
            kinds.insert(.isKnownNum)
            collect(n, into: &kinds)
        case .isKnownBool(let b, _):
            kinds.insert(.isKnownBool)
            collect(b, into: &kinds)
        case .count(let mode, let xs):
            kinds.insert(.count)
            switch mode {
            case .atLeast: kinds.insert(.countAtLeast)
            case .atMost: kinds.insert(.countAtMost)
            case .all: kinds.insert(.countAll)
            case .any: kinds.insert(.countAny)
            case .none: kinds.insert(.countNone)
            }
            for x in xs { collect(x, into: &kinds) }
        }
    }

    static func collect(_ node: NumNode, into kinds: inout Set<NodeKind>) {
        switch node {
        case .constant: kinds.insert(.numConstant)
        case .fact: kinds.insert(.numFact)
        case .definition: kinds.insert(.numDefinition)
        case .scoreTotal: kinds.insert(.scoreTotal)
        case .domainTotal: kinds.insert(.domainTotal)
        case .arith(let op, let a, let b):
            switch op {
            case .add: kinds.insert(.add)
            case .sub: kinds.insert(.subtract)
            case .mul: kinds.insert(.multiply)
            case .div: kinds.insert(.divide)
            }
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .negate(let x):
            kinds.insert(.negate)
            collect(x, into: &kinds)
        case .daysBetween(let a, let b):
            kinds.insert(.daysBetween)
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        case .yearsBetween(let a, let b):
            kinds.insert(.yearsBetween)
            collect(a, into: &kinds)
            collect(b, into: &kinds)
        }
    }

    static func collect(_ node: TimeNode, into kinds: inout Set<NodeKind>) {
        switch node {
        case .constant: kinds.insert(.timeConstant)
        case .fact: kinds.insert(.timeFact)
        }
    }

    static func collect(_ source: LevelSource, into kinds: inout Set<NodeKind>) {
        switch source {
        case .fact: kinds.insert(.levelFact)
        case .outcome: kinds.insert(.levelOutcome)
        case .constant: kinds.insert(.levelConstant)
        }
    }

    static func kind(_ op: CompareOp) -> NodeKind {
        switch op {
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        }
    }

    /// Every kind used anywhere in a rule set: definitions, score items and floors, rules and advice.
    static func used(in rs: RuleSet) -> Set<NodeKind> {
        var kinds = Set<NodeKind>()
        for d in rs.definitions {
            switch d.body {
            case .condition(let c): collect(c, into: &kinds)
            case .number(let n): collect(n, into: &kinds)
            }
        }
        for s in rs.scores {
            for item in s.items {
                switch item.kind {
                case .when(_, let c): collect(c, into: &kinds)
                case .add(let n, _, _): collect(n, into: &kinds)
                }
            }
            for f in s.floors { collect(f.condition, into: &kinds) }
        }
        for r in rs.rules { collect(r.condition, into: &kinds) }
        for a in rs.advice { collect(a.condition, into: &kinds) }
        return kinds
    }
}
