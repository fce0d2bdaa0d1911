import Foundation

/// `threshold audit` as text: agreement and kappa, the matrix, the distribution, the causes of the
/// disagreements, the undetermined decisions, timeliness and the groups. No fact of any decision is printed
/// (causes give counts of values only).
///
/// ```swift
/// print(AuditTextRenderer().render(run.report()), terminator: "")   // `run`: an `AuditRun` given its files
/// ```
public struct AuditTextRenderer {
    public init() {}

    public func render(_ r: AuditReport) -> String {
        var t = "threshold audit: \(r.decisions) decision\(s(r.decisions)) against “\(r.ruleSet.name)”"
        t += (r.ruleSet.version.map { " version \($0)" } ?? "") + " (\(r.ruleSet.fingerprint))\n"
        if r.skipped > 0 {
            t += "\(r.skipped) row\(s(r.skipped)) skipped (each named on standard error)\n"
        }
        t += "\n" + summary(r.overall, indent: "") + "\n"

        t += "Agreement matrix (rows: recorded; columns: the rules)\n"
        t += matrix(r.levels, r.overall.matrix) + "\n"

        t += "Distribution of outcomes\n"
        let rec = r.recordedDistribution
        let rul = r.rulesDistribution
        var rows = [["level", "recorded", "rules"]]
        for (i, l) in r.levels.enumerated() {
            rows.append([l, share(rec[i], r.decisions), share(rul[i], r.decisions)])
        }
        t += table(rows, indent: "  ") + "\n"

        t += "Disagreements by cause\n"
        if r.causes.isEmpty {
            t +=
                r.decisions == 0 ? "  none: no decisions were read\n" : "  none: every decision agrees with the rules\n"
        }
        for c in r.causes {
            t += "  \(r.headline(c)):\n"
            for reason in r.reasons(c) { t += "    - \(reason)\n" }
            let facts = r.factsLine(c)
            if !facts.isEmpty { t += "    facts: \(facts)\n" }
            if !c.missing.isEmpty { t += "    unanswered: \(counts(c.missing))\n" }
        }
        t += "\n"
        t +=
            "Undetermined: \(r.undetermined) decision\(s(r.undetermined)) whose facts leave the rules' answer provisional"
        t +=
            r.undeterminedMissing.isEmpty
            ? "\n" : "; unanswered questions that could change it: \(counts(r.undeterminedMissing))\n"

        if !r.timeliness.isEmpty {
            t += "\nTimeliness (received to decided_at, against the recorded level's timescale)\n"
            var rows = [["level", "within", "decisions", "late"]]
            for x in r.timeliness {
                rows.append([
                    r.levels[x.level], r.ruleSet.levels[x.level].within?.description ?? "", String(x.timed),
                    share(x.late, x.timed),
                ])
            }
            t += table(rows, indent: "  ")
            if r.untimedLevel > 0 { t += "  (\(r.untimedLevel) at a level with no timescale)\n" }
        }
        t += groups("Teams", r.teams, below: r.teamsBelow, r)
        t += groups("Practitioners (by)", r.practitioners, below: r.practitionersBelow, r)
        return t
    }

    func summary(_ x: AuditReport.Summary, indent: String) -> String {
        var t = "\(indent)Exact agreement: \(percent(x.agreement)) (\(x.agreed) of \(x.decisions)); "
        t += "the rules give a higher level for \(x.higher), a lower one for \(x.lower)\n"
        t += "\(indent)Cohen's kappa: \(kappa(x.unweighted)); linearly weighted: \(kappa(x.linear))\n"
        return t
    }

    func groups(_ title: String, _ g: [(String, AuditReport.Summary)], below: Int, _ r: AuditReport) -> String {
        guard !g.isEmpty || below > 0 else { return "" }
        var t = "\n\(title), with at least \(r.minGroup) decisions"
        t += below > 0 ? " (\(below) with fewer left out)\n" : "\n"
        var rows = [["name", "decisions", "agreement", "kappa (95% CI)", "linear kappa (95% CI)", "higher", "lower"]]
        for (name, x) in g {
            rows.append([
                name, String(x.decisions), percent(x.agreement), kappa(x.unweighted), kappa(x.linear), String(x.higher),
                String(x.lower),
            ])
        }
        return t + table(rows, indent: "  ")
    }

    func matrix(_ levels: [String], _ m: [[Int]]) -> String {
        var rows = [["recorded \\ rules"] + levels]
        for (i, l) in levels.enumerated() { rows.append([l] + m[i].map(String.init)) }
        return table(rows, indent: "  ")
    }

    func table(_ rows: [[String]], indent: String) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { c in
            rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            indent
                + row.enumerated().map { c, cell in
                    c == 0
                        ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - cell.count) + cell
                }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    func counts(_ c: [(String, Int)]) -> String {
        let shown = c.prefix(8).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        return c.count > 8 ? shown + ", and \(c.count - 8) more" : shown
    }

    func kappa(_ k: Kappa?) -> String {
        guard let k else { return "undefined" }
        return "\(fixed(k.kappa, 3)) (\(fixed(k.low, 3)) to \(fixed(k.high, 3)))"
    }

    func share(_ n: Int, _ of: Int) -> String {
        of > 0 ? "\(n) (\(fixed(100 * Double(n) / Double(of), 1))%)" : String(n)
    }

    func percent(_ x: Double?) -> String { x.map { fixed(100 * $0, 1) + "%" } ?? "n/a" }

    func fixed(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }

    func s(_ n: Int) -> String { n == 1 ? "" : "s" }
}
