/// Whether answering could make a condition yes, or no: the part of `Relevance` for conditions that can be
/// unknown for good. A number divided by 0, or past the largest number, is unknown whatever is answered
/// (`n / 0 > 1` with `n` known); so is anything that needs it: `all of (n / 0 > 1, a)` can be no, never yes.
/// Such a rule is listed as undetermined, but it cannot raise the outcome, and a cap like it cannot hold it
/// lower. Only conditions with arithmetic are asked (`ConditionShapes.arithmeticRules`); each sub-condition is
/// taken on its own, as `Relevance` does.
extension Relevance {
    /// (could be made yes, could be made no) by answering some of the unknown facts.
    func possible(_ node: BoolNode) -> (yes: Bool, no: Bool) {
        let now = evaluator.condition(node)
        switch node.role {
        case .constant: return (now == .yes, now == .no)
        case .value:
            if case .definition(let i)? = node.directRead, ruleSet.definitions.indices.contains(i),
                case .condition(let body) = ruleSet.definitions[i].body
            {
                return possible(body)
            }
            return now == .unknown ? (true, true) : (now == .yes, now == .no)
        case .junction(.not):
            var inner = (yes: false, no: false)
            node.forEachChild { if case .bool(let b) = $0 { inner = possible(b) } }
            return (inner.no, inner.yes)
        case .junction(.and):
            var all = (yes: true, no: false)
            node.forEachChild { c in
                guard case .bool(let b) = c else { return }
                let p = possible(b)
                all = (all.yes && p.yes, all.no || p.no)
            }
            return all
        case .junction(.or):
            var any = (yes: false, no: true)
            node.forEachChild { c in
                guard case .bool(let b) = c else { return }
                let p = possible(b)
                any = (any.yes || p.yes, any.no && p.no)
            }
            return any
        case .junction(.count(let mode)):
            // Items that must be yes, that are unknown for good, and that could go either way; counting is
            // monotone in the number of yes items, so the two extremes say what is possible.
            var mustYes = 0
            var stuck = 0
            var free = 0
            var total = 0
            node.forEachChild { c in
                guard case .bool(let b) = c else { return }
                total += 1
                let p = possible(b)
                if p.yes && p.no { free += 1 } else if p.yes { mustYes += 1 } else if !p.no { stuck += 1 }
            }
            let fewest = Evaluator.count(mode, yes: mustYes, unknown: stuck, total: total)
            let most = Evaluator.count(mode, yes: mustYes + free, unknown: stuck, total: total)
            return (fewest == .yes || most == .yes, fewest == .no || most == .no)
        case .knownTest:
            return open(node).isEmpty ? (now == .yes, now == .no) : (true, true)
        case .test:
            let open = open(node)
            guard now == .unknown else { return open.isEmpty ? (now == .yes, now == .no) : (true, true) }
            if open.isEmpty { return (false, false) }
            // A test of something unknown for good stays unknown.
            var stuck = false
            node.forEachChild { c in
                guard !stuck else { return }
                switch c {
                case .bool(let b):
                    let p = possible(b)
                    stuck = !p.yes && !p.no
                case .num(let n): stuck = stuckNumber(n)
                case .time, .level: break
                }
            }
            return stuck ? (false, false) : (true, true)
        }
    }

    /// Whether a number is unknown whatever is answered: unknown now, and either no unknown fact can change it
    /// or an operand is itself unknown for good.
    func stuckNumber(_ n: NumNode) -> Bool {
        guard evaluator.num(n) == nil else { return false }
        if case .definition(let i)? = n.directRead, ruleSet.definitions.indices.contains(i),
            case .number(let body) = ruleSet.definitions[i].body
        {
            return stuckNumber(body)
        }
        if numericOpen(n).isEmpty { return true }
        var stuck = false
        n.forEachChild { c in
            if !stuck, case .num(let m) = c { stuck = stuckNumber(m) }
        }
        return stuck
    }
}
