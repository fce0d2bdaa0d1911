import ThresholdKit

/// `threshold score RULES [SCENARIOS…]`: score and explain.
enum ScoreCommand {
    static let command = Command(
        name: "score", synopsis: "RULES [SCENARIOS…]",
        summary: "score scenarios (.scenario or .json) against a rule set, and explain",
        about: """
            Scores scenarios (.scenario or .json files) against the rule set RULES and explains each result:
            the outcome, its route and due time, every rule that fired with the facts behind it, scores,
            rules that could still raise the outcome, missing information and advice.
            """,
        options: [
            .value("scenario", "ID", help: "only this scenario"),
            .value(
                "set", "FACT=VALUE", repeatable: true,
                help: "set a fact (repeatable); with no scenario files, scores these facts alone"),
            .format(ResultFormats.registry),
            .flag(
                "exercise", usage: "",
                help: """
                    with --format html: a training handout per scenario instead, the story
                    and the facts with boxes to tick a rating and lines for the rationale,
                    and no outcome, rules, bands or changes (the case sheet is the answer sheet)
                    """),
            .choice("explain", ["brief", "full"], help: "full also lists every rule that did not fire, and why not")
                .usage("[--explain brief|full] [--exercise]"),
        ],
        column: 21, run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        let format = a.format(ResultFormats.registry)
        let settings = ResultFormats.Settings(
            detail: a.choice("explain") == "full" ? .full : .brief, exercise: a.flag("exercise"))
        if a.flag("exercise"), format.name != "html" {
            return a.usageError("`--exercise` makes a handout page: add `--format html`")
        }
        guard let rulesPath = a.positional.first else { return a.usageError("name the rule set to score against") }
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
            if scenarios.isEmpty { return a.fail("no scenario with id `\(id)`") }
        }
        var setBy: [Int: String] = [:]
        for setting in a.values("set") {
            switch FactAssignment.parse(setting, ruleSet: ruleSet) {
            case .success(let (slot, value)):
                // As a scenario's `given` and the REPL's `what if`: which of two values would count is not a
                // question a rating should depend on.
                if let earlier = setBy[slot] {
                    return a.fail(
                        "--set \(setting): `\(ruleSet.facts[slot].name)` is set twice (`\(earlier)` before): "
                            + "set each fact once")
                }
                setBy[slot] = setting
                for i in scenarios.indices { scenarios[i].facts[slot] = value }
            case .failure(let f):
                return a.fail("--set \(setting): \(f.message)" + (f.hint.map { "\n  = help: \($0)" } ?? ""))
            }
        }
        let scoring = Scoring(ruleSet)
        let changes = ResultFormats.showsChanges(format, settings)
        guard let separator = ResultFormats.separator(format) else {
            Console.out(format.render(scenarios.map { scoring.score($0, changes: changes) }, settings))
            return .success
        }
        // Written a result at a time where the format allows (the same bytes): 100,000 scenarios' results held
        // together took gigabytes.
        for (i, scenario) in scenarios.enumerated() {
            if i > 0 { Console.out(separator) }
            Console.out(format.render([scoring.score(scenario, changes: changes)], settings))
        }
        return .success
    }
}
