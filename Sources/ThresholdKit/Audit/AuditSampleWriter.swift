/// The dip sample as a `.scenario` file for a panel to review: each decision's facts as `given`, the level
/// the front door recorded as a comment, and the rules' answer as expectations (the outcome, its due time,
/// the rules that fired, `capped at` and `provisional` where they apply), so the file passes
/// `threshold test` as written and a panel can change an expectation where it agrees with the recording.
///
/// ```swift
/// let text = AuditSampleWriter().render(report, rulesPath: "../rules/camden-mash.rules")
/// ```
public struct AuditSampleWriter {
    public init() {}

    /// `rulesPath`: the rule set's path relative to the folder the sample file is written in.
    public func render(_ r: AuditReport, rulesPath: String) -> String {
        let rs = r.ruleSet
        let writer = ScenarioWriter(ruleSet: rs)
        let evaluator = Evaluator(rs)
        let explainer = Explainer(rs)
        var out = "# Dip sample from threshold audit: \(r.sample.count) decision\(r.sample.count == 1 ? "" : "s"), "
        out += "stratified by cell of the agreement matrix (recorded level by the rules' answer).\n"
        out += "# Rules: \(rs.name)" + (rs.version.map { " version \($0)" } ?? "") + " (\(rs.fingerprint)).\n"
        out += "# Each case's expectations are the rules' answer; the level the front door recorded is the comment\n"
        out += "# above it. Where the panel agrees with the recording, the rules (or the facts) need a second look.\n"
        out += ScenarioWriter.rulesLine(rulesPath)
        var used: Set<String> = []
        for (n, k) in r.sample.enumerated() {
            var id = ScenarioWriter.isValidID(k.id) ? k.id : "decision_\(n + 1)"
            while used.contains(id) { id += "_\(n + 1)" }
            used.insert(id)
            let e = evaluator.evaluate(k.facts)
            let result = explainer.explain(e, scenarioID: id)
            evaluator.forgetFacts()
            var comment = "\n# recorded: \(rs.levels[k.recorded].name); the rules give \(rs.levels[k.rules].name)"
            comment +=
                k.recorded == k.rules ? " (agree)" : (k.rules > k.recorded ? " (rules higher)" : " (rules lower)")
            comment += "; from \(k.place)\n"
            var block = writer.block(
                id: id, title: "Decision \(k.id)", facts: k.facts, given: k.given, result: result, comment: comment)
            var extra = ""
            if let cap = e.cap { extra += "    capped at \(rs.levels[rs.caps[cap].level].name)\n" }
            if !result.settled { extra += "    provisional\n" }
            if !extra.isEmpty, block.hasSuffix("end\n") { block = String(block.dropLast(4)) + extra + "end\n" }
            out += block
        }
        return out
    }
}
