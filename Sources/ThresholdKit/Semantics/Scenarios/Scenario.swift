/// A checked scenario: its facts in slots and its expectations resolved to indices.
public struct Scenario: Sendable {
    public var id: String
    var title: String?
    var source: String?
    /// **Extension:** the case in a few sentences (`story "…"`), shown on the case sheet.
    var story: String?
    public var facts: FactVector
    /// Which slots the scenario gave explicitly (an explicit `unknown` counts).
    public var given: [Int]
    var expectations: [LocatedExpectation]
    /// Where it was written (nil for JSON and the command line).
    var span: SourceSpan?

    public init(
        id: String, title: String? = nil, source: String? = nil, story: String? = nil, facts: FactVector,
        given: [Int] = [], expectations: [LocatedExpectation] = [], span: SourceSpan? = nil
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.story = story
        self.facts = facts
        self.given = given
        self.expectations = expectations
        self.span = span
    }
}

enum CheckedExpectation: Sendable, Equatable {
    case outcome(RankTest, level: Int)
    case fired(rule: Int, negated: Bool)
    case scoreEquals(score: Int, ExactNumber)
    case scoreBetween(score: Int, ExactNumber, ExactNumber)
    case scoreBand(score: Int, RankTest, band: Int)
    case advice(Int, negated: Bool)
    case missing(fact: Int)
    /// **Extension:** `not missing F`.
    case notMissing(fact: Int)
    /// **Extension:** `missing F before G` (facts or tools: a tool is its one line).
    case missingBefore(MissingItem, MissingItem)
    /// **Extension:** `undetermined R` / `not undetermined R`.
    case undetermined(rule: Int, negated: Bool)
    /// **Extension:** `missing S` / `not missing S` for a tool: listed as one line (not started).
    case missingTool(score: Int, negated: Bool)
    /// **Extension:** `score S not started` / `incomplete` / `complete`.
    case scoreStatus(score: Int, ScoreStatus)
    case due(CivilDateTime)
    /// **Extension:** `no due`.
    case noDue
    /// **Extension:** `capped at L` (level) / `not capped` (nil).
    case capped(level: Int?)
    /// **Extension:** `settled` / `provisional`.
    case settled(Bool)
    /// **Extension:** `score S settled` / `score S unsettled`.
    case scoreSettled(score: Int, Bool)
}

public struct LocatedExpectation: Sendable {
    var expectation: CheckedExpectation
    var span: SourceSpan?
    /// How it was written, e.g. `outcome red`.
    var text: String
}

/// A line of missing information an expectation names: a fact, or a tool listed as one line.
enum MissingItem: Sendable, Equatable {
    case fact(Int)
    case tool(Int)
}
