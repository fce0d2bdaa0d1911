/// The compiled, indexed form of expressions: slots and indices, no names. Built by the compiler,
/// interpreted by the evaluator.

/// A number that may be a range: exact facts give `lo == hi`; a score total with unknown items gives a range.
struct NumRange: Hashable, Sendable {
    var lo: ExactNumber
    var hi: ExactNumber
    @inline(__always) init(_ v: ExactNumber) {
        lo = v
        hi = v
    }
    @inline(__always) init(lo: ExactNumber, hi: ExactNumber) {
        self.lo = lo
        self.hi = hi
    }
    var isExact: Bool { lo == hi }
}

indirect enum NumNode: Hashable, Sendable {
    case constant(ExactNumber)
    case fact(Int)
    case definition(Int)
    case scoreTotal(Int)
    case domainTotal(score: Int, domain: Int)
    case arith(ArithOp, NumNode, NumNode)
    case negate(NumNode)
    case daysBetween(TimeNode, TimeNode)
    case yearsBetween(TimeNode, TimeNode)
}

/// Dates and date-times, compared as minutes since 1970-01-01 00:00.
enum TimeNode: Hashable, Sendable {
    case constant(Int64)
    case fact(Int, isDate: Bool)
}

/// Where a level comes from in a level comparison.
enum LevelSource: Hashable, Sendable {
    case fact(Int)
    case outcome
    case constant(Int)
}

indirect enum BoolNode: Hashable, Sendable {
    case constant(Tri)
    case fact(Int)
    case definition(Int)
    case not(BoolNode)
    case and([BoolNode])
    case or([BoolNode])
    case compareNum(CompareOp, NumNode, NumNode)
    case betweenNum(NumNode, NumNode, NumNode)
    case compareTime(CompareOp, TimeNode, TimeNode)
    case compareBool(equal: Bool, BoolNode, BoolNode)
    /// A `one of` fact equal (or not) to a value index.
    case optionIs(slot: Int, value: Int, equal: Bool)
    /// A `one of` fact among the values in the mask.
    case optionIn(slot: Int, mask: UInt64)
    /// A `some of` fact holds the value (bit).
    case setHas(slot: Int, bit: UInt64)
    /// A `some of` fact equals (or not) exactly this set.
    case setIs(slot: Int, mask: UInt64, equal: Bool)
    case textIs(slot: Int, String, equal: Bool)
    case compareLevel(CompareOp, LevelSource, LevelSource)
    case scoreBand(score: Int, RankTest, band: Int)
    case isKnown(slot: Int, known: Bool)
    case isKnownNum(NumNode, known: Bool)
    case isKnownBool(BoolNode, known: Bool)
    case count(CountMode, [BoolNode])
}

/// A definition's compiled body: a condition or a number.
enum DefinitionBody: Sendable {
    case condition(BoolNode)
    case number(NumNode)
}
