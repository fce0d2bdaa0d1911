import Foundation

/// What explanations need to know about the shape of each condition, computed once per rule set:
/// - *monotone*: no `is known` test anywhere in it (through definitions and scores), so once it is yes or no,
///   no unknown fact can change it;
/// - *flat*: monotone, and at most one `and`/`or`/counting over comparisons of facts (definitions inlined,
///   no score bands or totals). When a flat condition is unknown, every unknown fact it reads could change
///   it, so `Relevance` is not needed.
///
/// `@unchecked Sendable`: immutable once built (every stored property is a `let` of values, written only in
/// `init`); the shared cache of them is a static guarded by `lock`.
final class ConditionShapes: @unchecked Sendable {
    let flatRules: [Bool]
    let monotoneRules: [Bool]
    /// Per score, per item and per floor.
    let flatItems: [[Bool]]
    let monotoneItems: [[Bool]]
    let flatFloors: [[Bool]]
    let monotoneFloors: [[Bool]]
    /// Per rule, the facts it reads, flattened for the missing-information pass: rule `i` reads
    /// `ruleReads[ruleReadStart[i]..<ruleReadStart[i + 1]]`.
    let ruleReadStart: [Int]
    let ruleReads: [Int]

    private init(_ rs: RuleSet) {
        ruleReadStart = rs.rules.reduce(into: [0]) { starts, rule in
            starts.append(starts[starts.count - 1] + rule.factsRead.count)
        }
        ruleReads = rs.rules.flatMap(\.factsRead)
        var walker = ShapeWalker(ruleSet: rs)
        flatRules = rs.rules.map { walker.flat($0.condition, depth: 0) }
        monotoneRules = rs.rules.map { walker.monotone($0.condition) }
        flatItems = rs.scores.map { s in
            s.items.map { item in
                switch item.kind {
                case .when(_, let c): return walker.flat(c, depth: 0)
                case .add(let v, _, _): return walker.flat(v)
                }
            }
        }
        monotoneItems = rs.scores.map { s in
            s.items.map { item in
                switch item.kind {
                case .when(_, let c): return walker.monotone(c)
                case .add(let v, _, _): return walker.monotone(v)
                }
            }
        }
        flatFloors = rs.scores.map { s in s.floors.map { walker.flat($0.condition, depth: 0) } }
        monotoneFloors = rs.scores.map { s in s.floors.map { walker.monotone($0.condition) } }
    }

    /// The shapes for a rule set, built on first use and kept with it.
    static func forRuleSet(_ ruleSet: RuleSet) -> ConditionShapes {
        ruleSet.tables.table(ConditionShapes.self) { ConditionShapes(ruleSet) }
    }
}

/// Walks compiled nodes for `ConditionShapes`.
struct ShapeWalker {
    let ruleSet: RuleSet
    private var monotoneScores: [Int: Bool] = [:]

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    mutating func flat(_ node: BoolNode, depth: Int) -> Bool {
        switch node {
        case .constant, .fact, .optionIs, .optionIn, .setHas, .setIs, .textIs, .compareTime: return true
        case .compareLevel(_, let a, let b):
            if case .outcome = a { return false }
            if case .outcome = b { return false }
            return true
        case .compareNum(_, let a, let b): return flat(a) && flat(b)
        case .betweenNum(let a, let b, let c): return flat(a) && flat(b) && flat(c)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body
            else { return false }
            return flat(body, depth: depth)
        case .not(let x): return flat(x, depth: depth)
        case .and(let xs), .or(let xs), .count(_, let xs):
            guard depth == 0 else { return false }
            for x in xs where !flat(x, depth: 1) { return false }
            return true
        case .compareBool, .scoreBand, .isKnown, .isKnownNum, .isKnownBool: return false
        }
    }

    /// A number that reads facts only (through arithmetic and definitions): unknown exactly when one of its
    /// facts is.
    mutating func flat(_ node: NumNode) -> Bool {
        switch node {
        case .constant, .fact, .daysBetween, .yearsBetween: return true
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return false
            }
            return flat(body)
        case .arith(_, let a, let b): return flat(a) && flat(b)
        case .negate(let a): return flat(a)
        case .scoreTotal, .domainTotal: return false
        }
    }

    mutating func monotone(_ node: BoolNode) -> Bool {
        switch node {
        case .isKnown, .isKnownNum, .isKnownBool: return false
        case .constant, .fact, .optionIs, .optionIn, .setHas, .setIs, .textIs, .compareTime, .compareLevel: return true
        case .compareNum(_, let a, let b): return monotone(a) && monotone(b)
        case .betweenNum(let a, let b, let c): return monotone(a) && monotone(b) && monotone(c)
        case .compareBool(_, let a, let b): return monotone(a) && monotone(b)
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i) else { return false }
            switch ruleSet.definitions[i].body {
            case .condition(let b): return monotone(b)
            case .number(let n): return monotone(n)
            }
        case .not(let x): return monotone(x)
        case .and(let xs), .or(let xs), .count(_, let xs):
            for x in xs where !monotone(x) { return false }
            return true
        case .scoreBand(let s, _, _): return monotoneScore(s)
        }
    }

    mutating func monotone(_ node: NumNode) -> Bool {
        switch node {
        case .constant, .fact, .daysBetween, .yearsBetween: return true
        case .definition(let i):
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return false
            }
            return monotone(body)
        case .arith(_, let a, let b): return monotone(a) && monotone(b)
        case .negate(let a): return monotone(a)
        case .scoreTotal(let s), .domainTotal(let s, _): return monotoneScore(s)
        }
    }

    private mutating func monotoneScore(_ s: Int) -> Bool {
        if let m = monotoneScores[s] { return m }
        guard ruleSet.scores.indices.contains(s) else { return false }
        monotoneScores[s] = false  // scores do not read themselves; this only guards the recursion
        var m = true
        for item in ruleSet.scores[s].items where m {
            switch item.kind {
            case .when(_, let c): m = monotone(c)
            case .add(let v, _, _): m = monotone(v)
            }
        }
        for f in ruleSet.scores[s].floors where m { m = monotone(f.condition) }
        monotoneScores[s] = m
        return m
    }
}
