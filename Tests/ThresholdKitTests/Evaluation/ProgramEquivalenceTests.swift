import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// The evaluator runs its own flat program (`EvaluationProgram`); these tests hold it to the node trees it
/// was built from: every rule, advice and score, on random scenarios of every shipped rule set, against the
/// tree interpreter and a plain re-computation of the scores (the evaluator's original algorithm).
final class ProgramEquivalenceTests: XCTestCase {
    /// The interpreter corpus's SplitMix64 generator (the same seeds give the same scenarios).
    typealias Random = InterpreterCorpus.Random

    /// Random facts, some unknown, a few outside their declared range (to reach the saturating paths).
    func scenario(_ rs: RuleSet, _ rng: inout Random) -> FactVector {
        var facts = rs.defaultFacts()
        let base = CivilDate(year: 2019, month: 1, day: 1) ?? CivilDate(daysSinceEpoch: 17897)
        for (slot, fact) in rs.facts.enumerated() where rng.below(10) < 6 {
            switch fact.type {
            case .yesNo: facts[slot] = .bool(rng.below(3) == 0)
            case .number(let lo, let hi):
                let l = lo?.intValue ?? -50
                let h = hi?.intValue ?? 100
                let wild =
                    rng.below(40) == 0
                    ? [Int(-9_000_000_000_000), 9_000_000_000_000][rng.below(2)] : l + rng.below(h - l + 1)
                facts[slot] = .number(ExactNumber(wild))
            case .count(let hi): facts[slot] = .number(ExactNumber(rng.below(Swift.min(hi?.intValue ?? 12, 12) + 1)))
            case .oneOf(let o): facts[slot] = .option(rng.below(o.count))
            case .someOf(let o): facts[slot] = .options(UInt64(rng.below(1 << Swift.min(o.count, 16))))
            case .text: facts[slot] = .text(["", "note", "x"][rng.below(3)])
            case .date: facts[slot] = .date(base.addingDays(rng.below(2000) - 1000))
            case .dateTime:
                facts[slot] = .dateTime(
                    CivilDateTime(date: base.addingDays(rng.below(2000) - 1000)).addingMinutes(rng.below(1440)))
            case .level: facts[slot] = .level(rng.below(rs.levels.count))
            }
        }
        // A tool not filled in (every fact its items read at its default) takes the evaluator's short cut;
        // one with every such fact unknown does too when none has a default.
        for score in rs.scores where rng.below(3) == 0 {
            let unknown = rng.below(2) == 0
            for item in score.items { for f in item.factsRead { facts[f] = unknown ? nil : rs.facts[f].defaultValue } }
        }
        return facts
    }

    func ruleSets() -> [(String, RuleSet)] {
        [
            "rules/front-door.rules", "rules/camden-mash.rules", "rules/london-continuum-of-need.rules",
            "Tests/Fixtures/spec/rules/camden-mash.rules",
        ].compactMap { path in
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            XCTAssertNotNil(out.ruleSet, "\(path) did not load")
            return out.ruleSet.map { (path, $0) }
        }
    }

    func testRulesAdviceAndOutcomeAgreeWithTheNodeTrees() throws {
        for (path, rs) in ruleSets() {
            var rng = Random(seed: 11)
            let ev = Evaluator(rs)
            let fresh = Evaluator(rs)
            for k in 0..<400 {
                let facts = scenario(rs, &rng)
                let quick = fresh.outcomeLevel(facts)
                let e = ev.evaluate(facts)
                XCTAssertEqual(quick, e.outcome, "\(path) #\(k): outcomeLevel")
                for (i, rule) in rs.rules.enumerated() {
                    XCTAssertEqual(ev.condition(rule.condition), e.rules[i], "\(path) #\(k): rule \(rule.name)")
                }
                for (a, advice) in rs.advice.enumerated() {
                    XCTAssertEqual(
                        ev.condition(advice.condition) == .yes, e.advice[a], "\(path) #\(k): advice \(advice.name)")
                }
                // After outcomeLevel alone, condition() brings the tree state up to date first.
                for (i, rule) in rs.rules.enumerated() where k % 50 == 0 {
                    XCTAssertEqual(
                        fresh.condition(rule.condition), e.rules[i],
                        "\(path) #\(k): rule \(rule.name) after outcomeLevel")
                }
            }
        }
    }

    func testScoresAgreeWithAPlainRecomputation() throws {
        for (path, rs) in ruleSets() where !rs.scores.isEmpty {
            var rng = Random(seed: 5)
            let ev = Evaluator(rs)
            for k in 0..<300 {
                let e = ev.evaluate(scenario(rs, &rng))
                for (i, score) in rs.scores.enumerated() {
                    let expected = ScoreReference.state(score, ev, condition: ev.condition)
                    let got = e.scores[i]
                    let what = "\(path) #\(k): score \(score.name)"
                    XCTAssertEqual(got.total, expected.total, what)
                    XCTAssertEqual(got.range, expected.range, what)
                    XCTAssertEqual(got.domains, expected.domains, what)
                    XCTAssertEqual(got.domainTotals, expected.domainTotals, what)
                    XCTAssertEqual(got.items, expected.items, what)
                    XCTAssertEqual(got.floors, expected.floors, what)
                    XCTAssertEqual(
                        [got.band, got.bandBeforeFloors, got.minBand, got.maxBand],
                        [expected.band, expected.bandBeforeFloors, expected.minBand, expected.maxBand], what)
                    XCTAssertEqual(got.floor, expected.floor, what)
                }
            }
        }
    }

    func testSaturatingScoresMatchToo() throws {
        // A score with unbounded `add` items: sums that overflow saturate, in the same order as before.
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "S"
                fact a count to 9000000000000
                fact b count to 9000000000000
                fact c count to 10
                fact f yes/no
                levels
                  low "Low"
                  high "High"
                end
                score s "S"
                  add a
                  add b max 5
                  3 when f
                  domain d "D"
                    add c
                    add a
                  end
                  bands
                    x "X" 0 to 10
                    y "Y" 11 and above
                  end
                end
                score t "T"
                  add c
                  2 when f
                  bands
                    lo "Lo" 0 to 5
                    hi "Hi" 6 and above
                  end
                end
                rule r "R" when s is at least y or t is hi then high end
                """))
        let ev = Evaluator(rs)
        // Values beyond the declared ranges too (the evaluator is given facts directly here), to reach
        // the saturating path and the fallback from the bounded one.
        let big = ExactNumber(units: .max - 10)
        let small = ExactNumber(units: .min + 10)
        let cases: [FactVector] = [
            [.number(big), .number(big), .number(ExactNumber(3)), .bool(true)],
            [.number(small), .number(big), nil, nil],
            [nil, nil, nil, nil],
            [.number(big), nil, .number(ExactNumber(10)), .bool(false)],
            [.number(ExactNumber(4)), .number(ExactNumber(-7)), .number(ExactNumber(-20)), nil],
            [nil, nil, .number(big), .bool(true)],
            [nil, nil, .number(small), .bool(true)],
        ]
        for facts in cases {
            let e = ev.evaluate(facts)
            for (i, score) in rs.scores.enumerated() {
                let expected = ScoreReference.state(score, ev, condition: ev.condition)
                XCTAssertEqual(e.scores[i].total, expected.total, "\(score.name) \(facts)")
                XCTAssertEqual(e.scores[i].range, expected.range, "\(score.name) \(facts)")
                XCTAssertEqual(e.scores[i].domains, expected.domains, "\(score.name) \(facts)")
                XCTAssertEqual(e.scores[i].domainTotals, expected.domainTotals, "\(score.name) \(facts)")
                XCTAssertEqual(
                    [e.scores[i].band, e.scores[i].minBand, e.scores[i].maxBand],
                    [expected.band, expected.minBand, expected.maxBand], "\(score.name) \(facts)")
            }
            XCTAssertEqual(ev.outcomeLevel(facts), e.outcome)
        }
    }

    /// The batch renderer copies a score object from its memo when the score's state repeats: the bytes
    /// must be those written afresh, line after line, with rule sets taking turns through one memo.
    func testScoreMemoWritesTheSameBytesAsWritingAfresh() throws {
        let sets = ruleSets()
        var memo = ScoreJSONMemo()
        var rng = Random(seed: 7)
        for round in 0..<600 {
            let (path, rs) = sets[round % 3 == 0 ? rng.below(sets.count) : 0]
            let explainer = Explainer(rs)
            let renderer = JSONResultRenderer(ruleSet: rs)
            let facts = scenario(rs, &rng)
            let result = explainer.explain(Evaluator(rs).evaluate(facts), scenarioID: "s\(round)")
            var fresh = JSONByteSink()
            var viaMemo = JSONByteSink()
            renderer.write(result, to: &fresh)
            renderer.write(result, to: &viaMemo, memo: &memo)
            XCTAssertEqual(
                String(decoding: viaMemo.bytes, as: UTF8.self), String(decoding: fresh.bytes, as: UTF8.self),
                "\(path), scenario \(round)")
            // The same state again: every score object is copied.
            var again = JSONByteSink()
            let copiesBefore = memo.copies
            renderer.write(result, to: &again, memo: &memo)
            XCTAssertEqual(memo.copies - copiesBefore, rs.scores.count, "\(path), scenario \(round) repeated")
            XCTAssertEqual(
                String(decoding: again.bytes, as: UTF8.self), String(decoding: fresh.bytes, as: UTF8.self),
                "\(path), scenario \(round) repeated")
        }
    }

    /// Told which slots a scenario changed from their defaults (as `threshold batch` tells it), the evaluator
    /// skips comparing the other scores' facts with their defaults; the results must not change, nor the
    /// outcome alone, which computes only the steps its rules need. Half the scenarios are sparse (most facts at
    /// their defaults, as a contact is, so that most scores keep their baseline); every fourth also lists slots
    /// that did not change.
    func testChangedSlotsAndTheOutcomeAloneGiveTheSameResults() throws {
        for (path, rs) in ruleSets() {
            let told = Evaluator(rs)
            let plain = Evaluator(rs)
            let defaults = rs.defaultFacts()
            var rng = Random(seed: 11)
            for n in 0..<600 {
                var facts = scenario(rs, &rng)
                if n % 2 == 1 {
                    for slot in facts.indices where rng.below(10) < 8 { facts[slot] = defaults[slot] }
                }
                var changed = facts.indices.filter { facts[$0] != defaults[$0] }
                if n % 4 == 3 { changed = (changed + facts.indices.filter { _ in rng.below(10) == 0 }).sorted() }
                let a = told.evaluate(facts, changed: changed)
                let b = plain.evaluate(facts)
                XCTAssertEqual(a.outcome, b.outcome, "\(path) #\(n)")
                XCTAssertEqual(a.uncapped, b.uncapped, "\(path) #\(n)")
                XCTAssertEqual(a.caps, b.caps, "\(path) #\(n)")
                XCTAssertEqual(told.definitionBools, plain.definitionBools, "\(path) #\(n)")
                XCTAssertEqual(told.definitionNumbers, plain.definitionNumbers, "\(path) #\(n)")
                XCTAssertEqual(a.rules, b.rules, "\(path) #\(n)")
                XCTAssertEqual(a.advice, b.advice, "\(path) #\(n)")
                for i in rs.scores.indices {
                    XCTAssertEqual(a.scores[i].total, b.scores[i].total, "\(path) #\(n) \(rs.scores[i].name)")
                    XCTAssertEqual(a.scores[i].range, b.scores[i].range, "\(path) #\(n) \(rs.scores[i].name)")
                    XCTAssertEqual(a.scores[i].items, b.scores[i].items, "\(path) #\(n) \(rs.scores[i].name)")
                    XCTAssertEqual(
                        a.scores[i].domainTotals, b.scores[i].domainTotals, "\(path) #\(n) \(rs.scores[i].name)")
                    XCTAssertEqual(
                        [a.scores[i].band, a.scores[i].maxBand], [b.scores[i].band, b.scores[i].maxBand],
                        "\(path) #\(n)")
                }
                XCTAssertEqual(told.outcomeLevel(facts, changed: changed), b.outcome, "\(path) #\(n)")
                XCTAssertEqual(told.outcomeLevel(facts), b.outcome, "\(path) #\(n)")
            }
        }
    }
}
