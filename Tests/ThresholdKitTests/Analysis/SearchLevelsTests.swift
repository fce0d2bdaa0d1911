import Foundation
import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// The search's level arithmetic and bit tables give what the sets and comparisons they stand for give: the mask
/// of levels a change could give (`LevelSet.reach`, read by the single changes) is `LevelSet.canReach` asked
/// level by level, and a pair's `shares` bit is `sharing`'s membership.
final class SearchLevelsTests: XCTestCase {
    func testReachIsCanReachLevelByLevel() {
        // Four levels, every default, most severe rule (none, or a level), lowest cap (a level, or none), and
        // set of levels of the rules and caps that may move; then the edges of `LevelSet`'s 63 levels.
        let helds = [0, 1, 2, 3, Int.max]
        var checked = 0
        for defaultLevel in 0..<4 {
            for best in -1..<4 {
                for held in helds {
                    for rules in 0..<16 {
                        for caps in 0..<16 {
                            let r = LevelSet((0..<4).filter { rules >> $0 & 1 == 1 })
                            let c = LevelSet((0..<4).filter { caps >> $0 & 1 == 1 })
                            let reach = LevelSet.reach(
                                defaultLevel: defaultLevel, best: best, held: held, rules: r, caps: c)
                            for level in -1..<6 {
                                let one = LevelSet.canReach(
                                    level, defaultLevel: defaultLevel, best: best, held: held, rules: r, caps: c)
                                XCTAssertEqual(
                                    reach.contains(level), one,
                                    "default \(defaultLevel) best \(best) held \(held) rules \(rules) caps \(caps) level \(level)"
                                )
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(checked, 4 * 5 * 5 * 16 * 16 * 7)
        let high = LevelSet([0, 30, 61, 62])
        for best in [-1, 0, 30, 61, 62] {
            for held in [0, 30, 61, 62, Int.max] {
                let reach = LevelSet.reach(defaultLevel: 0, best: best, held: held, rules: high, caps: high)
                for level in [0, 1, 30, 31, 60, 61, 62, 63] {
                    XCTAssertEqual(
                        reach.contains(level),
                        LevelSet.canReach(level, defaultLevel: 0, best: best, held: held, rules: high, caps: high),
                        "best \(best) held \(held) level \(level)")
                }
            }
        }
        // Not vacuous: a rule above the floor gives its level; a cap below nothing gives nothing.
        XCTAssertEqual(
            LevelSet.reach(defaultLevel: 0, best: 1, held: Int.max, rules: LevelSet([3]), caps: .none),
            LevelSet([1, 3]))
        XCTAssertEqual(
            LevelSet.reach(defaultLevel: 0, best: 2, held: 1, rules: .none, caps: LevelSet([0])), LevelSet([0, 1]))
    }

    func testSharesIsSharingForEveryPairOfAShippedRuleSet() throws {
        for path in ["rules/camden-mash.rules", "rules/front-door.rules"] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet)
            let reads = CounterfactualReads.forRuleSet(rs)
            var shared = 0
            for a in rs.facts.indices {
                for b in rs.facts.indices {
                    XCTAssertEqual(reads.shares(a, b), reads.sharing[a].contains(b), "\(path): \(a), \(b)")
                    if reads.shares(a, b) { shared += 1 }
                }
            }
            XCTAssertGreaterThan(shared, 0, path)
            XCTAssertLessThan(shared, rs.facts.count * rs.facts.count, path)
        }
    }
    /// `PairRow` (what the pair search's `mayReach` asks of a pair's first fact, found once a row) holds what
    /// `OutcomeParts` and `CounterfactualReads` give for the fact, and `baseBest`, `baseHeld` with its bits are
    /// those asked of the pair, for every pair of facts and every level of random contacts of two shipped packs.
    func testPairRowIsWhatThePairAsks() throws {
        for (path, seed) in [("rules/camden-mash.rules", 31), ("rules/front-door.rules", 32)] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet)
            let scoring = Scoring(rs)
            let reads = CounterfactualReads.forRuleSet(rs)
            var random = SplitMix64(seed: UInt64(seed))
            var excluded = 0
            // Each result's parts are made in the arrays of the last one's, as a search's are.
            var storage = OutcomeParts.Storage()
            for _ in 0..<12 {
                let parts = OutcomeParts(
                    scoring.score(ContactSampler.contact(rs, &random)), reads: reads, storage: &storage)
                defer { storage = parts.storage() }
                for level in rs.levels.indices {
                    for a in rs.facts.indices {
                        let row = PairRow(a, level, parts)
                        XCTAssertEqual(row.fact, a)
                        XCTAssertEqual(row.summarised, parts.summarised(a), "\(path): \(a)")
                        guard row.summarised else { continue }
                        XCTAssertEqual(row.rules, reads.ruleLevels[a])
                        XCTAssertEqual(row.caps, reads.capLevels[a])
                        XCTAssertEqual(row.noCapBelow, reads.capLevels[a].below(level).isEmpty)
                        XCTAssertEqual(row.capAt, reads.capLevels[a].contains(level))
                        guard level == 0 else { continue }
                        if row.firing | row.holding != 0 { excluded += 1 }
                        for b in rs.facts.indices {
                            let best = parts.baseBest(excluding: a, b, readBy: row.firing)
                            let held = parts.baseHeld(excluding: a, b, readBy: row.holding)
                            XCTAssertEqual(best, parts.baseBest(excluding: a, b), "\(path): \(a), \(b)")
                            XCTAssertEqual(held, parts.baseHeld(excluding: a, b), "\(path): \(a), \(b)")
                        }
                    }
                }
            }
            // Some facts are read by a rule that fires or a cap that holds (their bits are not all zero).
            XCTAssertGreaterThan(excluded, 0, path)
        }
    }
}
