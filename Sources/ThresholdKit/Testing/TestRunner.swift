/// Runs the `expect` clauses of `.scenario` files: `threshold test`.
///
/// Each file is scored against the rule set its `rules` line names; each distinct rule set is loaded,
/// compiled and given an evaluator once for the whole run. A file with errors (its own, or its rule
/// set's) does not run, but the other files still do. Coverage is tallied per rule set.
///
/// ```
/// let report = TestRunner(filter: "mathew").run(["scenarios/camden/front-door.scenario"])
/// print(TestReportTextRenderer().render(report))
/// ```
///
/// ```swift
/// let report = TestRunner().run(["scenarios/child.scenario"])   // each file's `expect` clauses
/// print(TestReportTextRenderer().render(report))
/// let ok = report.failed == 0
/// ```
public struct TestRunner {
    /// Only scenarios whose id or title contains this text, ignoring case (nil or empty: all).
    var filter: String?
    var reader: SourceReader

    public init(filter: String? = nil, reader: SourceReader = FileSystemReader()) {
        self.filter = filter
        self.reader = reader
    }

    /// True when the scenario matches the filter: its id or title contains the pattern, ignoring case.
    static func matches(_ s: Scenario, pattern: String?) -> Bool {
        guard let pattern, !pattern.isEmpty else { return true }
        let p = pattern.lowercased()
        return s.id.lowercased().contains(p) || (s.title?.lowercased().contains(p) ?? false)
    }

    /// Runs the scenario files at `paths` (files, not folders: expand folders first), in the order
    /// given; a file named twice runs once.
    public func run(_ paths: [String]) -> TestReport {
        var report = TestReport(filter: filter)
        var ruleSets: [String: RuleSetLoad] = [:]
        var engines: [String: Engine] = [:]
        var order: [String] = []
        var seenFiles = Set<String>()
        for path in paths where seenFiles.insert(reader.identity(of: path)).inserted {
            if path.hasSuffix(".rules") {
                report.files.append(notAScenarioFile(path))
                continue
            }
            let out = ScenarioFileLoader.load(path, reader: reader, ruleSets: &ruleSets)
            report.sources.merge(out.sources) { a, _ in a }
            var file = TestReport.FileResult(
                path: path, rulesPath: out.rulesPath, ruleSet: out.ruleSet,
                diagnostics: out.diagnostics, scenarios: [], filteredOut: 0)
            guard file.loaded, let ruleSet = out.ruleSet, let rulesPath = out.rulesPath else {
                report.files.append(file)
                continue
            }
            let key = reader.identity(of: rulesPath)
            if engines[key] == nil {
                engines[key] = Engine(ruleSet: ruleSet, rulesPath: rulesPath)
                order.append(key)
            }
            for s in out.scenarios {
                guard Self.matches(s, pattern: filter) else {
                    file.filteredOut += 1
                    continue
                }
                if let result = engines[key]?.run(s, file: path) { file.scenarios.append(result) }
            }
            report.files.append(file)
        }
        report.coverage = order.compactMap { engines[$0]?.coverage }
        return report
    }

    /// The scoring, checking and coverage tally for one rule set.
    final class Engine {
        let scoring: Scoring
        let checker: ExpectationChecker
        var coverage: Coverage

        init(ruleSet: RuleSet, rulesPath: String) {
            scoring = Scoring(ruleSet)
            checker = ExpectationChecker(ruleSet)
            coverage = Coverage(ruleSet: ruleSet, rulesPath: rulesPath)
        }

        /// Scores one scenario, checks its clauses and counts it toward coverage.
        func run(_ s: Scenario, file: String) -> TestReport.ScenarioResult {
            let result = scoring.score(s)
            coverage.record(s, result.evaluation, file: file)
            var failures: [ExpectationCheck] = []
            for e in s.expectations where !checker.passes(e.expectation, result) {
                failures.append(checker.check(e, against: result))
            }
            return TestReport.ScenarioResult(
                file: file, line: s.span?.start.line, id: s.id, title: s.title,
                expectationCount: s.expectations.count, failures: failures,
                result: failures.isEmpty ? nil : result, outcome: result.outcome)
        }
    }

    /// A `.rules` file named where scenario files are expected.
    func notAScenarioFile(_ path: String) -> TestReport.FileResult {
        let d = Diagnostic.error(
            .notAScenarioFile, "\(path) is a rule set, not a scenario file",
            at: nil,
            hint:
                "`threshold test` runs .scenario files; each names its rule set on its `rules` line (use `threshold check` to check a rule set)"
        )
        return TestReport.FileResult(
            path: path, rulesPath: nil, ruleSet: nil, diagnostics: [d], scenarios: [], filteredOut: 0)
    }
}
