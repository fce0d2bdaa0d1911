/// Describes a compiled rule set's elements by name, independent of declaration order, slots and layout:
/// two rule sets that mean the same give the same descriptions. Conditions are written back in the
/// language's syntax over names (`ConditionText`), so a reformatted or reordered source reads the same.
struct RuleSetDescriber {
    let ruleSet: RuleSet
    private let text: ConditionText

    init(_ ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        text = ConditionText(ruleSet: ruleSet)
    }

    /// Named properties of an element, compared one by one (`condition`, `level`, `label`, …).
    typealias Properties = [(String, String)]

    func condition(_ node: BoolNode) -> String { text.text(node) }
    func number(_ node: NumNode) -> String { text.num(node) }

    func fact(_ f: RuleSet.Fact) -> Properties {
        var p: Properties = [("type", f.type.phrase), ("required", f.required ? "yes" : "no")]
        p.append(("default", f.defaultValue.map { value($0, f.type) } ?? "none"))
        p.append(("question", f.question ?? ""))
        return p
    }

    func value(_ v: FactValue, _ type: FactType) -> String {
        switch v {
        case .bool(let b): return b ? "yes" : "no"
        case .number(let n): return n.description
        case .option(let i): return type.options.indices.contains(i) ? type.options[i] : "?"
        case .options(let mask):
            return "("
                + type.options.enumerated().filter { $0.offset < 64 && mask & (1 << UInt64($0.offset)) != 0 }.map(
                    \.element
                ).joined(separator: ", ") + ")"
        case .text(let s): return ValueConverter.quote(s)
        case .date(let d): return d.description
        case .dateTime(let d): return d.description
        case .level(let l): return ruleSet.levels.indices.contains(l) ? ruleSet.levels[l].name : "?"
        }
    }

    func level(_ l: RuleSet.Level) -> Properties {
        [("label", l.label), ("route", l.route ?? ""), ("within", l.within?.description ?? "no timescale")]
    }

    func definition(_ d: RuleSet.Definition) -> Properties {
        switch d.body {
        case .condition(let c): return [("condition", condition(c))]
        case .number(let n): return [("value", number(n))]
        }
    }

    func rule(_ r: RuleSet.Rule) -> Properties {
        [
            ("condition", condition(r.condition)), ("level", levelName(r.level)), ("label", r.label ?? ""),
            ("because", r.because ?? ""), ("source", r.source ?? ""),
        ]
    }

    func cap(_ c: RuleSet.Cap) -> Properties {
        [
            ("condition", condition(c.condition)), ("level", levelName(c.level)), ("label", c.label ?? ""),
            ("because", c.because ?? ""), ("source", c.source ?? ""),
        ]
    }

    func advice(_ a: RuleSet.Advice) -> Properties {
        [("condition", condition(a.condition)), ("text", a.text), ("source", a.source ?? "")]
    }

    func score(_ s: RuleSet.Score) -> Properties {
        [
            ("label", s.label ?? ""), ("source", s.source ?? ""),
            ("domains", s.domains.map(\.name).sorted().joined(separator: ", ")),
        ]
    }

    func band(_ b: RuleSet.Band) -> Properties {
        [("from", b.low.description), ("label", b.label)]
    }

    /// A score's items keyed by what they count (their condition or value, and domain), since items have
    /// no names; a key written twice gets `#2`, `#3`.
    func items(_ s: RuleSet.Score) -> [(key: String, properties: Properties)] {
        var seen: [String: Int] = [:]
        return s.items.map { item in
            var key: String
            var p: Properties
            switch item.kind {
            case .when(let weight, let c):
                key = "when \(condition(c))"
                p = [("weight", weight.description)]
            case .add(let v, let max, _):
                key = "add \(number(v))"
                p = [("max", max?.description ?? "none")]
            }
            if let d = item.domain, s.domains.indices.contains(d) { key += " in \(s.domains[d].name)" }
            let n = (seen[key] ?? 0) + 1
            seen[key] = n
            if n > 1 { key += " #\(n)" }
            p.append(("label", item.label ?? ""))
            return (key, p)
        }
    }

    /// A score's floors keyed by band and condition.
    func floors(_ s: RuleSet.Score) -> [(key: String, properties: Properties)] {
        var seen: [String: Int] = [:]
        return s.floors.map { f in
            var key =
                "floor \(s.bands.indices.contains(f.band) ? s.bands[f.band].name : "?") when \(condition(f.condition))"
            let n = (seen[key] ?? 0) + 1
            seen[key] = n
            if n > 1 { key += " #\(n)" }
            return (key, [("reason", f.reason ?? "")])
        }
    }

    func levelName(_ l: Int) -> String { ruleSet.levels.indices.contains(l) ? ruleSet.levels[l].name : "?" }
}
