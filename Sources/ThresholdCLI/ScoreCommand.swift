import ThresholdKit

/// `threshold score RULES [SCENARIOS…]`: score and explain.
enum ScoreCommand {
    static let usage = """
        usage: threshold score RULES [SCENARIOS…] [--scenario ID] [--set FACT=VALUE]… [--format text|json|html] [--explain brief|full] [--exercise]

        Scores scenarios (.scenario or .json files) against the rule set RULES and explains each result:
        the outcome, its route and due time, every rule that fired with the facts behind it, scores,
        rules that could still raise the outcome, missing information and advice.
          --scenario ID        only this scenario
          --set FACT=VALUE     set a fact (repeatable); with no scenario files, scores these facts alone
          --format text|json   text for people (default); json: one result object per line
          --format html        one self-contained HTML page: a printable case sheet per scenario
          --exercise           with --format html: a training handout per scenario instead, the story
                               and the facts with boxes to tick a rating and lines for the rationale,
                               and no outcome, rules, bands or changes (the case sheet is the answer sheet)
          --explain brief|full full also lists every rule that did not fire, and why not
        """

    static func run(_ args: [String]) -> Console.Exit {
        let a: Arguments
        let format: String
        let explain: String
        do {
            a = try Arguments(args, valued: ["scenario", "set", "format", "explain"], booleans: ["exercise"])
            format = try a.choice("format", ["text", "json", "html"], default: "text")
            explain = try a.choice("explain", ["brief", "full"], default: "brief")
            if a.flags.contains("exercise"), format != "html" {
                throw Arguments.Problem(message: "`--exercise` makes a handout page: add `--format html`")
            }
        } catch let p as Arguments.Problem {
            Console.err("threshold score: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        guard let rulesPath = a.positional.first else {
            Console.err("threshold score: name the rule set to score against\n\n\(usage)\n")
            return .couldNotRun
        }
        guard let ruleSet = Console.loadRuleSet(rulesPath, command: "score") else { return .couldNotRun }

        var scenarios: [Scenario]
        let files = Array(a.positional.dropFirst())
        if files.isEmpty {
            scenarios = [
                Scenario(
                    id: "command-line", title: nil, source: nil, facts: ruleSet.defaultFacts(), given: [],
                    expectations: [], span: nil)
            ]
        } else {
            let input = ScenarioInput.load(files, against: ruleSet)
            if input.hasErrors {
                Console.diagnostics(input.diagnostics, sources: input.sources)
                return .couldNotRun
            }
            scenarios = input.scenarios
        }
        if let id = a.value("scenario") {
            scenarios = scenarios.filter { $0.id == id }
            if scenarios.isEmpty {
                Console.err("threshold score: no scenario with id `\(id)`\n")
                return .couldNotRun
            }
        }
        for setting in a.options["set"] ?? [] {
            switch FactAssignment.parse(setting, ruleSet: ruleSet) {
            case .success(let (slot, value)):
                for i in scenarios.indices { scenarios[i].facts[slot] = value }
            case .failure(let f):
                Console.err(
                    "threshold score: --set \(setting): \(f.message)" + (f.hint.map { "\n  = help: \($0)" } ?? "")
                        + "\n")
                return .couldNotRun
            }
        }
        let scoring = Scoring(ruleSet)
        let text = TextResultRenderer(detail: explain == "full" ? .full : .brief)
        let json = JSONResultRenderer()
        var sheets: [ScoredResult] = []
        for (i, s) in scenarios.enumerated() {
            var result = scoring.score(s)
            if explain == "full" || format != "text" {
                result.changes = Counterfactuals.changes(for: result, scoring: scoring)
            }
            if format == "html" {
                sheets.append(result)
            } else if format == "json" {
                Console.out(json.render(result) + "\n")
            } else {
                if i > 0 { Console.out("\n") }
                Console.out(text.render(result))
            }
        }
        if format == "html" {
            Console.out(HTMLCaseSheetRenderer(exercise: a.flags.contains("exercise")).render(sheets))
        }
        return .success
    }
}
