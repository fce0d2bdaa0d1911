/// The syntax tree of `.scenario` files.

enum ExpectationSyntax: Sendable {
    case outcome(RankTest, Name)
    case fired(Name, negated: Bool)
    case scoreEquals(Name, ExactNumber)
    case scoreBetween(Name, ExactNumber, ExactNumber)
    case scoreBand(Name, RankTest, Name)
    case advice(Name, negated: Bool)
    case missing(Name)
    case due(CivilDateTime)
}

struct Expectation: Sendable {
    var kind: ExpectationSyntax
    var span: SourceSpan
}

struct GivenFact: Sendable {
    var name: Name
    var value: ValueSyntax
}

struct ScenarioSyntax: Sendable {
    var id: Name
    var title: String?
    var source: String?
    var given: [GivenFact]
    var expectations: [Expectation]
    var span: SourceSpan
}

struct ScenarioFileSyntax: Sendable {
    var file: SourceFile
    var rulesPath: String?
    var rulesSpan: SourceSpan?
    var scenarios: [ScenarioSyntax]
}
