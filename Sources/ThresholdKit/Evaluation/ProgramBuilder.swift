/// Flattens node trees into `EvaluationProgram` arrays. A node's children are stored side by side (the
/// parent holds the first index and the count); each child's own subtree follows later in the array.
struct ProgramBuilder {
    typealias BoolOp = EvaluationProgram.BoolOp
    typealias NumOp = EvaluationProgram.NumOp

    var bools: [BoolOp] = []
    var nums: [NumOp] = []
    var times: [EvaluationProgram.TimeOp] = []
    var levels: [EvaluationProgram.LevelOp] = []
    var strings: [String] = []
    /// The flat index of each score's first domain.
    var domainOffsets: [Int32] = []

    static func code(_ op: CompareOp) -> UInt8 {
        switch op { case .eq: return 0; case .ne: return 1; case .lt: return 2; case .le: return 3; case .gt: return 4; case .ge: return 5 }
    }

    /// The comparison with its operands swapped (`3 < x` is `x > 3`).
    static func swapped(_ op: CompareOp) -> CompareOp {
        switch op { case .lt: return .gt; case .le: return .ge; case .gt: return .lt; case .ge: return .le; default: return op }
    }

    mutating func bool(_ node: BoolNode) -> Int32 {
        let i = reserveBools(1)
        fill(Int(i), node)
        return i
    }

    private mutating func reserveBools(_ n: Int) -> Int32 {
        let first = Int32(bools.count)
        bools.append(contentsOf: repeatElement(BoolOp(code: .constant, k: Int64(Tri.unknown.rawValue)), count: n))
        return first
    }

    private mutating func children(_ items: [BoolNode]) -> Int32 {
        let first = reserveBools(items.count)
        for (k, item) in items.enumerated() { fill(Int(first) + k, item) }
        return first
    }

    private mutating func fill(_ i: Int, _ node: BoolNode) {
        var op = BoolOp(code: .constant)
        switch node {
        case .constant(let t): op.k = Int64(t.rawValue)
        case .fact(let slot): op = BoolOp(code: .fact, a: Int32(slot))
        case .not(.fact(let slot)): op = BoolOp(code: .notFact, a: Int32(slot))
        case .definition(let d): op = BoolOp(code: .definition, a: Int32(d))
        case .not(let x): op = BoolOp(code: .not, a: children([x]))
        case .and(let items): op = BoolOp(code: .and, a: children(items), b: Int32(items.count))
        case .or(let items): op = BoolOp(code: .or, a: children(items), b: Int32(items.count))
        case .compareNum(let c, .fact(let slot), .constant(let v)):
            op = BoolOp(code: .compareFactConst, flag: Self.code(c), a: Int32(slot), k: v.units)
        case .compareNum(let c, .constant(let v), .fact(let slot)):
            op = BoolOp(code: .compareFactConst, flag: Self.code(Self.swapped(c)), a: Int32(slot), k: v.units)
        case .compareNum(let c, let x, let y): op = BoolOp(code: .compareNum, flag: Self.code(c), a: num(x), b: num(y))
        case .betweenNum(let x, let lo, let hi):
            let (a, b, c) = (num(x), num(lo), num(hi))
            op = BoolOp(code: .betweenNum, a: a, b: b, k: Int64(c))
        case .compareTime(let c, let x, let y): op = BoolOp(code: .compareTime, flag: Self.code(c), a: time(x), b: time(y))
        case .compareBool(let equal, let x, let y):
            op = BoolOp(code: .compareBool, flag: equal ? 1 : 0, a: children([x, y]))
        case .optionIs(let slot, let value, let equal):
            op = BoolOp(code: .optionIs, flag: equal ? 1 : 0, a: Int32(slot), k: Int64(value))
        case .optionIn(let slot, let mask): op = BoolOp(code: .optionIn, a: Int32(slot), k: Int64(bitPattern: mask))
        case .setHas(let slot, let bit): op = BoolOp(code: .setHas, a: Int32(slot), k: Int64(bitPattern: bit))
        case .setIs(let slot, let mask, let equal):
            op = BoolOp(code: .setIs, flag: equal ? 1 : 0, a: Int32(slot), k: Int64(bitPattern: mask))
        case .textIs(let slot, let s, let equal):
            strings.append(s)
            op = BoolOp(code: .textIs, flag: equal ? 1 : 0, a: Int32(slot), b: Int32(strings.count - 1))
        case .compareLevel(let c, let x, let y):
            op = BoolOp(code: .compareLevel, flag: Self.code(c), a: level(x), b: level(y))
        case .scoreBand(let s, let test, let band):
            let t: UInt8 = test == .exactly ? 0 : (test == .atLeast ? 1 : 2)
            op = BoolOp(code: .scoreBand, flag: t, a: Int32(s), b: Int32(band))
        case .isKnown(let slot, let known): op = BoolOp(code: .isKnown, flag: known ? 1 : 0, a: Int32(slot))
        case .isKnownNum(let n, let known): op = BoolOp(code: .isKnownNum, flag: known ? 1 : 0, a: num(n))
        case .isKnownBool(let x, let known): op = BoolOp(code: .isKnownBool, flag: known ? 1 : 0, a: children([x]))
        case .count(let mode, let items):
            var flag: UInt8 = 0, n = 0
            switch mode {
            case .atLeast(let k): flag = 0; n = k
            case .atMost(let k): flag = 1; n = k
            case .all: flag = 2
            case .any: flag = 3
            case .none: flag = 4
            }
            op = BoolOp(code: .count, flag: flag, a: children(items), b: Int32(items.count), k: Int64(n))
        }
        bools[i] = op
    }

    mutating func num(_ node: NumNode) -> Int32 {
        var op = NumOp(code: .constant)
        switch node {
        case .constant(let c): op.k = c.units
        case .fact(let slot): op = NumOp(code: .fact, a: Int32(slot))
        case .definition(let d): op = NumOp(code: .definition, a: Int32(d))
        case .scoreTotal(let s): op = NumOp(code: .scoreTotal, a: Int32(s))
        case .domainTotal(let s, let d): op = NumOp(code: .domainTotal, a: domainOffsets[s] + Int32(d), b: Int32(s))
        case .arith(let o, let x, let y):
            let f: UInt8
            switch o { case .add: f = 0; case .sub: f = 1; case .mul: f = 2; case .div: f = 3 }
            let (a, b) = (num(x), num(y))
            op = NumOp(code: .arith, flag: f, a: a, b: b)
        case .negate(let x): op = NumOp(code: .negate, a: num(x))
        case .daysBetween(let x, let y): op = NumOp(code: .daysBetween, a: time(x), b: time(y))
        case .yearsBetween(let x, let y): op = NumOp(code: .yearsBetween, a: time(x), b: time(y))
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
        case .constant(let l): levels.append(.init(kind: 0, value: Int32(l)))
        case .outcome: levels.append(.init(kind: 1, value: 0))
        case .fact(let slot): levels.append(.init(kind: 2, value: Int32(slot)))
        }
        return Int32(levels.count - 1)
    }
}
