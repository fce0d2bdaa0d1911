import XCTest

@testable import ThresholdKit

/// Every `expect` clause, holding and failing, with the words of the failure.
final class ExpectationCheckerTests: XCTestCase {
    typealias F = TestingFixture

    func assertPasses(_ given: [String], _ expect: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let c = F.check(given: given, expect, file: file, line: line) else { return }
        XCTAssertTrue(c.passed, "`\(expect)` should hold: \(c.message)", file: file, line: line)
    }

    /// Asserts the clause fails and its message is exactly `message`.
    func assertFails(
        _ given: [String], _ expect: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let c = F.check(given: given, expect, file: file, line: line) else { return }
        XCTAssertFalse(c.passed, "`\(expect)` should fail", file: file, line: line)
        XCTAssertEqual(c.message, message, file: file, line: line)
    }

    // MARK: outcome

    func testOutcomeExactly() {
        assertPasses(["age = 14", "harm = yes"], "outcome red")
        assertFails(
            ["age = 14", "concerns = (neglect)", "harm = no", "danger = no"], "outcome red",
            "expected outcome red, got amber (decided by neglect)")
    }

    func testOutcomeFailureNamesTheUndeterminedRuleThatCouldGiveIt() {
        assertFails(
            ["age = 14", "concerns = (neglect)", "danger = no"], "outcome red",
            "expected outcome red, got amber (decided by neglect; could be red if harm fires: harm is unknown)")
    }

    func testOutcomeDefaultWhenNoRuleFired() {
        assertFails(
            ["age = 14", "harm = no", "danger = no"], "outcome amber",
            "expected outcome amber, got blue (the default: no rule fired; could be amber if neglect fires: concerns is unknown)"
        )
    }

    func testOutcomeAtLeast() {
        assertPasses(["age = 14", "harm = yes"], "outcome at least amber")
        assertPasses(["age = 14", "harm = yes"], "outcome at least red")
        assertFails(
            ["age = 14", "harm = yes", "danger = no"], "outcome at least red_urgent",
            "expected outcome at least red_urgent, got red (decided by harm)")
    }

    func testOutcomeAtMost() {
        assertPasses(["age = 14", "concerns = (neglect)"], "outcome at most amber")
        assertPasses(["age = 14", "concerns = (neglect)"], "outcome at most red")
        assertFails(
            ["age = 14", "harm = yes"], "outcome at most amber",
            "expected outcome at most amber, got red (decided by harm)")
    }

    // MARK: fired, not fired

    func testFired() {
        assertPasses(["age = 14", "harm = yes"], "fired harm")
        assertFails(
            ["age = 14", "harm = no"], "fired harm",
            "expected fired harm, but it did not fire (its condition is no: harm = no)")
    }

    func testFiredWithUnknownConditionNamesTheUnknownFacts() {
        assertFails(
            ["age = 14"], "fired danger",
            "expected fired danger, but it did not fire (its condition is unknown: danger is unknown)")
    }

    func testFiredOnAScoreShowsTheBand() {
        assertFails(
            ["age = 14", "excluded = no"], "fired cce_high",
            "expected fired cce_high, but it did not fire (its condition is no: age = 14, missing_episodes = 0, "
                + "excluded = no, cce is low (total 0))")
    }

    func testNotFired() {
        assertPasses(["age = 14", "harm = no"], "not fired harm")
        assertPasses(["age = 14"], "not fired harm")  // unknown is not fired
        assertFails(
            ["age = 14", "harm = yes"], "not fired harm",
            "expected not fired harm, but it fired (→ red; harm = yes)")
    }

    // MARK: score

    func testScoreEquals() {
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = yes"], "score cce = 3")
        assertFails(
            ["age = 14", "missing_episodes = 3", "excluded = no"], "score cce = 3",
            "expected score cce = 3, got total 2")
    }

    func testScoreEqualsComparesTheKnownTotalAndShowsTheRange() {
        assertPasses(["age = 14", "missing_episodes = 3"], "score cce = 2")
        assertFails(
            ["age = 14", "missing_episodes = 3"], "score cce = 3",
            "expected score cce = 3, got total 2 (could be 2 to 3)")
    }

    func testScoreBetween() {
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = no"], "score cce between 1 and 2")
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = no"], "score cce between 2 and 2")
        assertFails(
            ["age = 14", "missing_episodes = 3", "excluded = no"], "score cce between 3 and 9",
            "expected score cce between 3 and 9, got total 2")
    }

    func testScoreIsBand() {
        assertPasses(["age = 14", "excluded = yes", "missing_episodes = 3"], "score cce is high")
        assertFails(
            ["age = 14", "excluded = yes"], "score cce is high",
            "expected score cce is high, got band low (total 1)")
    }

    func testScoreBandAfterAFloorSaysSo() {
        assertPasses(["age = 10", "excluded = yes"], "score cce is medium")
        assertFails(
            ["age = 10", "excluded = yes"], "score cce is low",
            "expected score cce is low, got band medium (total 1; raised from low by a floor: No child under 13 is rated low)"
        )
    }

    func testScoreBandCouldReach() {
        assertFails(
            ["age = 14", "missing_episodes = 3"], "score cce is high",
            "expected score cce is high, got band medium (total 2, could be 2 to 3; could reach high)")
    }

    func testScoreIsAtLeastAndAtMost() {
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = no"], "score cce is at least medium")
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = no"], "score cce is at least low")
        assertFails(
            ["age = 14", "excluded = no"], "score cce is at least medium",
            "expected score cce is at least medium, got band low (total 0)")
        assertPasses(["age = 14", "missing_episodes = 3", "excluded = no"], "score cce is at most medium")
        assertFails(
            ["age = 14", "missing_episodes = 3", "excluded = yes"], "score cce is at most medium",
            "expected score cce is at most medium, got band high (total 3)")
    }

    // MARK: advice

    func testAdvice() {
        assertPasses(["age = 14", "siblings = 2"], "advice consider_siblings")
        assertFails(
            ["age = 14"], "advice consider_siblings",
            "expected advice consider_siblings, but it was not given (siblings = 0; outcome blue)")
    }

    func testAdviceReadingTheOutcome() {
        assertPasses(["age = 14", "harm = yes"], "advice act_now")
        assertFails(
            ["age = 14", "concerns = (neglect)"], "advice act_now",
            "expected advice act_now, but it was not given (outcome amber)")
    }

    func testNoAdvice() {
        assertPasses(["age = 14"], "no advice consider_siblings")
        assertFails(
            ["age = 14", "siblings = 1"], "no advice consider_siblings",
            "expected no advice consider_siblings, but it was given (siblings = 1; outcome blue)")
    }

    // MARK: missing

    func testMissingFactThatCouldRaiseTheOutcome() {
        assertPasses(["age = 14", "harm = yes"], "missing danger")
        assertFails(
            ["age = 14", "harm = yes", "danger = no"], "missing danger",
            "expected missing danger, but it is not missing: it is known (danger = no)")
    }

    func testMissingRequiredFact() {
        assertPasses([], "missing age")
    }

    func testMissingFactThatCannotChangeAnything() {
        assertFails(
            ["age = 14", "danger = yes"], "missing notes",
            "expected missing notes, but it is not listed as missing information: it is unknown, but it could "
                + "not change the outcome or a score's band, and it is not required")
    }

    // MARK: due

    func testDue() {
        assertPasses(["age = 14", "harm = yes", "received = 2019-04-12 16:00"], "due 2019-04-13 16:00")
        assertPasses(["age = 14", "harm = yes", "received = 2019-04-12T16:00"], "due 2019-04-13T16:00")
        assertFails(
            ["age = 14", "harm = yes", "danger = no", "received = 2019-04-12 16:00"], "due 2019-04-12 20:00",
            "expected due 2019-04-12 20:00, got 2019-04-13 16:00 (red, within 24 hours of received = 2019-04-12 16:00)")
    }

    func testDueFailsWhenTheClockIsUnknown() {
        assertFails(
            ["age = 14", "harm = yes"], "due 2019-04-13 16:00",
            "expected due 2019-04-13 16:00, but there is no due time (received is unknown)")
    }

    func testDueFailsWhenTheOutcomeHasNoTimescale() {
        assertFails(
            ["age = 14", "harm = no", "danger = no", "received = 2019-04-12 16:00"], "due 2019-04-13 16:00",
            "expected due 2019-04-13 16:00, but there is no due time (the outcome blue has no timescale)")
    }

    // MARK: the check value

    func testCheckKeepsTheClauseAsWrittenItsLineAndBothSides() {
        let checks = F.checks(
            given: ["age = 14", "harm = yes", "danger = no"],
            expect: ["outcome   at least red", "fired danger"])
        XCTAssertEqual(checks.count, 2)
        guard checks.count == 2 else { return }
        XCTAssertTrue(checks[0].passed)
        XCTAssertEqual(checks[0].written, "outcome at least red")
        XCTAssertEqual(checks[0].expected, "outcome at least red")
        XCTAssertEqual(checks[0].line, 9)
        XCTAssertFalse(checks[1].passed)
        XCTAssertEqual(checks[1].expected, "fired danger")
        XCTAssertEqual(checks[1].actual, "it did not fire (its condition is no: danger = no)")
        XCTAssertEqual(checks[1].line, 10)
    }

    func testPassesAgreesWithCheck() {
        let out = F.load(
            F.file(
                F.scenario(
                    "s", given: ["age = 10", "harm = yes", "siblings = 1"],
                    expect: [
                        "outcome red", "outcome blue", "fired harm", "not fired harm",
                        "score cce = 0", "score cce is medium", "advice act_now",
                        "no advice consider_siblings", "missing danger", "missing age",
                    ])))
        guard let rs = out.ruleSet, let s = out.scenarios.first else { return XCTFail("no scenario") }
        let result = Scoring(rs).score(s)
        let checker = ExpectationChecker(rs)
        let verdicts = s.expectations.map { checker.passes($0.expectation, result) }
        XCTAssertEqual(verdicts, [true, false, true, false, true, true, true, false, true, false])
        XCTAssertEqual(checker.check(s, against: result).map(\.passed), verdicts)
    }
}
