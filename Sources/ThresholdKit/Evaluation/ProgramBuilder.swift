/// Flattens node trees into `EvaluationProgram` arrays. A node's children are stored side by side (the
/// parent holds the first index and the count); each child's own subtree follows later in the array.
///
/// A node kind needs no opcode: one line in `fill` (or `num`), `case .newKind: op = whole(node)`, stores the
/// node itself, and the machine runs it with the node-tree walker's semantics (`NodeSemantics`) over its own
/// state. A dedicated opcode (in `EvaluationProgram`, built here, run in `ProgramMachine`) is an optional
/// speed-up for a kind common enough to matter.
struct ProgramBuilder {
    typealias BoolOp = EvaluationProgram.BoolOp
    typealias NumOp = EvaluationProgram.NumOp

    var bools: [BoolOp] = []
    var nums: [NumOp] = []
    var times: [EvaluationProgram.TimeOp] = []
    var levels: [EvaluationProgram.LevelOp] = []
    var strings: [String] = []
    /// The nodes stored whole (`whole(_:)`), for `BoolCode.node` and `NumCode.node`.
    var nodes: [BoolNode] = []
    var numberNodes: [NumNode] = []
    /// Store every node whole (tests: the node semantics over the machine's state, against the opcodes).
    var nodesOnly = false
    /// The flat index of each score's first domain.
    var domainOffsets: [Int32] = []

    mutating func bool(_ node: BoolNode) -> Int32 {
        let i = reserveBools(1)
        fill(Int(i), node)
        return i
    }

    private mutating func reserveBools(_ n: Int) -> Int32 {
        let first = Int32(bools.count)
        bools.append(
            contentsOf: repeatElement(BoolOp(code: .constant, constant: Int64(Tri.unknown.rawValue)), count: n))
        return first
    }

    private mutating func children(_ items: [BoolNode]) -> Int32 {
        let first = reserveBools(items.count)
        for (k, item) in items.enumerated() { fill(Int(first) + k, item) }
        return first
    }

    /// A node stored whole, run by the node semantics.
    private mutating func whole(_ node: BoolNode) -> BoolOp {
        nodes.append(node)
        return BoolOp(code: .node, first: Int32(nodes.count - 1))
    }

    private mutating func whole(_ node: NumNode) -> NumOp {
        numberNodes.append(node)
        return NumOp(code: .node, first: Int32(numberNodes.count - 1))
    }

    private mutating func fill(_ i: Int, _ node: BoolNode) {
        if nodesOnly {
            bools[i] = whole(node)
            return
        }
        var op = BoolOp(code: .constant)
        switch node {
        case .constant(let t): op.constant = Int64(t.rawValue)
        case .fact(let slot): op = BoolOp(code: .fact, first: Int32(slot))
        case .not(.fact(let slot)): op = BoolOp(code: .notFact, first: Int32(slot))
        case .definition(let d): op = BoolOp(code: .definition, first: Int32(d))
        case .not(let x): op = BoolOp(code: .not, first: children([x]))
        case .and(let items): op = BoolOp(code: .and, first: children(items), second: Int32(items.count))
        case .or(let items): op = BoolOp(code: .or, first: children(items), second: Int32(items.count))
        case .compareNum(let c, .fact(let slot), .constant(let v)):
            op = BoolOp(
                code: .compareFactConst, variant: EvaluationProgram.Variant(c), first: Int32(slot), constant: v.units)
        case .compareNum(let c, .constant(let v), .fact(let slot)):
            op = BoolOp(
                code: .compareFactConst, variant: EvaluationProgram.Variant(c.flipped), first: Int32(slot),
                constant: v.units)
        case .compareNum(let c, let x, let y):
            op = BoolOp(code: .compareNum, variant: EvaluationProgram.Variant(c), first: num(x), second: num(y))
        case .betweenNum(let x, let lo, let hi):
            let (a, b, c) = (num(x), num(lo), num(hi))
            op = BoolOp(code: .betweenNum, first: a, second: b, constant: Int64(c))
        case .compareTime(let c, let x, let y):
            op = BoolOp(code: .compareTime, variant: EvaluationProgram.Variant(c), first: time(x), second: time(y))
        case .compareBool(let equal, let x, let y):
            op = BoolOp(code: .compareBool, variant: equal ? .is : .isNot, first: children([x, y]))
        case .optionIs(let slot, let value, let equal):
            op = BoolOp(code: .optionIs, variant: equal ? .is : .isNot, first: Int32(slot), constant: Int64(value))
        case .optionIn(let slot, let mask):
            op = BoolOp(code: .optionIn, first: Int32(slot), constant: Int64(bitPattern: mask))
        case .setHas(let slot, let bit):
            op = BoolOp(code: .setHas, first: Int32(slot), constant: Int64(bitPattern: bit))
        case .setIs(let slot, let mask, let equal):
            op = BoolOp(
                code: .setIs, variant: equal ? .is : .isNot, first: Int32(slot), constant: Int64(bitPattern: mask))
        case .textIs(let slot, let s, let equal):
            strings.append(s)
            op = BoolOp(
                code: .textIs, variant: equal ? .is : .isNot, first: Int32(slot), second: Int32(strings.count - 1))
        case .compareLevel(let c, let x, let y):
            op = BoolOp(code: .compareLevel, variant: EvaluationProgram.Variant(c), first: level(x), second: level(y))
        case .scoreBand(let s, let test, let band):
            op = BoolOp(
                code: .scoreBand, variant: EvaluationProgram.Variant(test), first: Int32(s), second: Int32(band))
        case .isKnown(let slot, let known):
            op = BoolOp(code: .isKnown, variant: known ? .is : .isNot, first: Int32(slot))
        case .isKnownNum(let n, let known): op = BoolOp(code: .isKnownNum, variant: known ? .is : .isNot, first: num(n))
        case .isKnownBool(let x, let known):
            op = BoolOp(code: .isKnownBool, variant: known ? .is : .isNot, first: children([x]))
        case .count(let mode, let items):
            var variant = EvaluationProgram.Variant.countAll
            var n = 0
            switch mode {
            case .atLeast(let k):
                variant = .countAtLeast
                n = k
            case .atMost(let k):
                variant = .countAtMost
                n = k
            case .all: variant = .countAll
            case .any: variant = .countAny
            case .none: variant = .countNone
            }
            op = BoolOp(
                code: .count, variant: variant, first: children(items), second: Int32(items.count), constant: Int64(n))
        }
        bools[i] = op
    }

    mutating func num(_ node: NumNode) -> Int32 {
        if nodesOnly {
            nums.append(whole(node))
            return Int32(nums.count - 1)
        }
        var op = NumOp(code: .constant)
        switch node {
        case .constant(let c): op.constant = c.units
        case .fact(let slot): op = NumOp(code: .fact, first: Int32(slot))
        case .definition(let d): op = NumOp(code: .definition, first: Int32(d))
        case .scoreTotal(let s): op = NumOp(code: .scoreTotal, first: Int32(s))
        case .domainTotal(let s, let d):
            op = NumOp(code: .domainTotal, first: domainOffsets[s] + Int32(d), second: Int32(s))
        case .arith(let o, let x, let y):
            let f: EvaluationProgram.Variant
            switch o {
            case .add: f = .add
            case .sub: f = .subtract
            case .mul: f = .multiply
            case .div: f = .divide
            }
            let (a, b) = (num(x), num(y))
            op = NumOp(code: .arith, variant: f, first: a, second: b)
        case .negate(let x): op = NumOp(code: .negate, first: num(x))
        case .daysBetween(let x, let y): op = NumOp(code: .daysBetween, first: time(x), second: time(y))
        case .yearsBetween(let x, let y): op = NumOp(code: .yearsBetween, first: time(x), second: time(y))
        }
        nums.append(op)
        return Int32(nums.count - 1)
    }

    mutating func time(_ t: TimeNode) -> Int32 {
        switch t {
        case .constant(let m): times.append(.init(slot: -1, value: m))
        case .fact(let slot, _): times.append(.init(slot: Int32(slot), value: 0))
        }
        return Int32(times.count - 1)
    }

    mutating func level(_ s: LevelSource) -> Int32 {
        switch s {
        case .constant(let l): levels.append(.init(kind: .constant, value: Int32(l)))
        case .outcome: levels.append(.init(kind: .outcome, value: 0))
        case .fact(let slot): levels.append(.init(kind: .fact, value: Int32(slot)))
        }
        return Int32(levels.count - 1)
    }
}
