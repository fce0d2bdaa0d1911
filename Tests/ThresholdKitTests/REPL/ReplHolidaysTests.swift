import XCTest

@testable import ThresholdKit

/// `holidays YEAR`, and the warning a due time counted past a hand-listed calendar carries in the REPL.
final class ReplHolidaysTests: XCTestCase {
    func named() -> ReplSession {
        let rules = ReplFixtures.rules.replacingOccurrences(
            of: "ruleset \"Test rules\" version \"1\"\n",
            with:
                "ruleset \"Test rules\" version \"1\"\ncalendar \"england-and-wales\"\nholiday 2025-12-24 \"Council closure\"\n"
        )
        let (session, _) = ReplFixtures.session(["rules/test.rules": rules])
        return session
    }

    func testListsTheCalendarAndTheListedDates() {
        let text = named().handle("holidays 2025").text
        XCTAssertTrue(text.hasPrefix("Holidays in 2025: England and Wales bank holidays, and 1 listed date\n"), text)
        XCTAssertTrue(
            text.contains(
                "  2025-12-24  Wed  Council closure (listed in the rule set)\n  2025-12-25  Thu  Christmas Day\n"), text
        )
        XCTAssertFalse(text.contains("Warning"), text)
    }

    func testABadYearSaysHowToWriteIt() {
        XCTAssertEqual(
            named().handle("holidays next").text, "error: `holidays` takes a year\n  = help: write `holidays 2026`\n")
        XCTAssertTrue(ReplSession().handle("holidays 2026").text.contains("no rule set is loaded"))
    }

    func testNoWarningWithANamedCalendar() {
        let session = named()
        let reply = session.run("age = 12", "concerns = (neglect)", "received = 2025-12-23 10:00")
        XCTAssertEqual(reply, "received = 2025-12-23 10:00\n  due: 2025-12-31 10:00\n")
        XCTAssertFalse(session.handle("score").text.contains("Warning"))
    }

    func testAHandListedCalendarThatRunsOutWarnsInTheREPL() {
        let rules = ReplFixtures.rules.replacingOccurrences(
            of: "ruleset \"Test rules\" version \"1\"\n",
            with: "ruleset \"Test rules\" version \"1\"\nholiday 2021-12-27 \"Christmas Day (substitute day)\"\n")
        let (session, _) = ReplFixtures.session(["rules/test.rules": rules])
        let reply = session.run("age = 12", "concerns = (neglect)", "received = 2025-12-23 10:00")
        XCTAssertTrue(
            reply.hasPrefix(
                "received = 2025-12-23 10:00\n  due: 2025-12-26 10:00\n  warning: the working days were counted past the rule set's listed holidays (2021)"
            ), reply)
        let score = session.handle("score").text
        XCTAssertTrue(score.contains("; due 2025-12-26 10:00\nWarning: the working days were counted past"), score)
        XCTAssertTrue(
            session.handle("holidays 2025").text.contains(
                "Warning: the rule set names no calendar and lists holidays for 2021 only: bank holidays in 2025 are counted as working days"
            ))
    }
}
