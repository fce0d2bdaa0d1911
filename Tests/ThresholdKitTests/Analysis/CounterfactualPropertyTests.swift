import Foundation
import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// On the shipped rule sets and generated facts: applying any reported change and scoring again gives the
/// reported outcome, and every change is minimal (a pair is reported only for a level that neither of its
/// changes reaches alone).
final class CounterfactualPropertyTests: XCTestCase {
    func testCamdenMash() throws { try check("rules/camden-mash.rules", seed: 1, count: 60) }
    func testFrontDoor() throws { try check("rules/front-door.rules", seed: 2, count: 40) }

    func check(_ path: String, seed: UInt64, count: Int) throws {
        let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
        let rs = try XCTUnwrap(out.ruleSet)
        let scoring = Scoring(rs)
        var random = SplitMix(seed)
        var reported = 0
        for _ in 0..<count {
            let facts = FactSampler.random(rs, &random)
            let result = scoring.score(facts)
            let changes = Counterfactuals.changes(for: result, scoring: scoring)
            XCTAssertEqual(
                changes.map(\.outcome), Counterfactuals.changes(for: result, scoring: scoring).map(\.outcome),
                "not deterministic")
            for c in changes {
                reported += 1
                XCTAssertNotEqual(c.outcome, result.outcome)
                XCTAssertTrue((1...2).contains(c.set.count))
                var changed = facts
                for (slot, value) in c.set { changed[slot] = value }
                XCTAssertEqual(
                    scoring.score(changed).outcome, c.outcome,
                    "\(path): change \(c.set.map { rs.facts[$0.slot].name }) does not give \(rs.levels[c.outcome].name)"
                )
                if c.set.count == 2 {
                    for (slot, value) in c.set {
                        var one = facts
                        one[slot] = value
                        XCTAssertNotEqual(
                            scoring.score(one).outcome, c.outcome, "\(path): a pair where one change is enough")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(reported, count / 2, "\(path): too few changes to mean anything")
    }

}

/// Random facts for a rule set.
enum FactSampler {
    /// Each fact left at its default (usually unknown) about a third of the time, else a value of its type.
    static func random(_ rs: RuleSet, _ random: inout SplitMix) -> FactVector {
        rs.facts.map { fact -> FactValue? in
            if random.next(3) == 0 { return fact.defaultValue }
            switch fact.type {
            case .yesNo: return .bool(random.next(2) == 0)
            case .number(let lo, let hi):
                let l = lo?.intValue ?? 0
                let h = hi?.intValue ?? 30
                return .number(ExactNumber(l + random.next(max(1, h - l + 1))))
            case .count(let hi): return .number(ExactNumber(random.next((hi?.intValue ?? 8) + 1)))
            case .oneOf(let vs): return .option(random.next(vs.count))
            case .someOf(let vs): return .options(UInt64(random.next(1 << min(vs.count, 8))))
            case .level: return .level(random.next(rs.levels.count))
            case .text: return .text("note")
            case .date: return .date(CivilDate(daysSinceEpoch: Int32(17_800 + random.next(400))))
            case .dateTime:
                return .dateTime(
                    CivilDateTime(minutesSinceEpoch: Int64(17_800 + random.next(400)) * 1440 + Int64(random.next(1440)))
                )
            }
        }
    }
}

/// The library's SplitMix64, drawing a number below a bound (0 for a bound of 1 or less, still advancing).
struct SplitMix {
    private var generator: SplitMix64
    init(_ seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next(_ bound: Int) -> Int {
        let z = generator.next()
        return bound <= 1 ? 0 : Int(z % UInt64(bound))
    }
}
