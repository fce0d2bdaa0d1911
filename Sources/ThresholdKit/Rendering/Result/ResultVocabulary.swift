/// Words shared by the text and JSON renderings of a result.
extension RuleSet {
    /// "MASH team, within 24 hours".
    func routeDescription(_ level: Int) -> String {
        let l = levels[level]
        var parts: [String] = []
        if let r = l.route { parts.append(r) }
        if let w = l.within { parts.append("within \(w.description)") }
        return parts.joined(separator: ", ")
    }

    func levelNames() -> [String] { levels.map(\.name) }

    /// A fact's value in the language's own syntax.
    func format(_ value: FactValue?, of slot: Int) -> String {
        ValueConverter.format(value, facts[slot].type, levels: levelNames())
    }

    func bandName(_ score: Int, _ band: Int) -> String {
        band >= 0 && band < scores[score].bands.count ? scores[score].bands[band].name : "none"
    }

    /// Why a line of missing information is listed, in words: "could change the outcome to red",
    /// "could hold the outcome at amber", "required", or "for the record" (`asked always`).
    func missingReason(_ m: ScoredResult.Missing) -> String {
        switch m.consequence {
        case .held(let level): return "could hold the outcome at \(levels[level].name)"
        case .required:
            return m.fact >= 0 && m.fact < facts.count && !facts[m.fact].required ? "for the record" : "required"
        case .outcome, .band: return "could change the " + (consequenceText(m.consequence) ?? "outcome")
        }
    }

    /// What a missing fact could change, in words: "outcome to red_urgent", "cce band to high".
    func consequenceText(_ c: ScoredResult.Consequence) -> String? {
        switch c {
        case .outcome(let level): return "outcome to \(levels[level].name)"
        case .band(let s, let b): return "\(scores[s].name) band to \(bandName(s, b))"
        case .held(let level): return "hold the outcome at \(levels[level].name)"
        case .required: return nil
        }
    }
}

extension ExactNumber {
    /// nil for the saturated ends that stand for "unbounded".
    var finite: ExactNumber? { self == .max || self == .min ? nil : self }
}
