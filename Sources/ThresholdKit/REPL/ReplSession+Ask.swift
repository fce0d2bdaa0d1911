/// The state of an interview started by `ask`: the fact asked now and the facts skipped.
struct ReplInterview {
    var slot: Int
    var skipped: Set<Int> = []
    var answered = 0
}

/// `ask`: asks, one at a time, the questions of the unknown facts that could change the outcome, most
/// consequential first (recomputed after each answer). While it runs, each line is an answer: a value,
/// nothing or `skip` to skip, `stop` to end.
extension ReplSession {
    func askCommand(_ rest: String) -> String {
        guard ruleSet != nil, let r = currentResult() else { return style.problem("no rule set is loaded") }
        guard rest.isEmpty else {
            return style.problem("`ask` takes nothing after it", hint: "to set one fact, write `FACT = VALUE`")
        }
        guard let next = nextQuestion(r, skipping: []) else {
            return "Nothing to ask: no unknown fact could change the outcome.\nOutcome: \(outcomeLine(r))\n"
        }
        interview = ReplInterview(slot: next)
        return style.dim("Answer each question with a value; press Enter or type `skip` to skip it, `stop` to end.")
            + "\n" + question(next, r)
    }

    /// One line typed during the interview.
    func answer(_ line: String) -> ReplReply {
        guard var state = interview, let rs = ruleSet else {
            interview = nil
            return ReplReply()
        }
        let text = line.trimmingCharacters(in: " \t")
        let fact = rs.facts[state.slot]
        switch text.lowercased() {
        case "stop":
            interview = nil
            return ReplReply(finish(state, "Interview stopped."))
        case "quit", "exit":
            interview = nil
            return ReplReply(quit: true)
        case "help", "?":
            return ReplReply(
                "Answer with \(fact.type.phrase) (\(ValueConverter.example(fact.type))); `unknown`, `skip` or an empty line skips it; `stop` ends the interview.\n"
            )
        case "", "skip":
            state.skipped.insert(state.slot)
            return ReplReply(advance(state, note: ""))
        default:
            break
        }
        switch FactAssignment.value(text, for: state.slot, ruleSet: rs) {
        case .failure(let f):
            var hint = f.hint ?? ValueConverter.example(fact.type)
            if case .someOf = fact.type { hint += ", or `()` for none" }
            return ReplReply(
                style.problem("\(fact.name): \(f.message)", hint: hint)
                    + "  \(fact.question ?? "What is \(fact.name)?") [\(fact.type.phrase)]\n")
        case .success(nil):
            state.skipped.insert(state.slot)
            return ReplReply(advance(state, note: ""))
        case .success(let value?):
            let before = currentResult()
            facts[state.slot] = value
            given.insert(state.slot)
            state.answered += 1
            return ReplReply(
                advance(
                    state, note: "\(fact.name) = \(rs.format(value, of: state.slot))\n" + outcomeChange(from: before)))
        }
    }

    /// The next question, or the end of the interview with the outcome.
    func advance(_ state: ReplInterview, note: String) -> String {
        guard let r = currentResult() else {
            interview = nil
            return note
        }
        guard let next = nextQuestion(r, skipping: state.skipped) else {
            interview = nil
            let end =
                state.skipped.isEmpty
                ? "No more questions: no unknown fact could change the outcome now."
                : "No more questions; skipped: "
                    + state.skipped.sorted().map { r.ruleSet.facts[$0].name }.joined(separator: ", ") + "."
            return note + finish(state, end)
        }
        var s = state
        s.slot = next
        interview = s
        return note + question(next, r)
    }

    /// The most consequential unknown fact not skipped.
    func nextQuestion(_ r: ScoredResult, skipping: Set<Int>) -> Int? {
        r.missing.first { !skipping.contains($0.fact) }?.fact
    }

    /// The question of a fact, with what it could change and the kind of answer wanted.
    func question(_ slot: Int, _ r: ScoredResult) -> String {
        let rs = r.ruleSet
        let fact = rs.facts[slot]
        let line = r.missing.first { $0.fact == slot }
        let why = line.map { rs.missingReason($0) } ?? "required"
        var intro = ""
        if let t = line?.tool, t < rs.scores.count {
            // A tool not started: its first question starts it.
            let score = rs.scores[t]
            intro =
                "\(score.tool?.instruction ?? score.label ?? score.name) (\(score.questions.count) questions, \(why)); its first question:\n"
        }
        return intro
            + "\(style.bold(fact.name)) (\(why))\n  \(fact.question ?? "What is \(fact.name)?") [\(fact.type.phrase)]\n"
    }

    func finish(_ state: ReplInterview, _ message: String) -> String {
        guard let r = currentResult() else { return message + "\n" }
        return "\(message) \(count(state.answered, "answer")) recorded.\nOutcome: \(outcomeLine(r))\n"
    }
}
