import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Scored results and test reports from files in the package, for the HTML renderer tests.
enum HTMLFixture {
    static let hostileScenarios = "Tests/Fixtures/html/hostile.scenario"
    static let specRules = "Tests/Fixtures/spec/rules/camden-mash.rules"
    static let mathew = "Tests/Fixtures/spec/scenarios/mathew.scenario"

    static func path(_ relative: String) -> String { ThresholdBinary.packageRoot.appendingPathComponent(relative).path }

    /// The scenarios of a file scored against the rule set its `rules` line names, with counterfactuals
    /// (as `threshold score --format html` gives them).
    static func results(
        _ scenarioFile: String, only ids: [String]? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [ScoredResult] {
        var cache: [String: RuleSetLoad] = [:]
        let out = ScenarioFileLoader.load(path(scenarioFile), ruleSets: &cache)
        XCTAssertFalse(out.hasErrors, "\(out.diagnostics)", file: file, line: line)
        let rs = try XCTUnwrap(out.ruleSet, file: file, line: line)
        let scoring = Scoring(rs)
        return out.scenarios.filter { ids?.contains($0.id) ?? true }.map { scoring.score($0, changes: true) }
    }

    /// A test run over files in the package.
    static func report(_ files: [String]) -> TestReport { TestRunner().run(files.map(path)) }
}
