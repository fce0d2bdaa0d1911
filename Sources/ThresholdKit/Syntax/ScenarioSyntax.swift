/// The syntax tree of `.scenario` files.

enum ExpectationSyntax: Sendable {
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
    /// **Extension:** `no due`: no due time is computed (blue, or no clock).
    case noDue
    /// **Extension:** `capped at L` (a cap holds the outcome at L, below what the rules give) / `not capped`.
    case capped(Name)
    case notCapped
    /// **Extension:** `settled` / `provisional`: whether unanswered questions could still change the outcome.
    case settled(Bool)
    /// **Extension:** `score S unsettled` / `score S settled`: whether the band is settled, whatever the status.
    case scoreSettled(Name, Bool)
}

struct Expectation: Sendable {
    var kind: ExpectationSyntax
    var span: SourceSpan
}

struct GivenFact: Sendable {
    var name: Name
    var value: ValueSyntax
    /// **Extension:** `rest of SCORE = VALUE`: `name` is a score, and every one of its questions the scenario
    /// does not give is answered VALUE (a tool filled in, most answers no).
    var restOf = false

    init(name: Name, value: ValueSyntax, restOf: Bool = false) {
        self.name = name
        self.value = value
        self.restOf = restOf
    }
}

struct ScenarioSyntax: Sendable {
    var id: Name
    var title: String?
    var source: String?
    /// **Extension:** `story "…"`: the case told in a few sentences, for a case sheet and a training handout.
    var story: String? = nil
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
