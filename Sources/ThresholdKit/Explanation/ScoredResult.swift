/// A scored scenario with its explanation, ready for rendering: what fired and why, what is missing,
/// what could change. Indices refer to `ruleSet`.
public struct ScoredResult: Sendable {
    struct RuleFinding: Sendable {
        var rule: Int
        var condition: Tri
        /// The facts the rule reads, with their values (nil is unknown).
        var facts: [(slot: Int, value: FactValue?)]
        /// The scores the rule reads.
        var scores: [Int]
    }

    struct Undetermined: Sendable {
        var rule: Int
        /// The unknown facts that keep the rule open.
        var unknown: [Int]
    }

    enum Consequence: Sendable, Equatable {
        /// Could raise the outcome to this level.
        case outcome(level: Int)
        /// Could move a score to this band.
        case band(score: Int, band: Int)
        /// A required fact, always reported when unknown.
        case required
    }

    struct Missing: Sendable {
        /// The fact to ask about; for a tool's line, the tool's first question to ask.
        var fact: Int
        var consequence: Consequence
        /// Set when the line stands for a whole tool not started (`tool` scores): "complete the checklist".
        var tool: Int? = nil
    }

    /// A change of facts and the outcome it would give (filled by counterfactual analysis).
    public struct Change: Sendable {
        var set: [(slot: Int, value: FactValue?)]
        var outcome: Int
    }

    var scenarioID: String?
    var title: String?
    var ruleSet: RuleSet
    var evaluation: Evaluation
    var fired: [RuleFinding]
    var notFired: [RuleFinding]
    var undetermined: [Undetermined]
    var missing: [Missing]
    public var changes: [Change] = []

    public var outcome: Int { evaluation.outcome }
}
