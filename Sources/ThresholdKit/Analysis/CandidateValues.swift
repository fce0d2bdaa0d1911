import Foundation

/// The values worth trying for each fact when looking for a change of outcome: the boundaries the rules test
/// (each literal a fact is compared with, one step either side), the declared minimum and maximum, both
/// yes/no answers, every `one of` value and level, and each `some of` value added or removed.
/// Built once per rule set (see `forRuleSet`); only what the rules, caps, definitions and scores read counts
/// (advice never changes the outcome).
///
/// `@unchecked Sendable`: immutable once built (every stored property is a `let` of values, written only in
/// `init`); the shared cache of them is a static guarded by `lock`.
final class CandidateValues: @unchecked Sendable {
    /// The rule set's facts, levels and scores (not the rule set itself, which keeps this table).
    private let facts: [RuleSet.Fact]
    private let levelCount: Int
    private let scores: [RuleSet.Score]
    /// The facts some rule reads (directly, through definitions or through scores), ascending.
    let relevant: [Int]
    /// Per fact slot: the literals it is compared with (numbers; dates and date-times as minutes).
    let boundaries: [Int: [ExactNumber]]
    /// Per fact slot: fixed candidates for numbers, dates, date-times and text.
    let fixed: [Int: [FactValue]]
    /// `add FACT` score items, for candidates that move a score into each band.
    let addItems: [(score: Int, item: Int, slot: Int)]
    /// Per fact slot: the values to try when the fact is unknown, ranked, for the facts whose values do not
    /// depend on the scores (no `add FACT` item reads them); nil for the others (computed per search).
    let unknownValues: [[FactValue]?]
    /// Per fact slot: how many `unknownValues` it has (-1 for nil), read without retaining the values.
    let unknownCounts: [Int]

    /// What the rules and caps read (`CounterfactualReads`), kept here so that a search finds both tables with
    /// one look-up.
    let reads: CounterfactualReads

    private init(_ ruleSet: RuleSet) {
        reads = CounterfactualReads.forRuleSet(ruleSet)
        facts = ruleSet.facts
        levelCount = ruleSet.levels.count
        scores = ruleSet.scores
        relevant = Array(Set(ruleSet.rules.flatMap(\.factsRead) + ruleSet.caps.flatMap(\.factsRead))).sorted()
        var literals = LiteralCollector(ruleSet)
        for r in ruleSet.rules { literals.walk(r.condition) }
        for c in ruleSet.caps { literals.walk(c.condition) }
        for d in ruleSet.definitions {
            if case .condition(let b) = d.body { literals.walk(b) }
        }
        var adds: [(Int, Int, Int)] = []
        for (s, score) in ruleSet.scores.enumerated() {
            for (k, item) in score.items.enumerated() {
                switch item.kind {
                case .when(_, let b): literals.walk(b)
                case .add(.fact(let slot), let cap, _):
                    adds.append((s, k, slot))
                    if let cap { literals.add(slot, cap) }
                case .add: break
                }
            }
            for f in score.floors { literals.walk(f.condition) }
        }
        boundaries = literals.numbers.mapValues { Array(Set($0)).sorted() }
        addItems = adds
        var fixed: [Int: [FactValue]] = [:]
        for (slot, fact) in ruleSet.facts.enumerated() {
            let values = CandidateValues.fixedValues(
                fact.type, literals.numbers[slot] ?? [], literals.texts[slot] ?? [])
            if !values.isEmpty { fixed[slot] = values }
        }
        self.fixed = fixed
        let banded = Set(adds.map(\.2))
        let boundaries = self.boundaries
        let levelCount = self.levelCount
        unknownValues = ruleSet.facts.indices.map { slot in
            guard !banded.contains(slot) else { return nil }
            let type = ruleSet.facts[slot].type
            let out = CandidateValues.unranked(
                type, levelCount: levelCount, fixed: fixed[slot], bands: [], current: nil)
            return CandidateValues.ranks(type) ? CandidateValues.rank(out, anchors: boundaries[slot] ?? []) : out
        }
        unknownCounts = unknownValues.map { $0?.count ?? -1 }
    }

    /// Numbers: each literal and one step either side, the declared bounds; dates: the day (or minute) either
    /// side; text: the strings compared with.
    private static func fixedValues(_ type: FactType, _ numbers: [ExactNumber], _ texts: [String]) -> [FactValue] {
        switch type {
        case .number, .count:
            var set = Set<ExactNumber>()
            for c in numbers {
                let step = c.isWhole || type.isCount ? ExactNumber.one : c.lastDecimalStep
                set.insert(c)
                if let v = c.subtracting(step) { set.insert(v) }
                if let v = c.adding(step) { set.insert(v) }
            }
            if let b = type.numericBounds {
                if let lo = b.min { set.insert(lo) }
                if let hi = b.max { set.insert(hi) }
            }
            return set.filter { type.admits($0) }.sorted().map { .number($0) }
        case .date:
            var days = Set<Int>()
            for c in numbers {
                guard let m = c.intValue else { continue }
                let d = Int(CandidateValues.floorDiv(Int64(m), CivilDateTime.minutesPerDay))
                days.formUnion([d - 1, d, d + 1])
            }
            return days.sorted().map { .date(CivilDate(daysSinceEpoch: Int32(clamping: $0))) }
        case .dateTime:
            var minutes = Set<Int64>()
            for c in numbers {
                guard let m = c.intValue else { continue }
                minutes.formUnion([Int64(m) - 1, Int64(m), Int64(m) + 1])
            }
            return minutes.sorted().map { .dateTime(CivilDateTime(minutesSinceEpoch: $0)) }
        case .text:
            return Array(Set(texts)).sorted().map { .text($0) }
        default:
            return []
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The values to try for `slot`, other than its current value, best first: for numbers the nearest to
    /// the current value (or, when unknown, to a boundary the rules test).
    func values(for slot: Int, current: FactValue?, scores: [Evaluation.ScoreState]) -> [FactValue] {
        if current == nil, let known = unknownValues[slot] { return known }
        if let current, unknownValues[slot] != nil, CandidateValues.ranks(facts[slot].type),
            let ascending = fixed[slot], let c = CandidateValues.numeric(current),
            let out = CandidateValues.nearest(ascending, to: current, at: c)
        {
            return out
        }
        let out = unranked(slot, current: current, scores: scores)
        guard CandidateValues.ranks(facts[slot].type) else { return out }
        let anchors: [ExactNumber]
        if let c = current.flatMap(CandidateValues.numeric) { anchors = [c] } else { anchors = boundaries[slot] ?? [] }
        return CandidateValues.rank(out, anchors: anchors)
    }

    /// One value a fact of `type` takes, for a question whose answer matters by being given at all (an
    /// `is known` test) when no rule compares it with anything (`values` is then empty for a number, a date or
    /// a text): 0 (or the lowest a number takes), 1970-01-01, the empty text, the first option.
    static func anyValue(_ type: FactType) -> FactValue? {
        switch type {
        case .yesNo: return .bool(false)
        case .number(let lo, let hi): return .number(lo ?? hi.map { Swift.min($0, .zero) } ?? .zero)
        case .count: return .number(.zero)
        case .oneOf(let vs): return vs.isEmpty ? nil : .option(0)
        case .someOf: return .options(0)
        case .level: return .level(0)
        case .text: return .text("")
        case .date: return .date(CivilDate(daysSinceEpoch: 0))
        case .dateTime: return .dateTime(CivilDateTime(date: CivilDate(daysSinceEpoch: 0)))
        }
    }

    /// How many values `values(for:current:scores:)` gives (without ranking them). An unknown fact whose
    /// values the rule set fixes is counted by `unknownCounts`, which the search reads first (without copying
    /// the fact's value); here it is counted the long way.
    func count(for slot: Int, current: FactValue?, scores: [Evaluation.ScoreState]) -> Int {
        // Every value but the current one, counted without making them.
        switch (facts[slot].type, current) {
        case (.yesNo, .bool?): return 1
        case (.oneOf(let vs), .option(let k)?) where vs.indices.contains(k): return vs.count - 1
        case (.level, .level(let k)?) where (0..<levelCount).contains(k): return levelCount - 1
        case (.someOf(let vs), .options?): return min(vs.count, 64)
        case (.number, let current?), (.count, let current?), (.date, let current?), (.dateTime, let current?),
            (.text, let current?):
            // Its fixed candidates (distinct) but the current value, when no score's add item reads it.
            if let all = unknownValues[slot] { return all.contains(current) ? all.count - 1 : all.count }
        default: break
        }
        return unranked(slot, current: current, scores: scores).count
    }

    /// `ascending` (a fact's fixed candidates, in ascending order) but `current`, nearest to `c` (its value as
    /// a number) first, ties to the smaller: what `rank` gives, merged outwards from `c` instead of sorted. Nil
    /// where that could differ (a distance out of range, or a value at `c` that is not `current`).
    private static func nearest(_ ascending: [FactValue], to current: FactValue, at c: ExactNumber) -> [FactValue]? {
        var below = -1
        var above = ascending.count
        for (i, v) in ascending.enumerated() {
            guard let x = numeric(v) else { return nil }
            if x < c {
                below = i
            } else if x == c {
                if v != current { return nil }
            } else if above == ascending.count {
                above = i
            }
        }
        var out: [FactValue] = []
        out.reserveCapacity(ascending.count)
        var l = below
        var r = above
        while l >= 0 || r < ascending.count {
            if l >= 0 && r < ascending.count {
                guard let x = numeric(ascending[l]), let y = numeric(ascending[r]), let dl = c.subtracting(x),
                    let dr = y.subtracting(c)
                else { return nil }
                if dl <= dr {
                    out.append(ascending[l])
                    l -= 1
                } else {
                    out.append(ascending[r])
                    r += 1
                }
            } else if l >= 0 {
                guard let x = numeric(ascending[l]), c.subtracting(x) != nil else { return nil }
                out.append(ascending[l])
                l -= 1
            } else {
                guard let y = numeric(ascending[r]), y.subtracting(c) != nil else { return nil }
                out.append(ascending[r])
                r += 1
            }
        }
        return out
    }

    /// Whether the values of a type are ranked (numbers and dates are; the others keep their order).
    private static func ranks(_ type: FactType) -> Bool {
        switch type {
        case .number, .count, .date, .dateTime: return true
        default: return false
        }
    }

    /// The values to try for `slot`, other than its current value, in no particular order for numbers and dates.
    private func unranked(_ slot: Int, current: FactValue?, scores: [Evaluation.ScoreState]) -> [FactValue] {
        let type = facts[slot].type
        let bands: [ExactNumber]
        switch type {
        case .number, .count: bands = bandValues(slot, current: current, scores: scores)
        default: bands = []
        }
        return CandidateValues.unranked(
            type, levelCount: levelCount, fixed: fixed[slot], bands: bands, current: current)
    }

    /// The values to try for a fact of `type` (its fixed candidates `fixed`, and `bands` for a number), other
    /// than `current`, in no particular order for numbers and dates.
    private static func unranked(
        _ type: FactType, levelCount: Int, fixed: [FactValue]?, bands: [ExactNumber], current: FactValue?
    ) -> [FactValue] {
        var out: [FactValue]
        switch type {
        case .yesNo: out = [.bool(true), .bool(false)]
        case .oneOf(let vs): out = vs.indices.map { .option($0) }
        case .level: out = (0..<levelCount).map { .level($0) }
        case .someOf(let vs):
            let n = min(vs.count, 64)
            if case .options(let m)? = current {
                out = (0..<n).map { .options(m ^ (1 << UInt64($0))) }
            } else {
                out = (0..<n).map { .options(1 << UInt64($0)) } + [.options(0)]
            }
        case .number, .count:
            var set = Set(fixed ?? [])
            for v in bands where type.admits(v) { set.insert(.number(v)) }
            out = Array(set)
        case .date, .dateTime, .text:
            out = fixed ?? []
        }
        return out.filter { $0 != current }
    }

    /// For `add FACT` items: the values of the fact that would bring its score's total to each band's start.
    private func bandValues(_ slot: Int, current: FactValue?, scores: [Evaluation.ScoreState]) -> [ExactNumber] {
        var out: [ExactNumber] = []
        for (s, k, fact) in addItems where fact == slot && scores.indices.contains(s) {
            let score = self.scores[s]
            guard case .add(_, let cap, _) = score.items[k].kind else { continue }
            var contribution = ExactNumber.zero
            if case .number(let v)? = current { contribution = cap.map { Swift.min(v, $0) } ?? v }
            guard let others = scores[s].total.subtracting(contribution) else { continue }
            for band in score.bands {
                if let v = band.low.subtracting(others), cap.map({ v <= $0 }) ?? true { out.append(v) }
            }
        }
        return out
    }

    /// Orders numeric (and date) candidates by distance from the nearest of `anchors` (the current value, or
    /// the boundaries when the fact is unknown); ties go to the smaller value.
    private static func rank(_ values: [FactValue], anchors: [ExactNumber]) -> [FactValue] {
        func distance(_ v: FactValue) -> ExactNumber {
            guard let x = CandidateValues.numeric(v) else { return .max }
            var best = ExactNumber.max
            for a in anchors {
                guard let d = x.subtracting(a) else { continue }
                let magnitude = d < .zero ? (d.negated() ?? .max) : d
                if magnitude < best { best = magnitude }
            }
            return best
        }
        let keyed: [(value: FactValue, distance: ExactNumber, number: ExactNumber)] =
            values.map { ($0, distance($0), CandidateValues.numeric($0) ?? .zero) }
        let sorted = keyed.sorted { a, b in a.distance != b.distance ? a.distance < b.distance : a.number < b.number }
        return sorted.map(\.value)
    }

    /// A number, date (as minutes) or date-time (as minutes) value as a number, for ranking.
    static func numeric(_ v: FactValue) -> ExactNumber? {
        switch v {
        case .number(let n): return n
        case .date(let d): return ExactNumber(exactly: Int(d.daysSinceEpoch) * Int(CivilDateTime.minutesPerDay))
        case .dateTime(let d): return ExactNumber(exactly: Int(d.minutesSinceEpoch))
        default: return nil
        }
    }

    /// The candidates for a rule set, built on first use and kept with it.
    static func forRuleSet(_ ruleSet: RuleSet) -> CandidateValues {
        ruleSet.tables.table(CandidateValues.self) { CandidateValues(ruleSet) }
    }
}

/// Collects, per fact, the literals it is compared with directly (every comparison under a condition, found
/// by the one node walker). It reads what each test asks (`BoolNode.asks`, exhaustive over the node kinds)
/// and the kinds of its operands, never a list of node kinds of its own, so a new kind of test is either
/// understood here or a compile error: nothing is skipped silently.
struct LiteralCollector: NodeVisitor {
    let ruleSet: RuleSet
    var numbers: [Int: [ExactNumber]] = [:]
    var texts: [Int: [String]] = [:]

    init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    mutating func add(_ slot: Int, _ c: ExactNumber) { numbers[slot, default: []].append(c) }

    mutating func enter(_ node: BoolNode) -> Bool {
        switch node.asks {
        case .compare:
            let operands = Self.operands(node)
            guard operands.count == 2 else { break }
            if case .fact(let s) = operands[0], case .constant(let c) = operands[1] { add(s, c) }
            if case .constant(let c) = operands[0], case .fact(let s) = operands[1] { add(s, c) }
        case .between:
            let operands = Self.operands(node)
            guard operands.count == 3, case .fact(let s) = operands[0] else { break }
            for case .constant(let c) in operands.dropFirst() { add(s, c) }
        case .value(let slot, .text(let t), _): texts[slot, default: []].append(t)
        case .value, .sameAs, .band, .known, .opaque: break
        }
        return true
    }

    /// Literals compared inside arithmetic are not boundaries of a fact: numbers are not entered.
    mutating func enter(_ node: NumNode) -> Bool { false }

    /// A test's operand, as far as literals go: a fact's value, a literal, or something else (a computed
    /// number, a level: levels are tried whole, not at boundaries).
    enum Operand {
        case fact(Int)
        case constant(ExactNumber)
        case other
    }

    static func operands(_ node: BoolNode) -> [Operand] {
        var out: [Operand] = []
        node.forEachChild { child in
            switch child {
            case .num(.fact(let s)): out.append(.fact(s))
            case .num(.constant(let c)): out.append(.constant(c))
            case .time(.fact(let s, _)): out.append(.fact(s))
            case .time(.constant(let m)): out.append(ExactNumber(exactly: Int(m)).map { .constant($0) } ?? .other)
            case .num, .time, .bool, .level: out.append(.other)
            }
        }
        return out
    }
}

extension FactType {
    var isCount: Bool {
        if case .count = self { return true }
        return false
    }

    /// Whether a number is a value of this numeric type (in range; whole for a count).
    func admits(_ v: ExactNumber) -> Bool {
        guard let b = numericBounds else { return false }
        if isCount && !v.isWhole { return false }
        if let lo = b.min, v < lo { return false }
        if let hi = b.max, v > hi { return false }
        return true
    }
}

extension ExactNumber {
    /// One unit in the last decimal place written: 0.1 for 2.5, 0.01 for 2.25.
    var lastDecimalStep: ExactNumber {
        var step: Int64 = 1
        while step < ExactNumber.scale && units % (step * 10) == 0 { step *= 10 }
        return ExactNumber(units: step)
    }
}
