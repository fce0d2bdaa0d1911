/// `threshold diff --format json`: one object (issue #17's shape, and more): the versions, the matrices,
/// every changed case, the groups, the failing expectations and the rule-set changes.
///
/// ```swift
/// let json = DiffJSONRenderer().render(run.report())   // `run`: a `DiffRun` given its cases
/// ```
public struct DiffJSONRenderer {
    public init() {}

    public func render(_ r: DiffReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("old")
        version(r.old, &w)
        w.key("new")
        version(r.new, &w)
        w.member("scenarios", r.scenarios)
        w.member("worked", r.workedCases)
        w.member("lines", r.lines)
        w.member("outcome_changes", r.outcomeChanges)
        w.member("changed_count", r.changed.count)
        w.key("outcomes")
        table(r.old.levels, r.new.levels, r.outcomes, &w)
        w.key("levels")
        w.beginObject()
        w.key("old_only")
        strings(r.oldOnlyLevels, &w)
        w.key("new_only")
        strings(r.newOnlyLevels, &w)
        w.endObject()
        w.key("bands")
        w.beginObject()
        for m in r.bandMatrices {
            w.key(m.score)
            table(m.oldBands, m.newBands, m.counts, &w)
        }
        w.endObject()
        w.key("changed")
        w.beginArray()
        for c in r.changed { changed(c, r.groups[c.group].cause, &w) }
        w.endArray()
        w.key("groups")
        w.beginArray()
        for g in r.groups { group(g, r, &w) }
        w.endArray()
        w.key("failing_expectations")
        w.beginArray()
        for f in r.failingExpectations {
            w.beginObject()
            w.member("scenario", f.scenario)
            w.member("file", ifPresent: f.file)
            w.member("line", ifPresent: f.line)
            w.member("expectation", f.expectation)
            w.member("passed_under_old", f.passedUnderOld)
            w.member("message", f.message)
            w.endObject()
        }
        w.endArray()
        w.key("ruleset_changes")
        w.beginArray()
        for c in r.rulesetChanges { change(c, &w) }
        w.endArray()
        w.key("failures")
        w.beginObject()
        w.member("count", r.failureCount)
        w.key("first")
        w.beginArray()
        for f in r.failures {
            w.beginObject()
            w.member("file", ifPresent: f.file)
            w.member("line", ifPresent: f.line)
            w.member("version", ifPresent: f.version?.rawValue)
            w.member("message", f.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.text + "\n"
    }

    func version(_ v: DiffReport.Version, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("label", v.label)
        w.member("name", v.name)
        w.member("version", v.version)
        w.member("fingerprint", v.fingerprint)
        w.key("levels")
        strings(v.levels, &w)
        w.key("within")
        w.beginArray()
        for x in v.within { w.string(orNull: x) }
        w.endArray()
        w.endObject()
    }

    func table(_ rows: [String], _ columns: [String], _ counts: [[Int]], _ w: inout JSONWriter) {
        w.beginObject()
        for (i, row) in rows.enumerated() {
            w.key(row)
            w.beginObject()
            for (j, column) in columns.enumerated() {
                w.key(column)
                w.int(counts.indices.contains(i) && counts[i].indices.contains(j) ? counts[i][j] : 0)
            }
            w.endObject()
        }
        w.endObject()
    }

    func changed(_ c: ChangedCase, _ cause: CaseCause, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("scenario", c.id)
        w.member("line", ifPresent: c.line)
        w.member("file", ifPresent: c.file)
        w.member("old", cause.old)
        w.member("new", cause.new)
        w.key("started")
        strings(cause.started, &w)
        w.key("stopped")
        strings(cause.stopped, &w)
        w.member("old_due", c.oldDue?.isoDescription)
        w.member("new_due", c.newDue?.isoDescription)
        effects(cause, &w)
        w.member("group", c.group)
        w.endObject()
    }

    func group(_ g: DiffReport.Group, _ report: DiffReport, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("old", g.cause.old)
        w.member("new", g.cause.new)
        w.member("count", g.count)
        w.member("summary", DiffGrouping.headline(g))
        w.key("reasons")
        strings(DiffGrouping.reasons(g), &w)
        w.key("started")
        strings(g.cause.started, &w)
        w.key("stopped")
        strings(g.cause.stopped, &w)
        effects(g.cause, &w)
        w.member("due_changed", g.cause.dueChanged)
        w.member("due", ifPresent: report.dueChange(g.cause))
        w.key("related")
        w.beginArray()
        for c in g.related { change(c, &w) }
        w.endArray()
        w.key("ids")
        strings(g.ids, &w)
        w.endObject()
    }

    /// A cause's `"bands"`, `"advice_given"` and `"advice_withdrawn"` members, and `"held_by"` when a cap's hold
    /// changed (a changed case's and its group's).
    func effects(_ cause: CaseCause, _ w: inout JSONWriter) {
        w.key("bands")
        bands(cause.bands, &w)
        w.key("advice_given")
        strings(cause.adviceGiven, &w)
        w.key("advice_withdrawn")
        strings(cause.adviceWithdrawn, &w)
        // Only when a cap holds the case under one version and not the other (or another cap holds it).
        if cause.oldCap != nil || cause.newCap != nil {
            w.key("held_by")
            w.beginObject()
            w.member("old", cause.oldCap)
            w.member("new", cause.newCap)
            w.endObject()
        }
    }

    func change(_ c: RuleSetChange, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("kind", c.kind.rawValue)
        w.member("name", c.name)
        w.member("score", ifPresent: c.score)
        w.member("change", c.change.rawValue)
        w.member("detail", c.detail)
        w.endObject()
    }

    func bands(_ list: [CaseCause.BandChange], _ w: inout JSONWriter) {
        w.beginArray()
        for b in list {
            w.beginObject()
            w.member("score", b.score)
            w.member("old", b.old)
            w.member("new", b.new)
            w.endObject()
        }
        w.endArray()
    }

    func strings(_ list: [String], _ w: inout JSONWriter) {
        w.beginArray()
        for s in list { w.string(s) }
        w.endArray()
    }
}
