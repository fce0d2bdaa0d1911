/// Takes a condition apart for an explanation: its parts (the items of a top-level `and`), each part's value
/// for the current facts, and the facts, definitions and scores each part reads.
struct ReplConditionAnalysis {
    struct Part {
        var text: String
        var value: Tri
        /// What it reads: facts (directly or through definitions, not through scores), scores, definitions.
        var reads: NodeReads
        /// The facts it reads, in slot order; its scores and its definitions likewise.
        var facts: [Int] { reads.facts.sorted() }
        var scores: [Int] { reads.scores.sorted() }
        var definitions: [Int] { reads.definitions.sorted() }
    }

    let ruleSet: RuleSet
    let evaluator: Evaluator
    let printer: ConditionText

    /// Prepares an evaluator with `facts` (definitions, scores and the outcome computed).
    init(ruleSet: RuleSet, facts: FactVector) {
        self.ruleSet = ruleSet
        evaluator = Evaluator(ruleSet)
        _ = evaluator.evaluate(facts)
        printer = ConditionText(ruleSet: ruleSet)
    }

    /// The items of a top-level `and`, or the whole condition as one part.
    func parts(_ node: BoolNode) -> [Part] {
        let items: [BoolNode]
        if case .and(let xs) = node { items = xs } else { items = [node] }
        return items.map(part)
    }

    func part(_ node: BoolNode) -> Part {
        Part(text: printer.text(node), value: evaluator.condition(node), reads: NodeReads(node, in: ruleSet))
    }

    func value(_ node: BoolNode) -> Tri { evaluator.condition(node) }

    /// `name = value` for each fact.
    func factValues(_ slots: [Int]) -> String {
        slots.map { "\(ruleSet.facts[$0].name) = \(ruleSet.format(evaluator.facts[$0], of: $0))" }.joined(
            separator: ", ")
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

    /// `cce: total 7 (could be 7 to 9), band low, could reach moderate`; `cce: not for this age (0 of 22
    /// answered)` for a tool whose `asked when` excludes the child.
    func scoreLine(_ i: Int) -> String {
        let st = evaluator.scoreStates[i]
        let questions = ruleSet.scores[i].questions.count
        if ruleSet.scores[i].status(evaluator.facts) == .notApplicable {
            return "\(ruleSet.scores[i].name): \(ScoreStatus.notApplicable.words) (0 of \(questions) answered)"
        }
        var line = "\(ruleSet.scores[i].name): total \(st.total)"
        if !st.range.isExact {
            line +=
                " (could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more"))"
        }
        let score = ruleSet.scores[i]
        let answered = evaluator.facts.withUnsafeBufferPointer { score.answered($0) }
        let status = score.status(evaluator.facts)
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
        for (k, item) in score.items.enumerated() where st.items.indices.contains(k) && st.items[k] == .unknown {
            open.formUnion(item.factsRead)
        }
        for (k, floor) in score.floors.enumerated() where st.floors.indices.contains(k) && st.floors[k] == .unknown {
            open.formUnion(floor.factsRead)
        }
        return open.sorted().filter { evaluator.facts[$0] == nil }
    }

    /// The unknown facts that keep a part open: those it reads, and those that could move the scores it reads.
    func openFacts(_ p: Part) -> [Int] {
        var all = Set(unknown(p.facts))
        for s in p.scores { all.formUnion(openScoreFacts(s)) }
        return all.sorted()
    }
}
