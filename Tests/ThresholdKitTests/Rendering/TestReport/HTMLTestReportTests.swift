import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The suite report page (`threshold test --format html`).
final class HTMLTestReportTests: XCTestCase {
    typealias F = HTMLFixture

    func report() -> TestReport { F.report(["Tests/Fixtures/spec/scenarios/mathew.scenario", F.hostileScenarios]) }

    func testReportIsWellFormedAndInert() {
        let page = HTMLTestReportRenderer().render(report())
        let check = MarkupCheck(page)
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        XCTAssertEqual(Set(check.ids).count, check.ids.count, "ids are unique")
        XCTAssertEqual(check.scripts.count, 1, "only the filter script")
        XCTAssertEqual(check.scripts.first.map { $0.contains("alert") }, false)
        for tag in ["img", "iframe", "b", "blink", "marquee", "textarea"] {
            XCTAssertFalse(check.elements.contains(tag), "<\(tag)> from a label became an element")
        }
        XCTAssertTrue(check.text.contains("Fail <img src=x onerror=alert('fail')> & more"))
        XCTAssertTrue(check.text.contains("Pass </title></style><script>alert('title')</script> & \"quoted\" 'single'"))
    }

    func testCountsFailuresAndCoverage() throws {
        let r = report()
        let check = MarkupCheck(HTMLTestReportRenderer().render(r))
        XCTAssertEqual(r.passed, 2)
        XCTAssertEqual(r.failed, 1)
        XCTAssertTrue(check.text.contains("2Passed"), "the overall counts")
        XCTAssertTrue(check.text.contains("1Failed"))
        // Per file: the hostile file has one of each.
        XCTAssertTrue(check.text.contains("hostile.scenario"))
        // The failure, expanded: each failed clause with what happened instead, then the explanation.
        let failure = try XCTUnwrap(r.scenarios.first { !$0.passed })
        for c in failure.failures {
            XCTAssertTrue(check.text.contains(c.written), c.written)
            XCTAssertTrue(check.text.contains(c.actual), c.actual)
        }
        XCTAssertTrue(check.text.contains("What happened: "))
        XCTAssertTrue(check.text.contains("Fired rules:\n  raise → high"), "the brief explanation")
        // Coverage: what was never exercised, by name, with its figures.
        for c in r.coverage {
            for name in c.rules.never + c.advice.never { XCTAssertTrue(check.text.contains(name), name) }
            XCTAssertTrue(check.text.contains("\(c.rules.covered) of \(c.rules.total) (\(c.rules.percentText))"))
        }
        XCTAssertTrue(check.text.contains("Never exercised"))
    }

    func testEveryScenarioHasItsOutcomeBadge() {
        let r = F.report([
            "scenarios/camden/islington-jtai-2019.scenario", "scenarios/london/continuum-of-need.scenario",
        ])
        let check = MarkupCheck(HTMLTestReportRenderer().render(r))
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        for f in r.files {
            for s in f.scenarios {
                let o = try? XCTUnwrap(s.outcome)
                let rs = f.ruleSet
                XCTAssertNotNil(o, s.id)
                if let o, let rs {
                    XCTAssertTrue(check.text.contains("\(rs.levels[o].label) \(o + 1) of \(rs.levels.count)"), s.id)
                }
            }
        }
    }

    func testTheSameReportGivesTheSameBytes() {
        XCTAssertEqual(HTMLTestReportRenderer().render(report()), HTMLTestReportRenderer().render(report()))
    }

    func testAnEmptyRunSaysWhy() {
        let check = MarkupCheck(HTMLTestReportRenderer().render(TestReport()))
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        XCTAssertTrue(check.text.contains("no .scenario files found"))
    }
}
