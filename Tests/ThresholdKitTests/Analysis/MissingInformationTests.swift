import XCTest
import ThresholdTestSupport
@testable import ThresholdKit

/// Missing information lists only the unknown facts that could still change the outcome, most severe first.
final class MissingInformationTests: XCTestCase {
    static let rules = """
    ruleset "Missing"
    levels
      blue "Blue"
      amber "Amber"
      red "Red"
    end
    fact a yes/no "A?"
    fact b yes/no "B?"
    fact c yes/no "C?"
    fact d yes/no "D?"
    fact e yes/no "E?"
    fact f yes/no "F?"
    fact checked yes/no "Checked?"
    fact age number 0 to 25 "Age?" required
    rule either "(A and B) or C" when (a and b) or c then red end
    rule two "Two of D, E, F" when at least 2 of (d, e, f) then amber end
    rule unchecked "Known to be checked" when checked is known and age < 5 then amber end
    """

    func missing(_ given: [String]) throws -> [String] {
        let rs = try XCTUnwrap(InMemory.ruleSet(Self.rules))
        let r = Scoring(rs).score(InMemory.facts(given, rs))
        return r.missing.map { m in rs.facts[m.fact].name + (rs.consequenceText(m.consequence).map { " → \($0)" } ?? " (required)") }
    }

    func testASettledPartLeavesItsFactsOut() throws {
        let m = try missing(["a = no", "d = no", "e = no", "f = no", "checked = yes", "age = 10"])
        XCTAssertEqual(m, ["c → outcome to red"])
    }

    func testCountingKeepsEveryOpenItem() throws {
        let m = try missing(["a = no", "c = no", "checked = yes", "age = 10"])
        XCTAssertEqual(m, ["d → outcome to amber", "e → outcome to amber", "f → outcome to amber"])
    }

    func testMostSevereFirstThenRequired() throws {
        let m = try missing(["d = no", "e = no", "checked = yes"])
        // f cannot matter: with D and E no, two of three is out of reach.
        XCTAssertEqual(m, ["a → outcome to red", "b → outcome to red", "c → outcome to red", "age → outcome to amber"])
    }

    func testAnIsKnownTestMakesItsFactMatter() throws {
        let m = try missing(["a = no", "c = no", "d = no", "e = no", "f = no", "age = 3"])
        XCTAssertEqual(m, ["checked → outcome to amber"])
    }
}
