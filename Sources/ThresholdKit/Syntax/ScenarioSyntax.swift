/// The syntax tree of `.scenario` files.

public enum ExpectationSyntax: Sendable {
    case outcome(RankTest, Name)
    case fired(Name, negated: Bool)
    case scoreEquals(Name, ExactNumber)
    case scoreBetween(Name, ExactNumber, ExactNumber)
    case scoreBand(Name, RankTest, Name)
    case advice(Name, negated: Bool)
    case missing(Name)
    case due(CivilDateTime)
}

public struct Expectation: Sendable {
    public var kind: ExpectationSyntax
    public var span: SourceSpan
}

public struct GivenFact: Sendable {
    public var name: Name
    public var value: ValueSyntax
}

public struct ScenarioSyntax: Sendable {
    public var id: Name
    public var title: String?
    public var source: String?
    public var given: [GivenFact]
    public var expectations: [Expectation]
    public var span: SourceSpan
}

public struct ScenarioFileSyntax: Sendable {
    public var file: SourceFile
    public var rulesPath: String?
    public var rulesSpan: SourceSpan?
    public var scenarios: [ScenarioSyntax]
}
