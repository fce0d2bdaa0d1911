/// A known value of a fact, in the compiled form: enum values are indices, sets are bit masks.
public enum FactValue: Hashable, Sendable {
    case bool(Bool)
    case number(ExactNumber)
    /// The index of a `one of` fact's value.
    case option(Int)
    /// A `some of` fact's values, bit `i` for value `i`.
    case options(UInt64)
    case text(String)
    case date(CivilDate)
    case dateTime(CivilDateTime)
    /// The index of a level, for a `level` fact.
    case level(Int)
}

/// The facts of one referral, one slot per declared fact; nil is unknown.
public typealias FactVector = [FactValue?]

/// Yes, no or unknown: Kleene's three-valued logic, ordered no < unknown < yes so `and` is min and `or` is max.
enum Tri: UInt8, Sendable, Comparable {
    case no = 0
    case unknown = 1
    case yes = 2

    @inline(__always) init(_ b: Bool) { self = b ? .yes : .no }
    @inline(__always) static func < (a: Tri, b: Tri) -> Bool { a.rawValue < b.rawValue }
    @inline(__always) var negated: Tri { Tri(rawValue: 2 &- rawValue) ?? .unknown }
    /// `and` (decided by an answer that is no) or `or` (by one that is yes) over `count` answers, taken in
    /// order and stopping at the deciding one; otherwise unknown if an answer is unknown, else the other answer.
    @inline(__always) static func junction(decidedBy decisive: Tri, _ count: Int, _ answer: (Int) -> Tri) -> Tri {
        var result = decisive.negated
        for k in 0..<count {
            let t = answer(k)
            if t == decisive { return decisive }
            if t == .unknown { result = .unknown }
        }
        return result
    }
    @inline(__always) static func && (a: Tri, b: Tri) -> Tri { a < b ? a : b }
    @inline(__always) static func || (a: Tri, b: Tri) -> Tri { a < b ? b : a }

    var word: String {
        switch self {
        case .yes: return "yes"
        case .no: return "no"
        case .unknown: return "unknown"
        }
    }
}
