/// Writes compiled conditions back in the language's syntax, for explanations: `concerns has sexual and
/// abuse_within_family`, `at least 2 of (a, b, c)`, `cce is at least high`.
struct ReplConditionText {
    let ruleSet: RuleSet

    func text(_ node: BoolNode) -> String { bool(node, context: .top) }

    /// Where a condition stands, to decide its parentheses (`or` inside `and`, anything compound inside `not`).
    enum Context { case top, and, or, not }

    func bool(_ node: BoolNode, context: Context) -> String {
        switch node {
        case .constant(let t): return t.word
        case .fact(let slot): return factName(slot)
        case .definition(let i): return ruleSet.definitions.indices.contains(i) ? ruleSet.definitions[i].name : "?"
        case .not(let x): return "not " + bool(x, context: .not)
        case .and(let items):
            let s = items.map { bool($0, context: .and) }.joined(separator: " and ")
            return context == .not || context == .and ? "(\(s))" : s
        case .or(let items):
            let s = items.map { bool($0, context: .or) }.joined(separator: " or ")
            return context == .top || context == .or ? s : "(\(s))"
        case .compareNum(let op, let a, let b): return "\(num(a)) \(op.rawValue) \(num(b))"
        case .betweenNum(let v, let lo, let hi): return "\(num(v)) between \(num(lo)) and \(num(hi))"
        case .compareTime(let op, let a, let b):
            let dates = isDate(a) || isDate(b)
            return "\(time(a, dates)) \(op.rawValue) \(time(b, dates))"
        case .compareBool(let equal, let a, let b):
            return "\(bool(a, context: .not)) \(equal ? "=" : "!=") \(bool(b, context: .not))"
        case .optionIs(let slot, let value, let equal):
            return "\(factName(slot)) \(equal ? "=" : "!=") \(option(slot, value))"
        case .optionIn(let slot, let mask):
            return "\(factName(slot)) in (\(options(slot, mask).joined(separator: ", ")))"
        case .setHas(let slot, let bit):
            return "\(factName(slot)) has \(options(slot, bit).joined(separator: ", "))"
        case .setIs(let slot, let mask, let equal):
            let names = options(slot, mask)
            let value = names.count == 1 ? names[0] : "(" + names.joined(separator: ", ") + ")"
            return "\(factName(slot)) \(equal ? "=" : "!=") \(value)"
        case .textIs(let slot, let s, let equal):
            return "\(factName(slot)) \(equal ? "=" : "!=") \(ValueConverter.quote(s))"
        case .compareLevel(let op, let a, let b):
            if case .constant(let l) = b, let test = rankWords(op) { return "\(level(a)) \(test) \(levelName(l))" }
            return "\(level(a)) \(op.rawValue) \(level(b))"
        case .scoreBand(let i, let test, let band):
            return "\(scoreName(i)) \(test.rawValue) \(ruleSet.bandName(i, band))"
        case .isKnown(let slot, let known): return "\(factName(slot)) is \(known ? "known" : "unknown")"
        case .isKnownNum(let n, let known): return "\(num(n)) is \(known ? "known" : "unknown")"
        case .isKnownBool(let b, let known): return "\(bool(b, context: .not)) is \(known ? "known" : "unknown")"
        case .count(let mode, let items):
            let list = "(" + items.map { bool($0, context: .top) }.joined(separator: ", ") + ")"
            switch mode {
            case .atLeast(let n): return "at least \(n) of \(list)"
            case .atMost(let n): return "at most \(n) of \(list)"
            case .all: return "all of \(list)"
            case .any: return "any of \(list)"
            case .none: return "none of \(list)"
            }
        }
    }

    func num(_ node: NumNode) -> String {
        switch node {
        case .constant(let n): return n.description
        case .fact(let slot): return factName(slot)
        case .definition(let i): return ruleSet.definitions.indices.contains(i) ? ruleSet.definitions[i].name : "?"
        case .scoreTotal(let i): return "\(scoreName(i)).total"
        case .domainTotal(let i, let d):
            let domains = ruleSet.scores.indices.contains(i) ? ruleSet.scores[i].domains : []
            return "\(scoreName(i)).\(domains.indices.contains(d) ? domains[d].name : "?")"
        case .arith(let op, let a, let b): return "\(operand(a)) \(op.rawValue) \(operand(b))"
        case .negate(let x): return "-\(operand(x))"
        case .daysBetween(let a, let b):
            let dates = isDate(a) || isDate(b)
            return "days between \(time(a, dates)) and \(time(b, dates))"
        case .yearsBetween(let a, let b):
            let dates = isDate(a) || isDate(b)
            return "years between \(time(a, dates)) and \(time(b, dates))"
        }
    }

    /// A number inside arithmetic: compound ones in parentheses.
    func operand(_ node: NumNode) -> String {
        if case .arith = node { return "(\(num(node)))" }
        return num(node)
    }

    func time(_ node: TimeNode, _ asDate: Bool) -> String {
        switch node {
        case .fact(let slot, _): return factName(slot)
        case .constant(let minutes):
            let t = CivilDateTime(minutesSinceEpoch: minutes)
            return asDate && t.minuteOfDay == 0 ? t.date.description : t.description
        }
    }

    func isDate(_ node: TimeNode) -> Bool {
        if case .fact(_, let isDate) = node { return isDate }
        return false
    }

    func level(_ source: LevelSource) -> String {
        switch source {
        case .fact(let slot): return factName(slot)
        case .outcome: return "outcome"
        case .constant(let l): return levelName(l)
        }
    }

    /// `is`, `is at least`, `is at most` for the comparisons the language writes with them.
    func rankWords(_ op: CompareOp) -> String? {
        switch op {
        case .eq: return "is"
        case .ge: return "is at least"
        case .le: return "is at most"
        case .ne, .lt, .gt: return nil
        }
    }

    func factName(_ slot: Int) -> String { ruleSet.facts.indices.contains(slot) ? ruleSet.facts[slot].name : "?" }
    func levelName(_ l: Int) -> String { ruleSet.levels.indices.contains(l) ? ruleSet.levels[l].name : "?" }
    func scoreName(_ i: Int) -> String { ruleSet.scores.indices.contains(i) ? ruleSet.scores[i].name : "?" }

    func option(_ slot: Int, _ value: Int) -> String {
        let values = ruleSet.facts.indices.contains(slot) ? ruleSet.facts[slot].type.options : []
        return values.indices.contains(value) ? values[value] : "?"
    }

    /// The names of the values whose bits are set in `mask`.
    func options(_ slot: Int, _ mask: UInt64) -> [String] {
        let values = ruleSet.facts.indices.contains(slot) ? ruleSet.facts[slot].type.options : []
        return values.enumerated().filter { $0.offset < 64 && mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
    }
}
