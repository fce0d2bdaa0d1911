/// The outcome badge, large (a case sheet's header) or small (a table cell): the level's label in words,
/// its name, and its severity as "N of M", on the level's colours from the theme (written on the badge
/// itself, so a page may show levels of several rule sets). The words and the count carry the meaning;
/// the colour only repeats it.
enum HTMLBadge {
    /// A large badge for level `level` of `ruleSet`.
    /// `note` ("Provisional", "Held by the s47 answer") is written on the badge under the level, in words.
    static func large(
        _ level: Int, _ ruleSet: RuleSet, theme: HTMLTheme = .standard, note: String? = nil, into h: inout HTMLWriter
    ) {
        guard level >= 0, level < ruleSet.levels.count else {
            h.element("span", ["class": "empty"], text: "no level")
            return
        }
        let l = ruleSet.levels[level]
        h.open("div", ["class": "badge level-\(level)", "style": style(level, ruleSet, theme)])
        h.open("span", ["class": "word"])
        h.element("span", ["class": "visually-hidden"], text: "Outcome: ")
        h.text(l.label)
        h.close("span")
        h.open("span", ["class": "name"])
        h.element("code", text: l.name)
        h.raw(" ·")
        severity(level, ruleSet.levels.count, into: &h)
        h.close("span")
        if let note { h.element("span", ["class": "note"], text: note) }
        h.close("div")
    }

    /// A small badge (a tag) for level `level` of `ruleSet`: its label and "N of M".
    static func small(_ level: Int, _ ruleSet: RuleSet, theme: HTMLTheme = .standard, into h: inout HTMLWriter) {
        guard level >= 0, level < ruleSet.levels.count else {
            h.element("span", ["class": "empty"], text: "no level")
            return
        }
        let l = ruleSet.levels[level]
        h.open("span", ["class": "tag level-\(level)", "style": style(level, ruleSet, theme), "title": l.name])
        h.text(l.label)
        severity(level, ruleSet.levels.count, into: &h)
        h.close("span")
    }

    /// `background:…;color:…;border-color:…` for the level.
    static func style(_ level: Int, _ ruleSet: RuleSet, _ theme: HTMLTheme) -> String {
        let c = theme.colours(level: level, of: ruleSet.levelNames())
        return "background:\(c.background);color:\(c.text);border-color:\(c.border)"
    }

    /// Filled marks for the level's place among the levels (drawn with CSS, so they need no font), then
    /// the same in words: `3 of 4`.
    static func severity(_ level: Int, _ count: Int, into h: inout HTMLWriter) {
        h.open("span", ["class": "pips"])
        h.open("span", ["aria-hidden": "true"])
        for i in 0..<count { h.raw(i <= level ? "<span class=\"pip on\"></span>" : "<span class=\"pip\"></span>") }
        h.close("span")
        h.raw(" \(level + 1) of \(count)")
        h.close("span")
    }
}
