/// What the analysis knows about each variable before any condition constrains it: its kind of value, its
/// declared range, and whether it can be unknown.
struct VariableInfo: Sendable {
    enum Kind: Sendable {
        case bool
        /// Numbers, dates (as minutes), level and band indices; `integer` when only whole values occur.
        case number(lo: ExactNumber?, hi: ExactNumber?, integer: Bool)
        case option(count: Int)
        case options(count: Int)
        case text
    }

    var kind: Kind
    var canBeUnknown: Bool

    static let unboundedNumber = VariableInfo(kind: .number(lo: nil, hi: nil, integer: false), canBeUnknown: true)
    static let opaqueCondition = VariableInfo(kind: .bool, canBeUnknown: true)
}

/// The variables of one rule set, with the facts' declared types and the ranges of derived numbers.
final class VariableTable {
    let ruleSet: RuleSet
    /// Derived variables (terms, opaque conditions), registered as the builder meets them.
    private var derived: [Variable: VariableInfo] = [:]
    /// The lowest and highest outcome any rule (or the default) can give.
    let outcomeRange: (lo: Int, hi: Int)

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        let given = ruleSet.rules.map(\.level) + [ruleSet.defaultLevel]
        outcomeRange = (given.min() ?? 0, given.max() ?? 0)
    }

    func register(_ v: Variable, _ info: VariableInfo) {
        if derived[v] == nil { derived[v] = info }
    }

    func info(_ v: Variable) -> VariableInfo {
        switch v {
        case .fact(let slot):
            guard ruleSet.facts.indices.contains(slot) else { return .opaqueCondition }
            switch ruleSet.facts[slot].type {
            case .yesNo: return VariableInfo(kind: .bool, canBeUnknown: true)
            case .number(let lo, let hi):
                return VariableInfo(kind: .number(lo: lo, hi: hi, integer: false), canBeUnknown: true)
            case .count(let hi):
                return VariableInfo(kind: .number(lo: .zero, hi: hi, integer: true), canBeUnknown: true)
            case .oneOf(let vs): return VariableInfo(kind: .option(count: vs.count), canBeUnknown: true)
            case .someOf(let vs): return VariableInfo(kind: .options(count: vs.count), canBeUnknown: true)
            case .text: return VariableInfo(kind: .text, canBeUnknown: true)
            case .date, .dateTime:
                return VariableInfo(kind: .number(lo: nil, hi: nil, integer: true), canBeUnknown: true)
            case .level:
                return VariableInfo(
                    kind: .number(lo: .zero, hi: ExactNumber(max(0, ruleSet.levels.count - 1)), integer: true),
                    canBeUnknown: true)
            }
        case .band(let s):
            let top = ruleSet.scores.indices.contains(s) ? ruleSet.scores[s].bands.count - 1 : 0
            return VariableInfo(
                kind: .number(lo: ExactNumber(-1), hi: ExactNumber(max(-1, top)), integer: true), canBeUnknown: false)
        case .outcome:
            return VariableInfo(
                kind: .number(lo: ExactNumber(outcomeRange.lo), hi: ExactNumber(outcomeRange.hi), integer: true),
                canBeUnknown: false)
        case .term, .opaque:
            return derived[v] ?? (isOpaque(v) ? .opaqueCondition : .unboundedNumber)
        }
    }

    private func isOpaque(_ v: Variable) -> Bool {
        if case .opaque = v { return true }
        return false
    }

    /// A fact's name, or a description of a derived variable, for messages.
    func describe(_ v: Variable) -> String {
        switch v {
        case .fact(let slot): return ruleSet.facts.indices.contains(slot) ? ruleSet.facts[slot].name : "a fact"
        case .band(let s): return ruleSet.scores.indices.contains(s) ? "\(ruleSet.scores[s].name)'s band" : "a band"
        case .outcome: return "outcome"
        case .term, .opaque: return "this value"
        }
    }

    /// How a constant of this variable reads: a number, a level or band name, a date.
    func describe(_ c: ExactNumber, of v: Variable) -> String {
        switch v {
        case .band(let s):
            if let i = c.intValue, ruleSet.scores.indices.contains(s), ruleSet.scores[s].bands.indices.contains(i) {
                return ruleSet.scores[s].bands[i].name
            }
        case .outcome:
            if let i = c.intValue, ruleSet.levels.indices.contains(i) { return ruleSet.levels[i].name }
        case .fact(let slot):
            guard ruleSet.facts.indices.contains(slot), let i = c.intValue else { break }
            switch ruleSet.facts[slot].type {
            case .level where ruleSet.levels.indices.contains(i): return ruleSet.levels[i].name
            case .date: return CivilDateTime(minutesSinceEpoch: Int64(i)).date.description
            case .dateTime: return CivilDateTime(minutesSinceEpoch: Int64(i)).description
            default: break
            }
        default: break
        }
        return "\(c)"
    }
}
