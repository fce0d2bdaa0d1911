/// Parsing `score … end`: items, domains, bands and floors.
extension Parser {
    mutating func score() throws -> ScoreDecl {
        let start = advance().span
        let n = try name("the score's name")
        var decl = ScoreDecl(
            name: n, label: optionalString(), source: nil, items: [], domains: [], bands: [],
            bandsSpan: nil, floors: [])
        if accept(word: "source") { decl.source = try string("the source") }
        while !accept(word: "end") {
            if atEnd {
                throw fail("score `\(n.text)` is not closed", hint: "add `end` after its bands and floors", at: start)
            }
            if current.isWord("domain") {
                decl.domains.append(try domain())
            } else if current.isWord("bands") {
                if decl.bandsSpan != nil {
                    diagnostics.append(
                        .error(
                            .duplicateBands, "score `\(n.text)` has a second `bands` block", at: current.span,
                            hint: "list every band in one `bands … end` block"))
                }
                decl.bandsSpan = current.span
                decl.bands += try bands()
            } else if current.isWord("floor") {
                decl.floors.append(try floor())
            } else if current.isWord("source") {
                advance()
                decl.source = try string("the source")
            } else if current.isWord("tool") {
                decl.toolSpan = advance().span
                decl.tool = try string("the instruction to complete the tool, such as \"Complete the DASH checklist\"")
            } else if current.isWord("asked") {
                var first = false
                var always = false
                try asked(&decl.askedWhen, first: &first, always: &always)
                if first || always {
                    diagnostics.append(
                        .error(
                            .badAsked, "`asked \(first ? "first" : "always")` is written on a fact, not on a score",
                            at: current.span, hint: "write `asked when CONDITION` for the children a tool applies to"))
                }
            } else {
                decl.items.append(try scoreItem())
            }
        }
        return decl
    }

    mutating func domain() throws -> DomainDecl {
        let start = advance().span
        var d = DomainDecl(name: try name("the domain's name"), label: optionalString(), items: [])
        while !accept(word: "end") {
            if atEnd {
                throw fail("domain `\(d.name.text)` is not closed", hint: "add `end` after its items", at: start)
            }
            d.items.append(try scoreItem())
        }
        return d
    }

    mutating func scoreItem() throws -> ScoreItemSyntax {
        if accept(word: "add") {
            let v = try expression()
            var maxValue: ExactNumber? = nil
            if accept(word: "max") { maxValue = try numberLiteral("the most this item can add") }
            return .add(value: v, max: maxValue, label: optionalString())
        }
        let t = current
        guard case .number = t.kind, true else {
            if t.isSymbol(.arith(.sub)), case .number = peek().kind {
                return try weightedItem()
            }
            throw fail(
                "expected a score item, found \(display(t))",
                hint:
                    "items are `N when CONDITION \"label\"` or `add VALUE max M \"label\"`; a score also holds `domain`, `bands` and `floor`"
            )
        }
        return try weightedItem()
    }

    mutating func weightedItem() throws -> ScoreItemSyntax {
        let start = current.span
        let weight = try numberLiteral("the points")
        let weightSpan = spanFrom(start)
        try expect(word: "when", "after the points", hint: "write `N when CONDITION \"label\"`")
        let cond = try expression()
        return .when(weight: weight, weightSpan: weightSpan, condition: cond, label: optionalString())
    }

    mutating func bands() throws -> [BandDecl] {
        let start = advance().span
        var result: [BandDecl] = []
        while !accept(word: "end") {
            if atEnd { throw fail("the `bands` block is not closed", hint: "add `end` after the last band", at: start) }
            let n = try name("a band's name")
            let label = optionalString()
            let low = try numberLiteral("the band's lowest total")
            var high: ExactNumber? = nil
            if accept(word: "and") {
                try expect(word: "above", "after `and`", hint: "an open top band is written `N and above`")
            } else {
                try expect(
                    word: "to", "between the band's lowest and highest totals",
                    hint: "write `NAME \"Label\" 5 to 9` or `15 and above`")
                high = try numberLiteral("the band's highest total")
            }
            result.append(BandDecl(name: n, label: label, low: low, high: high, span: spanFrom(n.span)))
        }
        return result
    }

    mutating func floor() throws -> FloorDecl {
        let start = advance().span
        let band = try name("the band the floor raises to")
        try expect(word: "when", "after the floor's band", hint: "write `floor BAND when CONDITION \"reason\"`")
        let cond = try expression()
        return FloorDecl(band: band, condition: cond, reason: optionalString(), span: spanFrom(start))
    }

    /// `asked when CONDITION` or `asked first` (**Extension**), after the word `asked`.
    mutating func asked(_ when: inout Expr?, first: inout Bool) throws {
        var always = false
        try asked(&when, first: &first, always: &always)
    }

    /// `asked when CONDITION`, `asked first` or `asked always` (the question the record needs, put even when
    /// it cannot change the outcome; facts only).
    mutating func asked(_ when: inout Expr?, first: inout Bool, always: inout Bool) throws {
        advance()
        if accept(word: "first") {
            first = true
            return
        }
        if accept(word: "always") {
            always = true
            return
        }
        try expect(
            word: "when", "after `asked`", hint: "write `asked when CONDITION`, `asked first` or `asked always`")
        when = try expression()
    }
}
