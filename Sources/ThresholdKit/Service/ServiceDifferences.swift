/// What changed between two results of the same rule set, as JSON: rules that started or stopped firing,
/// scores whose total or band moved, advice added or removed, and the due time (as the REPL's `what if`).
enum ServiceDifferences {
    static func write(_ a: ScoredResult, _ b: ScoredResult, _ w: inout JSONWriter) {
        let rs = a.ruleSet
        let firedA = Set(a.evaluation.fired)
        let firedB = Set(b.evaluation.fired)
        w.beginObject()
        w.key("outcome")
        w.beginArray()
        w.string(rs.levels[a.outcome].name)
        w.string(rs.levels[b.outcome].name)
        w.endArray()
        w.key("started_firing")
        w.beginArray()
        for r in rs.rules.indices where firedB.contains(r) && !firedA.contains(r) { w.string(rs.rules[r].name) }
        w.endArray()
        w.key("stopped_firing")
        w.beginArray()
        for r in rs.rules.indices where firedA.contains(r) && !firedB.contains(r) { w.string(rs.rules[r].name) }
        w.endArray()
        w.key("scores")
        w.beginArray()
        for (i, score) in rs.scores.enumerated() {
            let (x, y) = (a.evaluation.scores[i], b.evaluation.scores[i])
            guard x.total != y.total || x.band != y.band else { continue }
            w.beginObject()
            w.key("score")
            w.string(score.name)
            w.key("total")
            w.beginArray()
            w.number(x.total)
            w.number(y.total)
            w.endArray()
            w.key("band")
            w.beginArray()
            w.string(rs.bandName(i, x.band))
            w.string(rs.bandName(i, y.band))
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("advice_added")
        w.beginArray()
        for i in rs.advice.indices where b.evaluation.advice[i] && !a.evaluation.advice[i] {
            w.string(rs.advice[i].name)
        }
        w.endArray()
        w.key("advice_removed")
        w.beginArray()
        for i in rs.advice.indices where a.evaluation.advice[i] && !b.evaluation.advice[i] {
            w.string(rs.advice[i].name)
        }
        w.endArray()
        w.key("due")
        w.beginArray()
        for d in [a.evaluation.due, b.evaluation.due] { if let d { w.string(d.isoDescription) } else { w.null() } }
        w.endArray()
        w.endObject()
    }
}

/// What stops a level or a rule (as the REPL's `why not`), as JSON: for each rule that gives the level or
/// higher (or the one rule), whether its condition is no or unknown, the parts that fail or stay open,
/// the unknown facts that keep it open, and the changes of facts that would reach it.
enum ServiceWhyNot {
    static func write(
        target: String, result r: ScoredResult, facts: FactVector, scoring: Scoring, _ w: inout JSONWriter
    ) {
        let rs = r.ruleSet
        let analysis = ReplConditionAnalysis(ruleSet: rs, facts: facts)
        var rules: [Int]
        var changes: [ScoredResult.Change] = []
        var reached: Bool
        w.beginObject()
        w.key("target")
        w.string(target)
        w.key("outcome")
        w.string(rs.levels[r.outcome].name)
        if let level = rs.levelIndex[target] {
            w.key("kind")
            w.string("level")
            reached = r.outcome >= level
            rules =
                reached
                ? []
                : rs.rules.indices.filter { rs.rules[$0].level >= level }
                    .sorted { a, b in
                        rs.rules[a].level != rs.rules[b].level ? rs.rules[a].level < rs.rules[b].level : a < b
                    }
            if !reached { changes = Counterfactuals.changes(toReach: level, for: r, scoring: scoring) }
        } else {
            let i = rs.ruleIndex[target] ?? 0
            w.key("kind")
            w.string("rule")
            reached = r.evaluation.rules[i] == .yes
            rules = reached ? [] : [i]
            if !reached { changes = Counterfactuals.changes(toFire: i, for: r, scoring: scoring) }
        }
        w.key("reached")
        w.bool(reached)
        var open = Set<Int>()
        w.key("rules")
        w.beginArray()
        for i in rules {
            let rule = rs.rules[i]
            w.beginObject()
            w.key("rule")
            w.string(rule.name)
            w.key("level")
            w.string(rs.levels[rule.level].name)
            w.key("condition")
            w.string(r.evaluation.rules[i].word)
            w.key("when")
            w.string(analysis.printer.text(rule.condition))
            w.key("failing")
            w.beginArray()
            for p in analysis.parts(rule.condition) where p.value != .yes {
                w.beginObject()
                w.key("part")
                w.string(p.text)
                w.key("value")
                w.string(p.value.word)
                w.key("unknown_facts")
                w.beginArray()
                let facts = p.value == .unknown ? analysis.openFacts(p) : []
                for f in facts {
                    w.string(rs.facts[f].name)
                    open.insert(f)
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("open_facts")
        w.beginArray()
        for f in open.sorted() { w.string(rs.facts[f].name) }
        w.endArray()
        w.key("changes")
        w.beginArray()
        for c in changes {
            w.beginObject()
            w.key("set")
            w.beginObject()
            for (slot, value) in c.set {
                w.key(rs.facts[slot].name)
                JSONFactValue.write(value, rs.facts[slot].type, levels: rs.levels, to: &w)
            }
            w.endObject()
            w.key("outcome")
            w.string(rs.levels[c.outcome].name)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
