import ThresholdKit

extension Console {
    /// Loads a rule set for `command` (`RuleSetLoading` in the library), printing its errors and why it
    /// cannot be used; nil when it cannot.
    static func loadRuleSet(_ path: String, command: String) -> RuleSet? {
        let loaded = RuleSetLoading.load(path)
        guard let ruleSet = loaded.ruleSet else {
            Console.diagnostics(loaded.errors, sources: loaded.sources)
            if let refusal = loaded.refusal { Console.err("threshold \(command): \(refusal.message(path: path))\n") }
            return nil
        }
        return ruleSet
    }
}
