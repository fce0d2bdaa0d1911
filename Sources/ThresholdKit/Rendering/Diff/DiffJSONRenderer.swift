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
        w.key("scenarios")
        w.int(r.scenarios)
        w.key("worked")
        w.int(r.workedCases)
        w.key("lines")
        w.int(r.lines)
        w.key("outcome_changes")
        w.int(r.outcomeChanges)
        w.key("changed_count")
        w.int(r.changed.count)
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
            w.key("scenario")
            w.string(f.scenario)
            if let file = f.file {
                w.key("file")
                w.string(file)
            }
            if let line = f.line {
                w.key("line")
                w.int(line)
            }
            w.key("expectation")
            w.string(f.expectation)
            w.key("passed_under_old")
            w.bool(f.passedUnderOld)
            w.key("message")
            w.string(f.message)
            w.endObject()
        }
        w.endArray()
        w.key("ruleset_changes")
        w.beginArray()
        for c in r.rulesetChanges { change(c, &w) }
        w.endArray()
        w.key("failures")
        w.beginObject()
        w.key("count")
        w.int(r.failureCount)
        w.key("first")
        w.beginArray()
        for f in r.failures {
            w.beginObject()
            if let file = f.file {
                w.key("file")
                w.string(file)
            }
            if let line = f.line {
                w.key("line")
                w.int(line)
            }
            if let v = f.version {
                w.key("version")
                w.string(v.rawValue)
            }
            w.key("message")
            w.string(f.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.text + "\n"
    }

    func version(_ v: DiffReport.Version, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("label")
        w.string(v.label)
        w.key("name")
        w.string(v.name)
        w.key("version")
        w.string(orNull: v.version)
        w.key("fingerprint")
        w.string(v.fingerprint)
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
        w.key("scenario")
        w.string(c.id)
        if let line = c.line {
            w.key("line")
            w.int(line)
        }
        if let file = c.file {
            w.key("file")
            w.string(file)
        }
        w.key("old")
        w.string(cause.old)
        w.key("new")
        w.string(cause.new)
        w.key("started")
        strings(cause.started, &w)
        w.key("stopped")
        strings(cause.stopped, &w)
        w.key("old_due")
        w.string(orNull: c.oldDue?.isoDescription)
        w.key("new_due")
        w.string(orNull: c.newDue?.isoDescription)
        effects(cause, &w)
        w.key("group")
        w.int(c.group)
        w.endObject()
    }

    func group(_ g: DiffReport.Group, _ report: DiffReport, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("old")
        w.string(g.cause.old)
        w.key("new")
        w.string(g.cause.new)
        w.key("count")
        w.int(g.count)
        w.key("summary")
        w.string(DiffGrouping.headline(g))
        w.key("reasons")
        strings(DiffGrouping.reasons(g), &w)
        w.key("started")
        strings(g.cause.started, &w)
        w.key("stopped")
        strings(g.cause.stopped, &w)
        effects(g.cause, &w)
        w.key("due_changed")
        w.bool(g.cause.dueChanged)
        if let due = report.dueChange(g.cause) {
            w.key("due")
            w.string(due)
        }
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
            w.key("old")
            w.string(orNull: cause.oldCap)
            w.key("new")
            w.string(orNull: cause.newCap)
            w.endObject()
        }
    }

    func change(_ c: RuleSetChange, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("kind")
        w.string(c.kind.rawValue)
        w.key("name")
        w.string(c.name)
        if let s = c.score {
            w.key("score")
            w.string(s)
        }
        w.key("change")
        w.string(c.change.rawValue)
        w.key("detail")
        w.string(c.detail)
        w.endObject()
    }

    func bands(_ list: [CaseCause.BandChange], _ w: inout JSONWriter) {
        w.beginArray()
        for b in list {
            w.beginObject()
            w.key("score")
            w.string(b.score)
            w.key("old")
            w.string(b.old)
            w.key("new")
            w.string(b.new)
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
