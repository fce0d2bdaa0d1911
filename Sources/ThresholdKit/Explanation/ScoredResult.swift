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
        /// The outcome the rule would give if it fired: its level, held by the caps that hold.
        var reach: Int
    }

    enum Consequence: Sendable, Equatable {
        /// Could raise the outcome to this level.
        case outcome(level: Int)
        /// Could move a score to this band.
        case band(score: Int, band: Int)
        /// Could hold the outcome lower, at this level, through a `cap` (and raise nothing).
        case held(level: Int)
        /// A required fact, always reported when unknown.
        case required
    }

    struct Missing: Sendable {
        /// The fact to ask about; for a tool's line, the tool's first question to ask. (Between the
        /// missing-information pass and the question plan only, `~f` marks a line left out: see `ToolLines`.)
        var fact: Int
        var consequence: Consequence
        /// Set when answering could also hold the outcome lower, at this level, through a `cap` whose condition
        /// is unknown: these questions are put first.
        var holds: Int? = nil
        /// Set when the line stands for a whole tool not started (`tool` scores): "complete the checklist".
        var tool: Int? = nil
    }

    /// A change of facts and the outcome it would give (filled by counterfactual analysis).
    public struct Change: Sendable {
        var set: [(slot: Int, value: FactValue?)]
        var outcome: Int
    }

    /// A cap whose condition is unknown and that would hold the outcome lower if it held.
    struct OpenCap: Sendable {
        var cap: Int
        /// The unknown facts that can still decide it.
        var unknown: [Int]
    }

    var scenarioID: String?
    var title: String?
    /// The scenario's `source` and `story` (**Extension**), for the case sheet (not in the result object).
    var scenarioSource: String? = nil
    var story: String? = nil
    var ruleSet: RuleSet
    var evaluation: Evaluation
    var fired: [RuleFinding]
    var notFired: [RuleFinding]
    var undetermined: [Undetermined]
    var missing: [Missing]
    /// Caps that answering could make hold, below the outcome (lowest first).
    var openCaps: [OpenCap] = []
    /// The most severe outcome the unanswered questions could still give, and the least severe (through
    /// `openCaps`); both equal the outcome when it is settled.
    var highestPossible: Int
    var lowestPossible: Int
    public var changes: [Change] = []

    public var outcome: Int { evaluation.outcome }

    /// True when no unanswered question could change the outcome.
    public var settled: Bool { highestPossible == outcome && lowestPossible == outcome }

    /// How many of the questions in `missing` could change the outcome (a tool not started counts once).
    var questionsThatCouldChangeIt: Int {
        missing.reduce(0) { n, m in
            switch m.consequence {
            case .outcome(let level): return level != outcome ? n + 1 : n
            case .held: return n + 1
            case .band, .required: return m.holds != nil ? n + 1 : n
            }
        }
    }

    /// "could be red once 14 questions are answered", "could be held at amber once 1 question is answered",
    /// or nil when the outcome is settled.
    var provisionalText: String? {
        guard !settled else { return nil }
        var could: [String] = []
        if highestPossible != outcome { could.append("could be \(ruleSet.levels[highestPossible].name)") }
        if lowestPossible != outcome { could.append("could be held at \(ruleSet.levels[lowestPossible].name)") }
        let n = questionsThatCouldChangeIt
        let once = n == 0 ? "" : " once \(n) question\(n == 1 ? " is" : "s are") answered"
        return could.joined(separator: " or ") + once
    }

    /// What a held outcome asks of the practitioner, in every rendering that says it is held.
    static let heldAdvice = "Record the rationale for the decision, and have a manager review it."

    /// "held at amber by the practitioner's s47 answer (cap s47_no); the rules alone give red (rules a, b)", or
    /// nil when no cap holds the outcome lower.
    var heldText: String? {
        guard let c = evaluation.cap, c >= 0, c < ruleSet.caps.count else { return nil }
        let cap = ruleSet.caps[c]
        let rules = heldRules.map { ruleSet.rules[$0].name }
        return "held at \(ruleSet.levels[outcome].name) by \(cap.label ?? "cap \(cap.name)")"
            + (cap.label == nil ? "" : " (cap \(cap.name))")
            + "; the rules alone give \(ruleSet.levels[evaluation.uncapped].name)"
            + (rules.isEmpty ? "" : " (\(rules.count == 1 ? "rule" : "rules") \(rules.joined(separator: ", ")))")
    }

    /// The rules that fired above the level the outcome is held at (when a cap holds it lower), in order.
    var heldRules: [Int] {
        var rules: [Int] = []
        forEachHeldRule { rules.append($0) }
        return rules
    }

    /// Calls `body` with each rule of `heldRules`, in order, without making the list (the JSON renderer).
    func forEachHeldRule(_ body: (Int) -> Void) {
        guard evaluation.cap != nil else { return }
        fired.withUnsafeBufferPointer { fired in
            for k in fired.indices where ruleSet.rules[fired[k].rule].level > outcome { body(fired[k].rule) }
        }
    }
}
