/// The semantic differences between two compiled rule sets: elements matched by name (items and floors by
/// what they count), their properties compared as written back over names. Declaration order, layout,
/// comments and fact slots do not show; the order of levels does (it is their rank).
enum RuleSetComparison {
    static func changes(old: RuleSet, new: RuleSet) -> [RuleSetChange] {
        let a = RuleSetDescriber(old)
        let b = RuleSetDescriber(new)
        var out: [RuleSetChange] = []

        if old.name != new.name {
            out.append(
                .init(
                    kind: .ruleset, name: "name", change: .changed,
                    detail: "\(quoted(new.name)), was \(quoted(old.name))"))
        }
        if old.version != new.version {
            out.append(
                .init(
                    kind: .ruleset, name: "version", change: .changed,
                    detail: "\(new.version ?? "none"), was \(old.version ?? "none")"))
        }
        let oldDefault = a.levelName(old.defaultLevel)
        let newDefault = b.levelName(new.defaultLevel)
        if oldDefault != newDefault {
            out.append(
                .init(kind: .ruleset, name: "default", change: .changed, detail: "\(newDefault), was \(oldDefault)"))
        }
        let oldClock = old.clockFact.map { old.facts[$0].name } ?? "none"
        let newClock = new.clockFact.map { new.facts[$0].name } ?? "none"
        if oldClock != newClock {
            out.append(
                .init(kind: .ruleset, name: "clock", change: .changed, detail: "starts \(newClock), was \(oldClock)"))
        }
        if old.calendar.holidays != new.calendar.holidays {
            let added = new.calendar.holidays.subtracting(old.calendar.holidays).count
            let removed = old.calendar.holidays.subtracting(new.calendar.holidays).count
            out.append(
                .init(
                    kind: .ruleset, name: "calendar", change: .changed,
                    detail: "\(added) holiday\(added == 1 ? "" : "s") added, \(removed) removed"))
        }

        out += compare(.fact, old.facts.map { ($0.name, a.fact($0)) }, new.facts.map { ($0.name, b.fact($0)) })
        out += compare(.level, old.levels.map { ($0.name, a.level($0)) }, new.levels.map { ($0.name, b.level($0)) })
        out += levelRanks(old, new)
        out += compare(
            .definition, old.definitions.map { ($0.name, a.definition($0)) },
            new.definitions.map { ($0.name, b.definition($0)) })
        out += compare(.score, old.scores.map { ($0.name, a.score($0)) }, new.scores.map { ($0.name, b.score($0)) })
        for s in old.scores {
            guard let j = new.scoreIndex[s.name] else { continue }
            let t = new.scores[j]
            out += compare(
                .item, a.items(s).map { ($0.key, $0.properties) }, b.items(t).map { ($0.key, $0.properties) },
                score: s.name)
            out += compare(
                .band, s.bands.map { ($0.name, a.band($0)) }, t.bands.map { ($0.name, b.band($0)) }, score: s.name)
            out += compare(
                .floor, a.floors(s).map { ($0.key, $0.properties) }, b.floors(t).map { ($0.key, $0.properties) },
                score: s.name)
        }
        out += compare(.rule, old.rules.map { ($0.name, a.rule($0)) }, new.rules.map { ($0.name, b.rule($0)) })
        out += compare(.cap, old.caps.map { ($0.name, a.cap($0)) }, new.caps.map { ($0.name, b.cap($0)) })
        out += compare(.advice, old.advice.map { ($0.name, a.advice($0)) }, new.advice.map { ($0.name, b.advice($0)) })
        return out
    }

    /// Elements matched by key: removed ones in the old order, then changed and added ones in the new order.
    static func compare(
        _ kind: RuleSetChange.Kind, _ old: [(String, RuleSetDescriber.Properties)],
        _ new: [(String, RuleSetDescriber.Properties)], score: String? = nil
    ) -> [RuleSetChange] {
        var oldByKey: [String: RuleSetDescriber.Properties] = [:]
        for (k, p) in old where oldByKey[k] == nil { oldByKey[k] = p }
        let newKeys = Set(new.map(\.0))
        var out: [RuleSetChange] = []
        for (k, p) in old where !newKeys.contains(k) {
            out.append(.init(kind: kind, name: k, change: .removed, detail: describe(kind, p), score: score))
        }
        for (k, p) in new {
            guard let was = oldByKey[k] else {
                out.append(.init(kind: kind, name: k, change: .added, detail: describe(kind, p), score: score))
                continue
            }
            var parts: [String] = []
            for (name, value) in p {
                let before = was.first { $0.0 == name }?.1 ?? ""
                if before != value { parts.append("\(name) \(show(name, value)), was \(show(name, before))") }
            }
            if !parts.isEmpty {
                out.append(
                    .init(kind: kind, name: k, change: .changed, detail: parts.joined(separator: "; "), score: score))
            }
        }
        return out
    }

    /// The levels both versions have, when their order (rank) differs.
    static func levelRanks(_ old: RuleSet, _ new: RuleSet) -> [RuleSetChange] {
        let common = old.levels.map(\.name).filter { new.levelIndex[$0] != nil }
        let newOrder = new.levels.map(\.name).filter { old.levelIndex[$0] != nil }
        guard common != newOrder else { return [] }
        return [
            .init(
                kind: .ruleset, name: "levels", change: .changed,
                detail: "ranked \(newOrder.joined(separator: " < ")), was \(common.joined(separator: " < "))")
        ]
    }

    /// An added or removed element in a few words: its condition and level, a band's cut-off, an item's weight.
    static func describe(_ kind: RuleSetChange.Kind, _ p: RuleSetDescriber.Properties) -> String {
        func v(_ name: String) -> String? { p.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 } }
        switch kind {
        case .rule: return "\(v("level") ?? "?") when \(v("condition") ?? "?")"
        case .cap: return "at \(v("level") ?? "?") when \(v("condition") ?? "?")"
        case .advice: return "when \(v("condition") ?? "?")"
        case .band: return "from \(v("from") ?? "?")"
        case .item: return v("weight").map { "weight \($0)" } ?? v("max").map { "max \($0)" } ?? ""
        case .fact: return v("type") ?? ""
        case .level: return [v("label"), v("within")].compactMap { $0 }.joined(separator: ", ")
        case .definition: return v("condition") ?? v("value") ?? ""
        case .floor: return v("reason") ?? ""
        case .score, .ruleset: return v("label") ?? ""
        }
    }

    /// A property's value in a detail: conditions in backquotes, wording in quotes, numbers plain.
    static func show(_ name: String, _ value: String) -> String {
        if value.isEmpty { return "none" }
        switch name {
        case "condition", "value": return "`\(value)`"
        case "label", "because", "text", "question", "source", "route", "reason": return quoted(value)
        default: return value
        }
    }
    static func quoted(_ s: String) -> String { "\"\(s)\"" }
}
