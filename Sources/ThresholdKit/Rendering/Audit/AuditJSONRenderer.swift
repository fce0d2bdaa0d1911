/// `threshold audit --format json`: one object, the contract other tools read (docs/audit.md):
/// `{"rules": {"name", "version", "fingerprint"}, "decisions", "skipped", "levels", "matrix", "agreement",
/// "rules_higher", "rules_lower", "kappa": {"unweighted", "linear", "unweighted_ci95", "linear_ci95",
/// "unweighted_se", "linear_se"}, "distribution": {"recorded", "rules"}, "causes": […], "undetermined",
/// "undetermined_missing", "timeliness", "groups": {"team": {…}, "by": {…}}, "min_group", "skips"}`. No fact
/// of any decision appears; a cause's `facts` counts values.
///
/// ```swift
/// let json = AuditJSONRenderer().render(run.report())   // one line, ending in a newline
/// ```
public struct AuditJSONRenderer {
    public init() {}

    public func render(_ r: AuditReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("rules")
        w.ruleSetIdentity(r.ruleSet)
        w.member("decisions", r.decisions)
        w.member("skipped", r.skipped)
        w.key("levels")
        w.beginArray()
        for l in r.levels { w.string(l) }
        w.endArray()
        summary(&w, r.overall, r.levels)
        w.key("distribution")
        w.beginObject()
        for (name, counts) in [("recorded", r.recordedDistribution), ("rules", r.rulesDistribution)] {
            w.key(name)
            levelCounts(&w, r.levels, counts)
        }
        w.endObject()
        w.key("causes")
        w.beginArray()
        for c in r.causes { cause(&w, c, r) }
        w.endArray()
        w.member("undetermined", r.undetermined)
        w.key("undetermined_missing")
        pairs(&w, r.undeterminedMissing)
        w.key("timeliness")
        w.beginObject()
        for x in r.timeliness {
            w.key(r.levels[x.level])
            w.beginObject()
            w.member("within", r.ruleSet.levels[x.level].within?.description)
            w.member("decisions", x.timed)
            w.member("late", x.late)
            w.endObject()
        }
        w.endObject()
        w.member("min_group", r.minGroup)
        w.key("groups")
        w.beginObject()
        for (name, g) in [("team", r.teams), ("by", r.practitioners)] {
            w.key(name)
            w.beginObject()
            for (group, x) in g {
                w.key(group)
                w.beginObject()
                w.member("decisions", x.decisions)
                summary(&w, x, r.levels)
                w.endObject()
            }
            w.endObject()
        }
        w.endObject()
        w.key("groups_below_min")
        w.beginObject()
        w.member("team", r.teamsBelow)
        w.member("by", r.practitionersBelow)
        w.endObject()
        w.key("skips")
        w.beginArray()
        for k in r.skips {
            w.beginObject()
            w.member("file", k.file)
            w.member("line", k.line)
            w.member("message", k.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endLine()
        return w.text
    }

    /// `matrix`, `agreement`, `rules_higher`, `rules_lower` and `kappa`.
    func summary(_ w: inout JSONWriter, _ x: AuditReport.Summary, _ levels: [String]) {
        w.key("matrix")
        w.beginObject()
        for (i, l) in levels.enumerated() {
            w.key(l)
            levelCounts(&w, levels, x.matrix[i])
        }
        w.endObject()
        w.key("agreement")
        double(&w, x.agreement)
        w.member("rules_higher", x.higher)
        w.member("rules_lower", x.lower)
        w.key("kappa")
        w.beginObject()
        for (name, k) in [("unweighted", x.unweighted), ("linear", x.linear)] {
            w.key(name)
            double(&w, k?.kappa)
            w.key(name + "_ci95")
            if let k {
                w.beginArray()
                double(&w, k.low)
                double(&w, k.high)
                w.endArray()
            } else {
                w.null()
            }
            w.key(name + "_se")
            double(&w, k?.standardError)
        }
        w.endObject()
    }

    func cause(_ w: inout JSONWriter, _ c: AuditCause, _ r: AuditReport) {
        w.beginObject()
        w.member("recorded", r.levels[c.key.recorded])
        w.member("rules", r.levels[c.key.rules])
        w.member("count", c.count)
        w.member("settled", c.key.settled)
        w.key("fired")
        w.beginArray()
        for k in c.key.decisive { w.string(r.ruleSet.rules[k].name) }
        w.endArray()
        w.key("sources")
        w.beginArray()
        for k in c.key.decisive { w.string(orNull: r.ruleSet.rules[k].source) }
        w.endArray()
        w.key("capped")
        if let k = c.key.cap {
            let cap = r.ruleSet.caps[k]
            w.beginObject()
            w.member("by", cap.name)
            w.member("at", r.levels[cap.level])
            w.member("source", cap.source)
            w.endObject()
        } else {
            w.null()
        }
        w.key("facts")
        w.beginObject()
        for f in c.factValues {
            w.key(r.ruleSet.facts[f.slot].name)
            w.beginObject()
            for (v, n) in f.values.sorted(by: { $0.1 > $1.1 }) {
                w.key(v)
                w.int(n)
            }
            w.endObject()
        }
        w.endObject()
        w.key("missing")
        pairs(&w, c.missing)
        w.member("text", r.headline(c) + ": " + r.reasons(c).joined(separator: "; "))
        w.key("ids")
        w.beginArray()
        for id in c.ids { w.string(id) }
        w.endArray()
        w.endObject()
    }

    func levelCounts(_ w: inout JSONWriter, _ levels: [String], _ counts: [Int]) {
        w.beginObject()
        for (i, l) in levels.enumerated() {
            w.key(l)
            w.int(counts[i])
        }
        w.endObject()
    }

    func pairs(_ w: inout JSONWriter, _ p: [(String, Int)]) {
        w.beginArray()
        for (name, n) in p {
            w.beginObject()
            w.member("name", name)
            w.member("count", n)
            w.endObject()
        }
        w.endArray()
    }

    /// A double as JSON: shortest text that reads back the same value; null when undefined.
    func double(_ w: inout JSONWriter, _ x: Double?) {
        guard let x, x.isFinite else {
            w.null()
            return
        }
        w.number(raw: x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)")
    }
}
