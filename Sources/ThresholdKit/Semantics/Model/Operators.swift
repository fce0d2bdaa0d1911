/// The operators the language has, shared by the syntax (what was written), the compiled nodes and the
/// evaluator (what they mean). They live with the model, so the later stages do not read the syntax's files.

enum CompareOp: String, Sendable {
    case eq = "="
    case ne = "!="
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
}
enum ArithOp: String, Sendable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
}
/// `is L`, `is at least L`, `is at most L`.
enum RankTest: String, Sendable {
    case exactly = "is"
    case atLeast = "is at least"
    case atMost = "is at most"
}
enum CountMode: Hashable, Sendable {
    case atLeast(Int)
    case atMost(Int)
    case all, any, none
}

/// What the operators mean, written once: both interpreters (`NodeSemantics`, `ProgramMachine`), the
/// compiler's flat program and the linter's formulas ask these.
extension CompareOp {
    /// The operator with its operands swapped: `3 < x` is `x > 3`.
    var flipped: CompareOp {
        switch self {
        case .eq, .ne: return self
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        }
    }

    /// The operator that holds exactly when this one does not (for known values).
    var inverse: CompareOp {
        switch self {
        case .eq: return .ne
        case .ne: return .eq
        case .lt: return .ge
        case .le: return .gt
        case .gt: return .le
        case .ge: return .lt
        }
    }

    /// Whether `a op b` holds for two known values.
    @inline(__always) func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .eq: return a == b
        case .ne: return a != b
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        }
    }

    /// `a op b` for numbers that may be ranges: yes or no only when every value in the ranges agrees.
    @inline(__always) func test(_ a: NumRange, _ b: NumRange) -> Tri {
        switch self {
        case .lt: return a.hi < b.lo ? .yes : (a.lo >= b.hi ? .no : .unknown)
        case .le: return a.hi <= b.lo ? .yes : (a.lo > b.hi ? .no : .unknown)
        case .gt: return a.lo > b.hi ? .yes : (a.hi <= b.lo ? .no : .unknown)
        case .ge: return a.lo >= b.hi ? .yes : (a.hi < b.lo ? .no : .unknown)
        case .eq, .ne:
            let equal: Tri = a.hi < b.lo || b.hi < a.lo ? .no : (a.isExact && b.isExact ? .yes : .unknown)
            return self == .eq ? equal : equal.negated
        }
    }
}

extension RankTest {
    /// `band is / is at least / is at most b` for a score's band known to lie in `min...max`, never one of
    /// `gaps` (bit b for band b): `is b` is no for a band no answer gives, though it lies between two that can.
    @inline(__always) func test(band b: Int, min: Int, max: Int, gaps: UInt64) -> Tri {
        let t = test(b, min: min, max: max)
        if t == .unknown, self == .exactly, b >= 0, b < 64, gaps & (1 << UInt64(b)) != 0 { return .no }
        return t
    }

    /// `band is / is at least / is at most b` when the band is known to lie in `min...max`.
    @inline(__always) func test<T: Comparable>(_ b: T, min: T, max: T) -> Tri {
        switch self {
        case .exactly:
            if min == b && max == b { return .yes }
            return b < min || b > max ? .no : .unknown
        case .atLeast:
            if min >= b { return .yes }
            return max < b ? .no : .unknown
        case .atMost:
            if max <= b { return .yes }
            return min > b ? .no : .unknown
        }
    }
}
