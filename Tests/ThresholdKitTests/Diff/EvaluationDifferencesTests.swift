import XCTest

@testable import ThresholdKit

/// What changed between two evaluations, the one comparison `/v1/whatif`, the REPL's `what if` and the diff
/// say: of one rule set with other facts, and of two versions matched by name.
final class EvaluationDifferencesTests: XCTestCase {
    func evaluation(_ rs: RuleSet, _ given: [String]) -> Evaluation {
        Scoring(rs).score(InMemory.facts(given, rs)).evaluation
    }

    func testOneRuleSetWithOtherFacts() throws {
        let rs = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let base = ["age = 12", "a = no", "b = no", "c = no", "d = no", "received = 2019-04-12 16:00"]
        let now = evaluation(rs, base)
        let then = evaluation(rs, base + ["b = yes", "c = yes"])
        let d = EvaluationDifferences(now, then, EvaluationMatch(same: rs))
        XCTAssertEqual(d.started.map { rs.rules[$0].name }, ["risk_medium"])
        XCTAssertEqual(d.stopped, [])
        XCTAssertEqual(d.adviceAdded.map { rs.advice[$0].name }, ["check_c", "review"])
        XCTAssertEqual(d.adviceRemoved, [])
        XCTAssertEqual(d.scores.count, 1)
        let s = try XCTUnwrap(d.scores.first)
        XCTAssertEqual([s.total, s.band], [true, true])
        XCTAssertEqual([s.oldBand, s.newBand], ["low", "medium"])
        XCTAssertTrue(d.dueChanged)
        // Backwards, everything the other way round.
        let back = EvaluationDifferences(then, now, EvaluationMatch(same: rs))
        XCTAssertEqual(back.stopped.map { rs.rules[$0].name }, ["risk_medium"])
        XCTAssertEqual(back.adviceRemoved.map { rs.advice[$0].name }, ["check_c", "review"])
        XCTAssertEqual(back.scores.map { [$0.oldBand, $0.newBand] }, [["medium", "low"]])
        // The same facts: nothing.
        let same = EvaluationDifferences(now, evaluation(rs, base), EvaluationMatch(same: rs))
        XCTAssertTrue(same.started.isEmpty && same.stopped.isEmpty && same.scores.isEmpty && !same.dueChanged)
        XCTAssertTrue(same.adviceAdded.isEmpty && same.adviceRemoved.isEmpty)
    }

    func testTwoVersionsAreMatchedByName() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        // The band `medium` renamed `moderate`, and with it the rule `risk_medium` (now `risk_moderate`).
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(DiffFixture.base.replacingOccurrences(of: "medium", with: "moderate")))
        let given = ["age = 12", "a = no", "b = yes", "c = yes", "d = no"]
        let d = EvaluationDifferences(
            evaluation(old, given), evaluation(new, given), EvaluationMatch(old: old, new: new))
        // A rule of one version only counts as not firing in the other.
        XCTAssertEqual(d.started.map { new.rules[$0].name }, ["risk_moderate"])
        XCTAssertEqual(d.stopped.map { old.rules[$0].name }, ["risk_medium"])
        // The band's index is the same; its name is not.
        XCTAssertEqual(d.scores.count, 1)
        let s = try XCTUnwrap(d.scores.first)
        XCTAssertEqual([s.total, s.range, s.band], [false, false, true])
        XCTAssertEqual([s.oldBand, s.newBand], ["medium", "moderate"])
        XCTAssertEqual(d.adviceAdded, [])
        XCTAssertEqual(d.adviceRemoved, [])
    }
}
