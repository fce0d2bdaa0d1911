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
        JSONWriter.document { w in
            w.key("rules")
            w.ruleSetIdentity(r.ruleSet)
            w.member("decisions", r.decisions)
            w.member("skipped", r.skipped)
            w.array("levels", r.levels)
            summary(&w, r.overall, r.levels)
            w.object("distribution") { w in
                for (name, counts) in [("recorded", r.recordedDistribution), ("rules", r.rulesDistribution)] {
                    w.key(name)
                    levelCounts(&w, r.levels, counts)
                }
            }
            w.objects("causes", r.causes) { w, c in cause(&w, c, r) }
            w.member("undetermined", r.undetermined)
            w.key("undetermined_missing")
            pairs(&w, r.undeterminedMissing)
            w.object("timeliness") { w in
                for x in r.timeliness {
                    w.object(r.levels[x.level]) { w in
                        w.member("within", r.ruleSet.levels[x.level].within?.description)
                        w.member("decisions", x.timed)
                        w.member("late", x.late)
                    }
                }
            }
            w.member("min_group", r.minGroup)
            // The two groupings, each with its groups (those of `min_group` decisions or more) and how many fell below.
            let groupings = [("team", r.teams, r.teamsBelow), ("by", r.practitioners, r.practitionersBelow)]
            w.object("groups") { w in
                for (name, g, _) in groupings {
                    w.object(name) { w in
                        for (group, x) in g {
                            w.object(group) { w in
                                w.member("decisions", x.decisions)
                                summary(&w, x, r.levels)
                            }
                        }
                    }
                }
            }
            w.object("groups_below_min") { w in
                for (name, _, below) in groupings { w.member(name, below) }
            }
            w.objects("skips", r.skips) { w, k in
                w.member("file", k.file)
                w.member("line", k.line)
                w.member("message", k.message)
            }
        }
        .text
    }

    /// `matrix`, `agreement`, `rules_higher`, `rules_lower` and `kappa`.
    func summary(_ w: inout JSONWriter, _ x: AuditReport.Summary, _ levels: [String]) {
        w.object("matrix") { w in
            for (i, l) in levels.enumerated() {
                w.key(l)
                levelCounts(&w, levels, x.matrix[i])
            }
        }
        w.key("agreement")
        double(&w, x.agreement)
        w.member("rules_higher", x.higher)
        w.member("rules_lower", x.lower)
        w.object("kappa") { w in
            for (name, k) in [("unweighted", x.unweighted), ("linear", x.linear)] {
                w.key(name)
                double(&w, k?.kappa)
                w.key(name + "_ci95")
                if let k {
                    w.array { w in
                        double(&w, k.low)
                        double(&w, k.high)
                    }
                } else {
                    w.null()
                }
                w.key(name + "_se")
                double(&w, k?.standardError)
            }
        }
    }

    /// A cause's members (the object is the caller's).
    func cause(_ w: inout JSONWriter, _ c: AuditCause, _ r: AuditReport) {
        w.member("recorded", r.levels[c.key.recorded])
        w.member("rules", r.levels[c.key.rules])
        w.member("count", c.count)
        w.member("settled", c.key.settled)
        w.array("fired", c.key.decisive.lazy.map { r.ruleSet.rules[$0].name })
        w.array("sources", c.key.decisive.lazy.map { r.ruleSet.rules[$0].source })
        w.key("capped")
        if let k = c.key.cap {
            let cap = r.ruleSet.caps[k]
            w.object { w in
                w.member("by", cap.name)
                w.member("at", r.levels[cap.level])
                w.member("source", cap.source)
            }
        } else {
            w.null()
        }
        w.object("facts") { w in
            for f in c.factValues {
                w.object(r.ruleSet.facts[f.slot].name) { w in
                    for (v, n) in f.values.sorted(by: { $0.1 > $1.1 }) { w.member(v, n) }
                }
            }
        }
        w.key("missing")
        pairs(&w, c.missing)
        w.member("text", r.headline(c) + ": " + r.reasons(c).joined(separator: "; "))
        w.array("ids", c.ids)
    }

    func levelCounts(_ w: inout JSONWriter, _ levels: [String], _ counts: [Int]) {
        w.object { w in
            for (i, l) in levels.enumerated() { w.member(l, counts[i]) }
        }
    }

    func pairs(_ w: inout JSONWriter, _ p: [(String, Int)]) {
        w.objects(p) { w, pair in
            w.member("name", pair.0)
            w.member("count", pair.1)
        }
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
