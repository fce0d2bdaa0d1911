/// `help` and `help COMMAND`.
extension ReplSession {
    /// One command's help: how it is written, one line, and more.
    struct Topic {
        var name: String
        var usage: String
        var summary: String
        var detail: String
    }

    static let topics: [Topic] = [
        Topic(
            name: "load", usage: "load FILE", summary: "load a rule set (replaces the current one)",
            detail:
                "Loads and checks a rule set (.rules file with a `ruleset` header). Errors are listed and the\ncurrent rule set stays. The facts start afresh; `reload` keeps them."
        ),
        Topic(
            name: "reload", usage: "reload", summary: "reload the rule set from disk, keeping the current facts",
            detail:
                "Loads the same file again after it was edited. Facts that no longer fit (a fact removed, a value no\nlonger allowed) are dropped and listed."
        ),
        Topic(
            name: "open", usage: "open FILE [ID]", summary: "take the facts of a scenario from a .scenario file",
            detail:
                "Replaces the facts with those the scenario gives, checked against the loaded rule set. Without ID,\nthe file's first scenario; with an ID that is not there, the ids are listed."
        ),
        Topic(
            name: "=", usage: "FACT = VALUE",
            summary: "set a fact (or `set FACT = VALUE`; values as in .scenario files)",
            detail:
                "`set FACT = VALUE` (or `set FACT VALUE`) does the same.\nValues: 12, yes, no, police, (neglect, sexual), \"text\", 2019-04-12, 2019-04-12 16:00.\n`FACT = unknown` makes the fact unknown, even one with a default. Typing a fact's name alone shows it."
        ),
        Topic(
            name: "unset", usage: "unset FACT", summary: "make a fact unknown again",
            detail: "Forgets what was set: the fact is unknown again, or back to its default if it has one."),
        Topic(
            name: "facts", usage: "facts [WORD]",
            summary: "list known facts and the unknown facts that matter; or search",
            detail:
                "The known facts (defaults marked), then the unknown facts that could change the outcome or a\nscore's band, most consequential first, and the required facts, with their questions.\n`facts WORD`: the facts whose name, question or values mention WORD (`facts county`), with their\nvalues and questions; several words must all be there."
        ),
        Topic(
            name: "advice", usage: "advice [WORD]", summary: "list every advice with its text; or search",
            detail:
                "Every advice of the rule set, with its name and text; the advice given now is marked *.\n`advice WORD`: the advice whose name or text mentions WORD (`advice mace`)."
        ),
        Topic(
            name: "score", usage: "score", summary: "show the outcome with a brief explanation",
            detail:
                "The outcome, its route and due time, the fired rules with the facts behind them, scores, the\nrules that could still raise the outcome, missing information and advice."
        ),
        Topic(
            name: "why", usage: "why [RULE]", summary: "explain the outcome, or one rule",
            detail:
                "`why`: the rules that decided the outcome and what could still raise it.\n`why RULE`: the rule's condition part by part with yes/no/unknown, the facts it read, whether it\nfired, and where it is written."
        ),
        Topic(
            name: "why not", usage: "why not LEVEL|RULE",
            summary: "what stops that level or rule, and what would change it",
            detail:
                "The conditions that failed, with the fact values that failed them; the unknown facts that keep\nit open; and the smallest changes of facts that would reach it."
        ),
        Topic(
            name: "what if", usage: "what if FACT = VALUE …",
            summary: "the outcome with these changes, beside the current one; nothing is kept",
            detail:
                "Several changes are separated by commas or `and`: `what if age = 16, homeless = yes`.\nShows both outcomes, the rules that would start or stop firing, score and advice changes."
        ),
        Topic(
            name: "ask", usage: "ask",
            summary: "ask, one by one, the questions for the unknown facts that could change the outcome",
            detail:
                "Most consequential first, recomputed after each answer. Answer with a value; an empty line or\n`skip` skips the question, `stop` ends the interview. Ends with the outcome."
        ),
        Topic(
            name: "save", usage: "save FILE ID \"title\"",
            summary: "append the current facts, and the current outcome as expectations, to a .scenario file",
            detail:
                "Writes `given` (the facts set), and `expect` (the outcome, its due time, fired rules, decided\nscore bands), so `threshold test FILE` passes. A new file gets the `rules` line. An existing file\nmust be for the same rule set and must not have the ID already; it is never overwritten or left\nhalf-written."
        ),
        Topic(
            name: "holidays", usage: "holidays YEAR", summary: "list the rule set's holidays in a year",
            detail:
                "The bank holidays of the rule set's calendar (`calendar \"england-and-wales\"`), with substitute\ndays and one-off changes and their sources, and the dates the rule set lists itself (`holiday`)."
        ),
        Topic(
            name: "reset", usage: "reset", summary: "forget all facts",
            detail: "Every fact is unknown again (or its default)."),
        Topic(
            name: "help", usage: "help [COMMAND]", summary: "what each command does",
            detail: "`help COMMAND` says more about one command."),
        Topic(
            name: "quit", usage: "quit", summary: "leave (also end of input, Ctrl-D)",
            detail: "Leaves the session. Nothing is saved unless `save` was used."),
    ]

    /// Command names, in the order help lists them (for suggestions and completion).
    static let helpOrder: [String] = [
        "load", "reload", "open", "set", "unset", "facts", "advice", "score", "why", "why not", "what if",
        "ask", "save", "holidays", "reset", "help", "quit",
    ]

    func helpCommand(_ rest: String) -> String {
        let topic = rest.lowercased().split(separator: " ").joined(separator: " ")
        if topic.isEmpty {
            let width = Self.topics.map(\.usage.count).max() ?? 0
            var out = "Commands:\n"
            for t in Self.topics { out += "  \(t.usage.replPadded(to: width))  \(t.summary)\n" }
            out += "Lines starting with # are comments. `help COMMAND` says more.\n"
            out +=
                "The history keeps the commands typed, not the facts' values (`repl --history-values` keeps them).\n"
            if ruleSet == nil { out += "No rule set is loaded yet: start with `load FILE`.\n" }
            return out
        }
        let key =
            ["set": "=", "fact": "=", "exit": "quit", "why-not": "why not", "what-if": "what if", "what": "what if"][
                topic] ?? topic
        guard let t = Self.topics.first(where: { $0.name == key }) else {
            let near = Suggestions.nearest(to: topic, in: Self.helpOrder)
            return style.problem(
                "no command `\(topic)`", hint: near.map { "did you mean `\($0)`?" } ?? "`help` lists the commands")
        }
        return "\(t.usage)\n  \(t.summary)\n" + t.detail.split(separator: "\n").map { "  \($0)\n" }.joined()
    }
}
