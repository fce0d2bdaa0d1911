import XCTest

@testable import ThresholdKit

/// `ask`: the interview, kept as session state so that the next lines are answers.
final class ReplAskTests: XCTestCase {
    func testAskPutsTheRequiredQuestionsFirstThenTheMostConsequentialAndEndsWithTheOutcome() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12", "danger = no")
        let first = session.handle("ask").text
        XCTAssertTrue(session.isInterviewing)
        XCTAssertTrue(first.contains("received (required)\n  When did the contact arrive?"), first)
        XCTAssertEqual(session.prompt, "  received? ")
        let second = session.handle("2019-04-12 16:00").text
        XCTAssertTrue(
            second.contains(
                "concerns (could change the outcome to mid)\n  Which harms are alleged? [some of neglect, sexual]\n"),
            second)
        XCTAssertEqual(session.prompt, "  concerns? ")
        let last = session.handle("(neglect)").text
        XCTAssertEqual(
            last,
            """
            concerns = (neglect)
              outcome: low → mid (Mid): Social work, within 3 working days; due 2019-04-17 16:00
              warning: the rule set lists no holidays and names no calendar, so bank holidays were not skipped in counting working days: name a calendar in the rule set, e.g. `calendar "england-and-wales"`
            No more questions: no unknown fact could change the outcome now. 2 answers recorded.
            Outcome: mid (Mid): Social work, within 3 working days; due 2019-04-17 16:00

            """)
        XCTAssertFalse(session.isInterviewing)
        XCTAssertEqual(session.prompt, "threshold> ")
    }

    func testABadAnswerIsAskedAgainWithAHint() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "ask", "skip")  // the required `received` first
        let text = session.handle("perhaps").text
        XCTAssertEqual(
            text,
            "error: danger: expected yes/no, found `perhaps`\n  = help: write `yes`, `no` or `unknown`\n  Is the child in danger? [yes/no]\n"
        )
        XCTAssertTrue(session.isInterviewing)
        XCTAssertEqual(session.prompt, "  danger? ")
        XCTAssertEqual(session.value("danger"), "unknown")
        XCTAssertTrue(session.handle("yes").text.hasPrefix("danger = yes\n"))
    }

    func testSkipAndEmptyAnswersMoveOn() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "ask")
        let skipped = session.handle("").text
        XCTAssertTrue(skipped.hasPrefix("danger (could change the outcome to high)"), skipped)
        let again = session.handle("skip").text
        XCTAssertTrue(again.hasPrefix("concerns (could change the outcome to mid)"), again)
        let end = session.handle("unknown").text
        XCTAssertTrue(end.hasPrefix("No more questions; skipped: received, danger, concerns."), end)
        XCTAssertFalse(session.isInterviewing)
    }

    func testStopEndsTheInterviewKeepingTheAnswers() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "ask", "skip", "no")
        let text = session.handle("stop").text
        XCTAssertEqual(
            text,
            "Interview stopped. 1 answer recorded.\nOutcome: low (Low), provisional: Universal services [default: no rule fired]\n"
        )
        XCTAssertEqual(session.value("danger"), "no")
        XCTAssertFalse(session.isInterviewing)
        XCTAssertTrue(session.handle("score").text.hasPrefix("Outcome: low"))
    }

    func testHelpAndQuitDuringTheInterview() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "ask", "skip")
        XCTAssertTrue(session.handle("help").text.contains("Answer with yes/no"))
        XCTAssertTrue(session.isInterviewing)
        XCTAssertTrue(session.handle("quit").quit)
    }

    func testAskWithNothingToAsk() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "danger = yes", "received = 2019-04-12 16:00")
        XCTAssertEqual(
            session.handle("ask").text,
            "Nothing to ask: no unknown fact could change the outcome.\nOutcome: high (High): MASH, within 24 hours; due 2019-04-13 16:00\n"
        )
        XCTAssertFalse(session.isInterviewing)
        XCTAssertTrue(session.handle("ask me").text.contains("`ask` takes nothing"))
    }

    func testEndOfInputEndsTheInterview() {
        let (session, _) = ReplFixtures.session()
        session.run("ask")
        XCTAssertTrue(session.endOfInput().quit)
        XCTAssertFalse(session.isInterviewing)
    }
}
