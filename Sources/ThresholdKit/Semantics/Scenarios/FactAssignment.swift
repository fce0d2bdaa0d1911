/// `FACT=VALUE` or `FACT = VALUE`, as given to `--set` and typed in the REPL.
public enum FactAssignment {
    public static func parse(_ text: String, ruleSet: RuleSet) -> Result<
        (slot: Int, value: FactValue?), ValueConverter.Failure
    > {
        guard let eq = text.firstIndex(of: "=") else {
            return .failure(.init(message: "expected FACT=VALUE", hint: "e.g. `age=12` or `referrer=police`"))
        }
        let name = text[..<eq].trimmingCharacters(in: " \t")
        let valueText = String(text[text.index(after: eq)...]).trimmingCharacters(in: " \t")
        guard let slot = ruleSet.factIndex[name] else {
            return .failure(
                .init(
                    message: "`\(name)` is not a fact of this rule set",
                    hint: Suggestions.didYouMean(ruleSet.suggestedFacts(for: name))))
        }
        return value(valueText, for: slot, ruleSet: ruleSet).map { (slot, $0) }
    }

    /// A value written on its own, converted to the fact's type.
    static func value(_ text: String, for slot: Int, ruleSet: RuleSet) -> Result<
        FactValue?, ValueConverter.Failure
    > {
        let (syntax, diags) = Parser.parseValue(text)
        guard let syntax else {
            let message = diags.first?.message ?? "cannot read `\(text)` as a value"
            // A date's own hint names the user's date turned round; a value too long is not helped by an example
            // (nor by the lexer's hint about lines); others show a value of the fact's type.
            let own = diags.first.flatMap { $0.code == .badDate ? $0.hint : nil }
            let tooLong = diags.first?.code == .lineTooLong
            let example = tooLong ? nil : ValueConverter.example(ruleSet.facts[slot].type)
            return .failure(.init(message: message, hint: own ?? example, exampleHelps: !tooLong))
        }
        return ValueConverter.convert(syntax, to: ruleSet.facts[slot].type, levels: ruleSet.levels.map(\.name))
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
