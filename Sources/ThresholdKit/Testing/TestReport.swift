/// The result of running the expectations in a set of scenario files: per file, per scenario, with
/// the failed clauses, the diagnostics of files that could not be loaded, and coverage per rule set.
/// A plain value: the renderers (`TestReportTextRenderer`, `…JUnitRenderer`, `…JSONRenderer`) read it.
public struct TestReport: Sendable {
    /// One scenario that ran.
    struct ScenarioResult: Sendable {
        /// The scenario file, as named on the command line (or found in a folder).
        var file: String
        /// The line of the `scenario` keyword.
        var line: Int?
        var id: String
        var title: String?
        /// How many `expect` clauses it has.
        var expectationCount: Int
        /// The clauses that did not hold, in the order written.
        var failures: [ExpectationCheck]
        /// The scored result, kept for failed scenarios only (it explains the failure).
        var result: ScoredResult?
        /// The outcome's level (an index into the file's rule set), for every scenario that ran.
        var outcome: Int? = nil

        var passed: Bool { failures.isEmpty }

        /// `file:line`, or the file alone when the line is not known.
        var place: String { line.map { "\(file):\($0)" } ?? file }
    }

    /// One scenario file.
    public struct FileResult: Sendable {
        var path: String
        /// The rule set's path as the file's `rules` line resolves it (nil when it names none).
        var rulesPath: String?
        /// The rule set the scenarios were scored against (nil when it could not be loaded).
        var ruleSet: RuleSet?
        /// Every diagnostic from loading the file (and, the first time, its rule set): errors and warnings.
        var diagnostics: [Diagnostic]
        /// The scenarios that ran (those matching the filter), in file order.
        var scenarios: [ScenarioResult]
        /// Scenarios in the file that the filter left out.
        var filteredOut: Int

        /// False when the file or its rule set has errors: none of its scenarios ran.
        var loaded: Bool { !diagnostics.contains { $0.severity == .error } }
        var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        var passed: Int { scenarios.filter(\.passed).count }
        var failed: Int { scenarios.count - passed }
    }

    var files: [FileResult]
    /// Source text of every file loaded, for rendering diagnostics with their lines.
    public var sources: [String: SourceFile]
    /// One per distinct rule set that scenarios ran against, in order of first use.
    var coverage: [Coverage]
    /// The `--filter` pattern, if any.
    var filter: String?

    init(
        files: [FileResult] = [], sources: [String: SourceFile] = [:], coverage: [Coverage] = [], filter: String? = nil
    ) {
        self.files = files
        self.sources = sources
        self.coverage = coverage
        self.filter = filter
    }

    /// Every scenario that ran, file by file.
    var scenarios: [ScenarioResult] { files.flatMap(\.scenarios) }
    var passed: Int { files.reduce(0) { $0 + $1.passed } }
    public var failed: Int { files.reduce(0) { $0 + $1.failed } }
    /// The files that could not be loaded (their scenarios did not run).
    public var unloadable: [FileResult] { files.filter { !$0.loaded } }
    /// Scenarios in loaded files that the filter left out.
    var filteredOut: Int { files.reduce(0) { $0 + $1.filteredOut } }
    /// Every diagnostic, file by file (each rule set's errors appear once, with the first file that names it).
    public var diagnostics: [Diagnostic] { files.flatMap(\.diagnostics) }

    /// The command-line exit status: 2 when a file could not be loaded, 1 when an expectation failed, else 0.
    public var exitStatus: Int32 {
        if !unloadable.isEmpty { return 2 }
        return failed > 0 ? 1 : 0
    }

    /// The last line of the text report: `N passed, N failed`.
    var tally: String { "\(passed) passed, \(failed) failed" }
}

extension TestReport {
    /// Why nothing ran, when nothing did (nil when some scenario ran, or when files failed to load).
    public var emptyRunNote: String? {
        guard scenarios.isEmpty, unloadable.isEmpty else { return nil }
        if files.isEmpty { return "no .scenario files found" }
        if let filter, filteredOut > 0 {
            return
                "no scenario matched --filter \"\(filter)\" (id or title, ignoring case) among \(Self.count(filteredOut, "scenario")) in \(Self.count(files.count, "file"))"
        }
        return "the scenario files hold no scenarios"
    }

    /// `1 scenario`, `3 scenarios`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
