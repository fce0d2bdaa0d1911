/// Parsing `.rules` files: the header, includes and every kind of declaration.
extension Parser {
    static let declarationWords: Set<String> = [
        "ruleset", "include", "fact", "levels", "default", "clock", "holiday", "define", "rule", "score", "advise",
        "calendar", "cap",
    ]

    /// Parses a whole `.rules` file.
    static func parseRules(_ file: SourceFile) -> (RulesFileSyntax, [Diagnostic]) {
        var p = Parser(file: file)
        var decls: [Declaration] = []
        while !p.atEnd {
            do {
                decls.append(try p.declaration())
            } catch {
                p.recover(to: declarationWords)
            }
        }
        return (RulesFileSyntax(file: file, declarations: decls), p.diagnostics)
    }

    mutating func declaration() throws -> Declaration {
        let t = current
        switch t.word {
        case "ruleset": return .header(try header())
        case "include":
            advance()
            let s = current.span
            return .include(IncludeDecl(path: try string("the path of the file to include"), span: s))
        case "fact": return .fact(try fact())
        case "levels": return .levels(try levels())
        case "default":
            advance()
            return .defaultLevel(try name("the default level"))
        case "clock":
            advance()
            try expect(word: "starts", "after `clock`", hint: "write `clock starts FACT`, naming a date-time fact")
            return .clockStarts(try name("the date-time fact the clock starts from"))
        case "holiday": return .holiday(try holiday())
        case "calendar":
            advance()
            let s = current.span
            return .calendar(CalendarDecl(name: try string("the calendar's name, e.g. \"england-and-wales\""), span: s))
        case "define":
            advance()
            let n = try name("the name of the definition")
            try expect(.compare(.eq), "after the definition's name", hint: "write `define NAME = CONDITION`")
            return .define(DefineDecl(name: n, body: try expression()))
        case "rule": return .rule(try rule())
        case "cap": return .cap(try cap())
        case "score": return .score(try score())
        case "advise": return .advise(try advise())
        default:
            var hint =
                "a rule set is made of `fact`, `levels`, `define`, `rule`, `score`, `advise`, `include` … declarations"
            if let w = t.word, let near = Suggestions.nearest(to: w, in: Array(Parser.declarationWords).sorted()) {
                hint = "did you mean `\(near)`?"
            }
            throw fail("expected a declaration, found \(display(t))", hint: hint)
        }
    }

    mutating func header() throws -> RulesetHeader {
        let start = advance().span
        let name = try string("the rule set's name")
        var header = RulesetHeader(name: name, version: nil, source: nil, span: start)
        while true {
            if accept(word: "version") {
                header.version = try string("the version")
            } else if accept(word: "source") {
                header.source = try string("the source")
            } else {
                break
            }
        }
        header.span = spanFrom(start)
        return header
    }

    mutating func fact() throws -> FactDecl {
        advance()
        let n = try name("the fact's name")
        let typeStart = current.span
        let type = try factType()
        var decl = FactDecl(
            name: n, type: type, typeSpan: spanFrom(typeStart), question: optionalString(),
            required: false, defaultValue: nil, source: nil)
        while true {
            if accept(word: "required") {
                decl.required = true
            } else if accept(word: "default") {
                decl.defaultValue = try value()
            } else if accept(word: "source") {
                decl.source = try string("the source")
            } else if current.isWord("asked") {
                try asked(&decl.askedWhen, first: &decl.askedFirst, always: &decl.askedAlways)
            } else if decl.question == nil, let q = optionalString() {
                decl.question = q
            } else {
                break
            }
        }
        return decl
    }

    mutating func factType() throws -> FactTypeSyntax {
        let t = current
        switch t.word {
        case "yes":
            advance()
            try expect(.arith(.div), "in `yes/no`")
            try expect(word: "no", "in `yes/no`")
            return .yesNo
        case "number":
            advance()
            if case .number = current.kind {
                let lo = try numberLiteral("the lowest value")
                try expect(word: "to", "between the lowest and highest values", hint: "write `number MIN to MAX`")
                return .number(min: lo, max: try numberLiteral("the highest value"))
            }
            if current.isSymbol(.arith(.sub)) {
                let lo = try numberLiteral("the lowest value")
                try expect(word: "to", "between the lowest and highest values", hint: "write `number MIN to MAX`")
                return .number(min: lo, max: try numberLiteral("the highest value"))
            }
            return .number(min: nil, max: nil)
        case "count":
            advance()
            if accept(word: "to") { return .count(max: try numberLiteral("the highest count")) }
            return .count(max: nil)
        case "one", "some":
            advance()
            try expect(word: "of", "after `\(t.word ?? "")`", hint: "write `one of a, b, c`")
            var names = [try name("a value")]
            while accept(.comma) { names.append(try name("a value")) }
            return t.word == "one" ? .oneOf(names) : .someOf(names)
        case "text":
            advance()
            return .text
        case "date":
            advance()
            return .date
        case "datetime":
            advance()
            return .dateTime
        case "level":
            advance()
            return .level
        default:
            throw fail(
                "expected the fact's type, found \(display(t))",
                hint: "types are yes/no, number, count, one of …, some of …, text, date, datetime, level")
        }
    }

    mutating func levels() throws -> LevelsDecl {
        let start = advance().span
        var result: [LevelDecl] = []
        while !current.isWord("end") {
            if atEnd {
                throw fail("the `levels` block is not closed", hint: "add `end` after the last level", at: start)
            }
            var level = LevelDecl(name: try name("a level's name"), label: optionalString(), route: nil, within: nil)
            while true {
                if accept(word: "route") {
                    level.route = try string("the route")
                } else if accept(word: "within") {
                    level.within = try timescale()
                } else {
                    break
                }
            }
            result.append(level)
        }
        advance()
        return LevelsDecl(levels: result, span: start)
    }

    mutating func timescale() throws -> Timescale {
        let amount = try wholeNumber("the number of hours or days")
        // `hour` and `day` (singular) read naturally after 1, so both spellings are accepted.
        if accept(word: "hours") || accept(word: "hour") { return Timescale(amount: amount, unit: .hours) }
        if accept(word: "days") || accept(word: "day") { return Timescale(amount: amount, unit: .days) }
        if accept(word: "working") {
            if !accept(word: "day") { try expect(word: "days", "after `working`") }
            return Timescale(amount: amount, unit: .workingDays)
        }
        throw fail("expected `hours`, `days` or `working days`, found \(display(current))")
    }

    mutating func holiday() throws -> HolidayDecl {
        let start = advance().span
        guard case .date(let d) = current.kind else {
            throw fail(
                "expected the holiday's date, found \(display(current))",
                hint: "write `holiday 2019-04-19 \"Good Friday\"`")
        }
        advance()
        return HolidayDecl(date: d, label: optionalString(), span: spanFrom(start))
    }

    mutating func rule() throws -> RuleDecl {
        let start = advance().span
        let n = try name("the rule's name")
        let label = optionalString()
        try expect(
            word: "when", "before the rule's condition",
            hint: "write `rule NAME \"label\" when CONDITION then LEVEL … end`")
        let cond = try expression()
        try expect(word: "then", "after the rule's condition", hint: "write `then LEVEL` after the condition")
        let level = try name("the level the rule gives")
        var decl = RuleDecl(name: n, label: label, condition: cond, level: level, because: nil, source: nil)
        while try reasonOrSource(&decl.because, &decl.source) {}
        try expectEnd(of: "rule `\(n.text)`", opened: start)
        return decl
    }

    /// `cap NAME "label" at LEVEL when CONDITION [unless CONDITION] [because "…"] [source "…"] end`.
    mutating func cap() throws -> CapDecl {
        let start = advance().span
        let n = try name("the cap's name")
        let label = optionalString()
        let form = "write `cap NAME \"label\" at LEVEL when CONDITION … end`"
        try expect(word: "at", "before the level the cap holds the outcome at", hint: form)
        let level = try name("the level the cap holds the outcome at")
        try expect(word: "when", "before the cap's condition", hint: form)
        var decl = CapDecl(name: n, label: label, level: level, condition: try expression())
        while true {
            if decl.unless == nil, accept(word: "unless") {
                decl.unless = try expression()
            } else if try !reasonOrSource(&decl.because, &decl.source) {
                break
            }
        }
        try expectEnd(of: "cap `\(n.text)`", opened: start)
        return decl
    }

    /// A rule's or cap's `because "…"` or `source "…"`, when one comes next: whether there was one.
    mutating func reasonOrSource(_ because: inout String?, _ source: inout String?) throws -> Bool {
        if accept(word: "because") {
            because = try string("the reason")
        } else if accept(word: "source") {
            source = try string("the source")
        } else {
            return false
        }
        return true
    }

    mutating func advise() throws -> AdviseDecl {
        let start = advance().span
        let n = try name("the advice's name")
        let text = try string("the advice's text")
        try expect(
            word: "when", "before the advice's condition", hint: "write `advise NAME \"text\" when CONDITION end`")
        var decl = AdviseDecl(name: n, text: text, condition: try expression(), source: nil)
        if accept(word: "source") { decl.source = try string("the source") }
        try expectEnd(of: "advice `\(n.text)`", opened: start)
        return decl
    }

    mutating func expectEnd(of what: String, opened: SourceSpan) throws {
        guard accept(word: "end") else {
            throw fail(
                "expected `end` to close \(what), found \(display(current))",
                hint: "every `rule`, `cap`, `advise`, `score`, `domain`, `bands` and `levels` block ends with `end`")
        }
    }
}
