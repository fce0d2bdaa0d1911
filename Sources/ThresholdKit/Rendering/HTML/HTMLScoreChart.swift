/// A score as an inline SVG bar: each band a tinted strip from its cut-off to the next, labelled; the
/// total a black marker with its number above; the possible range of the total (with unknown items) a
/// hatched bar under the strip; the cut-offs numbered below. The chart has a text alternative (`<title>`), and the sheet says the same
/// in words beside it.
struct HTMLScoreChart {
    var theme: HTMLTheme

    static let width = 640, left = 16, right = 624, stripTop = 24, stripBottom = 60, rangeTop = 64, rangeBottom = 76,
        numbers = 92

    func write(_ score: RuleSet.Score, _ st: Evaluation.ScoreState, id: String, into h: inout HTMLWriter) {
        let scale = Scale(score, st)
        h.open(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Self.width) 98", "role": "img",
                "aria-labelledby": id + "-t", "focusable": "false",
            ])
        h.element("title", ["id": id + "-t"], text: describe(score, st))
        h.raw(
            "<defs><pattern id=\"\(id)-h\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#1a1a1a\" fill-opacity=\"0.35\"/></pattern></defs>"
        )
        // The axis from the lowest to the highest total shown, then the bands on it.
        h.void(
            "rect",
            [
                "x": "\(Self.left)", "y": "\(Self.stripTop)", "width": "\(Self.right - Self.left)",
                "height": "\(Self.stripBottom - Self.stripTop)", "fill": "#ffffff", "stroke": "#1a1a1a",
            ])
        var lastLabel = -1_000
        let totalX = scale.x(st.total)
        for (b, band) in score.bands.enumerated() {
            let x0 = scale.x(band.low)
            let x1 = b + 1 < score.bands.count ? scale.x(score.bands[b + 1].low) : Self.right
            guard x1 > x0 else { continue }
            h.void(
                "rect",
                [
                    "x": "\(x0)", "y": "\(Self.stripTop)", "width": "\(x1 - x0)",
                    "height": "\(Self.stripBottom - Self.stripTop)",
                    "fill": theme.bandTint(b, of: score.bands.count), "stroke": "#1a1a1a",
                ])
            if let at = labelPlace(x0, x1, Self.textWidth(band.name, size: 14) + 6, avoiding: totalX) {
                h.element(
                    "text",
                    [
                        "x": "\(at)", "y": "\(Self.stripBottom - 13)", "text-anchor": "middle", "font-size": "14",
                        "fill": "#1a1a1a",
                    ], text: band.name)
            }
            // Cut-offs too close to the one before go unlabelled here (the sheet lists them all in words).
            if x0 - lastLabel >= Self.textWidth("\(band.low)", size: 13) + 10 {
                h.element(
                    "text",
                    [
                        "x": "\(x0)", "y": "\(Self.numbers)", "text-anchor": "middle", "font-size": "13",
                        "fill": "#1a1a1a",
                    ], text: "\(band.low)")
                lastLabel = x0
            }
        }
        // The possible range, hatched under the strip, when unknown items leave the total open.
        if !st.range.isExact {
            let lo = scale.x(st.range.lo)
            let hi = scale.x(st.range.hi)
            h.void(
                "rect",
                [
                    "x": "\(lo)", "y": "\(Self.rangeTop)", "width": "\(Swift.max(2, hi - lo))",
                    "height": "\(Self.rangeBottom - Self.rangeTop)",
                    "fill": "url(#\(id)-h)", "stroke": "#1a1a1a",
                ])
            let label =
                "could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more")"
            // Right of the range, else left of it, else (a range across most of the axis) centred on it on a
            // white ground: never past the chart's edges, where it would be cut.
            let width = Self.textWidth(label, size: 12)
            let (x, anchor): (Int, String) =
                Self.width - hi - 6 >= width + 2
                ? (hi + 6, "start") : lo - 6 >= width + 2 ? (lo - 6, "end") : ((lo + hi) / 2, "middle")
            if anchor == "middle" {
                h.void(
                    "rect",
                    [
                        "x": "\(x - width / 2 - 3)", "y": "\(Self.rangeTop)", "width": "\(width + 6)",
                        "height": "\(Self.rangeBottom - Self.rangeTop)", "fill": "#ffffff", "stroke": "#1a1a1a",
                    ])
            }
            h.element(
                "text",
                [
                    "x": "\(x)", "y": "\(Self.rangeBottom - 2)", "text-anchor": anchor,
                    "font-size": "12", "fill": "#1a1a1a",
                ], text: label)
        }
        // The total.
        let x = totalX
        h.void(
            "rect",
            [
                "x": "\(x - 2)", "y": "\(Self.stripTop - 4)", "width": "4",
                "height": "\(Self.stripBottom - Self.stripTop + 8)", "fill": "#1a1a1a",
            ])
        let anchor = x < Self.left + 40 ? "start" : x > Self.right - 40 ? "end" : "middle"
        h.element(
            "text",
            [
                "x": "\(x)", "y": "\(Self.stripTop - 8)", "text-anchor": anchor, "font-size": "15",
                "font-weight": "700",
                "fill": "#1a1a1a",
            ], text: "total \(st.total)")
        if let top = score.possibleMax {
            h.element(
                "text",
                [
                    "x": "\(Self.right)", "y": "\(Self.numbers)", "text-anchor": "end", "font-size": "13",
                    "fill": "#4a4f57",
                ], text: "max \(top)")
        }
        h.close("svg")
    }

    /// A generous estimate of the width of `text` at font size `size` (system sans-serif: digits and
    /// lower-case letters are about 0.6 em wide), so a label placed by it is not cut at the edge.
    static func textWidth(_ text: String, size: Int) -> Int { (text.count * size * 62 + 99) / 100 }

    /// Where to centre a label `width` wide in the band from `x0` to `x1` so that it clears the total's
    /// marker at `marker`: the band's middle, else the middle of the wider side of the marker; nil when it
    /// does not fit (the sheet lists every band in words).
    func labelPlace(_ x0: Int, _ x1: Int, _ width: Int, avoiding marker: Int) -> Int? {
        guard x1 - x0 >= width else { return nil }
        let mid = (x0 + x1) / 2
        if abs(marker - mid) > width / 2 + 4 { return mid }
        let (a, b) = marker - x0 >= x1 - marker ? (x0, marker - 4) : (marker + 4, x1)
        return b - a >= width ? (a + b) / 2 : nil
    }

    /// The chart in words, for its `<title>`.
    func describe(_ score: RuleSet.Score, _ st: Evaluation.ScoreState) -> String {
        var s = "\(score.name): total \(st.total)"
        if !st.range.isExact {
            s +=
                ", could be \(st.range.lo.finite.map { "\($0)" } ?? "lower") to \(st.range.hi.finite.map { "\($0)" } ?? "more")"
        }
        s += "; bands: " + score.bands.map { "\($0.name) from \($0.low)" }.joined(separator: ", ")
        return s
    }

    /// Totals to x positions: from the lowest total shown (the smaller of 0, the first cut-off and the range's
    /// low end) to the highest (the tool's maximum, else a little past the last cut-off or the range's end).
    struct Scale {
        var lo: Double, hi: Double

        init(_ score: RuleSet.Score, _ st: Evaluation.ScoreState) {
            var lo = Swift.min(0, score.bands.first?.low.doubleValue ?? 0, st.total.doubleValue)
            if let m = score.possibleMin?.finite { lo = Swift.min(lo, m.doubleValue) }
            if let r = st.range.lo.finite { lo = Swift.min(lo, r.doubleValue) }
            let lastCut = score.bands.last?.low.doubleValue ?? 1
            var hi = Swift.max(st.total.doubleValue, lastCut + Swift.max(1, (lastCut - lo) * 0.25))
            if let m = score.possibleMax?.finite { hi = Swift.max(m.doubleValue, st.total.doubleValue) }
            if let r = st.range.hi.finite { hi = Swift.max(hi, r.doubleValue) }
            if hi <= lo { hi = lo + 1 }
            self.lo = lo
            self.hi = hi
        }

        /// The x position of `v` (clamped to the axis: unbounded ends sit at its ends).
        func x(_ v: ExactNumber) -> Int {
            let d = Swift.min(hi, Swift.max(lo, v.doubleValue))
            return HTMLScoreChart.left
                + Int(((d - lo) / (hi - lo) * Double(HTMLScoreChart.right - HTMLScoreChart.left)).rounded())
        }
    }
}
