import XCTest

@testable import ThresholdKit

/// `score`, `why`, `why RULE`, `why CAP` and `why not LEVEL|RULE`.
final class ReplWhyTests: XCTestCase {
    func testScoreIsTheBriefExplanation() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "danger = yes")
        let text = session.handle("score").text
        XCTAssertTrue(text.hasPrefix("Outcome: high (High): MASH, within 24 hours\n"), text)
        XCTAssertTrue(text.contains("Fired rules:\n  danger_young → high: Young child in danger"), text)
        XCTAssertTrue(text.contains("risk (Risk tool): total 3, band medium"), text)
        XCTAssertTrue(text.contains("Rules: Test rules 1 (sha256:"), text)
        XCTAssertTrue(session.handle("score now").text.contains("`score` takes nothing"))
    }

    /// `why CAP`, which `why` points to ("could be held at … by cap …"): a review found it refused as "not a
    /// rule". It says whether the cap holds and what that does, with its `when` and `unless`.
    func testWhyExplainsACap() {
        let capped = """
            ruleset "Capped" version "1"
            levels
              low "Low" route "Universal"
              mid "Mid" route "Social work"
              high "High" route "MASH"
            end
            default low
            fact danger yes/no "In danger?"
            fact s47 yes/no "Section 47?"
            fact fgm yes/no "FGM known?"
            rule danger "Danger" when danger then high end
            cap s47_no "No section 47" at mid when s47 = no unless fgm source "Test s2" end

            """
        let (session, _) = ReplFixtures.session(["rules/capped.rules": capped])
        XCTAssertTrue(session.handle("load rules/capped.rules").text.hasPrefix("Loaded"))
        session.run("danger = yes")
        let open = session.handle("why s47_no").text
        XCTAssertTrue(open.hasPrefix("Cap s47_no: at most mid: No section 47\n  Not decided"), open)
        session.run("s47 = no", "fgm = no")
        let held = session.handle("why s47_no").text
        XCTAssertTrue(held.contains("It holds, and holds the outcome at mid (the rules give high)."), held)
        XCTAssertTrue(held.contains("  when s47 = no\n"), held)
        XCTAssertTrue(held.contains("  unless fgm\n"), held)
        XCTAssertTrue(held.contains("  source: Test s2\n"), held)
        session.run("fgm = yes")
        XCTAssertTrue(session.handle("why s47_no").text.contains("It does not hold: its `unless` is yes."))
        XCTAssertTrue(session.handle("why nothing").text.contains("is not a rule or a cap of this rule set"))
    }

    func testWhyExplainsTheOutcome() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "concerns = (neglect)")
        let text = session.handle("why").text
        XCTAssertEqual(
            text,
            """
            Outcome: mid (Mid), provisional: Social work, within 3 working days
            It is mid because this rule fired:
              neglect: Neglect alleged
                because: Neglect.
                when: concerns has neglect
                facts: concerns = (neglect)
            It could be higher: these rules depend on unknown facts:
              high if danger_young fires (depends on danger)
            (`why not LEVEL` shows what stops a level; `ask` asks the questions that could change it)

            """)
    }

    func testWhyWithNoRuleFired() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12", "danger = no", "concerns = (sexual)")
        let text = session.handle("why").text
        XCTAssertEqual(
            text,
            "Outcome: low (Low): Universal services [default: no rule fired]\nNo rule fired, so the default level, low, applies.\n"
        )
    }

    func testWhyRuleShowsEachPartOfTheCondition() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6")
        let text = session.handle("why danger_young").text
        XCTAssertEqual(
            text,
            """
            Rule danger_young → high: Young child in danger
              Not decided: its condition is unknown until more facts are known.
              when danger and young
                unknown danger
                yes     young
              where young = age < 10 (yes)
              facts: age = 6, danger = unknown
              because: A young child in danger.
              source: Test source 1
              written at rules/test.rules:21:6

            """)
    }

    func testWhyRuleOnAScoreShowsTheScore() {
        let (session, _) = ReplFixtures.session()
        session.run("episodes = 2")
        let text = session.handle("why risky").text
        XCTAssertTrue(text.contains("It fired and decides the outcome."), text)
        XCTAssertTrue(text.contains("when risk is at least medium"), text)
        XCTAssertTrue(text.contains("score risk: total 2 (could be 2 to 5), band medium, could reach top"), text)
    }

    func testWhyAnUnknownRuleOrALevel() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(session.handle("why neglekt").text.contains("did you mean `neglect`?"))
        XCTAssertTrue(session.handle("why high").text.contains("write `why not high`"))
        XCTAssertTrue(session.handle("why low").text.hasPrefix("Outcome: low"))
    }

    func testWhyNotALevelShowsFailedAndOpenConditions() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12", "concerns = (sexual)")
        let text = session.handle("why not mid").text
        XCTAssertTrue(
            text.contains("What would make it mid:\n  It would be mid if danger were yes (now unknown)\n"), text)
        XCTAssertFalse(text.contains("It would be high"), "only changes that reach mid: \(text)")
        XCTAssertEqual(
            String(text.prefix { $0 != "W" }),
            """
            The outcome is low, not mid.
            No rule that gives mid or higher fired:
              neglect → mid: did not fire
                failed: concerns has neglect (concerns = (sexual))
              risky → mid: not decided
                open: risk is at least medium (risk: total 0 (could be 0 to 3), band nil, could reach medium, incomplete (1 of 2 answered))
              danger_young → high: did not fire
                open: danger is unknown
                failed: young (age = 12)
            Unknown facts that keep mid open: danger

            """)
    }

    func testWhyNotALevelAlreadyReached() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "danger = yes")
        XCTAssertEqual(session.handle("why not high").text, "The outcome is already high.\n")
        XCTAssertTrue(session.handle("why not mid").text.hasPrefix("The outcome is high, above mid"))
    }

    func testWhyNotARule() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 12")
        let text = session.handle("why not danger_young").text
        XCTAssertTrue(
            text.hasSuffix(
                "What would make rule danger_young fire:\n  It would be high if danger were yes (now unknown) and age were 9 (now 12)\n"
            ), text)
        XCTAssertEqual(
            String(text.prefix { $0 != "W" }),
            """
            Rule danger_young → high did not fire: its condition is no.
              when danger and young
                open: danger is unknown
                failed: young (age = 12)

            """)
        session.run("concerns = (neglect)")
        XCTAssertTrue(session.handle("why not neglect").text.hasPrefix("Rule neglect fired.\n"))
        let open = session.handle("why not risky").text
        XCTAssertTrue(open.contains("Unknown facts that keep it open: danger"), open)
    }

    func testWhyNotSomethingUnknown() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(session.handle("why not hihg").text.contains("did you mean `high`?"))
        XCTAssertTrue(session.handle("why not").text.contains("the levels are: low, mid, high"))
    }

    func testConditionTextWritesTheLanguage() {
        let source = """
            ruleset "C"
            levels
              a "A"
              b "B"
            end
            fact n number "n?"
            fact k one of x, y, z "k?"
            fact s some of p, q "s?"
            fact t text "t?"
            fact d date "d?"
            fact l level "l?"
            fact f yes/no "f?"
            fact g yes/no "g?"
            rule r1 "R" when not (f and g) or at least 2 of (f, g, n > 1) then b end
            rule r2 "R" when k in (x, z) and s = q and t = "hi" and d >= 2019-04-01 then b end
            rule r3 "R" when l is at least b and (n + 2) * 3 between 1 and 10 and k != y and n is known then b end
            """
        let out = RuleSetCompiler.load("c.rules", reader: MemoryReader(["c.rules": source]))
        guard let rs = out.ruleSet else { return XCTFail("\(out.diagnostics)") }
        let printer = ConditionText(ruleSet: rs)
        XCTAssertEqual(printer.text(rs.rules[0].condition), "not (f and g) or at least 2 of (f, g, n > 1)")
        XCTAssertEqual(printer.text(rs.rules[1].condition), "k in (x, z) and s = q and t = \"hi\" and d >= 2019-04-01")
        XCTAssertEqual(
            printer.text(rs.rules[2].condition),
            "l is at least b and (n + 2) * 3 between 1 and 10 and k != y and n is known")
    }
}
