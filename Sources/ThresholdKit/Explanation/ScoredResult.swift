/// A scored scenario with its explanation, ready for rendering: what fired and why, what is missing,
/// what could change. Indices refer to `ruleSet`.
public struct ScoredResult: Sendable {
    public struct RuleFinding: Sendable {
        public var rule: Int
        public var condition: Tri
        /// The facts the rule reads, with their values (nil is unknown).
        public var facts: [(slot: Int, value: FactValue?)]
        /// The scores the rule reads.
        public var scores: [Int]
    }

    public struct Undetermined: Sendable {
        public var rule: Int
        /// The unknown facts that keep the rule open.
        public var unknown: [Int]
    }

    public enum Consequence: Sendable, Equatable {
        /// Could raise the outcome to this level.
        case outcome(level: Int)
        /// Could move a score to this band.
        case band(score: Int, band: Int)
        /// A required fact, always reported when unknown.
        case required
    }

    public struct Missing: Sendable {
        /// The fact to ask about; for a tool's line, the tool's first question to ask.
        public var fact: Int
        public var consequence: Consequence
        /// Set when the line stands for a whole tool not started (`tool` scores): "complete the checklist".
        public var tool: Int? = nil

        public init(fact: Int, consequence: Consequence, tool: Int? = nil) {
            self.fact = fact
            self.consequence = consequence
            self.tool = tool
        }
    }

    /// A change of facts and the outcome it would give (filled by counterfactual analysis).
    public struct Change: Sendable {
        public var set: [(slot: Int, value: FactValue?)]
        public var outcome: Int
    }

    public var scenarioID: String?
    public var title: String?
    public var ruleSet: RuleSet
    public var evaluation: Evaluation
    public var fired: [RuleFinding]
    public var notFired: [RuleFinding]
    public var undetermined: [Undetermined]
    public var missing: [Missing]
    public var changes: [Change] = []

    public var outcome: Int { evaluation.outcome }
}
