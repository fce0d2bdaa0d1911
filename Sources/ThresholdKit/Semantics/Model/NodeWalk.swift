/// The one walker over compiled nodes. Every structural walk (what a condition reads, which definitions it
/// uses, the literals it is compared with, which unknown facts it still depends on) and every analysis of a
/// condition's logic (the explainer's shapes and relevance) goes through `forEachChild`, `directRead` and
/// `role`, whose switches are exhaustive: a new node kind is a compile error here, and the walks and analyses
/// that use them learn it from here. (The interpreter, the program builder and the printer switch over the
/// kinds themselves, exhaustively too: each needs its own answer per kind.)

/// A direct sub-node of a compiled node.
enum NodeChild {
    case bool(BoolNode)
    case num(NumNode)
    case time(TimeNode)
    case level(LevelSource)
}

/// What a node reads itself, not through its sub-nodes.
enum DirectRead: Equatable {
    case fact(Int)
    case definition(Int)
    case score(Int)
    /// The outcome level (a level comparison in advice).
    case outcome
}

/// How a condition's value follows from what it reads, for the analyses that need no answer of their own
/// per kind (`ConditionShapes`, `Relevance`): they work from the role, `forEachChild` and `directRead` only.
enum NodeRole: Equatable {
    /// A fixed value; reads nothing.
    case constant
    /// The value of what it reads itself (`directRead`): a yes/no fact, or a definition's body (which the
    /// analyses inline).
    case value
    /// A combination of its condition sub-nodes, monotone in Kleene logic: once a sub-node is yes or no, no
    /// unknown fact can move it back.
    case junction(Junction)
    /// An `is known` test: yes or no even when what it reads is unknown, so never monotone, and every unknown
    /// fact it reads could change it.
    case knownTest
    /// A comparison or another test of what it reads (`directRead` and its sub-nodes): unknown when what it
    /// needs is unknown, monotone when they are.
    case test
}

/// The kinds of `NodeRole.junction`.
enum Junction: Equatable {
    case not, and, or
    case count(CountMode)
}

extension BoolNode {
    /// Calls `body` with each direct sub-node, in the order they are written.
    func forEachChild(_ body: (NodeChild) -> Void) {
        switch self {
        case .constant, .fact, .definition, .optionIs, .optionIn, .setHas, .setIs, .textIs, .scoreBand, .isKnown: return
        case .not(let x), .isKnownBool(let x, _): body(.bool(x))
        case .and(let xs), .or(let xs), .count(_, let xs): for x in xs { body(.bool(x)) }
        case .compareNum(_, let a, let b):
            body(.num(a))
            body(.num(b))
        case .betweenNum(let v, let lo, let hi):
            body(.num(v))
            body(.num(lo))
            body(.num(hi))
        case .compareTime(_, let a, let b):
            body(.time(a))
            body(.time(b))
        case .compareBool(_, let a, let b):
            body(.bool(a))
            body(.bool(b))
        case .compareLevel(_, let a, let b):
            body(.level(a))
            body(.level(b))
        case .isKnownNum(let n, _): body(.num(n))
        }
    }

    /// How its value follows from what it reads (see `NodeRole`).
    var role: NodeRole {
        switch self {
        case .constant: return .constant
        case .fact, .definition: return .value
        case .not: return .junction(.not)
        case .and: return .junction(.and)
        case .or: return .junction(.or)
        case .count(let mode, _): return .junction(.count(mode))
        case .isKnown, .isKnownNum, .isKnownBool: return .knownTest
        case .compareNum, .betweenNum, .compareTime, .compareBool, .optionIs, .optionIn, .setHas, .setIs, .textIs,
            .compareLevel, .scoreBand:
            return .test
        }
    }

    /// The fact, definition or score the node reads itself.
    var directRead: DirectRead? {
        switch self {
        case .fact(let slot), .optionIs(let slot, _, _), .optionIn(let slot, _), .setHas(let slot, _),
            .setIs(let slot, _, _),
            .textIs(let slot, _, _), .isKnown(let slot, _):
            return .fact(slot)
        case .definition(let i): return .definition(i)
        case .scoreBand(let i, _, _): return .score(i)
        case .constant, .not, .and, .or, .compareNum, .betweenNum, .compareTime, .compareBool, .compareLevel,
            .isKnownNum, .isKnownBool, .count:
            return nil
        }
    }
}

extension NumNode {
    /// Calls `body` with each direct sub-node, in the order they are written.
    func forEachChild(_ body: (NodeChild) -> Void) {
        switch self {
        case .constant, .fact, .definition, .scoreTotal, .domainTotal: return
        case .arith(_, let a, let b):
            body(.num(a))
            body(.num(b))
        case .negate(let x): body(.num(x))
        case .daysBetween(let a, let b), .yearsBetween(let a, let b):
            body(.time(a))
            body(.time(b))
        }
    }

    /// The fact, definition or score the node reads itself.
    var directRead: DirectRead? {
        switch self {
        case .fact(let slot): return .fact(slot)
        case .definition(let i): return .definition(i)
        case .scoreTotal(let i), .domainTotal(let i, _): return .score(i)
        case .constant, .arith, .negate, .daysBetween, .yearsBetween: return nil
        }
    }
}

extension TimeNode {
    var directRead: DirectRead? {
        switch self {
        case .fact(let slot, _): return .fact(slot)
        case .constant: return nil
        }
    }
}

extension LevelSource {
    var directRead: DirectRead? {
        switch self {
        case .fact(let slot): return .fact(slot)
        case .outcome: return .outcome
        case .constant: return nil
        }
    }
}

/// A pre-order walk over a node and everything under it. Conform, override what you need (`enter` returns
/// false to skip a node's sub-nodes), then call `walk`.
protocol NodeVisitor {
    mutating func enter(_ node: BoolNode) -> Bool
    mutating func enter(_ node: NumNode) -> Bool
    mutating func visit(_ node: TimeNode)
    mutating func visit(_ node: LevelSource)
}

extension NodeVisitor {
    mutating func enter(_ node: BoolNode) -> Bool { true }
    mutating func enter(_ node: NumNode) -> Bool { true }
    mutating func visit(_ node: TimeNode) {}
    mutating func visit(_ node: LevelSource) {}

    mutating func walk(_ node: BoolNode) {
        guard enter(node) else { return }
        node.forEachChild { walk($0) }
    }

    mutating func walk(_ node: NumNode) {
        guard enter(node) else { return }
        node.forEachChild { walk($0) }
    }

    mutating func walk(_ child: NodeChild) {
        switch child {
        case .bool(let b): walk(b)
        case .num(let n): walk(n)
        case .time(let t): visit(t)
        case .level(let l): visit(l)
        }
    }

    /// Walks every node a rule set holds: definitions, score items and floors, rules, caps, then advice.
    mutating func walk(_ rs: RuleSet) {
        for d in rs.definitions {
            switch d.body {
            case .condition(let c): walk(c)
            case .number(let n): walk(n)
            }
        }
        for s in rs.scores {
            for item in s.items {
                switch item.kind {
                case .when(_, let c): walk(c)
                case .add(let n, _, _): walk(n)
                }
            }
            for f in s.floors { walk(f.condition) }
        }
        for r in rs.rules { walk(r.condition) }
        for c in rs.caps { walk(c.condition) }
        for a in rs.advice { walk(a.condition) }
    }
}

/// What a test asks of what it reads, for the linter, which reasons about conditions with no case of its own
/// per kind: it works from `role`, `asks`, `directRead` and `forEachChild`. Operands are the sub-nodes.
enum TestQuestion {
    /// `a op b` on its two sub-nodes: numbers, dates or levels.
    case compare(CompareOp)
    /// `x >= lo and x <= hi` on its three sub-nodes.
    case between
    /// Its two condition sub-nodes are equal (`equal: false`: differ).
    case sameAs(equal: Bool)
    /// A test of one fact's value (`equal: false`: its negation, written as one, as in `!=`).
    case value(slot: Int, ValueTest, equal: Bool)
    /// A score's band compared with a band.
    case band(score: Int, CompareOp, band: Int)
    /// Whether what it reads (itself, or its one sub-node) is known (`false`: unknown).
    case known(Bool)
    /// Not a test, or one no analysis looks inside.
    case opaque
}

/// The tests `TestQuestion.value` puts to a fact's value.
enum ValueTest {
    /// A `one of` fact holds one of these value indices.
    case oneOf(Set<Int>)
    /// A `some of` fact holds this value index.
    case has(Int)
    /// A `some of` fact is exactly this set (bit mask).
    case setEquals(UInt64)
    /// A text fact equals this text.
    case text(String)
}

extension BoolNode {
    /// What the node asks, when its `role` is `test` or `knownTest` (see `TestQuestion`).
    var asks: TestQuestion {
        switch self {
        case .constant, .fact, .definition, .not, .and, .or, .count: return .opaque
        case .compareNum(let op, _, _), .compareTime(let op, _, _), .compareLevel(let op, _, _): return .compare(op)
        case .betweenNum: return .between
        case .compareBool(let equal, _, _): return .sameAs(equal: equal)
        case .optionIs(let slot, let value, let equal): return .value(slot: slot, .oneOf([value]), equal: equal)
        case .optionIn(let slot, let mask):
            return .value(slot: slot, .oneOf(Set((0..<64).filter { mask & (1 << UInt64($0)) != 0 })), equal: true)
        case .setHas(let slot, let bit): return .value(slot: slot, .has(bit.trailingZeroBitCount), equal: true)
        case .setIs(let slot, let mask, let equal): return .value(slot: slot, .setEquals(mask), equal: equal)
        case .textIs(let slot, let text, let equal): return .value(slot: slot, .text(text), equal: equal)
        case .scoreBand(let score, let test, let band):
            return .band(score: score, test == .exactly ? .eq : (test == .atLeast ? .ge : .le), band: band)
        case .isKnown(_, let known), .isKnownNum(_, let known), .isKnownBool(_, let known): return .known(known)
        }
    }
}
