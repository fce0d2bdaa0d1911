/// The namespaces of the language (docs/language.md §2.1): facts, definitions and scores share one; rules,
/// caps, levels and advice each have their own; bands and domains belong to their score.
enum SymbolSpace: String, Hashable, Sendable {
    case value, rule, cap, level, advice, band, domain, scenario
}

/// A declared thing, by namespace and name (a band's or domain's name is `score.name`).
struct SymbolKey: Hashable, Sendable {
    var space: SymbolSpace
    var name: String
}

/// What a declaration declares, for hover, the outline and highlighting.
enum SymbolDeclaration: Sendable {
    case fact(FactDecl)
    case definition(DefineDecl)
    case score(ScoreDecl)
    case rule(RuleDecl)
    case cap(CapDecl)
    case level(LevelDecl)
    case advice(AdviseDecl)
    case band(BandDecl, score: String)
    case domain(DomainDecl, score: String)
    case scenario(ScenarioSyntax)
}

/// One place a symbol is written: where it is declared, or where it is used.
struct Occurrence: Sendable {
    var key: SymbolKey
    var span: SourceSpan
    var isDeclaration: Bool
}

/// Every declaration and every use of a name in a set of parsed files, from their syntax trees (nothing is
/// parsed again). A bare name in a condition is a use of the fact, definition or score of that name when one is
/// declared; otherwise it is an enum value (or an undeclared name, which `check` reports).
struct SymbolIndex: Sendable {
    var declarations: [SymbolKey: (span: SourceSpan, decl: SymbolDeclaration)] = [:]
    /// In the order written, file by file.
    var occurrences: [Occurrence] = []
    /// Each enum value and the facts that list it.
    var enumValues: [String: [String]] = [:]

    init(rules files: [RulesFileSyntax]) {
        for file in files {
            for d in file.declarations { declare(d) }
        }
        for file in files {
            for d in file.declarations { use(d) }
        }
    }

    /// The declarations of a rule set's files, and the uses in scenario files scored against it.
    mutating func add(scenarios file: ScenarioFileSyntax) {
        for s in file.scenarios {
            occurrences.append(
                Occurrence(key: SymbolKey(space: .scenario, name: s.id.text), span: s.id.span, isDeclaration: true))
            for g in s.given { ref(.value, g.name) }
            for e in s.expectations { use(e.kind) }
        }
    }

    func declaration(_ key: SymbolKey) -> (span: SourceSpan, decl: SymbolDeclaration)? { declarations[key] }

    /// The occurrence written at a 1-based line and scalar column of `file`.
    func occurrence(in file: String, line: Int, column: Int) -> Occurrence? {
        occurrences.first {
            $0.span.start.file == file && $0.span.start.line == line && $0.span.start.column <= column
                && column <= $0.span.start.column + $0.span.length
        }
    }

    func occurrences(of key: SymbolKey) -> [Occurrence] { occurrences.filter { $0.key == key } }

    // MARK: Building

    private mutating func put(_ key: SymbolKey, _ name: Name, _ decl: SymbolDeclaration) {
        if declarations[key] == nil { declarations[key] = (name.span, decl) }
        occurrences.append(Occurrence(key: key, span: name.span, isDeclaration: true))
    }

    private mutating func declare(_ d: Declaration) {
        switch d {
        case .fact(let f):
            put(SymbolKey(space: .value, name: f.name.text), f.name, .fact(f))
            switch f.type {
            case .oneOf(let vs), .someOf(let vs):
                for v in vs { enumValues[v.text, default: []].append(f.name.text) }
            default: break
            }
        case .define(let def): put(SymbolKey(space: .value, name: def.name.text), def.name, .definition(def))
        case .score(let s):
            put(SymbolKey(space: .value, name: s.name.text), s.name, .score(s))
            for dom in s.domains {
                put(
                    SymbolKey(space: .domain, name: s.name.text + "." + dom.name.text), dom.name,
                    .domain(dom, score: s.name.text))
            }
            for b in s.bands {
                put(
                    SymbolKey(space: .band, name: s.name.text + "." + b.name.text), b.name, .band(b, score: s.name.text)
                )
            }
        case .rule(let r): put(SymbolKey(space: .rule, name: r.name.text), r.name, .rule(r))
        case .cap(let c): put(SymbolKey(space: .cap, name: c.name.text), c.name, .cap(c))
        case .levels(let ls):
            for l in ls.levels { put(SymbolKey(space: .level, name: l.name.text), l.name, .level(l)) }
        case .advise(let a): put(SymbolKey(space: .advice, name: a.name.text), a.name, .advice(a))
        case .header, .include, .defaultLevel, .clockStarts, .holiday, .calendar: break
        }
    }

    private mutating func ref(_ space: SymbolSpace, _ name: Name) {
        occurrences.append(
            Occurrence(key: SymbolKey(space: space, name: name.text), span: name.span, isDeclaration: false))
    }

    private mutating func use(_ d: Declaration) {
        switch d {
        case .fact(let f): if let e = f.askedWhen { walk(e) }
        case .define(let def): walk(def.body)
        case .score(let s):
            for item in s.items { walk(item) }
            for dom in s.domains { for item in dom.items { walk(item) } }
            for f in s.floors {
                ref(.band, Name(s.name.text + "." + f.band.text, f.band.span))
                walk(f.condition)
            }
            if let e = s.askedWhen { walk(e) }
        case .rule(let r):
            walk(r.condition)
            ref(.level, r.level)
        case .cap(let c):
            ref(.level, c.level)
            walk(c.condition)
            if let u = c.unless { walk(u) }
        case .advise(let a): walk(a.condition)
        case .defaultLevel(let n): ref(.level, n)
        case .clockStarts(let n): ref(.value, n)
        case .header, .include, .levels, .holiday, .calendar: break
        }
    }

    private mutating func walk(_ item: ScoreItemSyntax) {
        switch item {
        case .when(_, _, let condition, _): walk(condition)
        case .add(let value, _, _): walk(value)
        }
    }

    /// True when `name` is declared as a fact, definition or score.
    func isValue(_ name: String) -> Bool { declarations[SymbolKey(space: .value, name: name)] != nil }

    private mutating func walk(_ e: Expr) {
        switch e.kind {
        case .number, .bool, .date, .dateTime, .string: break
        case .name(let n):
            if isValue(n) { ref(.value, Name(n, e.span)) }
        case .member(let score, let member):
            ref(.value, score)
            if member.text != "total" { ref(.domain, Name(score.text + "." + member.text, member.span)) }
        case .negate(let a), .not(let a), .isKnown(let a, _): walk(a)
        case .arith(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
            .daysBetween(let a, let b), .yearsBetween(let a, let b):
            walk(a)
            walk(b)
        case .between(let a, let b, let c):
            walk(a)
            walk(b)
            walk(c)
        case .inList(let a, let list):
            walk(a)
            for x in list { walk(x) }
        case .has(let a, _): walk(a)
        case .rank(let a, _, let target):
            walk(a)
            if case .name(let n) = a.kind, case .score(_)? = declarations[SymbolKey(space: .value, name: n)]?.decl {
                ref(.band, Name(n + "." + target.text, target.span))
            } else {
                ref(.level, target)
            }
        case .count(_, let list): for x in list { walk(x) }
        }
    }

    private mutating func use(_ e: ExpectationSyntax) {
        switch e {
        case .outcome(_, let l), .capped(let l): ref(.level, l)
        case .fired(let r, _), .undetermined(let r, _): ref(.rule, r)
        case .scoreEquals(let s, _), .scoreBetween(let s, _, _), .scoreStatus(let s, _), .scoreSettled(let s, _):
            ref(.value, s)
        case .scoreBand(let s, _, let b):
            ref(.value, s)
            ref(.band, Name(s.text + "." + b.text, b.span))
        case .advice(let a, _): ref(.advice, a)
        case .missing(let f), .notMissing(let f): ref(.value, f)
        case .missingBefore(let f, let g):
            ref(.value, f)
            ref(.value, g)
        case .due, .noDue, .notCapped, .settled: break
        }
    }
}
