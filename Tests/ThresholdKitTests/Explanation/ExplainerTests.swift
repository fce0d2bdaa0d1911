import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

final class ExplainerTests: XCTestCase {
    func testUndeterminedListsOnlyTheUnknownFactsThatCanStillDecideIt() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "T"
                fact a yes/no
                fact b yes/no
                fact c yes/no
                levels
                  low
                  high
                end
                rule r when (a and b) or c then high end
                """))
        let scoring = Scoring(rs)
        let settled = scoring.score(InMemory.facts(["a = no"], rs))
        XCTAssertEqual(
            settled.undetermined.first?.unknown.map { rs.facts[$0].name }, ["c"], "b cannot matter once a is no")
        let open = scoring.score(InMemory.facts([], rs))
        XCTAssertEqual(open.undetermined.first?.unknown.map { rs.facts[$0].name }, ["a", "b", "c"])
    }

    func testFiredRulesCarryTheirFactsAndScores() throws {
        let rs = try XCTUnwrap(SpecFixture.ruleSet())
        let r = Scoring(rs).score(InMemory.facts(["risk_of_significant_harm = yes", "imminent_danger = no"], rs))
        let f = try XCTUnwrap(r.fired.first)
        XCTAssertEqual(f.facts.map { rs.facts[$0.slot].name }, ["imminent_danger", "risk_of_significant_harm"])
        XCTAssertEqual(f.facts.map(\.value), [.bool(false), .bool(true)])
    }
}
