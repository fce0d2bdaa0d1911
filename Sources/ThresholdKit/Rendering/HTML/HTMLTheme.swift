/// The look of the HTML pages (case sheet, suite report, and the pages that reuse them): the colours of
/// each level's badge and of score bands, and the stylesheet.
///
/// Levels are named by each rule set, so a level's colours are found by its name first (`red_urgent`
/// contains `urgent`, `amber` is `amber`), then, for names the theme does not know (`level_1`…), by its
/// place in the rule set's order of severity along `ramp`. Every badge pairs its colour with its words and a
/// severity count ("4 of 5"), so colour is never the only signal and the page reads in greyscale.
///
/// To change the colours, change `HTMLTheme.standard` (or pass another theme to a renderer): each pair
/// has been checked for WCAG AA contrast (4.5:1 or more) between text and background.
struct HTMLTheme: Sendable {
    /// A badge's background, text and border colours (CSS colour values).
    struct Colours: Sendable, Equatable {
        var background: String
        var text: String
        var border: String
    }

    /// Checked in order: the first whose word the level's name contains (ignoring case) gives its colours.
    var named: [(word: String, colours: Colours)]
    /// For other names: the level's place in the rule set's order (least to most severe) picks a colour
    /// along this ramp.
    var ramp: [Colours]
    /// Tints for score bands, least to most severe (picked along the list by the band's place).
    var bandTints: [String]

    static let blue = Colours(background: "#1f5fa8", text: "#ffffff", border: "#123a66")
    static let green = Colours(background: "#1e7a3c", text: "#ffffff", border: "#114824")
    static let amber = Colours(background: "#f2b33d", text: "#1a1a1a", border: "#8a5a00")
    static let red = Colours(background: "#c0262d", text: "#ffffff", border: "#6e0b12")
    static let urgent = Colours(background: "#6e0b12", text: "#ffffff", border: "#1a1a1a")
    static let purple = Colours(background: "#6b3fa0", text: "#ffffff", border: "#3d2160")
    static let grey = Colours(background: "#5a5f66", text: "#ffffff", border: "#2b2e33")

    /// The shipped look: RAG colours for RAG names, a blue-to-red ramp for the rest.
    static let standard = HTMLTheme(
        named: [
            ("urgent", urgent), ("imminent", urgent), ("immediate", urgent), ("red", red), ("amber", amber),
            ("yellow", amber), ("green", green), ("blue", blue), ("purple", purple), ("grey", grey), ("gray", grey),
        ],
        ramp: [blue, green, amber, red, urgent],
        bandTints: ["#e3edf8", "#e2f1e6", "#fcefd2", "#f8dcdc", "#efd3d6"])

    /// The colours of level `index` among `names` (the rule set's levels, least to most severe).
    func colours(level index: Int, of names: [String]) -> Colours {
        guard index >= 0, index < names.count else { return HTMLTheme.grey }
        let name = names[index].lowercased()
        for (word, colours) in named where name.contains(word) { return colours }
        return HTMLTheme.pick(ramp, index, names.count) ?? HTMLTheme.grey
    }

    /// The tint of band `index` of `count` bands.
    func bandTint(_ index: Int, of count: Int) -> String {
        HTMLTheme.pick(bandTints, index, count) ?? "#eeeeee"
    }

    /// The item for the `index`-th of `count` things, spread along `list` from its first item: a list's last
    /// item (the most severe) is kept for when there are as many things as items, so with fewer the last
    /// thing takes the one before it (two levels: blue and red; four: blue, green, amber, red).
    static func pick<T>(_ list: [T], _ index: Int, _ count: Int) -> T? {
        guard !list.isEmpty, index >= 0, index < count else { return nil }
        guard count > 1 else { return list[0] }
        let span = count < list.count ? list.count - 2 : list.count - 1
        return list[Swift.min(list.count - 1, (2 * index * span + (count - 1)) / (2 * (count - 1)))]
    }

    /// The whole stylesheet for a page showing the levels of one rule set: `baseCSS` and one rule per
    /// level, `.level-N` (N the level's index). (The case sheet and suite report write each badge's
    /// colours on the badge instead, since a report may hold several rule sets.)
    func css(levels names: [String]) -> String {
        HTMLTheme.baseCSS + levelCSS(levels: names)
    }

    /// `.level-0{…}` … for each level.
    func levelCSS(levels names: [String]) -> String {
        var out = ""
        for i in names.indices {
            let c = colours(level: i, of: names)
            out += ".level-\(i){background:\(c.background);color:\(c.text);border-color:\(c.border)}\n"
        }
        return out
    }

    /// The stylesheet shared by every page (screen and print). No external resource: system fonts only.
    static let baseCSS = """
        :root{--ink:#1a1a1a;--muted:#4a4f57;--line:#c9ced6;--soft:#f4f6f9;--accent:#1f5fa8;--pass:#1e7a3c;--fail:#b3261e}
        *{box-sizing:border-box}
        html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:var(--ink);background:#ffffff;line-height:1.45}
        body{margin:0;padding:1.5rem;max-width:62rem;margin-inline:auto;overflow-wrap:break-word}
        h1{font-size:1.6rem;margin:0 0 .4rem}
        h2{font-size:1.2rem;margin:1.4rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
        h3{font-size:1.02rem;margin:1rem 0 .3rem}
        p{margin:.3rem 0}
        a{color:var(--accent)}
        code,.mono{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:break-word}
        .muted{color:var(--muted)}
        .sheet{margin-bottom:2.5rem}
        .sheet>header{display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:center;border-bottom:3px solid var(--ink);padding-bottom:1rem}
        .sheet>header .who{flex:1 1 18rem;min-width:0}
        .badge{display:inline-flex;flex-direction:column;align-items:flex-start;border:3px solid;border-radius:.5rem;padding:.6rem 1rem;min-width:12rem;max-width:100%}
        .badge .word{font-size:1.7rem;font-weight:800;letter-spacing:.02em;line-height:1.15;overflow-wrap:anywhere}
        .badge .name{font-size:.9rem;font-weight:600;opacity:.95}
        .badge .note{font-size:.85rem;font-weight:700;margin-top:.3rem;border-top:1px solid;padding-top:.2rem}
        dd.provisional,dd.held{font-weight:600}
        .pips{font-size:.85rem;font-weight:700;white-space:nowrap}
        .pips>span{margin-left:.35em}
        .pip{display:inline-block;width:.45em;height:.85em;border:1.5px solid currentColor;margin-right:1px;vertical-align:-.1em}
        .pip.on{background:currentColor}
        .nowrap{white-space:nowrap}
        table.scenarios{table-layout:fixed}
        .c-result{width:6.5rem}.c-scenario{width:40%}.c-outcome{width:23%}
        td .tag{white-space:normal;overflow-wrap:anywhere;max-width:100%}
        table.coverage{table-layout:fixed}
        .c-what{width:22%}.c-covered{width:20%}.c-chart{width:18%}
        table.coverage td.mono{white-space:nowrap}
        th .title{font-weight:400}
        .defaults{font-size:.9rem;color:var(--muted)}
        .tag{display:inline-block;border:2px solid;border-radius:.3rem;padding:0 .4rem;font-weight:700;font-size:.9rem;max-width:100%;overflow-wrap:anywhere}
        dl.outcome{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0 0}
        dl.outcome dt{font-weight:700}
        dl.outcome dd{margin:0;overflow-wrap:anywhere}
        table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem}
        th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
        td{overflow-wrap:anywhere}
        thead th{background:var(--soft)}
        tr{break-inside:avoid;page-break-inside:avoid}
        ul,ol{margin:.3rem 0 .6rem;padding-left:1.4rem}
        li{margin:.2rem 0;break-inside:avoid;page-break-inside:avoid}
        .rule{border:1px solid var(--line);border-left:6px solid var(--ink);border-radius:.3rem;padding:.5rem .75rem;margin:.5rem 0;break-inside:avoid;page-break-inside:avoid}
        .rule p.source{font-size:.9rem;color:var(--muted)}
        .score{border:1px solid var(--line);border-radius:.3rem;padding:.5rem .75rem;margin:.6rem 0;break-inside:avoid;page-break-inside:avoid}
        .score svg{display:block;width:100%;max-width:40rem;height:auto;margin:.4rem 0}
        .score .completion{font-weight:600}
        p.domains{font-size:.92rem}
        .story{font-size:1.05rem;max-width:48rem}
        table.facts{table-layout:fixed}
        .c-question{width:49%}.c-fact{width:24%}.c-value{width:27%}
        .task{font-weight:600}
        ul.levels{list-style:none;padding-left:0}
        ul.levels li{margin:.45rem 0}
        .box{display:inline-block;width:1.1em;height:1.1em;border:2px solid var(--ink);vertical-align:-.2em;margin-right:.4em;background:#ffffff}
        .lines .line{height:2.1rem;border-bottom:1px solid var(--muted)}
        .empty{color:var(--muted);font-style:italic}
        .sheet>footer,body>footer{margin-top:1.2rem;padding-top:.5rem;border-top:1px solid var(--line);font-size:.88rem;color:var(--muted)}
        .result-pass{color:var(--pass);font-weight:800}
        .result-fail{color:var(--fail);font-weight:800}
        .counts{display:flex;flex-wrap:wrap;gap:.8rem;margin:.6rem 0}
        .count{border:2px solid var(--line);border-radius:.4rem;padding:.4rem .9rem;min-width:8rem}
        .count strong{display:block;font-size:1.8rem;line-height:1.1}
        .failure{border:2px solid var(--fail);border-radius:.4rem;padding:.5rem .75rem;margin:.8rem 0;break-inside:avoid;page-break-inside:avoid}
        .failure pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);padding:.5rem;border-radius:.3rem;font-size:.85rem}
        .bar{display:block;height:1rem;border:1px solid var(--ink);background:#ffffff;min-width:10rem}
        .bar>span{display:block;height:100%;background:repeating-linear-gradient(45deg,var(--accent),var(--accent) 4px,#3f7fc8 4px,#3f7fc8 8px)}
        .filter{margin:.6rem 0}
        .filter input{font:inherit;padding:.25rem .5rem;border:2px solid var(--muted);border-radius:.3rem;width:min(24rem,100%)}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        @page{size:A4;margin:12mm 13mm}
        @media print{
        html{font-size:9pt;line-height:1.35}
        .rule p.source,.muted,.defaults,p.domains,.tool-answers{font-size:.88rem}
        .badge .word{font-size:1.5rem}
        body{padding:0;max-width:none}
        h1{font-size:1.45rem}
        h2{font-size:1.12rem;margin:.8rem 0 .3rem}
        h3{margin:.2rem 0}
        th,td{padding:.15rem .4rem}
        table{margin:.2rem 0 .4rem}
        .sheet>header{padding-bottom:.5rem;gap:.5rem 1.5rem}
        .rule,.score{padding:.3rem .6rem;margin:.35rem 0}
        .score-body{display:grid;grid-template-columns:minmax(0,32rem) minmax(0,1fr);gap:0 1rem;align-items:start}
        .score svg{max-width:none;margin:.1rem 0}
        .score p.source,.sheet li .muted{font-size:.8rem}
        .story{max-width:none}
        .lines .line{height:8mm}
        ul.levels li{margin:.3rem 0}
        .sheet>footer{margin-top:.6rem;padding-top:.3rem}
        .sheet{break-after:page;page-break-after:always;margin:0}
        .sheet:last-of-type{break-after:auto;page-break-after:auto}
        .badge,.tag,.bar>span,.level-swatch,.box{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        .filter{display:none}
        h2,h3{break-after:avoid;page-break-after:avoid}
        a{color:inherit;text-decoration:none}
        }

        """
}
