import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// What the differential oracle (`Tests/Oracle/oracle.py`, an independent reading of the language documents)
/// found wrong, each with the minimal rule set it shrank it to (2026-12-06, evening). Each test failed before
/// its fix.
final class OracleFindingTests: XCTestCase {
    func ruleSet(_ text: String) throws -> RuleSet { try XCTUnwrap(InMemory.ruleSet(text)) }

    func score(_ rs: RuleSet, _ given: [String]) -> ScoredResult { Scoring(rs).score(InMemory.facts(given, rs)) }

    func names(_ r: ScoredResult, _ slots: [Int]) -> [String] { slots.map { r.ruleSet.facts[$0].name } }

    /// Each undetermined rule's name, with the names of the unknown facts listed for it.
    func undeterminedFacts(_ r: ScoredResult) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: r.undetermined.map { (r.ruleSet.rules[$0.rule].name, names(r, $0.unknown)) })
    }

    /// `s is few` was unknown when the total was in `zero` and an undecided floor could take the band to
    /// `many`: no answer gives `few`, so it is no, and `not (s is few)` fires.
    func testABandAFloorJumpsOverIsNoWhileTheFloorIsUndecided() throws {
        let rs = try ruleSet(
            """
            ruleset "Band between the total's band and a floor's"
            fact x yes/no "X?"
            fact y yes/no "Y?"
            levels
              low "Low"
              high "High"
            end
            score s "S"
              1 when y
              bands
                zero "Zero" 0 to 1
                few "Few" 2 to 4
                many "Many" 5 and above
              end
              floor many when x "X raises the band to many"
            end
            rule not_few when not (s is few) then high end
            rule at_least_few when s is at least few then high end
            """)
        let r = score(rs, [])
        XCTAssertEqual(rs.levels[r.outcome].name, "high")
        XCTAssertEqual(r.evaluation.rules, [.yes, .unknown])
        // The fast path agrees.
        XCTAssertEqual(Evaluator(rs).outcomeLevel(InMemory.facts([], rs)), r.outcome)
        // `is at least few` stays unknown (the floor can still give `many`); with the floor decided, `few` is
        // no because the range cannot reach it, as before.
        XCTAssertEqual(score(rs, ["x = no"]).evaluation.rules, [.yes, .no])
        XCTAssertEqual(score(rs, ["x = yes"]).evaluation.rules, [.yes, .yes])
    }

    /// A cap held while its `unless` is unknown hid everything above it: `highest_possible` was the default
    /// and missing information was empty, though answering the `unless` (and then `a`) gives `high`.
    func testACapHeldWhileItsUnlessIsUnknownAsksTheUnlessQuestion() throws {
        let rs = try ruleSet(
            """
            ruleset "Held cap"
            fact a yes/no "A?"
            fact b yes/no "B?"
            fact fgm yes/no "Known FGM?"
            levels
              low "Low"
              mid "Mid"
              high "High"
            end
            default mid
            rule r when a then high end
            cap c at low when b unless fgm end
            """)
        let r = score(rs, ["b = yes"])
        XCTAssertEqual(rs.levels[r.outcome].name, "low")
        XCTAssertFalse(r.settled)
        XCTAssertEqual(rs.levels[r.highestPossible].name, "high")
        XCTAssertEqual(names(r, r.missing.map(\.fact)), ["fgm"])
        XCTAssertEqual(r.missing.first?.consequence, .outcome(level: 2))
        // Released, the rule can fire: the answer bears it out.
        XCTAssertEqual(rs.levels[score(rs, ["b = yes", "fgm = yes", "a = yes"]).outcome].name, "high")
    }

    /// `at most 1 of (d > 1, a)` with `d` unknown for good (a division by zero) listed no question, though
    /// `a = no` makes it yes.
    func testACountWithAnItemUnknownForGoodStillListsTheQuestionsThatDecideIt() throws {
        let rs = try ruleSet(
            """
            ruleset "At most"
            fact a yes/no "A?"
            fact b yes/no "B?"
            fact n number 0 to 10 "N?"
            levels
              low "Low"
              high "High"
            end
            define d = n / 0
            rule r when (at most 1 of (d > 1, a)) and b then high end
            """)
        let r = score(rs, ["n = 7", "b = yes"])
        XCTAssertEqual(r.undetermined.map { names(r, $0.unknown) }, [["a"]])
        XCTAssertEqual(names(r, r.missing.map(\.fact)), ["a"])
        XCTAssertEqual(rs.levels[score(rs, ["n = 7", "b = yes", "a = no"]).outcome].name, "high")
    }

    /// A rule no answer can fire (`n / 0 > 1` with `n` known, or `all of (n / 0 > 1, a)`) made the outcome
    /// provisional, listed as "could be high", with nothing to ask or with a question that cannot fire it.
    func testARuleNoAnswerCanFireIsNotACouldBe() throws {
        let rs = try ruleSet(
            """
            ruleset "Unsettleable"
            fact n number 0 to 10 "N?"
            fact a yes/no "A?"
            levels
              low "Low"
              high "High"
            end
            rule r when n / 0 > 1 then high end
            rule s when all of (n / 0 > 1, a) then high end
            rule t when any of (n / 0 > 1, a) then high end
            cap c at low when n / 0 > 1 and a end
            """)
        let r = score(rs, ["n = 7"])
        // Only `t` can still fire (with `a`); `c` can never hold.
        XCTAssertEqual(r.undetermined.map { rs.rules[$0.rule].name }, ["t"])
        XCTAssertEqual(names(r, r.missing.map(\.fact)), ["a"])
        XCTAssertEqual(rs.levels[r.highestPossible].name, "high")
        XCTAssertEqual(r.lowestPossible, r.outcome)
        let settled = score(rs, ["n = 7", "a = no"])
        XCTAssertTrue(settled.settled)
        XCTAssertTrue(settled.undetermined.isEmpty)
        XCTAssertTrue(settled.missing.isEmpty)
    }

    /// The checker refused `add c * 2 max 10` (an unbounded count times 2, capped) and `add d / 2` as able to
    /// "total any amount", and accepted `add c + 0.5` with its lowest band at 0.5, though an unknown `c` adds
    /// nothing (a total of 0, below every band).
    func testTheCheckerBoundsAnAddItemByAFactorADivisorAndTheZeroAnUnknownValueAdds() throws {
        func diagnostics(_ item: String, lowest: String) -> [DiagnosticCode] {
            InMemory.diagnostics(
                """
                ruleset "Add"
                fact c count "C?"
                fact d count to 5 "D?"
                levels
                  low "Low"
                  high "High"
                end
                score s "S"
                  \(item)
                  bands
                    every "Every" \(lowest) and above
                  end
                end
                rule r when s is every then high end
                """
            ).map(\.code)
        }
        XCTAssertEqual(diagnostics("add c * 2 max 10", lowest: "0"), [])
        XCTAssertEqual(diagnostics("add 2 * c max 10", lowest: "0"), [])
        XCTAssertEqual(diagnostics("add d / 2", lowest: "0"), [])
        XCTAssertEqual(diagnostics("add c * -2", lowest: "0"), [.bandGap])
        XCTAssertEqual(diagnostics("add c + 0.5", lowest: "0.5"), [.bandGap])
        XCTAssertEqual(diagnostics("add c + 0.5", lowest: "0"), [])
    }

    /// A comparison on a score's total listed the facts of its floors, which move the band, not the total; a
    /// comparison that is known, but that an `is known` test inside can reopen, listed nothing.
    func testTheFactsThatKeepAScoreComparisonOpenAreThoseOfItsItems() throws {
        let rs = try ruleSet(
            """
            ruleset "Totals and floors"
            fact a yes/no "A?"
            fact f yes/no "F?"
            fact b yes/no "B?"
            fact c yes/no "C?"
            levels
              low "Low"
              high "High"
            end
            define d = any of (b, c is not known)
            score s "S"
              1 when a
              bands
                zero "Zero" 0 to 0.5
                raised "Raised" 1 and above
              end
              floor raised when f "F raises it"
            end
            rule by_total when s.total >= 1 then high end
            rule by_band when s is raised then high end
            rule reopened when d != yes and a then high end
            """)
        let r = score(rs, [])
        let unknown = undeterminedFacts(r)
        XCTAssertEqual(unknown["by_total"], ["a"])
        XCTAssertEqual(unknown["by_band"], ["a", "f"])
        // `c` unknown makes `d` yes for now, so `reopened` is no; answering `c` leaves `d` to `b`: both can still
        // fire it, and missing information lists them.
        XCTAssertNil(unknown["reopened"])
        XCTAssertEqual(Set(names(r, r.missing.map(\.fact))), ["a", "b", "c", "f"])
        XCTAssertEqual(rs.levels[score(rs, ["c = yes", "b = no", "a = yes"]).outcome].name, "high")
    }

    /// A comparison that is known, but that an `is known` test in an item of a score it reads can reopen,
    /// listed nothing (2026-12-06 review); one that the test's move cannot change lists nothing still (the
    /// oracle's seed 3: listing the score's facts for every such comparison over-listed).
    func testAKnownTestInAScoreItemReopensAComparisonOfItsTotalOnlyWhenItCanMoveIt() throws {
        let rs = try ruleSet(
            """
            ruleset "Known test in a score"
            fact a yes/no "A?"
            fact c yes/no "C?"
            fact n number 0 to 7 "N?"
            levels
              low "Low"
              mid "Mid"
              high "High"
            end
            score s "S"
              1 when c is not known
              add n
              bands
                nil_band "Nil" 0 to 0.5
                counted "Counted" 0.500001 and above
              end
            end
            rule quiet when s.total < 1 and a then high end
            rule roomy when s.total <= 10 and a then mid end
            """)
        let r = score(rs, ["a = yes", "n = 0"])
        // `c` unknown makes the total 1 for now, so `quiet` is no; answering `c` makes it 0 and fires it.
        XCTAssertEqual(r.evaluation.rules, [.no, .yes])
        XCTAssertEqual(names(r, r.missing.map(\.fact)), ["c"])
        XCTAssertEqual(rs.levels[score(rs, ["a = yes", "n = 0", "c = no"]).outcome].name, "high")
        // With `n` unknown and `a` too, `roomy` is undetermined through `a` alone: the total is at most 8 however
        // `c` and `n` are answered, so neither is listed for it.
        let open = score(rs, [])
        let unknown = undeterminedFacts(open)
        XCTAssertEqual(unknown["roomy"], ["a"])
    }

    /// A number that no rule compares with anything, only tested for being known in a score's item, had no
    /// value to try, so the comparison it reopens listed nothing (the oracle's seed 6, 2026-12-06).
    func testAFactOnlyTestedForBeingKnownInAnItemIsTriedWithAnyValue() throws {
        let rs = try ruleSet(
            """
            ruleset "Known test of a number in a score"
            fact a yes/no "A?"
            fact n number "N?"
            levels
              low "Low"
              high "High"
            end
            score s "S"
              2 when n is known
              bands
                lowb "Low band" 0 to 1
                highb "High band" 1.000001 and above
              end
            end
            rule r when s is highb or a then high end
            """)
        let r = score(rs, [])
        let unknown = undeterminedFacts(r)
        XCTAssertEqual(unknown["r"], ["a", "n"])
        XCTAssertEqual(Set(names(r, r.missing.map(\.fact))), ["a", "n"])
        XCTAssertEqual(rs.levels[score(rs, ["n = 4", "a = no"]).outcome].name, "high")
    }
}
