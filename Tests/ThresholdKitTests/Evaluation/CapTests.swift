import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// `cap`: the outcome held at or below a level while a condition holds (issue 21), and everything that reasons
/// about outcomes knowing it: both interpreters, the explanation, missing information, counterfactuals, the
/// result's JSON, the linter, the diff and the scenario language.
final class CapTests: XCTestCase {
    static let rules = """
        ruleset "Caps"
        fact s47 yes/no "Significant harm (s47)?"
        fact s17 yes/no "Child in need (s17)?"
        fact injury yes/no "Injury?"
        fact neglect yes/no "Neglect?"
        fact fgm yes/no "FGM known?"
        levels
          blue "Blue"
          green "Green"
          amber "Amber"
          red "Red"
        end
        default blue
        rule injury_red "Injury" when injury then red end
        rule neglect_amber "Neglect" when neglect then amber end
        rule fgm_red "FGM" when fgm then red end
        rule harm "s47" when s47 then red end
        cap s47_no "the s47 answer" at amber when s47 = no unless fgm because "No reasonable cause." end
        cap both_no "the s17 and s47 answers" at green when s47 = no and s17 = no unless fgm end
        """

    func result(_ given: [String]) throws -> ScoredResult {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        return Scoring(rs).score(InMemory.facts(given, rs))
    }

    func name(_ r: ScoredResult, _ level: Int) -> String { r.ruleSet.levels[level].name }

    func testTheLowestCapThatHoldsDecidesAndBothInterpretersAgree() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        let ev = Evaluator(rs)
        let cases: [([String], String, String?)] = [
            (["injury = yes", "s47 = no"], "amber", "s47_no"),
            (["injury = yes", "s47 = no", "s17 = no"], "green", "both_no"),
            (["injury = yes", "s47 = no", "s17 = yes"], "amber", "s47_no"),
            (["injury = yes"], "red", nil),  // s47 unknown: the higher, safer answer stands
            (["injury = yes", "s47 = no", "fgm = yes"], "red", nil),  // the mandatory duty releases it
            (["injury = yes", "s47 = no", "fgm = no"], "amber", "s47_no"),
            (["neglect = yes", "s47 = no"], "amber", nil),  // at the cap already: not held lower
            (["s47 = no", "s17 = no"], "blue", nil),  // a cap never raises
        ]
        for (given, level, cap) in cases {
            let facts = InMemory.facts(given, rs)
            let e = ev.evaluate(facts)
            XCTAssertEqual(rs.levels[e.outcome].name, level, "\(given)")
            XCTAssertEqual(e.cap.map { rs.caps[$0].name }, cap, "\(given)")
            XCTAssertEqual(ev.outcomeLevel(facts), e.outcome, "the fast path agrees: \(given)")
            XCTAssertEqual(e.uncapped, cap == nil ? e.outcome : rs.levelIndex["red"], "\(given)")
        }
    }

    func testAnUnknownUnlessDoesNotReleaseTheCap() throws {
        let r = try result(["injury = yes", "s47 = no"])
        XCTAssertEqual(name(r, r.outcome), "amber")
        XCTAssertEqual(r.evaluation.caps.first, .heldUnlessOpen)
        // Answering fgm could release it (and fire fgm_red): the outcome is provisional, up to red.
        XCTAssertFalse(r.settled)
        XCTAssertEqual(name(r, r.highestPossible), "red")
        XCTAssertTrue(r.undetermined.contains { $0.rule == r.ruleSet.ruleIndex["fgm_red"] && $0.reach == 3 })
    }

    func testAnOpenCapPutsItsQuestionFirstAndSaysItCouldHoldLower() throws {
        let r = try result(["injury = yes", "neglect = yes"])
        XCTAssertEqual(name(r, r.outcome), "red")
        XCTAssertNil(r.evaluation.cap)
        XCTAssertEqual(r.openCaps.map { r.ruleSet.caps[$0.cap].name }, ["both_no", "s47_no"])
        XCTAssertEqual(r.missing.first.map { r.ruleSet.facts[$0.fact].name }, "s47")
        XCTAssertEqual(name(r, r.lowestPossible), "green")
        XCTAssertEqual(r.provisionalText, "could be held at green once 2 questions are answered")
        let text = TextResultRenderer().render(r)
        XCTAssertTrue(text.contains("Outcome: red (Red), provisional\n  It could be held at green"), text)
        XCTAssertTrue(text.contains("  s47: Significant harm (s47)? (could hold the outcome at green)\n"), text)
    }

    func testAHoldingCapLimitsWhatTheUnknownRulesCouldGive() throws {
        // Held at amber by s47 = no (fgm answered no): the red rules cannot raise it, so injury is not asked.
        let open = try result(["neglect = yes", "s47 = no", "fgm = no"])
        XCTAssertEqual(open.provisionalText, "could be held at green once 1 question is answered", "s17 is open")
        let r = try result(["neglect = yes", "s47 = no", "fgm = no", "s17 = yes"])
        XCTAssertEqual(name(r, r.outcome), "amber")
        XCTAssertTrue(r.settled, "nothing unanswered can move it: \(r.provisionalText ?? "")")
        XCTAssertFalse(r.missing.contains { r.ruleSet.facts[$0.fact].name == "injury" })
        XCTAssertTrue(r.undetermined.isEmpty)
    }

    func testTheResultSaysWhatHoldsItInTextAndJSON() throws {
        let r = try result(["injury = yes", "s47 = no", "s17 = yes", "fgm = no"])
        XCTAssertEqual(
            r.heldText,
            "held at amber by the s47 answer (cap s47_no); the rules alone give red (rule injury_red)")
        let json = JSONResultRenderer().render(r)
        XCTAssertTrue(
            json.contains(
                #""settled":true,"highest_possible":"amber","lowest_possible":"amber","capped":{"at":"amber","by":"s47_no","uncapped":"red","rules":["injury_red"],"because":"No reasonable cause.","source":null}"#
            ), json)
        let text = TextResultRenderer().render(r)
        XCTAssertTrue(text.contains("  because: No reasonable cause.\n"), text)
        XCTAssertTrue(text.contains("Record the rationale for the decision, and have a manager review it."), text)
        let open = JSONResultRenderer().render(try result(["injury = yes"]))
        XCTAssertTrue(
            open.contains(#""settled":false,"highest_possible":"red","lowest_possible":"green","capped":null"#), open)
    }

    func testCounterfactualsGoThroughTheCap() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        let scoring = Scoring(rs)
        var r = scoring.score(InMemory.facts(["injury = yes", "s47 = no", "fgm = no"], rs))
        r.changes = Counterfactuals.changes(for: r, scoring: scoring)
        let lines = r.changes.map { TextResultRenderer().changeText($0, r) }
        XCTAssertTrue(lines.contains("It would be red if s47 were yes (now no)"), "\(lines)")
        XCTAssertTrue(lines.contains("It would be green if s17 were no (now unknown)"), "\(lines)")
    }

    func testTheCheckerAndTheLinter() throws {
        let header = """
            ruleset "T"
            fact a yes/no "A?"
            levels
              low "Low"
              high "High"
            end
            rule r when a then high end

            """
        let undeclared = InMemory.diagnostics(header + "cap c at hgh when a end").first { $0.severity == .error }
        XCTAssertEqual(undeclared?.code, .undeclaredLevel)
        XCTAssertEqual(undeclared?.hint, "did you mean `high`?")
        let outcome = InMemory.diagnostics(header + "cap c at low when outcome is high end").first {
            $0.severity == .error
        }
        XCTAssertEqual(outcome?.code, .outcomeInRule)
        let twice = InMemory.diagnostics(header + "cap c at low when a end\ncap c at low when not a end")
        XCTAssertEqual(twice.first { $0.severity == .error }?.code, .duplicateName)
        let missingAt = InMemory.diagnostics(header + "cap c when a end").first
        XCTAssertEqual(missingAt?.message, "expected `at` before the level the cap holds the outcome at, found `when`")

        let rs = try XCTUnwrap(
            InMemory.ruleSet(header + "cap never at low when a and not a end\ncap top at high when a end"))
        let warnings = RuleLinter.lint(rs, sources: [:])
        XCTAssertTrue(
            warnings.contains { $0.code == .neverHolds && $0.message.hasPrefix("cap `never` can never hold") })
        XCTAssertTrue(
            warnings.contains {
                $0.code == .capNeverLowers
                    && $0.message == "cap `top` can never lower the outcome: no rule gives a level above `high`"
            }, "\(warnings.map(\.message))")
    }

    func testTheScenarioLanguage() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        let text = """
            rules "x.rules"
            scenario held "Held"
              given
                injury = yes
                s47 = no
                s17 = yes
                fgm = no
              expect
                outcome amber
                capped at amber
                settled
                no due
            end
            scenario wrong "Expectations that fail"
              given
                injury = yes
              expect
                capped at amber
                settled
                not capped
                provisional
            end
            """
        let (scenarios, diagnostics) = InMemory.scenarios(text, against: rs)
        XCTAssertEqual(diagnostics.map(\.message), [])
        let scoring = Scoring(rs)
        let checker = ExpectationChecker(rs)
        let held = try XCTUnwrap(scenarios.first)
        XCTAssertTrue(checker.check(held, against: scoring.score(held)).allSatisfy(\.passed))
        let wrong = try XCTUnwrap(scenarios.last)
        let checks = checker.check(wrong, against: scoring.score(wrong))
        XCTAssertEqual(checks.map(\.passed), [false, false, true, true])
        XCTAssertEqual(checks[0].message, "expected capped at amber, got not capped: red (decided by injury_red)")
        XCTAssertEqual(
            checks[1].message, "expected settled, got provisional: could be held at green once 2 questions are answered"
        )
    }

    func testTheDiffReportsACapAndTheCasesItHolds() throws {
        let without = try XCTUnwrap(
            InMemory.ruleSet(Self.rules.replacingOccurrences(of: "cap s47_no", with: "# cap s47_no")))
        let with = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        let changes = RuleSetComparison.changes(old: without, new: with)
        XCTAssertEqual(changes.map(\.summary), ["cap s47_no added: at amber when s47 = no and not fgm"])
        let report = DiffFixture.diff(without, with, [#"{"id":"a","facts":{"injury":true,"s47":false,"fgm":false}}"#])
        let headline = report.groups.first.map(DiffGrouping.headline)
        XCTAssertEqual(
            headline,
            "1 case red → amber: now held at amber by cap `s47_no` (cap added)")
    }
}
