import ThresholdTestSupport
import XCTest

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
        return r.missing.map { m in
            rs.facts[m.fact].name + (rs.consequenceText(m.consequence).map { " → \($0)" } ?? " (required)")
        }
    }

    func testASettledPartLeavesItsFactsOut() throws {
        let m = try missing(["a = no", "d = no", "e = no", "f = no", "checked = yes", "age = 10"])
        XCTAssertEqual(m, ["c → outcome to red"])
    }

    func testCountingKeepsEveryOpenItem() throws {
        let m = try missing(["a = no", "c = no", "checked = yes", "age = 10"])
        XCTAssertEqual(m, ["d → outcome to amber", "e → outcome to amber", "f → outcome to amber"])
    }

    func testRequiredFirstThenMostSevere() throws {
        let m = try missing(["d = no", "e = no", "checked = yes"])
        // The required question first (what the record is about), then by consequence. f cannot matter: with D
        // and E no, two of three is out of reach.
        XCTAssertEqual(m, ["age → outcome to amber", "a → outcome to red", "b → outcome to red", "c → outcome to red"])
    }

    func testAQuestionAskedAlwaysComesLastEvenWhenItCannotChangeTheOutcome() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(Self.rules + "\nfact notes_kind one of x, y \"What kind?\" asked always"))
        // C fires red: nothing can change the outcome, but the record still needs the age and the kind.
        let r = Scoring(rs).score(InMemory.facts(["c = yes"], rs))
        XCTAssertEqual(r.missing.map { rs.facts[$0.fact].name }, ["age", "notes_kind"])
        XCTAssertEqual(r.missing.map { rs.missingReason($0) }, ["required", "for the record"])
    }

    func testAnIsKnownTestMakesItsFactMatter() throws {
        let m = try missing(["a = no", "c = no", "d = no", "e = no", "f = no", "age = 3"])
        XCTAssertEqual(m, ["checked → outcome to amber"])
    }

    /// The shortcut for simple conditions gives the same list as simplifying every condition.
    func testShortcutAgreesWithFullSimplification() throws {
        for (path, seed) in [
            ("rules/camden-mash.rules", UInt64(11)), ("rules/front-door.rules", 12),
            ("rules/london-continuum-of-need.rules", 13),
        ] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet)
            let evaluator = Evaluator(rs)
            var random = SplitMix(seed)
            for _ in 0..<150 {
                let facts = FactSampler.random(rs, &random)
                let e = evaluator.evaluate(facts)
                let fast = Explainer(rs).missing(e).map { "\($0.fact) \($0.consequence)" }
                XCTAssertEqual(fast, reference(rs, e, evaluator).map { "\($0.fact) \($0.consequence)" }, path)
            }
        }
    }

    /// Missing information with `Relevance` applied to every rule and score.
    func reference(_ rs: RuleSet, _ e: Evaluation, _ evaluator: Evaluator) -> [ScoredResult.Missing] {
        let relevance = Relevance(ruleSet: rs, evaluator: evaluator, facts: e.facts)
        // A cap whose `when` is unknown and that would hold the outcome lower: its open facts come first.
        var hold: [Int: Int] = [:]
        for (c, cap) in rs.caps.enumerated() where e.caps[c] == .open && cap.level < e.outcome {
            for f in relevance.open(cap.when) where cap.factsRead.contains(f) {
                hold[f] = min(hold[f] ?? Int.max, cap.level)
            }
        }
        // A rule counts up to what the caps that hold allow.
        let ceilings = CapCeilings(rs, e) { QuestionPlan.mayApply(rs, $0, e.facts, evaluator) }
        var best: [Int: Int] = [:]
        for (i, rule) in rs.rules.enumerated() where ceilings.reach(rule) > e.outcome && e.rules[i] != .yes {
            for f in relevance.open(rule.condition) { best[f] = max(best[f] ?? -1, ceilings.reach(rule)) }
        }
        // The questions that could release a cap held while its `unless` is unknown.
        for (f, level) in ceilings.unlessMarks(rs, e, { relevance.open($0) }) { best[f] = max(best[f] ?? -1, level) }
        var band: [Int: (Int, Int)] = [:]
        for i in rs.scores.indices where e.scores[i].maxBand > e.scores[i].band {
            for f in relevance.score(i).sorted() where band[f] == nil { band[f] = (i, e.scores[i].maxBand) }
        }
        func consequence(_ f: Int) -> ScoredResult.Consequence {
            if let b = best[f] { return .outcome(level: b) }
            if let c = band[f] { return .band(score: c.0, band: c.1) }
            if let h = hold[f] { return .held(level: h) }
            return .required
        }
        // Required questions first, in declaration order; the record's (`asked always`) last.
        let required = rs.facts.indices.filter { rs.facts[$0].required && e.facts[$0] == nil }
        var out: [ScoredResult.Missing] = required.map { .init(fact: $0, consequence: consequence($0)) }
        out += hold.filter { !required.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
            .map { .init(fact: $0.key, consequence: consequence($0.key)) }
        out += best.filter { hold[$0.key] == nil && !required.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { .init(fact: $0.key, consequence: .outcome(level: $0.value)) }
        for f in band.keys.sorted() where best[f] == nil && hold[f] == nil && !required.contains(f) {
            if let c = band[f] { out.append(.init(fact: f, consequence: .band(score: c.0, band: c.1))) }
        }
        for (f, fact) in rs.facts.enumerated()
        where fact.askedAlways && !fact.required && e.facts[f] == nil && best[f] == nil && band[f] == nil
            && hold[f] == nil
        {
            out.append(.init(fact: f, consequence: .required))
        }
        return out
    }
}
