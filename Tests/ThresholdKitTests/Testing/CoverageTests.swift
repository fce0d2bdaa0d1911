import XCTest

@testable import ThresholdKit

/// Coverage on a small known suite: which rules, bands, advice and facts the scenarios exercised.
final class CoverageTests: XCTestCase {
    typealias F = TestingFixture

    /// Two scenarios: one fires `harm` (red, so `act_now`), one fires `neglect` with the under-13 floor.
    static let suite = F.file(
        F.scenario("a", title: "Harm", given: ["age = 14", "harm = yes"], expect: ["outcome red"])
            + F.scenario(
                "b", title: "Neglect", given: ["age = 10", "concerns = (neglect)", "danger = unknown"],
                expect: ["outcome at least amber"]))

    func coverage() -> Coverage? {
        let report = TestRunner(reader: F.reader(["cases/a.scenario": Self.suite])).run(["cases/a.scenario"])
        XCTAssertEqual(report.coverage.count, 1)
        return report.coverage.first
    }

    func testRules() {
        guard let c = coverage() else { return }
        XCTAssertEqual(c.rules, Coverage.Tally(total: 4, covered: 2, never: ["danger", "cce_high"]))
        XCTAssertEqual(c.rules.percentText, "50.0%")
        XCTAssertEqual(c.scenarios, 2)
        XCTAssertEqual(c.rulesPath, F.rulesPath)
    }

    func testBandsPerScoreCountTheBandAfterFloors() {
        guard let c = coverage() else { return }
        XCTAssertEqual(c.bands.map(\.score), ["cce"])
        XCTAssertEqual(c.bands.first?.tally, Coverage.Tally(total: 3, covered: 2, never: ["high"]))
        XCTAssertEqual(c.bands.first?.tally.percentText, "66.6%", "rounded down: 100.0% only when complete")
    }

    func testAdvice() {
        guard let c = coverage() else { return }
        XCTAssertEqual(c.advice, Coverage.Tally(total: 2, covered: 1, never: ["consider_siblings"]))
    }

    func testFactsGivenAValueNotCountingAnExplicitUnknown() {
        guard let c = coverage() else { return }
        XCTAssertEqual(c.facts.covered, 3)
        XCTAssertEqual(c.facts.never, ["danger", "siblings", "missing_episodes", "excluded", "notes", "received"])
        XCTAssertEqual(c.facts.percentText, "33.3%")
    }

    func testPercentages() {
        XCTAssertEqual(Coverage.Tally(total: 0, covered: 0, never: []).percentText, "n/a")
        XCTAssertNil(Coverage.Tally(total: 0, covered: 0, never: []).permille)
        XCTAssertEqual(Coverage.Tally(total: 3, covered: 3, never: []).percentText, "100.0%")
        XCTAssertEqual(Coverage.Tally(total: 200, covered: 199, never: ["x"]).percentText, "99.5%")
        XCTAssertEqual(Coverage.Tally(total: 1000, covered: 999, never: ["x"]).percentText, "99.9%")
        XCTAssertEqual(Coverage.Tally(total: 7, covered: 0, never: []).percentText, "0.0%")
    }

    func testFilteredOutScenariosDoNotCount() {
        let report = TestRunner(filter: "harm", reader: F.reader(["cases/a.scenario": Self.suite])).run([
            "cases/a.scenario"
        ])
        guard let c = report.coverage.first else { return XCTFail("no coverage") }
        XCTAssertEqual(c.scenarios, 1)
        XCTAssertEqual(c.rules.never, ["danger", "neglect", "cce_high"])
    }
}
