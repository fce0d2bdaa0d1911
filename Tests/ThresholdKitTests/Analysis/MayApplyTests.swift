import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// The search's `MayApply` (each distinct `asked when` asked once a search) against `QuestionPlan.mayApply` (a
/// fact's own condition and every tool that asks it, looked up one by one), on the shipped packs.
final class MayApplyTests: XCTestCase {
    private static let packs = [
        ("rules/camden-mash.rules", 41), ("rules/front-door.rules", 42), ("rules/london-continuum-of-need.rules", 43),
    ]

    func testEachConditionIsKeptOnceAndConcernsTheFactsItAsks() throws {
        for (path, _) in Self.packs {
            let rs = try XCTUnwrap(
                RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path).ruleSet)
            let reads = CounterfactualReads.forRuleSet(rs)
            XCTAssertEqual(Set(reads.askConditions).count, reads.askConditions.count, "\(path): a condition twice")
            XCTAssertEqual(reads.askStart.count, rs.facts.count + 1)
            for slot in rs.facts.indices {
                let listed = reads.askList[reads.askStart[slot]..<reads.askStart[slot + 1]].map {
                    reads.askConditions[$0]
                }
                var expected = Set(rs.facts[slot].askedWhen.map { [$0] } ?? [])
                for score in rs.scores where score.asks(slot) {
                    if let c = score.tool?.askedWhen { expected.insert(c) }
                }
                XCTAssertEqual(Set(listed), expected, "\(path): \(rs.facts[slot].name)")
                XCTAssertEqual(listed.count, expected.count, "\(path): \(rs.facts[slot].name) lists one twice")
            }
        }
        // The packs share conditions (`age >= 10` is asked of several questions and tools): one each.
        let camden = try XCTUnwrap(
            RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path)
                .ruleSet)
        let written = camden.facts.compactMap(\.askedWhen) + camden.scores.compactMap { $0.tool?.askedWhen }
        XCTAssertLessThan(CounterfactualReads.forRuleSet(camden).askConditions.count, written.count)
    }

    func testMayApplyAgreesWithTheQuestionPlan() throws {
        var storage: [Int8] = [5, 5, 5]  // left over from another search: never read before it is reset
        for (path, seed) in Self.packs {
            let rs = try XCTUnwrap(
                RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path).ruleSet)
            let reads = CounterfactualReads.forRuleSet(rs)
            let evaluator = Evaluator(rs)
            var random = SplitMix64(seed: UInt64(seed))
            var refused = 0
            for _ in 0..<60 {
                let facts = ContactSampler.contact(rs, &random)
                var may = MayApply(reads, facts, evaluator, storage: &storage)
                for slot in rs.facts.indices {
                    let expected = QuestionPlan.mayApply(rs, slot, facts, evaluator)
                    XCTAssertEqual(may.mayApply(slot), expected, "\(path): \(rs.facts[slot].name)")
                    if !expected { refused += 1 }
                }
                may.giveBack(&storage)
            }
            // London asks every question of every child; the other two rule some out for some contacts.
            if !reads.askConditions.isEmpty {
                XCTAssertGreaterThan(refused, 0, "\(path): no question was ruled out, so nothing was compared")
            }
        }
    }
}
