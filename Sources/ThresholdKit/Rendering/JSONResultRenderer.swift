/// Renders a scored result as the JSON result object of the command-line contract, on one line.
public struct JSONResultRenderer {
    public init() {}

    public func render(_ r: ScoredResult) -> String {
        var w = JSONWriter()
        write(r, to: &w)
        return w.text
    }

    public func write(_ r: ScoredResult, to w: inout JSONWriter) {
        let rs = r.ruleSet
        let e = r.evaluation
        w.beginObject()
        w.key("scenario"); if let id = r.scenarioID { w.string(id) } else { w.null() }
        if let t = r.title { w.key("title"); w.string(t) }
        w.key("ruleset"); w.beginObject()
        w.key("name"); w.string(rs.name)
        w.key("version"); if let v = rs.version { w.string(v) } else { w.null() }
        w.key("fingerprint"); w.string(rs.fingerprint)
        w.endObject()
        let level = rs.levels[e.outcome]
        w.key("outcome"); w.beginObject()
        w.key("level"); w.string(level.name)
        w.key("label"); w.string(level.label)
        w.key("route"); if let route = level.route { w.string(route) } else { w.null() }
        w.key("within"); if let within = level.within { w.string(within.description) } else { w.null() }
        if let due = e.due { w.key("due"); w.string(due.isoDescription) }
        w.endObject()
        w.key("fired"); w.beginArray()
        for f in r.fired {
            let rule = rs.rules[f.rule]
            w.beginObject()
            w.key("rule"); w.string(rule.name)
            w.key("label"); if let l = rule.label { w.string(l) } else { w.null() }
            w.key("level"); w.string(rs.levels[rule.level].name)
            w.key("because"); if let b = rule.because { w.string(b) } else { w.null() }
            w.key("source"); if let s = rule.source { w.string(s) } else { w.null() }
            w.key("facts"); writeFacts(f.facts, rs, &w)
            w.endObject()
        }
        w.endArray()
        w.key("undetermined"); w.beginArray()
        for u in r.undetermined {
            w.beginObject()
            w.key("rule"); w.string(rs.rules[u.rule].name)
            w.key("level"); w.string(rs.levels[rs.rules[u.rule].level].name)
            w.key("unknown"); w.beginArray(); for f in u.unknown { w.string(rs.facts[f].name) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("scores"); w.beginObject()
        for (i, score) in rs.scores.enumerated() {
            let st = e.scores[i]
            w.key(score.name); w.beginObject()
            w.key("total"); w.number(st.total)
            w.key("range"); w.beginArray()
            if let lo = st.range.lo.finite { w.number(lo) } else { w.null() }
            if let hi = st.range.hi.finite { w.number(hi) } else { w.null() }
            w.endArray()
            w.key("band"); if st.band >= 0 { w.string(rs.bandName(i, st.band)) } else { w.null() }
            w.key("could_reach"); if st.maxBand > st.band { w.string(rs.bandName(i, st.maxBand)) } else { w.null() }
            w.key("floor")
            if let f = st.floor {
                w.beginObject()
                w.key("band"); w.string(rs.bandName(i, score.floors[f].band))
                w.key("from"); if st.bandBeforeFloors >= 0 { w.string(rs.bandName(i, st.bandBeforeFloors)) } else { w.null() }
                w.key("reason"); if let reason = score.floors[f].reason { w.string(reason) } else { w.null() }
                w.endObject()
            } else { w.null() }
            w.key("domains"); w.beginObject()
            for (d, domain) in score.domains.enumerated() { w.key(domain.name); w.number(st.domainTotals[d]) }
            w.endObject()
            w.endObject()
        }
        w.endObject()
        w.key("advice"); w.beginArray()
        for (a, given) in e.advice.enumerated() where given {
            w.beginObject()
            w.key("id"); w.string(rs.advice[a].name)
            w.key("text"); w.string(rs.advice[a].text)
            w.endObject()
        }
        w.endArray()
        w.key("missing"); w.beginArray()
        for m in r.missing {
            w.beginObject()
            w.key("fact"); w.string(rs.facts[m.fact].name)
            w.key("question"); if let q = rs.facts[m.fact].question { w.string(q) } else { w.null() }
            w.key("could_change"); if let c = rs.consequenceText(m.consequence) { w.string(c) } else { w.null() }
            w.key("required"); w.bool(rs.facts[m.fact].required)
            w.endObject()
        }
        w.endArray()
        w.key("changes"); w.beginArray()
        for c in r.changes {
            w.beginObject()
            w.key("set"); writeFacts(c.set, rs, &w)
            w.key("outcome"); w.string(rs.levels[c.outcome].name)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    func writeFacts(_ facts: [(slot: Int, value: FactValue?)], _ rs: RuleSet, _ w: inout JSONWriter) {
        w.beginObject()
        for f in facts {
            w.key(rs.facts[f.slot].name)
            JSONFactValue.write(f.value, rs.facts[f.slot].type, levels: rs.levels, to: &w)
        }
        w.endObject()
    }
}

/// Fact values in JSON: yes/no as booleans, sets as arrays, dates as strings, unknown as null.
public enum JSONFactValue {
    public static func write(_ v: FactValue?, _ type: FactType, levels: [RuleSet.Level], to w: inout JSONWriter) {
        guard let v else { w.null(); return }
        switch v {
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .option(let i): w.string(type.options.indices.contains(i) ? type.options[i] : "")
        case .options(let mask):
            w.beginArray()
            for (i, name) in type.options.enumerated() where mask & (1 << UInt64(i)) != 0 { w.string(name) }
            w.endArray()
        case .text(let s): w.string(s)
        case .date(let d): w.string(d.description)
        case .dateTime(let d): w.string(d.isoDescription)
        case .level(let l): w.string(levels.indices.contains(l) ? levels[l].name : "")
        }
    }
}
