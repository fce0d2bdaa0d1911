import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The flat program's fallback for a node kind without an opcode (`BoolCode.node`, `NumCode.node`: the node
/// semantics over the machine's state) gives what the opcodes give and what the node-tree walker gives. Every
/// node is forced through it (`EvaluationProgram(_:nodesOnly:)`), on the interpreter corpus (every node kind)
/// and on the shipped rules.
final class NodeFallbackTests: XCTestCase {
    func testTheFallbackAgreesWithTheOpcodesAndTheWalkerOnTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var compared = 0
        for n in 0..<InterpreterEquivalenceTests.ruleSetCount {
            let source = corpus.ruleSet()
            guard let rs = InterpreterEquivalenceTests.compile(source.text) else {
                XCTFail("rule set \(n): " + InterpreterEquivalenceTests.errors(source.text))
                continue
            }
            let opcodes = Evaluator(rs)
            let fallback = Self.nodesOnly(rs)
            let walker = Evaluator(rs)
            for _ in 0..<InterpreterEquivalenceTests.scenariosPerRuleSet {
                let facts = corpus.scenario(rs)
                var problems = Self.differences(opcodes.evaluate(facts), fallback.evaluate(facts))
                problems += InterpreterEquivalenceTests.mismatches(rs, facts, program: fallback, walker: walker)
                compared += 1
                if !problems.isEmpty {
                    return XCTFail(
                        "rule set \(n): the fallback disagrees: \(problems.prefix(5).joined(separator: "; "))\n"
                            + source.text)
                }
            }
        }
        XCTAssertEqual(
            compared, InterpreterEquivalenceTests.ruleSetCount * InterpreterEquivalenceTests.scenariosPerRuleSet)
    }

    func testTheFallbackAgreesWithTheOpcodesOnTheShippedRules() throws {
        for (path, seed) in [
            ("rules/camden-mash.rules", UInt64(31)), ("rules/front-door.rules", 32),
            ("rules/london-continuum-of-need.rules", 33),
        ] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet, path)
            let opcodes = Evaluator(rs)
            let fallback = Self.nodesOnly(rs)
            var random = SplitMix(seed)
            for _ in 0..<100 {
                let facts = FactSampler.random(rs, &random)
                let problems = Self.differences(opcodes.evaluate(facts), fallback.evaluate(facts))
                guard problems.isEmpty else { return XCTFail("\(path): \(problems.prefix(5))") }
                XCTAssertEqual(opcodes.outcomeLevel(facts), fallback.outcomeLevel(facts), path)
            }
        }
    }

    /// The forced program really holds nothing but fallback ops, and the normal one uses opcodes.
    func testNodesOnlyStoresEveryNodeWhole() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        let rs = try XCTUnwrap(InterpreterEquivalenceTests.compile(corpus.ruleSet().text))
        let forced = EvaluationProgram(rs, nodesOnly: true)
        let normal = EvaluationProgram(rs)
        XCTAssertGreaterThan(forced.nodes.count, 0)
        XCTAssertGreaterThan(forced.numberNodes.count, 0)
        let forcedCodes = (0..<forced.nodes.count).map { forced.code.bools[$0].code }
        XCTAssertEqual(Set(forcedCodes), [.node])
        XCTAssertEqual(Set((0..<forced.numberNodes.count).map { forced.code.nums[$0].code }), [.node])
        XCTAssertEqual(normal.nodes.count, 0)
        XCTAssertEqual(normal.numberNodes.count, 0)
    }

    static func nodesOnly(_ rs: RuleSet) -> Evaluator {
        Evaluator(rs, program: EvaluationProgram(rs, nodesOnly: true))
    }

    /// What differs between two evaluations of the same facts; empty when they agree.
    static func differences(_ a: Evaluation, _ b: Evaluation) -> [String] {
        var out: [String] = []
        if a.outcome != b.outcome { out.append("outcome \(a.outcome) / \(b.outcome)") }
        if a.rules != b.rules { out.append("rules \(a.rules) / \(b.rules)") }
        if a.advice != b.advice { out.append("advice \(a.advice) / \(b.advice)") }
        if a.due != b.due { out.append("due") }
        for (s, (x, y)) in zip(a.scores, b.scores).enumerated() {
            if x.total != y.total || x.range != y.range || x.domains != y.domains || x.domainTotals != y.domainTotals
                || x.items != y.items || x.floors != y.floors || x.floor != y.floor
                || [x.band, x.bandBeforeFloors, x.minBand, x.maxBand] != [
                    y.band, y.bandBeforeFloors, y.minBand, y.maxBand,
                ]
            {
                out.append("score \(s): \(x.total) \(x.range) band \(x.band) / \(y.total) \(y.range) band \(y.band)")
            }
        }
        return out
    }
}
