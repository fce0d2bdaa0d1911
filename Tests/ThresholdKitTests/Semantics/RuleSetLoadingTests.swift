import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Loading a rule set for use: the rule set, or its errors and why it cannot be used, as values; and the
/// tables later stages keep with a rule set.
final class RuleSetLoadingTests: XCTestCase {
    let good = """
        ruleset "T"
        levels
          low "Low"
          high "High" within 4 hours
        end
        fact danger yes/no
        rule r when danger then high end

        """

    func testAGoodRuleSetLoadsWithNoRefusal() {
        let loaded = RuleSetLoading.load("main.rules", reader: MemoryReader(["main.rules": good]))
        XCTAssertEqual(loaded.ruleSet?.name, "T")
        XCTAssertNil(loaded.refusal)
        XCTAssertTrue(loaded.errors.isEmpty)
    }

    func testErrorsAreCountedAndReturnedNotPrinted() {
        let broken = good + "rule s when dangr then high end\nrule t when nothing then high end\n"
        let loaded = RuleSetLoading.load("main.rules", reader: MemoryReader(["main.rules": broken]))
        XCTAssertNil(loaded.ruleSet)
        XCTAssertEqual(loaded.refusal, .errors(2))
        XCTAssertEqual(loaded.errors.map(\.code), [.undeclaredName, .undeclaredName])
        XCTAssertEqual(loaded.refusal?.message(path: "main.rules"), "main.rules has 2 errors; nothing was scored")
        XCTAssertNotNil(loaded.sources["main.rules"])
    }

    func testAFragmentIsRefusedWithItsReason() {
        let loaded = RuleSetLoading.load("part.rules", reader: MemoryReader(["part.rules": "fact danger yes/no\n"]))
        XCTAssertNil(loaded.ruleSet)
        XCTAssertEqual(loaded.refusal, .fragment)
        XCTAssertEqual(
            loaded.refusal?.message(path: "part.rules"),
            "part.rules is a fragment (no `ruleset` header); name the rule set that includes it")
    }

    func testDerivedTablesAreBuiltOncePerRuleSet() throws {
        let a = try XCTUnwrap(InMemory.ruleSet(good))
        let b = try XCTUnwrap(InMemory.ruleSet(good))
        XCTAssertTrue(ConditionShapes.forRuleSet(a) === ConditionShapes.forRuleSet(a))
        XCTAssertFalse(ConditionShapes.forRuleSet(a) === ConditionShapes.forRuleSet(b))
        XCTAssertTrue(CandidateValues.forRuleSet(a) === CandidateValues.forRuleSet(a))
        XCTAssertTrue(ResultFragments.of(b) === ResultFragments.of(b))
    }

    func testATableDoesNotKeepItsRuleSetAlive() throws {
        weak var gone: RuleSet?
        var shapes: ConditionShapes?
        do {
            let rs = try XCTUnwrap(InMemory.ruleSet(good))
            shapes = ConditionShapes.forRuleSet(rs)
            _ = CandidateValues.forRuleSet(rs)
            _ = ResultFragments.of(rs)
            gone = rs
        }
        XCTAssertNotNil(shapes)
        XCTAssertNil(gone, "a table held its rule set (a cycle through RuleSet.tables)")
    }
}
