/// Collecting declarations into symbol tables: facts, levels, and the names of everything else.
extension Compiler {
    struct Settings {
        var header: RulesetHeader?
        var defaultLevel: Name?
        var clock: Name?
        var holidays: Set<CivilDate> = []
        var holidayLabels: [CivilDate: String] = [:]
        var calendar: (region: BankHolidayRegion, span: SourceSpan)?
        var levelsBlock: LevelsDecl?
    }

    /// The longest timescales a level may give: a year, however it is counted. A due time further off is not a
    /// response time (and far enough off it could not be written as a date: it was clamped without a word).
    static let longestTimescale: [TimeUnit: Int] = [.hours: 366 * 24, .days: 366, .workingDays: 262]

    /// An error when `within` is longer than `longestTimescale` allows.
    func checkTimescale(_ within: Timescale, of level: Name) {
        guard let longest = Compiler.longestTimescale[within.unit], within.amount > longest else { return }
        error(
            .timescaleTooLong,
            "level `\(level.text)` is due within \(within.description): a response time is at most a year "
                + "(\(longest) \(within.unit.rawValue))",
            at: level.span, hint: "check the number: a threshold document gives hours, days or weeks")
    }

    func collect(_ files: [RulesFileSyntax]) -> Settings {
        var settings = Settings()
        var ruleNames: [String: SourceSpan] = [:]
        var adviceNames: [String: SourceSpan] = [:]
        var capNames: [String: SourceSpan] = [:]
        var levelNames: [String: SourceSpan] = [:]
        var defaultSeen: SourceSpan?
        var holidaySpans: [CivilDate: SourceSpan] = [:]
        var clockSeen: SourceSpan?
        var factDecls: [FactDecl] = []
        for file in files {
            for decl in file.declarations {
                declarationOrder.append(decl)
                switch decl {
                case .header(let h):
                    if settings.header == nil { settings.header = h }
                case .include: break
                case .fact(let f):
                    if declare(f.name, in: &valueNames, what: "fact") { factDecls.append(f) }
                case .levels(let block):
                    if let first = settings.levelsBlock {
                        error(
                            .duplicateLevels, "a rule set has exactly one `levels` block; this is a second",
                            at: block.span,
                            hint: "list every level, least to most severe, in one block",
                            notes: [DiagnosticNote("the first `levels` block", at: first.span)])
                        continue
                    }
                    settings.levelsBlock = block
                    for level in block.levels where declare(level.name, in: &levelNames, what: "level") {
                        if let within = level.within { checkTimescale(within, of: level.name) }
                        levelSlots[level.name.text] = levels.count
                        levels.append(
                            RuleSet.Level(
                                name: level.name.text, label: level.label ?? level.name.text,
                                route: level.route, within: level.within, span: level.name.span))
                    }
                case .defaultLevel(let n):
                    if once(&defaultSeen, n.span, .duplicateDefault, "the default level is given twice") {
                        settings.defaultLevel = n
                    }
                case .clockStarts(let n):
                    if once(&clockSeen, n.span, .duplicateClock, "`clock starts` is given twice") { settings.clock = n }
                case .holiday(let h):
                    settings.holidays.insert(h.date)
                    if let label = h.label, settings.holidayLabels[h.date] == nil {
                        settings.holidayLabels[h.date] = label
                    }
                    if let first = holidaySpans[h.date] {
                        repeatedHoliday(h, first: first, label: settings.holidayLabels[h.date])
                    } else {
                        holidaySpans[h.date] = h.span
                    }
                case .calendar(let c): settings.calendar = calendar(c, after: settings.calendar)
                case .define(let d):
                    if declare(d.name, in: &valueNames, what: "definition") { defineDecls[d.name.text] = d }
                case .score(let s):
                    if declare(s.name, in: &valueNames, what: "score") { scoreDecls[s.name.text] = s }
                case .rule(let r):
                    if declare(r.name, in: &ruleNames, what: "rule") { ruleDecls.append(r) }
                case .cap(let c):
                    if declare(c.name, in: &capNames, what: "cap") { capDecls.append(c) }
                case .advise(let a):
                    if declare(a.name, in: &adviceNames, what: "advice") { adviseDecls.append(a) }
                }
            }
        }
        // Facts are checked after levels are known (a `level` fact's default names a level).
        for f in factDecls { addFact(f) }
        return settings
    }

    /// A warning for a second `holiday` line of a date: it adds nothing (the date's name is the first given).
    func repeatedHoliday(_ h: HolidayDecl, first: SourceSpan, label: String?) {
        let kept = label.map { "; it is named \"\(Limits.shown($0))\"" } ?? ""
        warning(
            .duplicateHoliday, "\(h.date) is a `holiday` already; this line adds nothing", at: h.span,
            hint: "keep one line for the date\(kept)",
            notes: [DiagnosticNote("first listed here", at: first)])
    }

    func addFact(_ f: FactDecl) {
        let type = checkType(f)
        var fact = RuleSet.Fact(
            name: f.name.text, type: type, question: f.question, required: f.required,
            defaultValue: nil, source: f.source, span: f.name.span)
        if let d = f.defaultValue {
            switch ValueConverter.convert(d, to: type, levels: levels.map(\.name)) {
            case .success(let v): fact.defaultValue = v
            case .failure(let e):
                error(.badDefault, "the default of `\(f.name.text)`: \(e.message)", at: d.span, hint: e.hint)
            }
        }
        factSlots[f.name.text] = facts.count
        facts.append(fact)
    }

    func checkType(_ f: FactDecl) -> FactType {
        switch f.type {
        case .yesNo: return .yesNo
        case .number(let lo, let hi):
            if let lo, let hi, lo > hi {
                error(
                    .badRange, "`\(f.name.text)` has its lowest value \(lo) above its highest \(hi)", at: f.typeSpan,
                    hint: "write the range low to high: `number \(hi) to \(lo)`")
            }
            return .number(min: lo, max: hi)
        case .count(let hi):
            if let hi, !hi.isWhole || hi < .zero {
                error(
                    .badRange, "a count's highest value must be a whole number of 0 or more, not \(hi)", at: f.typeSpan)
            }
            return .count(max: hi)
        case .oneOf(let names), .someOf(let names):
            var seen: [String: SourceSpan] = [:]
            for n in names {
                if let first = seen[n.text] {
                    error(
                        .duplicateValue, "`\(n.text)` is listed twice among `\(f.name.text)`'s values", at: n.span,
                        notes: [DiagnosticNote("first listed here", at: first)])
                }
                seen[n.text] = n.span
            }
            var values: [String] = []
            for n in names where !values.contains(n.text) { values.append(n.text) }
            if case .someOf = f.type {
                if values.count > 64 {
                    error(
                        .tooManyValues,
                        "a `some of` fact can have at most 64 values; `\(f.name.text)` has \(values.count)",
                        at: f.typeSpan)
                    values = Array(values.prefix(64))
                }
                return .someOf(values)
            }
            return .oneOf(values)
        case .text: return .text
        case .date: return .date
        case .dateTime: return .dateTime
        case .level: return .level
        }
    }

    /// The rule set's levels, default and clock, checked.
    func checkLevels(_ settings: Settings, isRuleSet: Bool) -> (defaultLevel: Int, clock: Int?) {
        if settings.levelsBlock == nil, isRuleSet {
            error(
                .noLevels, "the rule set has no `levels` block", at: settings.header?.span,
                hint: "add `levels … end` listing the ratings, least severe first")
        } else if let block = settings.levelsBlock, block.levels.isEmpty {
            error(.noLevels, "the `levels` block lists no levels", at: block.span)
        }
        var defaultLevel = 0
        if let d = settings.defaultLevel {
            if let i = levelSlots[d.text] { defaultLevel = i } else { undeclaredLevel(d) }
        }
        var clock: Int? = nil
        if let c = settings.clock {
            if let slot = factSlots[c.text] {
                switch facts[slot].type {
                case .dateTime, .date: clock = slot
                default:
                    error(
                        .typeMismatch,
                        "the clock must start from a date-time fact; `\(c.text)` is \(facts[slot].type.phrase)",
                        at: c.span,
                        hint: "declare it as `fact \(c.text) datetime \"…\"`")
                }
            } else {
                error(
                    .undeclaredName, "`\(c.text)` is not a declared fact", at: c.span,
                    hint: suggestion(c.text, facts.map(\.name))
                        ?? "declare it: `fact \(c.text) datetime \"When did the contact arrive?\"`")
            }
        }
        return (defaultLevel, clock)
    }

    func undeclaredLevel(_ n: Name) {
        error(
            .undeclaredLevel, "`\(n.text)` is not a level of this rule set", at: n.span,
            hint: suggestion(n.text, levels.map(\.name))
                ?? (levels.isEmpty
                    ? "declare the levels in a `levels … end` block, least severe first"
                    : "the levels are: \(levels.map(\.name).joined(separator: ", "))"))
    }

    /// A setting given once: true the first time (`seen` records where); later, an error pointing at the first.
    func once(_ seen: inout SourceSpan?, _ span: SourceSpan, _ code: DiagnosticCode, _ message: String) -> Bool {
        if let first = seen {
            error(code, message, at: span, notes: [DiagnosticNote("first given here", at: first)])
            return false
        }
        seen = span
        return true
    }
}
