/// The worked cases scored against one rule set: every scenario in the workspace's scenario files that name it,
/// and, for each rule, how many of them it fires in (for hover and the code lens above each rule).
struct RuleFirings {
    /// How many scenarios were scored.
    var count = 0
    /// Each rule's name → the number of scenarios it fires in.
    var fires: [String: Int] = [:]

    init(unit: AnalysisUnit, scenarioFiles: [String], reader: SourceReader) {
        guard let ruleSet = unit.load.ruleSet else { return }
        var cache: [String: RuleSetLoad] = [reader.identity(of: unit.top): unit.load]
        let evaluator = Evaluator(ruleSet)
        for path in scenarioFiles {
            let out = ScenarioFileLoader.load(path, reader: reader, ruleSets: &cache)
            guard out.ruleSet != nil else { continue }
            for s in out.scenarios {
                count += 1
                let e = evaluator.evaluate(s.facts)
                for r in e.fired { fires[ruleSet.rules[r].name, default: 0] += 1 }
            }
        }
    }
}
