/// The syntax tree of `.rules` files: what was written, where, before any meaning is checked.

/// A name as written, with its place.
public struct Name: Hashable, Sendable {
    public var text: String
    public var span: SourceSpan
    public init(_ text: String, _ span: SourceSpan) { self.text = text; self.span = span }
}

public struct RulesetHeader: Sendable {
    public var name: String
    public var version: String?
    public var source: String?
    public var span: SourceSpan
}

public struct IncludeDecl: Sendable {
    public var path: String
    public var span: SourceSpan
}

public enum FactTypeSyntax: Sendable {
    case yesNo
    case number(min: ExactNumber?, max: ExactNumber?)
    case count(max: ExactNumber?)
    case oneOf([Name])
    case someOf([Name])
    case text, date, dateTime, level
}

public struct FactDecl: Sendable {
    public var name: Name
    public var type: FactTypeSyntax
    public var typeSpan: SourceSpan
    public var question: String?
    public var required: Bool
    public var defaultValue: ValueSyntax?
    public var source: String?
    /// **Extension:** `asked when CONDITION`: the question is put only when the condition holds.
    public var askedWhen: Expr? = nil
    /// **Extension:** `asked first`: put before other questions of equal consequence.
    public var askedFirst: Bool = false
}

public enum TimeUnit: String, Sendable { case hours, days, workingDays = "working days" }

public struct Timescale: Hashable, Sendable {
    public var amount: Int
    public var unit: TimeUnit
    public var description: String {
        let plural = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(plural)"
    }
}

public struct LevelDecl: Sendable {
    public var name: Name
    public var label: String?
    public var route: String?
    public var within: Timescale?
}

public struct LevelsDecl: Sendable {
    public var levels: [LevelDecl]
    public var span: SourceSpan
}

public struct HolidayDecl: Sendable {
    public var date: CivilDate
    public var label: String?
    public var span: SourceSpan
}

/// `calendar "england-and-wales"`: the bank holidays working days skip.
public struct CalendarDecl: Sendable {
    public var name: String
    public var span: SourceSpan
}

public struct DefineDecl: Sendable {
    public var name: Name
    public var body: Expr
}

public struct RuleDecl: Sendable {
    public var name: Name
    public var label: String?
    public var condition: Expr
    public var level: Name
    public var because: String?
    public var source: String?
}

public struct AdviseDecl: Sendable {
    public var name: Name
    public var text: String
    public var condition: Expr
    public var source: String?
}

public enum ScoreItemSyntax: Sendable {
    case when(weight: ExactNumber, weightSpan: SourceSpan, condition: Expr, label: String?)
    case add(value: Expr, max: ExactNumber?, label: String?)
}

public struct DomainDecl: Sendable {
    public var name: Name
    public var label: String?
    public var items: [ScoreItemSyntax]
}

public struct BandDecl: Sendable {
    public var name: Name
    public var label: String?
    public var low: ExactNumber
    /// nil for an open top band (`and above`).
    public var high: ExactNumber?
    public var span: SourceSpan
}

public struct FloorDecl: Sendable {
    public var band: Name
    public var condition: Expr
    public var reason: String?
    public var span: SourceSpan
}

public struct ScoreDecl: Sendable {
    public var name: Name
    public var label: String?
    public var source: String?
    /// Items written directly in the score, outside any domain.
    public var items: [ScoreItemSyntax]
    public var domains: [DomainDecl]
    public var bands: [BandDecl]
    public var bandsSpan: SourceSpan?
    public var floors: [FloorDecl]
    /// **Extension:** `tool "instruction"`: the score is a tool practitioners fill in (see `docs/language.md`).
    public var tool: String? = nil
    public var toolSpan: SourceSpan? = nil
    /// **Extension:** `asked when CONDITION`: the children the tool applies to.
    public var askedWhen: Expr? = nil
}

public enum Declaration: Sendable {
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
    case score(ScoreDecl)
    case advise(AdviseDecl)
}

/// One parsed `.rules` file.
public struct RulesFileSyntax: Sendable {
    public var file: SourceFile
    public var declarations: [Declaration]

    public var header: RulesetHeader? {
        for d in declarations { if case .header(let h) = d { return h } }
        return nil
    }

    public var includes: [IncludeDecl] {
        declarations.compactMap { if case .include(let i) = $0 { return i } else { return nil } }
    }
}
