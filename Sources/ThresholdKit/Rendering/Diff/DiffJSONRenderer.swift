/// `threshold diff --format json`: one object (issue #17's shape, and more): the versions, the matrices,
/// every changed case, the groups, the failing expectations and the rule-set changes.
///
/// ```swift
/// let json = DiffJSONRenderer().render(run.report())   // `run`: a `DiffRun` given its cases
/// ```
public struct DiffJSONRenderer {
    public init() {}

    public func render(_ r: DiffReport) -> String {
        JSONWriter.document { w in
            w.key("old")
            version(r.old, &w)
            w.key("new")
            version(r.new, &w)
            w.member("scenarios", r.scenarios)
            w.member("worked", r.workedCases)
            w.member("lines", r.lines)
            w.member("outcome_changes", r.outcomeChanges)
            w.member("changed_count", r.changed.count)
            if !r.droppedFacts.isEmpty {
                // Only when a case gives a fact the new version dropped, so other reports keep their shape.
                w.objects("dropped_facts", r.droppedFacts) { w, d in
                    w.member("fact", d.fact)
                    w.member("cases", d.cases)
                }
            }
            w.key("outcomes")
            table(r.old.levels, r.new.levels, r.outcomes, &w)
            w.object("levels") { w in
                w.array("old_only", r.oldOnlyLevels)
                w.array("new_only", r.newOnlyLevels)
            }
            w.object("bands") { w in
                for m in r.bandMatrices {
                    w.key(m.score)
                    table(m.oldBands, m.newBands, m.counts, &w)
                }
            }
            w.objects("changed", r.changed) { w, c in changed(c, r.groups[c.group].cause, &w) }
            w.objects("groups", r.groups) { w, g in group(g, r, &w) }
            w.objects("failing_expectations", r.failingExpectations) { w, f in
                w.member("scenario", f.scenario)
                w.member("file", ifPresent: f.file)
                w.member("line", ifPresent: f.line)
                w.member("expectation", f.expectation)
                w.member("passed_under_old", f.passedUnderOld)
                w.member("message", f.message)
            }
            w.objects("ruleset_changes", r.rulesetChanges) { w, c in change(c, &w) }
            w.object("failures") { w in
                w.member("count", r.failureCount)
                w.objects("first", r.failures) { w, f in
                    w.member("file", ifPresent: f.file)
                    w.member("line", ifPresent: f.line)
                    w.member("version", ifPresent: f.version?.rawValue)
                    w.member("message", f.message)
                }
            }
        }
        .text
    }

    func version(_ v: DiffReport.Version, _ w: inout JSONWriter) {
        w.object { w in
            w.member("label", v.label)
            w.member("name", v.name)
            w.member("version", v.version)
            w.member("fingerprint", v.fingerprint)
            w.array("levels", v.levels)
            w.array("within", v.within)
        }
    }

    func table(_ rows: [String], _ columns: [String], _ counts: [[Int]], _ w: inout JSONWriter) {
        w.object { w in
            for (i, row) in rows.enumerated() {
                w.object(row) { w in
                    for (j, column) in columns.enumerated() {
                        w.member(column, counts.indices.contains(i) && counts[i].indices.contains(j) ? counts[i][j] : 0)
                    }
                }
            }
        }
    }

    /// A changed case's members (the object is the caller's).
    func changed(_ c: ChangedCase, _ cause: CaseCause, _ w: inout JSONWriter) {
        w.member("scenario", c.id)
        w.member("line", ifPresent: c.line)
        w.member("file", ifPresent: c.file)
        Self.transition(cause, &w)
        w.member("old_due", c.oldDue?.isoDescription)
        w.member("new_due", c.newDue?.isoDescription)
        effects(cause, &w)
        w.member("group", c.group)
    }

    /// A cause's `"old"` and `"new"` level and the rules that `"started"` and `"stopped"` firing: the heart of a
    /// changed case's entry, here and in the rules editor's diff (`POST …/edit/check`).
    static func transition(_ cause: CaseCause, _ w: inout JSONWriter) {
        oldAndNew(cause.old, cause.new, &w)
        w.array("started", cause.started)
        w.array("stopped", cause.stopped)
    }

    /// `"old"` and `"new"`: what something is under each version (a level, a band, the cap that holds a case).
    static func oldAndNew<V: JSONScalar>(_ old: V, _ new: V, _ w: inout JSONWriter) {
        w.member("old", old)
        w.member("new", new)
    }

    /// A group's members (the object is the caller's).
    func group(_ g: DiffReport.Group, _ report: DiffReport, _ w: inout JSONWriter) {
        Self.oldAndNew(g.cause.old, g.cause.new, &w)
        w.member("count", g.count)
        w.member("summary", DiffGrouping.headline(g))
        w.array("reasons", DiffGrouping.reasons(g))
        w.array("started", g.cause.started)
        w.array("stopped", g.cause.stopped)
        effects(g.cause, &w)
        w.member("due_changed", g.cause.dueChanged)
        w.member("due", ifPresent: report.dueChange(g.cause))
        w.objects("related", g.related) { w, c in change(c, &w) }
        w.array("ids", g.ids)
    }

    /// A cause's `"relevelled"` (rules firing under both at another level), `"bands"`, `"advice_given"` and
    /// `"advice_withdrawn"` members, and `"held_by"` when a cap's hold changed (a changed case's and its
    /// group's).
    func effects(_ cause: CaseCause, _ w: inout JSONWriter) {
        w.objects("relevelled", cause.relevelled) { w, r in
            w.member("rule", r.rule)
            Self.oldAndNew(r.old, r.new, &w)
        }
        w.objects("bands", cause.bands) { w, b in
            w.member("score", b.score)
            Self.oldAndNew(b.old, b.new, &w)
        }
        w.array("advice_given", cause.adviceGiven)
        w.array("advice_withdrawn", cause.adviceWithdrawn)
        // Only when a cap holds the case under one version and not the other (or another cap holds it).
        if cause.oldCap != nil || cause.newCap != nil {
            w.object("held_by") { w in Self.oldAndNew(cause.oldCap, cause.newCap, &w) }
        }
    }

    /// A rule-set change's members (the object is the caller's).
    func change(_ c: RuleSetChange, _ w: inout JSONWriter) {
        w.member("kind", c.kind.rawValue)
        w.member("name", c.name)
        w.member("score", ifPresent: c.score)
        w.member("change", c.change.rawValue)
        w.member("detail", c.detail)
    }
}
