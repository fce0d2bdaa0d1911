/// What `threshold diff` found: the transition matrices, the changed cases grouped by cause, the worked
/// cases' expectations that fail under the new version, and the rule sets' semantic differences.
/// Built by `DiffRun.report()`; read by the renderers.
public struct DiffReport: Sendable {
    public struct Version: Sendable {
        /// How the version was named on the command line (a path, or `git:REV:path`).
        public var label: String
        public var name: String
        public var version: String?
        public var fingerprint: String
        public var levels: [String]
        /// Each level's timescale (`24 hours`), nil for none.
        public var within: [String?]

        /// `within 24 hours`, or `no timescale`.
        public func timescale(_ level: String) -> String {
            guard let i = levels.firstIndex(of: level), within.indices.contains(i), let w = within[i] else {
                return "no timescale"
            }
            return "within \(w)"
        }
    }

    /// One score's bands, old (rows, `none` first) by new (columns, `none` first).
    public struct BandMatrix: Sendable {
        public var score: String
        public var oldBands: [String]
        public var newBands: [String]
        public var counts: [[Int]]
    }

    /// Cases that changed for the same reasons.
    public struct Group: Sendable {
        public var cause: CaseCause
        public var count: Int
        /// Every case's id, in input order.
        public var ids: [String]
        /// The rule-set changes behind the cause: the rules that started or stopped firing, and the bands,
        /// items and floors of the scores whose band moved.
        public var related: [RuleSetChange]
    }

    /// A worked case's expectation that does not hold under the new version.
    public struct FailingExpectation: Sendable {
        public var scenario: String
        public var file: String?
        public var line: Int?
        /// As written: `outcome red`.
        public var expectation: String
        /// Whether it held under the old version.
        public var passedUnderOld: Bool
        /// What happens under the new version, or why the expectation cannot be read there.
        public var message: String
    }

    public var old: Version
    public var new: Version
    /// Cases scored under both versions (worked cases and lines).
    public var scenarios: Int
    public var workedCases: Int
    public var lines: Int
    /// `outcomes[oldLevel][newLevel]`, in each version's level order.
    public var outcomes: [[Int]]
    public var bandMatrices: [BandMatrix]
    public var groups: [Group]
    /// Every changed case, in input order (worked cases first).
    public var changed: [ChangedCase]
    public var failingExpectations: [FailingExpectation]
    public var rulesetChanges: [RuleSetChange]
    /// The first failures kept (at most `DiffRun.Options.keptFailures`), and how many there were.
    public var failures: [DiffFailure]
    public var failureCount: Int

    /// Levels only one version has.
    public var oldOnlyLevels: [String] { old.levels.filter { !new.levels.contains($0) } }
    public var newOnlyLevels: [String] { new.levels.filter { !old.levels.contains($0) } }

    /// What a group's change of outcome does to the response time: `due within 24 hours, was within 3
    /// working days`; nil when the outcome did not change or the timescale is the same.
    public func dueChange(_ cause: CaseCause) -> String? {
        let a = old.timescale(cause.old)
        let b = new.timescale(cause.new)
        return cause.outcomeChanged && a != b ? "due \(b), was \(a)" : nil
    }

    /// Cases whose outcome level changed.
    public var outcomeChanges: Int { groups.filter { $0.cause.outcomeChanged }.reduce(0) { $0 + $1.count } }
}
