/// The outcome badge, large (a case sheet's header) or small (a table cell): the level's label in words,
/// its name, and its severity as "N of M", on the level's colours (`.level-N` from `HTMLTheme.css`).
/// The words and the count carry the meaning; the colour only repeats it.
public enum HTMLBadge {
    /// A large badge for level `level` of `ruleSet`.
    public static func large(_ level: Int, _ ruleSet: RuleSet, into h: inout HTMLWriter) {
        guard level >= 0, level < ruleSet.levels.count else { h.element("span", ["class": "empty"], text: "no level"); return }
        let l = ruleSet.levels[level]
        h.open("div", ["class": "badge level-\(level)", "role": "status", "aria-label": "Outcome: \(l.label) (\(l.name)), level \(level + 1) of \(ruleSet.levels.count)"])
        h.element("span", ["class": "word"], text: l.label)
        h.open("span", ["class": "name"])
        h.element("code", text: l.name)
        h.raw(" · ")
        severity(level, ruleSet.levels.count, into: &h)
        h.close("span")
        h.close("div")
    }

    /// A small badge (a tag) for level `level` of `ruleSet`: its label and "N of M".
    public static func small(_ level: Int, _ ruleSet: RuleSet, into h: inout HTMLWriter) {
        guard level >= 0, level < ruleSet.levels.count else { h.element("span", ["class": "empty"], text: "no level"); return }
        let l = ruleSet.levels[level]
        h.open("span", ["class": "tag level-\(level)", "title": l.name])
        h.text(l.label)
        h.raw(" ")
        severity(level, ruleSet.levels.count, into: &h)
        h.close("span")
    }

    /// `▮▮▮▯ 3 of 4`: filled marks for the level's place, then the same in words.
    static func severity(_ level: Int, _ count: Int, into h: inout HTMLWriter) {
        h.open("span", ["class": "pips"])
        h.open("span", ["aria-hidden": "true"])
        h.raw(String(repeating: "\u{25AE}", count: level + 1) + String(repeating: "\u{25AF}", count: Swift.max(0, count - level - 1)))
        h.close("span")
        h.raw(" \(level + 1) of \(count)")
        h.close("span")
    }
}
