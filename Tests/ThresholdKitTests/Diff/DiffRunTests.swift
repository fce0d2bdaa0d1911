import XCTest

@testable import ThresholdKit

/// Known answers: for each revision, the diff's matrix and changed cases equal scoring each version
/// separately, and the rule-set changes name what was revised.
final class DiffRunTests: XCTestCase {
    func testEachRevisionMatchesScoringEachVersionSeparately() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let lines = DiffFixture.allLines
        var anyOutcomeChanged = false
        for (name, revise) in DiffFixture.revisions {
            let new = try XCTUnwrap(DiffFixture.ruleSet(revise(DiffFixture.base)), name)
            let report = DiffFixture.diff(old, new, lines)
            let expected = DiffFixture.oracle(old, new, lines)
            XCTAssertEqual(report.scenarios, lines.count, name)
            XCTAssertEqual(DiffFixture.outcomes(report), expected.outcomes, name)
            XCTAssertEqual(report.changed.map(\.id), expected.changed, name)
            XCTAssertEqual(
                report.changed.filter { report.groups[$0.group].cause.outcomeChanged }.map(\.id),
                expected.outcomeChanged, name)
            XCTAssertEqual(report.outcomeChanges, expected.outcomeChanged.count, name)
            XCTAssertEqual(report.groups.reduce(0) { $0 + $1.count }, report.changed.count, name)
            XCTAssertEqual(report.groups.flatMap(\.ids).sorted(), report.changed.map(\.id).sorted(), name)
            XCTAssertFalse(report.rulesetChanges.isEmpty, name)
            XCTAssertFalse(report.changed.isEmpty, "\(name): the revision should change some case")
            anyOutcomeChanged = anyOutcomeChanged || !expected.outcomeChanged.isEmpty
        }
        XCTAssertTrue(anyOutcomeChanged)
    }

    func testMovedCutOffIsOneBandChangeAndExplainsItsGroup() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.revisions[0].1(DiffFixture.base)))
        let report = DiffFixture.diff(old, new, DiffFixture.allLines)
        XCTAssertEqual(report.rulesetChanges.map(\.summary), ["band risk.high changed: from 4, was 5"])
        // b and c known yes, a no: total 4, medium before, high now: amber → red.
        let group = try XCTUnwrap(report.groups.first { $0.cause.old == "amber" && $0.cause.new == "red" })
        XCTAssertEqual(group.cause.started, ["risk_high"])
        XCTAssertEqual(group.cause.bands, [.init(score: "risk", old: "medium", new: "high")])
        XCTAssertTrue(
            DiffGrouping.headline(group).contains(
                "amber → red: rule `risk_high` now fires; risk band medium → high (band high from 4, was 5)"),
            DiffGrouping.headline(group))
        XCTAssertEqual(report.bandMatrices.map(\.score), ["risk"])
        let m = report.bandMatrices[0]
        let medium = try XCTUnwrap(m.oldBands.firstIndex(of: "medium"))
        let high = try XCTUnwrap(m.newBands.firstIndex(of: "high"))
        XCTAssertEqual(
            m.counts[medium][high],
            report.changed.filter {
                report.groups[$0.group].cause.bands.contains { $0.old == "medium" && $0.new == "high" }
            }.count)
        XCTAssertGreaterThan(m.counts[medium][high], 0)
    }

    func testRuleSetChangesForEachRevision() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        func changes(_ i: Int) throws -> [String] {
            let new = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.revisions[i].1(DiffFixture.base)))
            return RuleSetComparison.changes(old: old, new: new).map(\.summary)
        }
        XCTAssertEqual(try changes(1), ["rule b_and_d added: red when b and d"])
        XCTAssertEqual(try changes(2), ["advice check_c removed: when c"])
        XCTAssertEqual(try changes(3), ["item risk: when c changed: weight 2, was 1"])
        XCTAssertEqual(
            try changes(4),
            [
                "level red removed: Red, 24 hours", "level red_mash added: Red, 24 hours",
                "rule risk_high changed: level red_mash, was red",
            ])
        XCTAssertEqual(try changes(5), ["level amber changed: within 2 days, was 3 days"])
        XCTAssertEqual(try changes(6), ["rule d_young changed: condition `d and age < 12`, was `d and age < 10`"])
        XCTAssertEqual(
            try changes(7),
            [
                "floor risk: floor medium when age < 5 and c removed: \"Young with C\"",
                "floor risk: floor high when age < 5 and c added: \"Young with C\"",
            ].map { $0.replacingOccurrences(of: "\"", with: "") })
    }

    func testAChangedDefinitionIsShownWithTheRulesThatReadIt() throws {
        let withDefinition =
            DiffFixture.base.replacingOccurrences(of: "when d and age < 10", with: "when d_young")
            + "\ndefine young = age < 10\ndefine d_young = d and young\n"
        let old = try XCTUnwrap(DiffFixture.ruleSet(withDefinition))
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(
                withDefinition.replacingOccurrences(of: "define young = age < 10", with: "define young = age < 12")))
        let report = DiffFixture.diff(old, new, DiffFixture.allLines)
        XCTAssertEqual(
            report.rulesetChanges.map(\.summary), ["definition young changed: condition `age < 12`, was `age < 10`"])
        let group = try XCTUnwrap(report.groups.first { $0.cause.started == ["d_young"] })
        XCTAssertEqual(group.related.map(\.name), ["young"])
        XCTAssertTrue(
            DiffGrouping.reasons(group).contains("definition `young` changed (condition `age < 12`, was `age < 10`)"),
            "\(DiffGrouping.reasons(group))")
        XCTAssertEqual(report.changed.map(\.id), DiffFixture.oracle(old, new, DiffFixture.allLines).changed)
    }

    /// A rule that fires under both versions with another level was no reason at all: the group said "level
    /// renamed or re-ranked", or named advice that followed from it (found by a review).
    func testARuleThatNowGivesAnotherLevelIsTheReason() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(
                DiffFixture.base.replacingOccurrences(
                    of: "when risk is at least high\n  then red", with: "when risk is at least high\n  then amber")))
        let report = DiffFixture.diff(old, new, DiffFixture.allLines)
        let group = try XCTUnwrap(report.groups.first { $0.cause.old == "red" && $0.cause.new == "amber" })
        XCTAssertEqual(group.cause.relevelled, [RuleLevelChange(rule: "risk_high", old: "red", new: "amber")])
        XCTAssertEqual(group.related.map(\.name), ["risk_high"])
        XCTAssertEqual(
            DiffGrouping.reasons(group).first, "rule `risk_high` still fires, at another level (level amber, was red)")
        let json = DiffJSONRenderer().render(report)
        XCTAssertTrue(json.contains(#""relevelled":[{"rule":"risk_high","old":"red","new":"amber"}]"#), json)
        // Where the outcome stays (here: a medium rule re-levelled under a high one that still fires), the case
        // still changed: its explanation says another level, as a rule newly firing would change it.
        let lower = try XCTUnwrap(
            DiffFixture.ruleSet(
                DiffFixture.base.replacingOccurrences(
                    of: "when risk is at least medium\n  then amber", with: "when risk is at least medium\n  then green"
                )))
        let same = DiffFixture.diff(old, lower, DiffFixture.allLines)
        let kept = try XCTUnwrap(same.groups.first { !$0.cause.outcomeChanged && !$0.cause.relevelled.isEmpty })
        XCTAssertEqual(kept.cause.old, "red")
        XCTAssertTrue(
            DiffGrouping.reasons(kept).contains(
                "rule `risk_medium` still fires, at another level (level green, was amber)"),
            "\(DiffGrouping.reasons(kept))")
    }

    func testRenamedLevelShowsInOneVersionOnly() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.revisions[4].1(DiffFixture.base)))
        let report = DiffFixture.diff(old, new, DiffFixture.allLines)
        XCTAssertEqual(report.oldOnlyLevels, ["red"])
        XCTAssertEqual(report.newOnlyLevels, ["red_mash"])
        let group = try XCTUnwrap(report.groups.first { $0.cause.old == "red" })
        XCTAssertEqual(group.cause.new, "red_mash")
        XCTAssertTrue(group.cause.started.isEmpty && group.cause.stopped.isEmpty)
        XCTAssertTrue(DiffTextRenderer().render(report).contains("red (old only)"))
    }

    func testReorderedAndReformattedRuleSetShowsNothing() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let reordered = """
            # The same rule set, declarations in another order, laid out differently.
            ruleset   "Diff fixture"   version "1"
            advise review "Review the plan."   when outcome is at least amber   end
            rule d_young "D and young" when (d) and age < 10 then green end

            fact received datetime "When did the contact arrive?"
            fact d yes/no "D?"
            fact c yes/no "C?"
            fact b yes/no "B?"
            fact a yes/no "A?"
            fact age number 0 to 25 "How old is the child?"
            rule risk_medium "Risk medium"
                    when risk is at least medium
                    then amber
            end
            score risk "Risk"
              1 when c "C"
              3 when b "B"
              2 when a "A"
              bands
                low "Low" 0 to 2
                medium "Medium" 3 to 4
                high "High" 5 and above
              end
              floor medium when age < 5 and c "Young with C"
            end
            advise check_c "Check C." when c end
            rule risk_high "Risk high" when risk is at least high then red end
            levels
              blue "Blue" route "Universal services"
              green "Green" route "Early help" within 3 working days
              amber "Amber" route "Social work" within 3 days
              red "Red" route "MASH team" within 24 hours
            end
            clock starts received
            default blue
            """
        let new = try XCTUnwrap(DiffFixture.ruleSet(reordered))
        XCTAssertNotEqual(old.fingerprint, new.fingerprint)
        let report = DiffFixture.diff(old, new, DiffFixture.allLines)
        XCTAssertEqual(report.rulesetChanges.map(\.summary), [])
        XCTAssertEqual(report.changed.count, 0)
        XCTAssertEqual(report.outcomeChanges, 0)
        XCTAssertEqual(report.scenarios, DiffFixture.allLines.count)
    }

    func testTwoJobsGiveTheSameReport() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(DiffFixture.revisions[0].1(DiffFixture.revisions[1].1(DiffFixture.base))))
        let one = DiffJSONRenderer().render(DiffFixture.diff(old, new, DiffFixture.allLines, jobs: 1))
        let two = DiffJSONRenderer().render(DiffFixture.diff(old, new, DiffFixture.allLines, jobs: 2))
        XCTAssertEqual(one, two)
        XCTAssertTrue(one.contains("\"changed\":[{"))
    }

    func testFactsOnlyOneVersionDeclaresAreLeftOutThere() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(DiffFixture.base + "\nfact e yes/no \"E?\"\nrule e_rule \"E\" when e then red end\n"))
        let run = DiffRun(old: old, new: new, oldLabel: "old", newLabel: "new")
        run.addLines(
            Array("{\"id\": \"x\", \"facts\": {\"e\": true}}\n{\"zzz\": true}\n\n{\"a\": true, \"e\": false}\n".utf8))
        let report = run.report()
        XCTAssertEqual(report.scenarios, 2)
        XCTAssertEqual(report.lines, 3)
        XCTAssertEqual(report.changed.map(\.id), ["x"])
        XCTAssertEqual(report.groups.first?.cause.started, ["e_rule"])
        XCTAssertEqual(report.failureCount, 1)
        XCTAssertEqual(report.failures.first?.line, 2)
        XCTAssertEqual(report.failures.first?.version, .old)
        XCTAssertTrue(report.failures.first?.message.contains("unknown fact \"zzz\"") ?? false)
        XCTAssertTrue(report.rulesetChanges.map(\.summary).contains("fact e added: yes/no"))
    }

    /// Found by a review: a fact the new version no longer declares was left out of the cases that give it
    /// without a word, though under the new version those worked cases and batch lines will not load. The
    /// report counts them, fact by fact, in every format; a fact the new version adds is not counted.
    func testFactsTheNewVersionDropsAreCountedAndSaid() throws {
        let withE = try XCTUnwrap(
            DiffFixture.ruleSet(DiffFixture.base + "\nfact e yes/no \"E?\"\nrule e_rule \"E\" when e then red end\n"))
        let base = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let lines = Array(
            "{\"id\": \"x\", \"facts\": {\"e\": true}}\n{\"a\": true}\n{\"a\": true, \"e\": false}\n".utf8)
        let worked = """
            rules "main.rules"

            scenario given_e "Gives e"
              given
                e = yes
            end
            """
        let run = DiffRun(old: withE, new: base, oldLabel: "old", newLabel: "new")
        run.addLines(lines)
        run.addWorked(path: "cases.scenario", text: worked)
        let report = run.report()
        XCTAssertEqual(report.droppedFacts, [.init(fact: "e", cases: 3)])
        XCTAssertTrue(
            DiffTextRenderer().render(report).contains(
                "Facts the new version no longer declares, given by cases (scored without them under new; under new, a worked-case file or a batch line that gives one will not load)\n  e: 3 cases\n"
            ))
        XCTAssertTrue(DiffJSONRenderer().render(report).contains(#""dropped_facts":[{"fact":"e","cases":3}]"#))
        XCTAssertTrue(DiffHTMLRenderer().render(report).contains("<li><code>e</code>: 3 cases</li>"))
        // The other way round, e is a new fact: nothing is dropped, and the JSON has no such member.
        let added = DiffRun(old: base, new: withE, oldLabel: "old", newLabel: "new")
        added.addLines(lines)
        XCTAssertEqual(added.report().droppedFacts, [])
        XCTAssertFalse(DiffJSONRenderer().render(added.report()).contains("dropped_facts"))
    }

    func testWorkedCasesAndTheExpectationsThatWouldFail() throws {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        let new = try XCTUnwrap(
            DiffFixture.ruleSet(DiffFixture.revisions[4].1(DiffFixture.revisions[0].1(DiffFixture.base))))
        let cases = """
            rules "main.rules"

            scenario four "Total four"
              given
                a = no
                b = yes
                c = yes
                age = 14
                received = 2019-04-12 16:00
              expect
                outcome amber
                score risk is medium
                advice check_c
            end

            scenario six "Total six"
              given
                a = yes
                b = yes
                received = 2019-04-12 16:00
              expect
                outcome red
                due 2019-04-13 16:00
            end

            scenario nothing "Nothing known"
              expect
                outcome blue
            end
            """
        let run = DiffRun(old: old, new: new, oldLabel: "old", newLabel: "new")
        run.addWorked(path: "cases.scenario", text: cases)
        let report = run.report()
        XCTAssertEqual(report.workedCases, 3)
        XCTAssertEqual(report.changed.map(\.id), ["four", "six"])
        XCTAssertEqual(report.changed.map(\.file), ["cases.scenario", "cases.scenario"])
        let failing = report.failingExpectations.map {
            "\($0.scenario) \($0.line ?? 0) \($0.expectation) \($0.passedUnderOld)"
        }
        XCTAssertEqual(
            failing, ["four 11 outcome amber true", "four 12 score risk is medium true", "six 22 outcome red true"])
        XCTAssertTrue(report.failingExpectations[2].message.contains("red"), report.failingExpectations[2].message)
        XCTAssertEqual(report.failureCount, 0, report.failures.map(DiffTextRenderer.describe).joined(separator: "\n"))
    }
}
