/// Writes a scenario in the language's own syntax (spec section 3): the facts given, and the outcome, its due
/// time, the fired rules and the score bands as `expect` clauses, so the scenario passes `threshold test` as written.
struct ScenarioWriter {
    let ruleSet: RuleSet

    /// `rules "../rules/camden-mash.rules"`, the first line of a scenario file.
    static func rulesLine(_ relativePath: String) -> String {
        "rules \(ValueConverter.quote(relativePath))\n"
    }

    /// A whole `scenario … end` block. `given` lists the slots to write (in declaration order); `result` is
    /// the scored result of `facts`, whose outcome, due time, fired rules and decided score bands become
    /// expectations. `comment` replaces the first line's "Saved by threshold repl" comment.
    func block(
        id: String, title: String?, facts: FactVector, given: [Int], result: ScoredResult, comment: String? = nil
    ) -> String {
        var out =
            comment
            ?? ("# Saved by threshold repl from \(ruleSet.name)" + (ruleSet.version.map { " \($0)" } ?? "")
                + " (\(ruleSet.fingerprint))\n")
        out += "scenario \(id)" + (title.map { " " + ValueConverter.quote($0) } ?? "") + "\n"
        out += "  given\n"
        for slot in given.sorted() where ruleSet.facts.indices.contains(slot) {
            out += "    \(ruleSet.facts[slot].name) = \(ruleSet.format(facts[slot], of: slot))\n"
        }
        out += "  expect\n"
        out += "    outcome \(ruleSet.levels[result.outcome].name)\n"
        if let due = result.evaluation.due {
            // A due time past the year 9999 cannot be written as a date the language reads (a contact received
            // at the end of 9999): said in a comment, not expected.
            out += due.date.year <= 9999 ? "    due \(due)\n" : "    # due \(due): past 9999, not written as a date\n"
        }
        for f in result.fired { out += "    fired \(ruleSet.rules[f.rule].name)\n" }
        for (i, score) in ruleSet.scores.enumerated() {
            let st = result.evaluation.scores[i]
            let status = score.status(result.evaluation.facts)
            if score.tool != nil {
                out += "    score \(score.name) \(status.expectation)\n"
                if score.reportedBand(st, status: status) < 0 { continue }
            }
            guard st.band >= 0 else { continue }
            if st.minBand == st.band && st.maxBand == st.band {
                out += "    score \(score.name) is \(ruleSet.bandName(i, st.band))\n"
            } else {
                // Unknown facts could still move the band: an expectation would not be decided.
                out +=
                    "    # score \(score.name) is \(ruleSet.bandName(i, st.band)) for now; unknown facts could move it to \(ruleSet.bandName(i, st.maxBand))\n"
            }
        }
        out += "end\n"
        return out
    }

    /// True when `id` can name a scenario: a name that is not a reserved word.
    static func isValidID(_ id: String) -> Bool {
        NameSyntax.isName(Substring(id)) && !Keywords.reserved.contains(id)
    }
}
