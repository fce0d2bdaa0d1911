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
    /// Per rule and per cap (its `when` or its `unless`): whether arithmetic is in it (through definitions and
    /// scores), the one way a condition can be unknown for good (`Relevance.possible`).
    let arithmeticRules: [Bool]
    let arithmeticCaps: [Bool]
    /// Whether any rule has arithmetic (when none has, nothing is asked of `Relevance.possible` for rules).
    let anyArithmeticRule: Bool
    /// Whether an `is known` test is in some score's item (when none is, `Relevance` never asks whether one
    /// reopens a settled comparison of a total or band).
    let itemKnownTests: Bool

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
        arithmeticRules = rs.rules.map { walker.arithmetic(.bool($0.condition)) }
        anyArithmeticRule = arithmeticRules.contains(true)
        arithmeticCaps = rs.caps.map { cap in
            walker.arithmetic(.bool(cap.when)) || cap.unless.map { walker.arithmetic(.bool($0)) } == true
        }
        monotoneFloors = rs.scores.map { s in s.floors.map { walker.monotone($0.condition) } }
        itemKnownTests = rs.scores.contains { s in
            s.items.contains { item in
                switch item.kind {
                case .when(_, let c): return walker.knownTestInside(.bool(c))
                case .add(let v, _, _): return walker.knownTestInside(.num(v))
                }
            }
        }
    }

    /// The shapes for a rule set, built on first use and kept with it.
    static func forRuleSet(_ ruleSet: RuleSet) -> ConditionShapes {
        ruleSet.tables.table(ConditionShapes.self) { ConditionShapes(ruleSet) }
    }
}

/// Walks compiled nodes for `ConditionShapes`, from each node's `role`, `directRead` and `forEachChild` only
/// (no answer of its own per node kind; `arithmetic` names the two arithmetic node kinds).
struct ShapeWalker {
    let ruleSet: RuleSet
    private var monotoneScores: [Int: Bool] = [:]
    private var arithmeticDefinitions: [Int: Bool] = [:]
    private var arithmeticScores: [Int: Bool] = [:]

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    mutating func flat(_ node: BoolNode, depth: Int) -> Bool {
        switch node.role {
        case .constant: return true
        case .value:
            // A definition is inlined, at the same depth.
            guard case .definition(let i)? = node.directRead else { return flat(node.directRead) }
            guard ruleSet.definitions.indices.contains(i), case .condition(let body) = ruleSet.definitions[i].body
            else { return false }
            return flat(body, depth: depth)
        case .junction(.not): return all(node) { $0.flat($1, depth: depth) }
        case .junction(.and), .junction(.or), .junction(.count):
            guard depth == 0 else { return false }
            return all(node) { $0.flat($1, depth: 1) }
        case .knownTest: return false
        case .test:
            // A test of facts; a condition under a test (`a = b` over conditions) is not flat.
            guard flat(node.directRead) else { return false }
            return all(node) { walker, child in
                if case .bool = child { return false }
                return walker.flat(child, depth: 1)
            }
        }
    }

    /// A number that reads facts only (through arithmetic and definitions): unknown exactly when one of its
    /// facts is.
    mutating func flat(_ node: NumNode) -> Bool { number(node, flat: true) }

    mutating func monotone(_ node: BoolNode) -> Bool {
        switch node.role {
        case .knownTest: return false
        case .constant, .value, .junction, .test:
            guard monotone(node.directRead) else { return false }
            return all(node) { $0.monotone($1) }
        }
    }

    mutating func monotone(_ node: NumNode) -> Bool { number(node, flat: false) }

    /// `flat` (or `monotone`) for a number: a definition is inlined (one that is not a number is neither);
    /// otherwise what it reads directly and every operand must be.
    private mutating func number(_ node: NumNode, flat: Bool) -> Bool {
        if case .definition(let i)? = node.directRead {
            guard ruleSet.definitions.indices.contains(i), case .number(let body) = ruleSet.definitions[i].body else {
                return false
            }
            return number(body, flat: flat)
        }
        guard flat ? self.flat(node.directRead) : monotone(node.directRead) else { return false }
        return all(node) { flat ? $0.flat($1, depth: 1) : $0.monotone($1) }
    }

    /// Flat as a read: a fact, or nothing; not a score nor the outcome (a definition inlines where it is read).
    private mutating func flat(_ r: DirectRead?) -> Bool {
        switch r {
        case nil, .fact?: return true
        case .definition(let i)?:
            guard ruleSet.definitions.indices.contains(i) else { return false }
            switch ruleSet.definitions[i].body {
            case .condition(let body): return flat(body, depth: 1)
            case .number(let body): return flat(body)
            }
        case .score?, .outcome?: return false
        }
    }

    private mutating func flat(_ child: NodeChild, depth: Int) -> Bool {
        switch child {
        case .bool(let b): return flat(b, depth: depth)
        case .num(let n): return flat(n)
        case .time(let t): return flat(t.directRead)
        case .level(let l): return flat(l.directRead)
        }
    }

    private mutating func monotone(_ r: DirectRead?) -> Bool {
        switch r {
        case nil, .fact?, .outcome?: return true
        case .definition(let i)?:
            guard ruleSet.definitions.indices.contains(i) else { return false }
            switch ruleSet.definitions[i].body {
            case .condition(let b): return monotone(b)
            case .number(let n): return monotone(n)
            }
        case .score(let s)?: return monotoneScore(s)
        }
    }

    private mutating func monotone(_ child: NodeChild) -> Bool {
        switch child {
        case .bool(let b): return monotone(b)
        case .num(let n): return monotone(n)
        case .time(let t): return monotone(t.directRead)
        case .level(let l): return monotone(l.directRead)
        }
    }

    /// True when `test` holds for every direct sub-node (stops asking at the first that fails).
    private mutating func all(_ node: BoolNode, _ test: (inout ShapeWalker, NodeChild) -> Bool) -> Bool {
        var result = true
        node.forEachChild { child in
            if result { result = test(&self, child) }
        }
        return result
    }

    private mutating func all(_ node: NumNode, _ test: (inout ShapeWalker, NodeChild) -> Bool) -> Bool {
        var result = true
        node.forEachChild { child in
            if result { result = test(&self, child) }
        }
        return result
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

    /// Whether an `is known` test is inside `child`, through definitions: once it is yes or no, answering that
    /// test's facts can still change it. Not through the scores it reads (unlike `monotone`): one in a score's
    /// item reopens a comparison of its total only when its move is large enough, which `Relevance` tries.
    mutating func knownTestInside(_ child: NodeChild) -> Bool {
        switch child {
        case .bool(let b):
            if b.role == .knownTest || knownTestInside(b.directRead) { return true }
            var found = false
            b.forEachChild { if !found { found = knownTestInside($0) } }
            return found
        case .num(let n):
            if knownTestInside(n.directRead) { return true }
            var found = false
            n.forEachChild { if !found { found = knownTestInside($0) } }
            return found
        case .time, .level: return false
        }
    }

    private mutating func knownTestInside(_ r: DirectRead?) -> Bool {
        guard case .definition(let i)? = r, ruleSet.definitions.indices.contains(i) else { return false }
        switch ruleSet.definitions[i].body {
        case .condition(let body): return knownTestInside(.bool(body))
        case .number(let body): return knownTestInside(.num(body))
        }
    }

    /// Whether arithmetic (`+ - * /`, a minus sign) is in `child`, through definitions and the scores it reads
    /// (their items and floors); each definition and score looked at once.
    mutating func arithmetic(_ child: NodeChild) -> Bool {
        switch child {
        case .bool(let b):
            if arithmetic(b.directRead) { return true }
            var found = false
            b.forEachChild { if !found { found = arithmetic($0) } }
            return found
        case .num(let n):
            switch n {
            case .arith, .negate: return true
            default: break
            }
            if arithmetic(n.directRead) { return true }
            var found = false
            n.forEachChild { if !found { found = arithmetic($0) } }
            return found
        case .time, .level: return false
        }
    }

    private mutating func arithmetic(_ r: DirectRead?) -> Bool {
        switch r {
        case .definition(let i)?:
            if let known = arithmeticDefinitions[i] { return known }
            arithmeticDefinitions[i] = false  // definitions do not read themselves; this only guards the recursion
            guard ruleSet.definitions.indices.contains(i) else { return false }
            let found: Bool
            switch ruleSet.definitions[i].body {
            case .condition(let body): found = arithmetic(.bool(body))
            case .number(let body): found = arithmetic(.num(body))
            }
            arithmeticDefinitions[i] = found
            return found
        case .score(let s)?:
            if let known = arithmeticScores[s] { return known }
            arithmeticScores[s] = false
            guard ruleSet.scores.indices.contains(s) else { return false }
            var found = false
            for item in ruleSet.scores[s].items where !found {
                switch item.kind {
                case .when(_, let c): found = arithmetic(.bool(c))
                case .add(let v, _, _): found = arithmetic(.num(v))
                }
            }
            for f in ruleSet.scores[s].floors where !found { found = arithmetic(.bool(f.condition)) }
            arithmeticScores[s] = found
            return found
        case .fact?, .outcome?, nil: return false
        }
    }
}
