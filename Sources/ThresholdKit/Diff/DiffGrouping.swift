/// Words for a group of changed cases: its transition and its reasons, each reason with the rule-set
/// changes behind it: "amber → red: rule `cce_high` now fires; cce band moderate → high (band high
/// from 15, was 16)".
enum DiffGrouping {
    /// The rule-set changes that bear on a cause: changes to the rules that started or stopped firing or fire
    /// at another level, to the advice given or withdrawn and to the definitions they read; the bands, items
    /// and floors of the scores whose band moved.
    static func related(_ cause: CaseCause, _ changes: [RuleSetChange], _ reads: RuleReads) -> [RuleSetChange] {
        let rules = Set(cause.started + cause.stopped + cause.relevelled.map(\.rule))
        let advice = Set(cause.adviceGiven + cause.adviceWithdrawn)
        let scores = Set(cause.bands.map(\.score))
        var definitions = Set<String>()
        for r in rules { definitions.formUnion(reads.definitions[r] ?? []) }
        for a in advice { definitions.formUnion(reads.definitions["advice " + a] ?? []) }
        return changes.filter { c in
            switch c.kind {
            case .definition: return definitions.contains(c.name)
            case .rule: return rules.contains(c.name)
            case .cap: return c.name == cause.oldCap || c.name == cause.newCap
            case .advice: return advice.contains(c.name)
            case .band, .item, .floor: return c.score.map { scores.contains($0) } ?? false
            case .score: return scores.contains(c.name)
            case .level: return c.name == cause.old || c.name == cause.new
            default: return false
            }
        }
    }

    /// `amber → red`, or `amber (unchanged)`.
    static func transition(_ cause: CaseCause) -> String {
        cause.outcomeChanged ? "\(cause.old) → \(cause.new)" : "\(cause.old) (unchanged)"
    }

    /// Each reason in words, with the changes behind it in parentheses.
    static func reasons(_ group: DiffReport.Group) -> [String] {
        let c = group.cause
        func behind(_ pick: (RuleSetChange) -> Bool) -> String {
            let details = group.related.filter(pick).map { r -> String in
                switch r.kind {
                case .rule, .cap, .advice:
                    return r.change == .changed ? r.detail : "\(r.kind.rawValue) \(r.change.rawValue)"
                case .band:
                    return r.change == .changed
                        ? "band \(r.name) \(r.detail)" : "band \(r.name) \(r.change.rawValue), \(r.detail)"
                case .item: return "item `\(r.name)` \(r.change == .changed ? r.detail : r.change.rawValue)"
                case .floor: return "`\(r.name)` \(r.change.rawValue)"
                default: return r.summary
                }
            }
            return details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")"
        }
        var out: [String] = []
        let definitions = group.related.filter { $0.kind == .definition }
        for r in c.started { out.append("rule `\(r)` now fires" + behind { $0.kind == .rule && $0.name == r }) }
        for r in c.stopped { out.append("rule `\(r)` no longer fires" + behind { $0.kind == .rule && $0.name == r }) }
        for r in c.relevelled {
            // The rule's change names its level ("level amber, was red"), and any other change made with it.
            let detail = behind { $0.kind == .rule && $0.name == r.rule }
            out.append(
                "rule `\(r.rule)` still fires, at another level"
                    + (detail.isEmpty ? " (\(r.new), was \(r.old))" : detail))
        }
        if let cap = c.newCap {
            out.append("now held at \(c.new) by cap `\(cap)`" + behind { $0.kind == .cap && $0.name == cap })
        }
        if let cap = c.oldCap {
            out.append("no longer held by cap `\(cap)`" + behind { $0.kind == .cap && $0.name == cap })
        }
        for d in definitions {
            out.append("definition `\(d.name)` \(d.change.rawValue)" + (d.change == .changed ? " (\(d.detail))" : ""))
        }
        for b in c.bands {
            out.append(
                "\(b.score) band \(b.old) → \(b.new)"
                    + behind { [.band, .item, .floor].contains($0.kind) && $0.score == b.score })
        }
        for a in c.adviceGiven { out.append("advice `\(a)` now given" + behind { $0.kind == .advice && $0.name == a }) }
        for a in c.adviceWithdrawn {
            out.append("advice `\(a)` no longer given" + behind { $0.kind == .advice && $0.name == a })
        }
        if c.dueChanged && !c.outcomeChanged {
            out.append("due time changed" + behind { $0.kind == .level && $0.name == c.new })
        }
        if out.isEmpty && c.outcomeChanged { out.append("level renamed or re-ranked" + behind { $0.kind == .level }) }
        return out
    }

    /// `41 cases amber → red: rule `cce_high` now fires (…)`.
    static func headline(_ group: DiffReport.Group) -> String {
        let n = group.count
        let reasons = reasons(group)
        return "\(n) case\(n == 1 ? "" : "s") \(transition(group.cause))"
            + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; "))
    }
}
