import XCTest

@testable import ThresholdKit

final class ParserTests: XCTestCase {
    func parse(_ text: String) -> (RulesFileSyntax, [Diagnostic]) {
        Parser.parseRules(SourceFile(path: "t.rules", text: text))
    }

    func condition(_ text: String) -> ExprKind? {
        let (file, diags) = parse("define d = \(text)")
        XCTAssertEqual(diags.map(\.message), [])
        guard case .define(let d)? = file.declarations.first else { return nil }
        return d.body.kind
    }

    func testPrecedenceNotAndOr() {
        guard case .or(let a, let b)? = condition("not x and y or z") else { return XCTFail() }
        guard case .and(let n, _) = a.kind, case .not = n.kind else { return XCTFail("not binds tighter than and") }
        guard case .name("z") = b.kind else { return XCTFail() }
    }

    func testBetweenTakesItsOwnAnd() {
        guard case .and(let a, let b)? = condition("age between 10 and 17 and x") else { return XCTFail() }
        guard case .between = a.kind, case .name("x") = b.kind else { return XCTFail() }
    }

    func testArithmeticPrecedence() {
        guard case .compare(.gt, let lhs, _)? = condition("a + b * 2 > 3") else { return XCTFail() }
        guard case .arith(.add, _, let rhs) = lhs.kind, case .arith(.mul, _, _) = rhs.kind else { return XCTFail() }
    }

    func testCountingAndLevelTests() {
        guard case .count(.atLeast(2), let items)? = condition("at least 2 of (a, b, c)") else { return XCTFail() }
        XCTAssertEqual(items.count, 3)
        guard case .rank(_, .atLeast, let n)? = condition("cce is at least high") else { return XCTFail() }
        XCTAssertEqual(n.text, "high")
        guard case .isKnown(_, known: false)? = condition("x is unknown") else { return XCTFail() }
        guard case .member(let s, let m)? = condition("cce.total") else { return XCTFail() }
        XCTAssertEqual([s.text, m.text], ["cce", "total"])
        guard case .yearsBetween? = condition("years between dob and received") else { return XCTFail() }
    }

    func testFactTypes() {
        let (file, diags) = parse(
            """
            fact a number 0 to 25 "Q?" required
            fact b count to 9 default 0 source "S"
            fact c one of x, y
              "Which?"
            fact d some of p, q
            fact e yes/no
            fact f text
            fact g date
            fact h datetime
            fact i level
            """)
        XCTAssertEqual(diags.map(\.message), [])
        let facts = file.declarations.compactMap { d -> FactDecl? in
            if case .fact(let f) = d { return f }
            return nil
        }
        XCTAssertEqual(facts.map(\.name.text), ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        XCTAssertEqual(facts[0].question, "Q?")
        XCTAssertTrue(facts[0].required)
        XCTAssertEqual(facts[1].source, "S")
        XCTAssertEqual(facts[2].question, "Which?")
    }

    func testScoreItemsDomainsBandsFloors() {
        let (file, diags) = parse(
            """
            score s "S"
              1 when a
              -2 when b "negative weight on its own line"
              domain d "D"
                add n max 5 "capped"
              end
              bands
                low "Low" 0 to 4
                high "High" 5 and above
              end
              floor high when c "reason"
            end
            """)
        XCTAssertEqual(diags.map(\.message), [])
        guard case .score(let s)? = file.declarations.first else { return XCTFail() }
        XCTAssertEqual(s.items.count, 2)
        XCTAssertEqual(s.domains.first?.items.count, 1)
        XCTAssertEqual(s.bands.map(\.name.text), ["low", "high"])
        XCTAssertNil(s.bands[1].high)
        XCTAssertEqual(s.floors.first?.reason, "reason")
    }

    func testErrorsAreCollectedAcrossDeclarations() {
        let (_, diags) = parse(
            """
            rule a when x then end
            fact b number 5 10
            rule c "ok" when y then red end
            fact and yes/no
            """)
        XCTAssertEqual(diags.count, 3, diags.map(\.message).joined(separator: "\n"))
        XCTAssertEqual(diags.map { $0.span?.start.line }, [1, 2, 4])
        XCTAssertTrue(diags[2].message.contains("reserved word"))
    }

    func testScenarioFile() {
        let (file, diags) = Parser.parseScenarios(
            SourceFile(
                path: "s",
                text: """
                    rules "../r.rules"
                    scenario a "A"
                      source "S"
                      given
                        x = 1
                        y = (p, q)
                        z = unknown
                        w = -2.5
                      expect
                        outcome at least amber
                        fired r
                        not fired q
                        score s = 3
                        score s between 1 and 4
                        score s is at most low
                        advice v
                        no advice u
                        missing x
                        due 2019-04-13 16:00
                    end
                    """))
        XCTAssertEqual(diags.map(\.message), [])
        XCTAssertEqual(file.rulesPath, "../r.rules")
        XCTAssertEqual(file.scenarios.first?.given.count, 4)
        XCTAssertEqual(file.scenarios.first?.expectations.count, 10)
    }

    /// **Extension:** `story "…"` beside `source`, before or after `given`; a fact named `story` is still given.
    func testScenarioStory() {
        let (file, diags) = Parser.parseScenarios(
            SourceFile(
                path: "s",
                text: """
                    scenario a "A"
                      source "S"
                      story "Mathew is 12. His sisters must be found."
                      given
                        x = 1
                        story = yes
                      expect
                        outcome red
                    end
                    scenario b "B"
                      given
                        x = 2
                      story "Told after the facts."
                      expect
                        outcome red
                    end
                    """))
        XCTAssertEqual(diags.map(\.message), [])
        XCTAssertEqual(
            file.scenarios.map(\.story), ["Mathew is 12. His sisters must be found.", "Told after the facts."])
        XCTAssertEqual(file.scenarios.first?.given.map(\.name.text), ["x", "story"])
        XCTAssertEqual(file.scenarios.first?.source, "S")
    }

    func testValuesOnTheirOwn() {
        XCTAssertEqual(
            Parser.parseValue("(a, b)").0?.kind,
            .set([
                Name("a", SourceSpan(SourceLocation(file: "<value>", line: 1, column: 2))),
                Name("b", SourceSpan(SourceLocation(file: "<value>", line: 1, column: 5))),
            ]))
        XCTAssertEqual(Parser.parseValue("()").0?.kind, .set([]))
        XCTAssertNil(Parser.parseValue("1 2").0)
        // A value typed alone (`--set age=`, the REPL's `age =`) has no file to reach the end of.
        XCTAssertEqual(Parser.parseValue("").1.first?.message, "expected a value, found nothing")
        XCTAssertEqual(Parser.parseValue("(a, b").1.first?.message, "expected `)` to close the set, found nothing")
    }

    func testNotInIsTheNegationOfIn() {
        guard case .and(let a, _)? = condition("referrer not in (police, health) and x") else {
            return XCTFail("`not in` binds tighter than `and`")
        }
        guard case .not(let inner) = a.kind, case .inList(let x, let items) = inner.kind,
            case .name("referrer") = x.kind
        else {
            return XCTFail("`X not in (…)` is `not (X in (…))`")
        }
        XCTAssertEqual(items.count, 2)
        let (_, diags) = parse("define d = referrer not (police)")
        XCTAssertFalse(diags.isEmpty, "`not` after a value is `not in` or nothing")
    }
}
