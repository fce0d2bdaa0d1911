import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// Kleene three-valued logic, exact arithmetic, scores with ranges and floors (spec 2.6, 2.8, 2.9).
final class EvaluatorTests: XCTestCase {
    let base = """
        ruleset "T"
        fact a yes/no
        fact b yes/no
        fact c yes/no
        fact n number
        fact m number
        fact k count to 10
        fact r one of police, health, school
        fact s some of x, y, z
        fact t text
        fact d date
        fact dt datetime
        fact v level
        levels
          blue "Blue"
          amber "Amber" within 3 working days
          red "Red" within 24 hours
        end
        clock starts dt

        """

    func tri(_ condition: String, _ given: [String]) -> Tri? {
        guard let rs = InMemory.ruleSet(base + "define probe = \(condition)") else { return nil }
        let ev = Evaluator(rs)
        _ = ev.evaluate(InMemory.facts(given, rs))
        guard case .condition(let node) = rs.definitions[0].body else { return nil }
        return ev.condition(node)
    }

    func testKleeneAndOrNot() {
        XCTAssertEqual(tri("a and b", ["a = no"]), .no)
        XCTAssertEqual(tri("a and b", ["a = yes"]), .unknown)
        XCTAssertEqual(tri("a or b", ["a = yes"]), .yes)
        XCTAssertEqual(tri("a or b", ["a = no"]), .unknown)
        XCTAssertEqual(tri("not a", []), .unknown)
        XCTAssertEqual(tri("not a", ["a = no"]), .yes)
    }

    func testComparisonsWithUnknownAreUnknown() {
        XCTAssertEqual(tri("n > 3", []), .unknown)
        XCTAssertEqual(tri("n > 3", ["n = 4"]), .yes)
        XCTAssertEqual(tri("r = police", []), .unknown)
    }

    func testKnownTestsAreNeverUnknown() {
        XCTAssertEqual(tri("n is known", []), .no)
        XCTAssertEqual(tri("n is unknown", []), .yes)
        XCTAssertEqual(tri("a is known", ["a = no"]), .yes)
    }

    func testAtLeastNOf() {
        XCTAssertEqual(tri("at least 2 of (a, b, c)", ["a = yes", "b = yes"]), .yes)
        XCTAssertEqual(tri("at least 2 of (a, b, c)", ["a = no", "b = no"]), .no)
        XCTAssertEqual(tri("at least 2 of (a, b, c)", ["a = yes", "b = no"]), .unknown)
        XCTAssertEqual(tri("at most 1 of (a, b, c)", ["a = yes", "b = no", "c = no"]), .yes)
        XCTAssertEqual(tri("all of (a, b)", ["a = yes", "b = yes"]), .yes)
        XCTAssertEqual(tri("any of (a, b)", ["a = no"]), .unknown)
        XCTAssertEqual(tri("none of (a, b)", ["a = no", "b = no"]), .yes)
    }

    func testExactDecimalArithmetic() {
        XCTAssertEqual(tri("0.1 + 0.2 = 0.3", []), .yes)
        XCTAssertEqual(tri("n * 3 = 0.3", ["n = 0.1"]), .yes)
        XCTAssertEqual(tri("n / m > 0", ["n = 1", "m = 0"]), .unknown, "division by zero is unknown")
        XCTAssertEqual(tri("n / 3 * 3 = 1", ["n = 1"]), .no, "division rounds to 6 places")
    }

    func testEnumsSetsTextLevels() {
        XCTAssertEqual(tri("r in (police, health)", ["r = health"]), .yes)
        XCTAssertEqual(tri("r != school", ["r = school"]), .no)
        XCTAssertEqual(tri("s has y", ["s = (x, y)"]), .yes)
        XCTAssertEqual(tri("s has z", ["s = (x, y)"]), .no)
        XCTAssertEqual(tri("t = \"hello\"", ["t = \"hello\""]), .yes)
        XCTAssertEqual(tri("v is at most amber", ["v = blue"]), .yes)
        XCTAssertEqual(tri("v is red", ["v = amber"]), .no)
    }

    func testDates() {
        XCTAssertEqual(tri("years between d and 2019-04-12 = 12", ["d = 2007-04-12"]), .yes)
        XCTAssertEqual(tri("years between d and 2019-04-12 = 12", ["d = 2007-04-13"]), .no)
        XCTAssertEqual(tri("days between d and dt = 2", ["d = 2019-04-10", "dt = 2019-04-12 23:00"]), .yes)
        XCTAssertEqual(tri("dt < 2019-04-12 16:01", ["dt = 2019-04-12 16:00"]), .yes)
        XCTAssertEqual(tri("n between 1 and 3", ["n = 3"]), .yes)
    }

    func testOutcomeIsMostSevereFiredLevelOrDefault() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                base + """
                    default blue
                    rule r1 when a then amber end
                    rule r2 when b then red end
                    rule r3 when c then amber end
                    """))
        let ev = Evaluator(rs)
        XCTAssertEqual(ev.evaluate(InMemory.facts([], rs)).outcome, 0)
        let e = ev.evaluate(InMemory.facts(["a = yes", "b = yes", "c = yes"], rs))
        XCTAssertEqual(e.outcome, 2)
        XCTAssertEqual(e.fired, [0, 1, 2], "every fired rule is reported, not only the deciding one")
        XCTAssertEqual(ev.outcomeLevel(InMemory.facts(["a = yes"], rs)), 1)
    }

    func testDueTimes() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                base
                    + "holiday 2019-04-19 \"Good Friday\"\nholiday 2019-04-22 \"Easter Monday\"\nrule r1 when a then amber end\nrule r2 when b then red end"
            ))
        let ev = Evaluator(rs)
        XCTAssertEqual(
            ev.evaluate(InMemory.facts(["a = yes", "dt = 2019-04-12 16:00"], rs)).due?.description, "2019-04-17 16:00")
        XCTAssertEqual(
            ev.evaluate(InMemory.facts(["a = yes", "dt = 2019-04-18 10:00"], rs)).due?.description, "2019-04-25 10:00")
        XCTAssertEqual(
            ev.evaluate(InMemory.facts(["b = yes", "dt = 2019-04-12 16:00"], rs)).due?.description, "2019-04-13 16:00")
        XCTAssertNil(ev.evaluate(InMemory.facts(["b = yes"], rs)).due, "no due time without the clock fact")
        XCTAssertNil(ev.evaluate(InMemory.facts(["dt = 2019-04-12 16:00"], rs)).due, "blue has no timescale")
        // The outcome and its due time without keeping the facts (`batch --outcome-only`): as evaluated, and the
        // facts kept stay those of the last evaluation.
        for facts in [
            ["a = yes", "dt = 2019-04-18 10:00"], ["b = yes", "dt = 2019-04-12 16:00"], ["b = yes"],
            ["dt = 2019-04-12 16:00"],
        ] {
            let v = InMemory.facts(facts, rs)
            let whole = Evaluator(rs).evaluate(v)
            let brief = ev.outcomeAndDue(v, changed: nil)
            XCTAssertEqual(brief.level, whole.outcome, "\(facts)")
            XCTAssertEqual(brief.due, whole.due, "\(facts)")
        }
        ev.forgetFacts()
        _ = ev.outcomeAndDue(InMemory.facts(["b = yes", "dt = 2019-04-12 16:00"], rs), changed: nil)
        XCTAssertNil(ev.due(for: 2), "the facts were not kept")
    }

    func testScoreRangeBandsAndFloors() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                base + """
                    score sc
                      domain first
                        3 when a
                        2 when b
                      end
                      add k max 5
                      bands
                        lo "Lo" 0 to 4
                        mid "Mid" 5 to 7
                        hi "Hi" 8 and above
                      end
                      floor mid when c "c raises it"
                    end
                    rule high when sc is at least hi then red end
                    rule total when sc.total >= 5 then amber end
                    """))
        let ev = Evaluator(rs)
        var e = ev.evaluate(InMemory.facts(["a = yes", "b = no", "k = 1", "c = no"], rs))
        XCTAssertEqual(e.scores[0].total, ExactNumber(4))
        XCTAssertEqual(e.scores[0].band, 0)
        XCTAssertEqual(e.scores[0].domainTotals, [ExactNumber(3)])
        XCTAssertEqual(e.rules, [.no, .no])

        // b unknown: range 4…6 straddles 5, so `sc.total >= 5` is unknown; the band is the known total's.
        e = ev.evaluate(InMemory.facts(["a = yes", "k = 1", "c = no"], rs))
        XCTAssertEqual(e.scores[0].range, NumRange(lo: ExactNumber(4), hi: ExactNumber(6)))
        XCTAssertEqual(e.scores[0].band, 0)
        XCTAssertEqual(e.scores[0].maxBand, 1)
        XCTAssertEqual(e.rules, [.no, .unknown])

        // add is capped at its max
        e = ev.evaluate(InMemory.facts(["a = yes", "b = yes", "k = 9", "c = no"], rs))
        XCTAssertEqual(e.scores[0].total, ExactNumber(10))
        XCTAssertEqual(e.rules, [.yes, .yes])

        // floor raises the band and says which floor
        e = ev.evaluate(InMemory.facts(["a = no", "b = no", "k = 0", "c = yes"], rs))
        XCTAssertEqual(e.scores[0].band, 1)
        XCTAssertEqual(e.scores[0].floor, 0)
        XCTAssertEqual(e.scores[0].bandBeforeFloors, 0)
    }

    func testNotIn() {
        XCTAssertEqual(tri("r not in (police, health)", ["r = health"]), .no)
        XCTAssertEqual(tri("r not in (police, health)", ["r = school"]), .yes)
        XCTAssertEqual(tri("r not in (police, health)", []), .unknown)
        XCTAssertEqual(tri("n not in (1, 2.5)", ["n = 2.5"]), .no)
        XCTAssertEqual(tri("v not in (blue, red)", ["v = amber"]), .yes)
        XCTAssertEqual(tri("a and r not in (school)", ["a = yes", "r = police"]), .yes)
    }
}
