/// What `threshold diff` found: the transition matrices, the changed cases grouped by cause, the worked
/// cases' expectations that fail under the new version, and the rule sets' semantic differences.
/// Built by `DiffRun.report()`; read by the renderers.
public struct DiffReport: Sendable {
    struct Version: Sendable {
        /// How the version was named on the command line (a path, or `git:REV:path`).
        var label: String
        var name: String
        var version: String?
        var fingerprint: String
        var levels: [String]
        /// Each level's timescale (`24 hours`), nil for none.
        var within: [String?]

        /// `within 24 hours`, or `no timescale`.
        func timescale(_ level: String) -> String {
            guard let i = levels.firstIndex(of: level), within.indices.contains(i), let w = within[i] else {
                return "no timescale"
            }
            return "within \(w)"
        }
    }

    /// One score's bands, old (rows, `none` first) by new (columns, `none` first).
    struct BandMatrix: Sendable {
        var score: String
        var oldBands: [String]
        var newBands: [String]
        var counts: [[Int]]
    }

    /// Cases that changed for the same reasons.
    struct Group: Sendable {
        var cause: CaseCause
        var count: Int
        /// Every case's id, in input order.
        var ids: [String]
        /// The rule-set changes behind the cause: the rules that started or stopped firing, and the bands,
        /// items and floors of the scores whose band moved.
        var related: [RuleSetChange]
    }

    /// A worked case's expectation that does not hold under the new version.
    public struct FailingExpectation: Sendable {
        var scenario: String
        var file: String?
        var line: Int?
        /// As written: `outcome red`.
        var expectation: String
        /// Whether it held under the old version.
        var passedUnderOld: Bool
        /// What happens under the new version, or why the expectation cannot be read there.
        var message: String
    }

    var old: Version
    var new: Version
    /// Cases scored under both versions (worked cases and lines).
    public internal(set) var scenarios: Int
    var workedCases: Int
    var lines: Int
    /// `outcomes[oldLevel][newLevel]`, in each version's level order.
    var outcomes: [[Int]]
    var bandMatrices: [BandMatrix]
    var groups: [Group]
    /// Every changed case, in input order (worked cases first).
    public var changed: [ChangedCase]
    public var failingExpectations: [FailingExpectation]
    public var rulesetChanges: [RuleSetChange]
    /// The first failures kept (at most `DiffRun.Options.keptFailures`), and how many there were.
    public var failures: [DiffFailure]
    public var failureCount: Int
    /// Facts the cases give that the new version no longer declares, in the old version's order, each with the
    /// number of cases that give it: those cases were scored without it under the new version, and under it a
    /// worked-case file or a `batch` line that gives it will not load.
    var droppedFacts: [DroppedFact] = []

    struct DroppedFact: Sendable, Equatable {
        var fact: String
        var cases: Int
    }

    /// What a dropped fact means, as every format says it.
    static let droppedNote =
        "scored without them under new; under new, a worked-case file or a batch line that gives one will not load"

    /// Levels only one version has.
    var oldOnlyLevels: [String] { old.levels.filter { !new.levels.contains($0) } }
    var newOnlyLevels: [String] { new.levels.filter { !old.levels.contains($0) } }

    /// What a group's change of outcome does to the response time: `due within 24 hours, was within 3
    /// working days`; nil when the outcome did not change or the timescale is the same.
    func dueChange(_ cause: CaseCause) -> String? {
        let a = old.timescale(cause.old)
        let b = new.timescale(cause.new)
        return cause.outcomeChanged && a != b ? "due \(b), was \(a)" : nil
    }

    /// Cases whose outcome level changed.
    public var outcomeChanges: Int { groups.filter { $0.cause.outcomeChanged }.reduce(0) { $0 + $1.count } }
}
