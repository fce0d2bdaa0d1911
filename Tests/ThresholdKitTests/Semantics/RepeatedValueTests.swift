import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// A value named twice in `in (…)`, or given twice in a scenario's set, is a warning (`repeated-value`) at the
/// second, with a note at the first; the meaning is unchanged.
final class RepeatedValueTests: XCTestCase {
    func rules(_ condition: String) -> String {
        """
        ruleset "Repeated"
        fact referrer one of police, school "Who referred?"
        fact concerns some of neglect, physical "Which harms?"
        fact view level "What did the referrer ask for?"
        levels
          low "Low"
          high "High"
        end
        default low
        rule r when \(condition) then high end

        """
    }

    func testAValueListedTwiceInAnInListIsWarnedOfAtTheSecond() throws {
        let ds = InMemory.diagnostics(rules("referrer in (police, school, police)"))
        XCTAssertEqual(ds.map(\.code), [.repeatedValue])
        let d = try XCTUnwrap(ds.first)
        XCTAssertEqual(d.severity, .warning)
        XCTAssertEqual(d.message, "`police` is listed twice in `in (…)`; the second adds nothing")
        XCTAssertEqual(d.span?.start.line, 10)
        XCTAssertEqual(d.span?.start.column, 42)
        XCTAssertEqual(d.notes.map(\.message), ["first listed here"])
        XCTAssertEqual(d.notes.first?.span?.start.column, 26)
        // Levels too; and a list without repeats says nothing.
        XCTAssertEqual(InMemory.diagnostics(rules("view in (high, high)")).map(\.code), [.repeatedValue])
        XCTAssertEqual(InMemory.diagnostics(rules("referrer in (police, school)")).count, 0)
        // The rule means what it did: it fires for the police.
        let rs = try XCTUnwrap(InMemory.ruleSet(rules("referrer in (police, school, police)")))
        XCTAssertEqual(Evaluator(rs).evaluate(InMemory.facts(["referrer = police"], rs)).outcome, 1)
    }

    func testAValueGivenTwiceInAScenarioSetIsWarnedOfAtTheSecond() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(rules("concerns has physical")))
        let out = InMemory.scenarios(
            """
            rules "main.rules"
            scenario s "S"
              given
                concerns = (physical, neglect, physical)
            end
            """, against: rs)
        XCTAssertEqual(out.diagnostics.map(\.code), [.repeatedValue])
        let d = try XCTUnwrap(out.diagnostics.first)
        XCTAssertEqual(d.severity, .warning)
        XCTAssertEqual(d.message, "`physical` is given twice in `concerns`; the second adds nothing")
        XCTAssertEqual(d.span?.start.line, 4)
        XCTAssertEqual(d.span?.start.column, 36)
        XCTAssertEqual(d.notes.first?.span?.start.column, 17)
        // The scenario is kept, with both values.
        let s = try XCTUnwrap(out.scenarios.first)
        XCTAssertEqual(s.facts[1], .options(0b11))
    }
}
