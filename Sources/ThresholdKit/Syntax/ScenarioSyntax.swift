/// The syntax tree of `.scenario` files.

public enum ExpectationSyntax: Sendable {
    case outcome(RankTest, Name)
    case fired(Name, negated: Bool)
    case scoreEquals(Name, ExactNumber)
    case scoreBetween(Name, ExactNumber, ExactNumber)
    case scoreBand(Name, RankTest, Name)
    case advice(Name, negated: Bool)
    case missing(Name)
    /// **Extension:** `not missing F`.
    case notMissing(Name)
    /// **Extension:** `missing F before G`: both listed, F first.
    case missingBefore(Name, Name)
    /// **Extension:** `undetermined R` / `not undetermined R`: R is listed as "could be".
    case undetermined(Name, negated: Bool)
    /// **Extension:** `score S not started`, `score S incomplete`, `score S complete`.
    case scoreStatus(Name, ScoreStatus)
    case due(CivilDateTime)
}

public struct Expectation: Sendable {
    public var kind: ExpectationSyntax
    public var span: SourceSpan
}

public struct GivenFact: Sendable {
    public var name: Name
    public var value: ValueSyntax
    /// **Extension:** `rest of SCORE = VALUE`: `name` is a score, and every one of its questions the scenario
    /// does not give is answered VALUE (a tool filled in, most answers no).
    public var restOf = false

    public init(name: Name, value: ValueSyntax, restOf: Bool = false) {
        self.name = name
        self.value = value
        self.restOf = restOf
    }
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
