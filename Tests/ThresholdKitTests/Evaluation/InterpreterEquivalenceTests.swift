import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The two interpreters held equal on a generated corpus (`InterpreterCorpus`): the node-tree walker, computing
/// every definition and score itself from the trees, against the flattened program, on random scenarios with
/// unknowns. A failure prints a minimal reproducer: the rule set with only the declarations the failure needs,
/// and the scenario with only the facts it needs.
final class InterpreterEquivalenceTests: XCTestCase {
    static let ruleSetCount = 40
    static let scenariosPerRuleSet = 60

    func testTheCorpusUsesEveryNodeKind() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var used = Set<NodeKind>()
        for _ in 0..<Self.ruleSetCount {
            let source = corpus.ruleSet()
            guard let rs = Self.compile(source.text) else {
                XCTFail(Self.errors(source.text))
                continue
            }
            used.formUnion(NodeKind.used(in: rs))
        }
        let missing = Set(NodeKind.allCases).subtracting(used).map(\.rawValue).sorted()
        XCTAssertEqual(missing, [], "node kinds the generator never writes: teach InterpreterCorpus to write them")
    }

    func testTheWalkerAndTheProgramAgreeOnTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var compared = 0
        var held = 0
        for n in 0..<Self.ruleSetCount {
            let source = corpus.ruleSet()
            guard let rs = Self.compile(source.text) else {
                XCTFail("rule set \(n): " + Self.errors(source.text))
                continue
            }
            let program = Evaluator(rs)
            let walker = Evaluator(rs)
            for _ in 0..<Self.scenariosPerRuleSet {
                let facts = corpus.scenario(rs)
                let problems = Self.mismatches(rs, facts, program: program, walker: walker)
                compared += 1
                if program.evaluate(facts).cap != nil { held += 1 }
                if !problems.isEmpty {
                    XCTFail(
                        "rule set \(n): the interpreters disagree: \(problems.prefix(5).joined(separator: "; "))\n"
                            + Self.reproducer(source, facts))
                    return
                }
            }
        }
        XCTAssertEqual(compared, Self.ruleSetCount * Self.scenariosPerRuleSet)
        XCTAssertGreaterThan(held, compared / 50, "caps held some outcomes lower")
    }

    /// The shrinker itself: a disagreement planted in the comparison is reduced to what it needs.
    func testTheReproducerKeepsOnlyWhatTheFailureNeeds() throws {
        var corpus = InterpreterCorpus(seed: 7)
        let source = corpus.ruleSet()
        let rs = try XCTUnwrap(Self.compile(source.text))
        var facts = rs.defaultFacts()
        facts[0] = .bool(true)
        let planted: (RuleSet, FactVector) -> Bool = { rs, facts in
            facts[0] == .bool(true) && rs.rules.count >= 1
        }
        let (small, smallFacts) = Self.shrink(source, facts, failing: planted)
        XCTAssertEqual(small.declarations.filter { $0.hasPrefix("rule ") }.count, 1, small.text)
        XCTAssertEqual(smallFacts.filter { $0 != nil }.count, 1)
    }

    // MARK: The comparison

    static func compile(_ text: String) -> RuleSet? {
        RuleSetCompiler.load("corpus.rules", reader: MemoryReader(["corpus.rules": text])).ruleSet
    }

    static func errors(_ text: String) -> String {
        let out = RuleSetCompiler.load("corpus.rules", reader: MemoryReader(["corpus.rules": text]))
        return "did not compile:\n" + DiagnosticRenderer(sources: out.sources).render(out.diagnostics)
    }

    /// The walker alone: definitions and scores in dependency order, each from its node tree.
    static func walk(_ rs: RuleSet, _ ev: Evaluator, _ input: FactVector) -> (
        rules: [Tri], outcome: Int, advice: [Bool]
    ) {
        ev.facts = input
        for step in rs.steps {
            switch step {
            case .definition(let i):
                switch rs.definitions[i].body {
                case .condition(let c): ev.definitionBools[i] = ev.bool(c)
                case .number(let x): ev.definitionNumbers[i] = ev.num(x)
                }
            case .score(let s): ev.scoreStates[s] = ScoreReference.state(rs.scores[s], ev, condition: ev.bool)
            }
        }
        let rules = rs.rules.map { ev.bool($0.condition) }
        var outcome = -1
        for (i, rule) in rs.rules.enumerated() where rules[i] == .yes { outcome = max(outcome, rule.level) }
        outcome = outcome < 0 ? rs.defaultLevel : outcome
        // A cap holds when its `when` is yes and its `unless` is not yes; the lowest that holds decides.
        for cap in rs.caps where ev.bool(cap.when) == .yes && cap.unless.map({ ev.bool($0) }) != .yes {
            outcome = min(outcome, cap.level)
        }
        ev.outcome = outcome
        return (rules, ev.outcome, rs.advice.map { ev.bool($0.condition) == .yes })
    }

    /// What differs between the program's evaluation and the walker's; empty when they agree.
    static func mismatches(_ rs: RuleSet, _ facts: FactVector, program: Evaluator, walker: Evaluator) -> [String] {
        var out: [String] = []
        let e = program.evaluate(facts)
        let w = walk(rs, walker, facts)
        for i in rs.definitions.indices {
            switch rs.definitions[i].body {
            case .condition:
                if program.definitionBools[i] != walker.definitionBools[i] {
                    out.append(
                        "definition \(rs.definitions[i].name): program \(program.definitionBools[i]), walker \(walker.definitionBools[i])"
                    )
                }
            case .number:
                if program.definitionNumbers[i] != walker.definitionNumbers[i] {
                    out.append(
                        "definition \(rs.definitions[i].name): program \(String(describing: program.definitionNumbers[i])), walker \(String(describing: walker.definitionNumbers[i]))"
                    )
                }
            }
        }
        for (i, score) in rs.scores.enumerated() {
            let p = e.scores[i]
            let t = walker.scoreStates[i]
            if p.total != t.total || p.range != t.range || p.domains != t.domains || p.domainTotals != t.domainTotals
                || p.items != t.items || p.floors != t.floors || p.floor != t.floor
                || [p.band, p.bandBeforeFloors, p.minBand, p.maxBand] != [
                    t.band, t.bandBeforeFloors, t.minBand, t.maxBand,
                ]
            {
                out.append(
                    "score \(score.name): program \(p.total) \(p.range) band \(p.band), walker \(t.total) \(t.range) band \(t.band)"
                )
            }
        }
        for (i, rule) in rs.rules.enumerated() where e.rules[i] != w.rules[i] {
            out.append("rule \(rule.name): program \(e.rules[i]), walker \(w.rules[i])")
        }
        if e.outcome != w.outcome { out.append("outcome: program \(e.outcome), walker \(w.outcome)") }
        for (i, a) in rs.advice.enumerated() where e.advice[i] != w.advice[i] {
            out.append("advice \(a.name): program \(e.advice[i]), walker \(w.advice[i])")
        }
        if program.outcomeLevel(facts) != e.outcome { out.append("outcomeLevel differs from evaluate") }
        return out
    }

    // MARK: The reproducer

    /// Drops declarations, then facts, while the failure remains.
    static func shrink(
        _ source: InterpreterCorpus.Source, _ facts: FactVector,
        failing: (RuleSet, FactVector) -> Bool
    ) -> (InterpreterCorpus.Source, FactVector) {
        var best = source
        var i = best.declarations.count - 1
        while i >= 0 {
            var candidate = best
            candidate.declarations.remove(at: i)
            if let rs = compile(candidate.text), failing(rs, facts) { best = candidate }
            i -= 1
        }
        var smallest = facts
        if let rs = compile(best.text) {
            for slot in smallest.indices where smallest[slot] != nil {
                var candidate = smallest
                candidate[slot] = nil
                if failing(rs, candidate) { smallest = candidate }
            }
        }
        return (best, smallest)
    }

    static func reproducer(_ source: InterpreterCorpus.Source, _ facts: FactVector) -> String {
        let (small, smallFacts) = shrink(source, facts) { rs, f in
            !mismatches(rs, f, program: Evaluator(rs), walker: Evaluator(rs)).isEmpty
        }
        guard let rs = compile(small.text) else { return source.text }
        var text =
            "--- a minimal reproducer: corpus.rules\n" + small.text
            + "--- and the scenario\nrules \"corpus.rules\"\nscenario repro\n  given\n"
        for slot in smallFacts.indices where smallFacts[slot] != nil || rs.facts[slot].defaultValue != nil {
            text +=
                "    \(rs.facts[slot].name) = \(smallFacts[slot] == nil ? "unknown" : rs.format(smallFacts[slot], of: slot))\n"
        }
        text +=
            "end\n--- what differs: "
            + mismatches(rs, smallFacts, program: Evaluator(rs), walker: Evaluator(rs)).joined(separator: "; ")
        return text
    }
}
