/// Takes a condition apart for an explanation: its parts (the items of a top-level `and`), each part's value
/// for the current facts, and the facts, definitions and scores each part reads.
struct ReplConditionAnalysis {
    struct Part {
        var text: String
        var value: Tri
        /// Facts read directly or through definitions (not through scores), in slot order.
        var facts: [Int]
        var scores: [Int]
        var definitions: [Int]
    }

    let ruleSet: RuleSet
    let evaluator: Evaluator
    let printer: ReplConditionText

    /// Prepares an evaluator with `facts` (definitions, scores and the outcome computed).
    init(ruleSet: RuleSet, facts: FactVector) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet)
        _ = evaluator.evaluate(facts)
        printer = ReplConditionText(ruleSet: ruleSet)
    }

    /// The items of a top-level `and`, or the whole condition as one part.
    func parts(_ node: BoolNode) -> [Part] {
        let items: [BoolNode]
        if case .and(let xs) = node { items = xs } else { items = [node] }
        return items.map(part)
    }

    func part(_ node: BoolNode) -> Part {
        var reads = Reads()
        reads.bool(node, ruleSet)
        return Part(text: printer.text(node), value: evaluator.condition(node), facts: reads.facts.sorted(),
                    scores: reads.scores.sorted(), definitions: reads.definitions.sorted())
    }

    func value(_ node: BoolNode) -> Tri { evaluator.condition(node) }

    /// `name = value` for each fact.
    func factValues(_ slots: [Int]) -> String {
        slots.map { "\(ruleSet.facts[$0].name) = \(ruleSet.format(evaluator.facts[$0], of: $0))" }.joined(separator: ", ")
    }

    /// The unknown facts among `slots`.
    func unknown(_ slots: [Int]) -> [Int] { slots.filter { evaluator.facts[$0] == nil } }

    /// `toxic_trio = at least 2 of (…)` and its value, for a definition.
    func definitionLine(_ i: Int) -> (text: String, value: String) {
        let d = ruleSet.definitions[i]
        switch d.body {
        case .condition(let b):
            return ("\(d.name) = \(printer.text(b))", evaluator.definitionBools[i].word)
        case .number(let n):
            let v = evaluator.definitionNumbers[i].map { $0.isExact ? "\($0.lo)" : "\($0.lo) to \($0.hi)" } ?? "unknown"
            return ("\(d.name) = \(printer.num(n))", v)
        }
    }

    /// `cce: total 7 (could be 7 to 9), band low, could reach moderate`.
    func scoreLine(_ i: Int) -> String {
        let st = evaluator.scoreStates[i]
        var line = "\(ruleSet.scores[i].name): total \(st.total)"
        if !st.range.isExact {
            line += " (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more"))"
        }
        let score = ruleSet.scores[i]
        let answered = evaluator.facts.withUnsafeBufferPointer { score.answered($0) }
        let status = score.status(answered: answered)
        let band = score.reportedBand(st, status: status)
        line += band >= 0 || score.tool == nil ? ", band \(ruleSet.bandName(i, band))" : ", band not yet known"
        let reach = score.couldReach(st, status: status).bandIndices.filter { $0 != band }
        if !reach.isEmpty { line += ", could reach " + reach.map { ruleSet.bandName(i, $0) }.joined(separator: ", ") }
        return line + ", \(status.words) (\(answered) of \(score.questions.count) answered)"
    }

    /// The unknown facts that could move a score's band.
    func openScoreFacts(_ i: Int) -> [Int] {
        let st = evaluator.scoreStates[i]
        let score = ruleSet.scores[i]
        var open = Set<Int>()
        for (k, item) in score.items.enumerated() where st.items.indices.contains(k) && st.items[k] == .unknown { open.formUnion(item.factsRead) }
        for (k, floor) in score.floors.enumerated() where st.floors.indices.contains(k) && st.floors[k] == .unknown { open.formUnion(floor.factsRead) }
        return open.sorted().filter { evaluator.facts[$0] == nil }
    }

    /// The unknown facts that keep a part open: those it reads, and those that could move the scores it reads.
    func openFacts(_ p: Part) -> [Int] {
        var all = Set(unknown(p.facts))
        for s in p.scores { all.formUnion(openScoreFacts(s)) }
        return all.sorted()
    }

    /// What a condition reads: facts (through definitions too), definitions and scores.
    struct Reads {
        var facts = Set<Int>()
        var definitions = Set<Int>()
        var scores = Set<Int>()

        mutating func bool(_ node: BoolNode, _ rs: RuleSet) {
            switch node {
            case .constant: break
            case .fact(let slot): facts.insert(slot)
            case .definition(let i): definition(i, rs)
            case .not(let x): bool(x, rs)
            case .and(let xs), .or(let xs), .count(_, let xs): for x in xs { bool(x, rs) }
            case .compareNum(_, let a, let b): num(a, rs); num(b, rs)
            case .betweenNum(let v, let lo, let hi): num(v, rs); num(lo, rs); num(hi, rs)
            case .compareTime(_, let a, let b): time(a); time(b)
            case .compareBool(_, let a, let b): bool(a, rs); bool(b, rs)
            case .optionIs(let slot, _, _), .optionIn(let slot, _), .setHas(let slot, _), .setIs(let slot, _, _),
                 .textIs(let slot, _, _), .isKnown(let slot, _):
                facts.insert(slot)
            case .compareLevel(_, let a, let b): level(a); level(b)
            case .scoreBand(let i, _, _): scores.insert(i)
            case .isKnownNum(let n, _): num(n, rs)
            case .isKnownBool(let b, _): bool(b, rs)
            }
        }

        mutating func num(_ node: NumNode, _ rs: RuleSet) {
            switch node {
            case .constant: break
            case .fact(let slot): facts.insert(slot)
            case .definition(let i): definition(i, rs)
            case .scoreTotal(let i), .domainTotal(let i, _): scores.insert(i)
            case .arith(_, let a, let b): num(a, rs); num(b, rs)
            case .negate(let x): num(x, rs)
            case .daysBetween(let a, let b), .yearsBetween(let a, let b): time(a); time(b)
            }
        }

        mutating func definition(_ i: Int, _ rs: RuleSet) {
            guard rs.definitions.indices.contains(i), !definitions.contains(i) else { return }
            definitions.insert(i)
            switch rs.definitions[i].body {
            case .condition(let b): bool(b, rs)
            case .number(let n): num(n, rs)
            }
        }

        mutating func time(_ node: TimeNode) {
            if case .fact(let slot, _) = node { facts.insert(slot) }
        }

        mutating func level(_ source: LevelSource) {
            if case .fact(let slot) = source { facts.insert(slot) }
        }
    }
}
