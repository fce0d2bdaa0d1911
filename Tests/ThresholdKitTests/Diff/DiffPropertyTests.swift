import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// Random revisions (fixed seeds): the diff's matrix and changed cases always equal scoring each version
/// separately, and a revision that changes nothing shows nothing.
final class DiffPropertyTests: XCTestCase {
    /// SplitMix64 (the interpreter corpus's): the same seed gives the same revisions on every machine.
    typealias Seeded = InterpreterCorpus.Random

    /// The fixture's text with its numbers, levels and optional parts drawn at random.
    struct Parameters: Equatable {
        var weights = [2, 3, 1]
        var medium = 3, high = 5
        var highLevel = "red", mediumLevel = "amber", dLevel = "green"
        var dAge = 10
        var checkC = true
        var extraRule = false
        var floorBand = "medium"

        static func random(_ g: inout Seeded) -> Parameters {
            var p = Parameters()
            p.weights = (0..<3).map { _ in Int.random(in: 1...4, using: &g) }
            p.medium = Int.random(in: 1...4, using: &g)
            p.high = p.medium + Int.random(in: 1...3, using: &g)
            let levels = ["blue", "green", "amber", "red"]
            p.highLevel = levels.randomElement(using: &g) ?? "red"
            p.mediumLevel = levels.randomElement(using: &g) ?? "amber"
            p.dLevel = levels.randomElement(using: &g) ?? "green"
            p.dAge = Int.random(in: 2...16, using: &g)
            p.checkC = Bool.random(using: &g)
            p.extraRule = Bool.random(using: &g)
            p.floorBand = ["low", "medium", "high"].randomElement(using: &g) ?? "medium"
            return p
        }

        var text: String {
            var t = DiffFixture.base
            t = t.replacingOccurrences(of: "2 when a \"A\"", with: "\(weights[0]) when a \"A\"")
            t = t.replacingOccurrences(of: "3 when b \"B\"", with: "\(weights[1]) when b \"B\"")
            t = t.replacingOccurrences(of: "1 when c \"C\"", with: "\(weights[2]) when c \"C\"")
            t = t.replacingOccurrences(
                of: "low \"Low\" 0 to 2\n    medium \"Medium\" 3 to 4\n    high \"High\" 5 and above",
                with:
                    "low \"Low\" 0 to \(medium - 1)\n    medium \"Medium\" \(medium) to \(high - 1)\n    high \"High\" \(high) and above"
            )
            t = t.replacingOccurrences(
                of: "when risk is at least high\n  then red", with: "when risk is at least high\n  then \(highLevel)")
            t = t.replacingOccurrences(
                of: "when risk is at least medium\n  then amber",
                with: "when risk is at least medium\n  then \(mediumLevel)")
            t = t.replacingOccurrences(
                of: "when d and age < 10\n  then green", with: "when d and age < \(dAge)\n  then \(dLevel)")
            t = t.replacingOccurrences(of: "floor medium when", with: "floor \(floorBand) when")
            if !checkC { t = t.replacingOccurrences(of: "advise check_c \"Check C.\"\n  when c\nend\n", with: "") }
            if extraRule { t += "\n\nrule b_and_d \"B and D\"\n  when b and d\n  then red\nend\n" }
            return t
        }
    }

    func testRandomRevisionsMatchScoringEachVersionSeparately() throws {
        let lines = DiffFixture.allLines
        for seed in 1...12 as ClosedRange<UInt64> {
            var g = Seeded(seed: seed)
            let p = Parameters.random(&g)
            let q = Parameters.random(&g)
            let old = try XCTUnwrap(DiffFixture.ruleSet(p.text), "seed \(seed)")
            let new = try XCTUnwrap(DiffFixture.ruleSet(q.text), "seed \(seed)")
            let report = DiffFixture.diff(old, new, lines, jobs: seed % 2 == 0 ? 2 : 1)
            let expected = DiffFixture.oracle(old, new, lines)
            XCTAssertEqual(DiffFixture.outcomes(report), expected.outcomes, "seed \(seed)")
            XCTAssertEqual(report.changed.map(\.id), expected.changed, "seed \(seed)")
            XCTAssertEqual(report.outcomeChanges, expected.outcomeChanged.count, "seed \(seed)")
            XCTAssertEqual(report.rulesetChanges.isEmpty, p == q, "seed \(seed)")
            // Every group's cases really share its cause.
            for c in report.changed {
                let cause = report.groups[c.group].cause
                XCTAssertTrue(cause.outcomeChanged == expected.outcomeChanged.contains(c.id), "seed \(seed) \(c.id)")
            }
        }
    }

    func testAVersionAgainstItselfShowsNothing() throws {
        for seed in 20...25 as ClosedRange<UInt64> {
            var g = Seeded(seed: seed)
            let text = Parameters.random(&g).text
            let old = try XCTUnwrap(DiffFixture.ruleSet(text))
            let new = try XCTUnwrap(DiffFixture.ruleSet(text))
            let report = DiffFixture.diff(old, new, DiffFixture.allLines)
            XCTAssertTrue(
                report.rulesetChanges.isEmpty && report.changed.isEmpty && report.groups.isEmpty, "seed \(seed)")
            XCTAssertEqual(
                report.outcomes.enumerated().reduce(0) { $0 + $1.element[$1.offset] }, DiffFixture.allLines.count)
        }
    }
}
