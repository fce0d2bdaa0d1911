import XCTest

@testable import ThresholdKit

/// `what if`: the outcome with changes, beside the current one; nothing kept.
final class ReplWhatIfTests: XCTestCase {
    func testWhatIfShowsBothOutcomesAndTheDifferences() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "concerns = (neglect)", "received = 2019-04-12 16:00")
        let text = session.handle("what if danger = yes, episodes = 2 and concerns = (sexual)").text
        XCTAssertEqual(
            text,
            """
            What if danger = yes (now unknown), episodes = 2 (now 0), concerns = (sexual) (now (neglect)):
              now:     mid (Mid), provisional: Social work, within 3 working days; due 2019-04-17 16:00
              what if: high (High): MASH, within 24 hours; due 2019-04-13 16:00
              would start firing: danger_young → high, risky → mid
              would stop firing: neglect → mid
              score risk: total 0 (could be 0 to 3) → 5, band nil → top
              advice removed:
                - Find out whether the child is in danger.
              due: 2019-04-17 16:00 → 2019-04-13 16:00
            Nothing was kept: the facts are as they were.

            """)
        XCTAssertEqual(session.value("danger"), "unknown")
        XCTAssertEqual(session.value("episodes"), "0")
        XCTAssertEqual(session.value("concerns"), "(neglect)")
    }

    /// A fact changed twice is refused (the last one won, and which that is depends on the order; a review).
    func testAFactChangedTwiceIsRefused() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6")
        let text = session.handle("what if age = 17, age = 10").text
        XCTAssertTrue(text.contains("`age` is changed twice"), text)
        XCTAssertFalse(text.contains("What if"), text)
    }

    func testWhatIfWithTheSameOutcome() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12", "danger = no")
        let text = session.handle("what if referrer = police").text
        XCTAssertTrue(
            text.contains(
                "what if: low (Low), provisional: Universal services [default: no rule fired] (the same level)"), text)
        XCTAssertTrue(text.contains("no rule, score or advice would change"), text)
    }

    func testWhatIfAdviceAdded() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12", "danger = no")
        let text = session.handle("what if concerns = (neglect)").text
        XCTAssertEqual(
            text,
            """
            What if concerns = (neglect) (now unknown):
              now:     low (Low), provisional: Universal services [default: no rule fired]
              what if: mid (Mid): Social work, within 3 working days
              would start firing: neglect → mid
              advice added:
                - Tell the police.
            Nothing was kept: the facts are as they were.

            """)
    }

    func testWhatIfMistakesKeepTheFacts() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6")
        XCTAssertTrue(session.handle("what if").text.contains("write `what if FACT = VALUE`"))
        XCTAssertTrue(session.handle("what if dangr = yes").text.contains("did you mean `danger`?"))
        XCTAssertTrue(session.handle("what if danger = yes, age = 99").text.contains("99 is above the highest value"))
        XCTAssertTrue(session.handle("what if danger").text.contains("expected FACT=VALUE"))
        XCTAssertEqual(session.value("age"), "6")
        XCTAssertEqual(session.value("danger"), "unknown")
    }

    func testAssignmentsSplitAtCommasAndAndOutsideSetsAndStrings() {
        XCTAssertEqual(
            ReplCommandLine.assignments("a = 1, b = (x, y) and c = \"p and q, r\""),
            ["a = 1", "b = (x, y)", "c = \"p and q, r\""])
        XCTAssertEqual(ReplCommandLine.assignments("brand = new and android = yes"), ["brand = new", "android = yes"])
        XCTAssertEqual(ReplCommandLine.assignments(""), [])
    }
}
