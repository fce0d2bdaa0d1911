/// The syntax tree of `.rules` files: what was written, where, before any meaning is checked.

/// A name as written, with its place.
struct Name: Hashable, Sendable {
    var text: String
    var span: SourceSpan
    init(_ text: String, _ span: SourceSpan) {
        self.text = text
        self.span = span
    }
}

struct RulesetHeader: Sendable {
    var name: String
    var version: String?
    var source: String?
    var span: SourceSpan
}

struct IncludeDecl: Sendable {
    var path: String
    var span: SourceSpan
}

enum FactTypeSyntax: Sendable {
    case yesNo
    case number(min: ExactNumber?, max: ExactNumber?)
    case count(max: ExactNumber?)
    case oneOf([Name])
    case someOf([Name])
    case text, date, dateTime, level
}

struct FactDecl: Sendable {
    var name: Name
    var type: FactTypeSyntax
    var typeSpan: SourceSpan
    var question: String?
    var required: Bool
    var defaultValue: ValueSyntax?
    var source: String?
    /// **Extension:** `asked when CONDITION`: the question is put only when the condition holds.
    var askedWhen: Expr? = nil
    /// **Extension:** `asked first`: put before other questions of equal consequence.
    var askedFirst: Bool = false
    /// **Extension:** `asked always`: the record needs it, so it is put even when it cannot change the outcome.
    var askedAlways: Bool = false
}

enum TimeUnit: String, Sendable {
    case hours, days
    case workingDays = "working days"
}

struct Timescale: Hashable, Sendable {
    var amount: Int
    var unit: TimeUnit
    var description: String {
        let plural = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(plural)"
    }
}

struct LevelDecl: Sendable {
    var name: Name
    var label: String?
    var route: String?
    var within: Timescale?
}

struct LevelsDecl: Sendable {
    var levels: [LevelDecl]
    var span: SourceSpan
}

struct HolidayDecl: Sendable {
    var date: CivilDate
    var label: String?
    var span: SourceSpan
}

/// `calendar "england-and-wales"`: the bank holidays working days skip.
struct CalendarDecl: Sendable {
    var name: String
    var span: SourceSpan
}

struct DefineDecl: Sendable {
    var name: Name
    var body: Expr
}

struct RuleDecl: Sendable {
    var name: Name
    var label: String?
    var condition: Expr
    var level: Name
    var because: String?
    var source: String?
}

/// **Extension:** `cap NAME "label" at LEVEL when CONDITION [unless CONDITION] … end`: holds the outcome at
/// or below a level while the condition holds (the practitioner's recorded judgement, for example).
struct CapDecl: Sendable {
    var name: Name
    var label: String?
    var level: Name
    var condition: Expr
    /// A sourced mandatory duty the cap gives way to.
    var unless: Expr?
    var because: String?
    var source: String?
}

struct AdviseDecl: Sendable {
    var name: Name
    var text: String
    var condition: Expr
    var source: String?
}

enum ScoreItemSyntax: Sendable {
    case when(weight: ExactNumber, weightSpan: SourceSpan, condition: Expr, label: String?)
    case add(value: Expr, max: ExactNumber?, label: String?)
}

struct DomainDecl: Sendable {
    var name: Name
    var label: String?
    var items: [ScoreItemSyntax]
}

struct BandDecl: Sendable {
    var name: Name
    var label: String?
    var low: ExactNumber
    /// nil for an open top band (`and above`).
    var high: ExactNumber?
    var span: SourceSpan
}

struct FloorDecl: Sendable {
    var band: Name
    var condition: Expr
    var reason: String?
    var span: SourceSpan
}

struct ScoreDecl: Sendable {
    var name: Name
    var label: String?
    var source: String?
    /// Items written directly in the score, outside any domain.
    var items: [ScoreItemSyntax]
    var domains: [DomainDecl]
    var bands: [BandDecl]
    var bandsSpan: SourceSpan?
    var floors: [FloorDecl]
    /// **Extension:** `tool "instruction"`: the score is a tool practitioners fill in (see `docs/language.md`).
    var tool: String? = nil
    var toolSpan: SourceSpan? = nil
    /// **Extension:** `asked when CONDITION`: the children the tool applies to.
    var askedWhen: Expr? = nil
}

enum Declaration: Sendable {
    case header(RulesetHeader)
    case include(IncludeDecl)
    case fact(FactDecl)
    case levels(LevelsDecl)
    case defaultLevel(Name)
    case clockStarts(Name)
    case holiday(HolidayDecl)
    case calendar(CalendarDecl)
    case define(DefineDecl)
    case rule(RuleDecl)
    case cap(CapDecl)
    case score(ScoreDecl)
    case advise(AdviseDecl)
}

/// One parsed `.rules` file.
struct RulesFileSyntax: Sendable {
    var file: SourceFile
    var declarations: [Declaration]

    var header: RulesetHeader? {
        for d in declarations { if case .header(let h) = d { return h } }
        return nil
    }

    var includes: [IncludeDecl] {
        declarations.compactMap { if case .include(let i) = $0 { return i } else { return nil } }
    }
}
