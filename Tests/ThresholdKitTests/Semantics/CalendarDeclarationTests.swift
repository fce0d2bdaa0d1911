import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// `calendar "NAME"` beside `holiday`, and the warning a result carries when its due time is counted past a
/// hand-listed calendar (text and JSON).
final class CalendarDeclarationTests: XCTestCase {
    func rules(_ calendarLines: String) -> String {
        """
        ruleset "Calendar"
        \(calendarLines)
        fact received datetime "When?"
        levels
          amber "Amber" within 3 working days
        end
        default amber
        clock starts received

        """
    }

    func testUnknownCalendarSuggestsTheNearest() throws {
        let d = try XCTUnwrap(
            InMemory.diagnostics(rules(#"calendar "england-and-wale""#)).first { $0.severity == .error })
        XCTAssertEqual(d.code, .unknownCalendar)
        XCTAssertEqual(d.hint, "did you mean `england-and-wales`?")
        XCTAssertEqual(d.span?.start.line, 2)
        XCTAssertEqual(d.span?.start.column, 10)
    }

    func testOneCalendarPerRuleSet() throws {
        let ds = InMemory.diagnostics(rules("calendar \"scotland\"\ncalendar \"england-and-wales\""))
        XCTAssertEqual(ds.filter { $0.severity == .error }.map(\.code), [.duplicateCalendar])
        // The same calendar named twice (a rule set and a fragment it includes) is no conflict.
        XCTAssertEqual(
            InMemory.diagnostics(rules("calendar \"scotland\"\ncalendar \"scotland\"")).filter { $0.severity == .error }
                .count, 0)
        let missing = try XCTUnwrap(InMemory.diagnostics(rules("calendar scotland")).first)
        XCTAssertTrue(missing.message.contains("the calendar's name"), missing.message)
    }

    func testASecondHolidayLineForADateIsAWarningAndKeepsTheFirstName() throws {
        let text = rules("holiday 2026-12-24 \"Council closure\"\nholiday 2026-12-24 \"Christmas Eve\"")
        let ds = InMemory.diagnostics(text)
        let d = try XCTUnwrap(ds.first)
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(d.severity, .warning)
        XCTAssertEqual(d.code, .duplicateHoliday)
        XCTAssertEqual(d.message, "2026-12-24 is a `holiday` already; this line adds nothing")
        XCTAssertEqual(d.hint, "keep one line for the date; it is named \"Council closure\"")
        XCTAssertEqual(d.span?.start.line, 3)
        XCTAssertEqual(d.notes.first?.span?.start.line, 2)
        let rs = try XCTUnwrap(InMemory.ruleSet(text))
        XCTAssertEqual(rs.calendar.holidays(in: 2026).filter(\.isListed).map(\.title), ["Council closure"])
        // A date named only by its second line takes that name, and is still warned of.
        let unnamed = rules("holiday 2026-12-24\nholiday 2026-12-24 \"Christmas Eve\"")
        XCTAssertEqual(InMemory.diagnostics(unnamed).map(\.code), [.duplicateHoliday])
        XCTAssertEqual(
            try XCTUnwrap(InMemory.ruleSet(unnamed)).calendar.holidays(in: 2026).filter(\.isListed).map(\.title),
            ["Christmas Eve"])
        // Two dates, no warning.
        XCTAssertEqual(InMemory.diagnostics(rules("holiday 2026-12-24\nholiday 2026-12-31")).count, 0)
    }

    func testHolidayLinesAddToTheNamedCalendar() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(rules("calendar \"northern-ireland\"\nholiday 2026-03-18 \"Council closure\"")))
        XCTAssertEqual(rs.calendar.region, .northernIreland)
        let due = Evaluator(rs).evaluate(InMemory.facts(["received = 2026-03-16 10:00"], rs)).due
        // 17 March St Patrick's Day, 18 March closed: Monday 16 + 3 → 19, 20, 23.
        XCTAssertEqual(due?.description, "2026-03-23 10:00")
        XCTAssertEqual(rs.calendar.holidays(in: 2026).filter(\.isListed).map(\.title), ["Council closure"])
    }

    func handListed() throws -> RuleSet {
        try XCTUnwrap(
            InMemory.ruleSet(
                rules(
                    "holiday 2021-12-27 \"Christmas Day (substitute day)\"\nholiday 2021-12-28 \"Boxing Day (substitute day)\""
                )))
    }

    func testAResultCountedPastAHandListedCalendarCarriesAWarning() throws {
        let rs = try handListed()
        let scoring = Scoring(rs)
        let inside = scoring.score(InMemory.facts(["received = 2021-12-23 10:00"], rs), id: "a")
        XCTAssertEqual(inside.evaluation.due?.description, "2021-12-30 10:00")
        XCTAssertEqual(inside.warnings, [])
        XCTAssertFalse(JSONResultRenderer().render(inside).contains("warnings"))
        XCTAssertFalse(TextResultRenderer().render(inside).contains("Warning"))

        let past = scoring.score(InMemory.facts(["received = 2025-12-24 10:00"], rs), id: "b")
        XCTAssertEqual(past.evaluation.due?.description, "2025-12-29 10:00")  // wrong: Christmas 2025 is not listed
        XCTAssertEqual(past.warnings.count, 1)
        let warning = try XCTUnwrap(past.warnings.first)
        XCTAssertTrue(warning.contains("(2021)") && warning.contains("after 2021"), warning)
        let json = JSONResultRenderer().render(past)
        XCTAssertTrue(json.hasSuffix(#","changes":[],"warnings":["# + JSONText.quoted(warning) + "]}"), json)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["warnings"] as? [String], [warning])
        let text = TextResultRenderer().render(past)
        XCTAssertTrue(
            text.hasPrefix(
                "Scenario b\nOutcome: amber (Amber): within 3 working days; due 2025-12-29 10:00 [default: no rule fired]\nWarning: \(warning)\n"
            ), text)
    }

    func testNoWarningWithANamedCalendarOrWithoutWorkingDays() throws {
        let named = try XCTUnwrap(InMemory.ruleSet(rules("calendar \"england-and-wales\"")))
        let r = Scoring(named).score(InMemory.facts(["received = 2025-12-24 10:00"], named))
        XCTAssertEqual(r.evaluation.due?.description, "2025-12-31 10:00")
        XCTAssertEqual(r.warnings, [])
        let hours = try XCTUnwrap(
            InMemory.ruleSet(rules("").replacingOccurrences(of: "3 working days", with: "24 hours")))
        XCTAssertEqual(Scoring(hours).score(InMemory.facts(["received = 2025-12-24 10:00"], hours)).warnings, [])
    }
}

/// A JSON string literal, as the renderer writes it.
enum JSONText {
    static func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return w.text
    }
}
