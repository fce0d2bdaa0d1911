/// `asked when` and `asked first` on facts, `tool` and `asked when` on scores (**Extensions**): when a
/// question is put, and which scores are tools. Compiled after the rules, outside any score, so that what
/// these conditions read never counts as read by a score or a rule.
extension Compiler {
    func compileQuestionPlans() {
        for decl in declarationOrder {
            switch decl {
            case .fact(let f):
                guard let slot = factSlots[f.name.text], facts[slot].span == f.name.span else { continue }
                facts[slot].askedFirst = f.askedFirst
                facts[slot].askedAlways = f.askedAlways
                if let e = f.askedWhen {
                    let (cond, got) = collectingReads { condition(e, Context(allowOutcome: false)).node }
                    facts[slot].askedWhen = cond
                    facts[slot].askedWhenReads = got.facts.sorted()
                    factsOnly(cond, e.span)
                    if got.facts.contains(slot) {
                        error(
                            .askedWhenCycle, "`\(f.name.text)` cannot be asked only when its own answer is known",
                            at: e.span,
                            hint: "name the question that opens this one, such as `asked when currently_missing`")
                    }
                }
            case .score(let d):
                guard d.tool != nil || d.askedWhen != nil,
                    case .done(let i)? = scoreState[d.name.text], scores[i].span == d.name.span
                else { continue }
                guard let instruction = d.tool else {
                    error(
                        .askedWithoutTool,
                        "`asked when` on a score says which children a tool applies to; `\(d.name.text)` is not declared a tool",
                        at: d.askedWhen?.span, hint: "add `tool \"Complete the …\"` to the score")
                    continue
                }
                var tool = RuleSet.Tool(instruction: instruction, askedWhen: nil, askedWhenReads: [])
                if let e = d.askedWhen {
                    let (cond, got) = collectingReads { condition(e, Context(allowOutcome: false)).node }
                    tool.askedWhen = cond
                    tool.askedWhenReads = got.facts.sorted()
                    factsOnly(cond, e.span)
                }
                if scores[i].questions.isEmpty {
                    warning(
                        .toolWithoutQuestions, "tool `\(d.name.text)` has no questions: none of its items reads a fact",
                        at: d.toolSpan)
                }
                for q in scores[i].questions where facts[q].defaultValue != nil {
                    warning(
                        .toolQuestionDefault,
                        "`\(facts[q].name)` is a question of tool `\(d.name.text)` but has a default, so an unanswered question counts as answered",
                        at: facts[q].span, hint: "remove `default …`: a question nobody answered is unknown")
                }
                scores[i].tool = tool
            default: break
            }
        }
        for i in scores.indices {
            let floorFacts = Set(scores[i].floors.flatMap(\.factsRead))
            scores[i].followUps = floorFacts.filter { facts[$0].askedWhen != nil && !scores[i].questions.contains($0) }
                .sorted()
        }
    }

    /// `asked when` reads answers only: no definition or score (they are not computed when questions are chosen).
    private func factsOnly(_ node: BoolNode, _ span: SourceSpan) {
        if !Compiler.readsFactsOnly(node) {
            error(
                .askedWhenReads, "an `asked when` condition may read facts only, not definitions or scores", at: span,
                hint: "write the condition on the facts themselves, such as `asked when age >= 10`")
        }
    }

    /// True when `node` reads facts only: no definition, score or outcome (through the one node walker).
    static func readsFactsOnly(_ node: BoolNode) -> Bool {
        var v = FactsOnly()
        v.walk(node)
        return v.factsOnly
    }

    private struct FactsOnly: NodeVisitor {
        var factsOnly = true
        mutating func enter(_ node: BoolNode) -> Bool {
            if case .definition? = node.directRead { factsOnly = false }
            if case .score? = node.directRead { factsOnly = false }
            return factsOnly
        }
        mutating func enter(_ node: NumNode) -> Bool {
            if case .definition? = node.directRead { factsOnly = false }
            if case .score? = node.directRead { factsOnly = false }
            return factsOnly
        }
        mutating func visit(_ node: LevelSource) {
            if case .outcome = node { factsOnly = false }
        }
    }
}
