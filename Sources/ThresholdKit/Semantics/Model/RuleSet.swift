/// A checked, compiled rule set: every name resolved to an index, every expression compiled to nodes.
/// Built once by `RuleSetCompiler`, then evaluated many times.
///
/// `@unchecked Sendable`: immutable once built. Every stored property is a `let` holding values (structs,
/// enums, arrays and dictionaries of them) and nothing of the rule set is written after `init`. The one
/// exception is `tables` (`RuleSetTables`): what later stages derive from the rule set, filled lazily on
/// first use behind its own lock, never changing what the rule set says. So any number of threads may read
/// one rule set at once (the batch's workers do).
public final class RuleSet: @unchecked Sendable {
    public struct Fact: Sendable {
        public var name: String
        public var type: FactType
        var question: String?
        var required: Bool
        public var defaultValue: FactValue?
        var source: String?
        var span: SourceSpan
        /// `asked when`: the question is put only when this holds (nil: always); see `QuestionPlan`.
        var askedWhen: BoolNode? = nil
        /// The facts `askedWhen` reads (the questions that open this one), ascending.
        var askedWhenReads: [Int] = []
        /// `asked first`: before other questions of equal consequence.
        var askedFirst = false
        /// `asked always`: put (after the questions that could change the outcome) even when it cannot.
        var askedAlways = false
    }

    /// A score declared a `tool`: filled in by a practitioner, so its completion decides what is shown.
    struct Tool: Sendable {
        /// The instruction that asks for the whole tool ("Complete the DASH checklist").
        var instruction: String
        /// `asked when`: the children the tool applies to (nil: every child).
        var askedWhen: BoolNode?
        var askedWhenReads: [Int]
    }

    public struct Level: Sendable {
        public var name: String
        var label: String
        var route: String?
        var within: Timescale?
        var span: SourceSpan
    }

    struct Definition: Sendable {
        var name: String
        var body: DefinitionBody
        var span: SourceSpan
        /// Facts read, directly or through other definitions and scores (slots, ascending).
        var factsRead: [Int]
    }

    public struct Rule: Sendable {
        public var name: String
        var label: String?
        var level: Int
        var condition: BoolNode
        var because: String?
        var source: String?
        var span: SourceSpan
        var factsRead: [Int]
        var scoresRead: [Int]
    }

    /// `cap`: while `when` is yes and `unless` is not yes, the outcome is at most `level` (see `CapState`).
    struct Cap: Sendable {
        var name: String
        var label: String?
        var level: Int
        var when: BoolNode
        /// The mandatory duty the cap gives way to, when it is yes.
        var unless: BoolNode?
        /// `when` and not `unless`, for analysis (the linter, the diff, written back): yes exactly when the cap
        /// holds with its `unless` answered.
        var condition: BoolNode
        /// The facts `when` reads (directly, through definitions or through scores), ascending.
        var whenReads: [Int]
        /// The facts `unless` reads, ascending.
        var unlessReads: [Int]
        var because: String?
        var source: String?
        var span: SourceSpan
        var factsRead: [Int]
    }

    struct Advice: Sendable {
        var name: String
        var text: String
        var condition: BoolNode
        var source: String?
        var span: SourceSpan
        var factsRead: [Int]
    }

    enum ItemKind: Sendable {
        case when(weight: ExactNumber, condition: BoolNode)
        case add(value: NumNode, max: ExactNumber?, bounds: (min: ExactNumber?, max: ExactNumber?))
    }

    struct ScoreItem: Sendable {
        var kind: ItemKind
        var label: String?
        /// The domain this item counts toward, if any.
        var domain: Int?
        var factsRead: [Int]
        var span: SourceSpan
    }

    struct Domain: Sendable {
        var name: String
        var label: String?
    }

    struct Band: Sendable {
        var name: String
        var label: String
        var low: ExactNumber
        var high: ExactNumber?
        var span: SourceSpan
    }

    struct Floor: Sendable {
        var band: Int
        var condition: BoolNode
        var reason: String?
        var span: SourceSpan
        var factsRead: [Int]
    }

    public struct Score: Sendable {
        public var name: String
        var label: String?
        var source: String?
        var span: SourceSpan
        var items: [ScoreItem]
        var domains: [Domain]
        var bands: [Band]
        var floors: [Floor]
        /// The smallest and largest totals the items can make (nil where unbounded).
        var possibleMin: ExactNumber?
        var possibleMax: ExactNumber?
        var factsRead: [Int]
        /// The score's questions: the facts its items read, ascending (its completion counts them).
        var questions: [Int] = []
        /// Facts its floors read that are follow-up questions (`asked when`), such as a professional
        /// judgement prompted by an answer: a scenario's `rest of` answers them with the questions.
        var followUps: [Int] = []
        /// Set when the score is declared a `tool`.
        var tool: Tool? = nil

        /// Whether fact `slot` is one of its questions or follow-ups (a tool's `asked when` governs them).
        @inline(__always) func asks(_ slot: Int) -> Bool { questions.contains(slot) || followUps.contains(slot) }

        /// The band a total falls in: the highest band whose lowest total it reaches; -1 below every band.
        @inline(__always) func bandIndex(for total: ExactNumber) -> Int {
            var result = -1
            for (i, b) in bands.enumerated() where total >= b.low { result = i }
            return result
        }
    }

    /// One step of the evaluation before the rules: a definition or a score, in dependency order.
    enum Step: Sendable {
        case definition(Int)
        case score(Int)
    }

    public let name: String
    let version: String?
    let source: String?
    /// `sha256:` and the hex digest of the source files' bytes, in load order.
    let fingerprint: String
    let files: [String]
    public let facts: [Fact]
    public let levels: [Level]
    let defaultLevel: Int
    let clockFact: Int?
    public let calendar: WorkingCalendar
    let definitions: [Definition]
    public let scores: [Score]
    public let rules: [Rule]
    let caps: [Cap]
    let advice: [Advice]
    let steps: [Step]

    let factIndex: [String: Int]
    let levelIndex: [String: Int]
    let ruleIndex: [String: Int]
    let scoreIndex: [String: Int]
    let adviceIndex: [String: Int]
    let capIndex: [String: Int]
    /// Where each compiled part's nodes came from (see `NodeSite`); evaluation never reads it.
    let sites: Sites
    /// Tables derived from this rule set by later stages, built on first use (see `RuleSetTables`).
    let tables = RuleSetTables()

    init(
        name: String, version: String?, source: String?, fingerprint: String, files: [String], facts: [Fact],
        levels: [Level], defaultLevel: Int, clockFact: Int?, calendar: WorkingCalendar, definitions: [Definition],
        scores: [Score], rules: [Rule], caps: [Cap] = [], advice: [Advice], steps: [Step], sites: Sites = Sites()
    ) {
        self.name = name
        self.version = version
        self.source = source
        self.fingerprint = fingerprint
        self.files = files
        self.facts = facts
        self.levels = levels
        self.defaultLevel = defaultLevel
        self.clockFact = clockFact
        self.calendar = calendar
        self.definitions = definitions
        self.scores = scores
        self.rules = rules
        self.caps = caps
        self.advice = advice
        self.steps = steps
        self.sites = sites
        factIndex = RuleSet.index(facts.map(\.name))
        levelIndex = RuleSet.index(levels.map(\.name))
        ruleIndex = RuleSet.index(rules.map(\.name))
        scoreIndex = RuleSet.index(scores.map(\.name))
        adviceIndex = RuleSet.index(advice.map(\.name))
        capIndex = RuleSet.index(caps.map(\.name))
    }

    private static func index(_ names: [String]) -> [String: Int] {
        var d: [String: Int] = [:]
        for (i, n) in names.enumerated() where d[n] == nil { d[n] = i }
        return d
    }

    /// The facts with no value: every slot unknown, defaults applied.
    public func defaultFacts() -> FactVector { facts.map(\.defaultValue) }
}

extension RuleSet {
    /// The facts a name that is none may have meant: by spelling, and by the words of their questions
    /// (`county_lines` → `exploitation_risk`, whose question mentions county lines).
    func suggestedFacts(for name: String) -> [String] {
        Suggestions.related(to: name, in: facts.map { ($0.name, $0.question ?? "") })
    }

    /// The advice a name that is none may have meant: by spelling, and by the words of the advice.
    func suggestedAdvice(for name: String) -> [String] {
        Suggestions.related(to: name, in: advice.map { ($0.name, $0.text) })
    }
}
