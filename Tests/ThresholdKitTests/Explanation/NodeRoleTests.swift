import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The explainer's shapes (`ConditionShapes`) and relevance (`Relevance`), which work from each node's
/// `NodeRole`, `directRead` and `forEachChild` only, give the answers of the per-kind switches they replaced
/// (`ShapeReference`, `RelevanceReference`), on the interpreter corpus (every node kind) and the shipped rules.
final class NodeRoleTests: XCTestCase {
    func testShapesAndRelevanceAgreeWithThePerKindReferenceOnTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var tally = Tally()
        for n in 0..<InterpreterEquivalenceTests.ruleSetCount {
            let source = corpus.ruleSet()
            guard let rs = InterpreterEquivalenceTests.compile(source.text) else {
                XCTFail("rule set \(n): " + InterpreterEquivalenceTests.errors(source.text))
                continue
            }
            let scenarios = (0..<20).map { _ in corpus.scenario(rs) }
            compare(rs, scenarios, "corpus rule set \(n)", &tally)
        }
        // The comparison is not vacuous: both answers of each question came up.
        XCTAssertGreaterThan(tally.flat, 0)
        XCTAssertGreaterThan(tally.notFlat, 0)
        XCTAssertGreaterThan(tally.monotone, 0)
        XCTAssertGreaterThan(tally.notMonotone, 0)
        XCTAssertGreaterThan(tally.open, 0)
        XCTAssertGreaterThan(tally.settled, 0)
    }

    func testShapesAndRelevanceAgreeWithThePerKindReferenceOnTheShippedRules() throws {
        for (path, seed) in [
            ("rules/camden-mash.rules", UInt64(21)), ("rules/front-door.rules", 22),
            ("rules/london-continuum-of-need.rules", 23),
        ] {
            let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
            let rs = try XCTUnwrap(out.ruleSet, path)
            var random = SplitMix(seed)
            let scenarios = (0..<40).map { _ in FactSampler.random(rs, &random) }
            var tally = Tally()
            compare(rs, scenarios, path, &tally)
            XCTAssertGreaterThan(tally.open, 0, path)
        }
    }

    /// What the comparison rests on: `is known` is not monotone, and keeps its unknown fact open even when
    /// the condition is settled.
    func testIsKnownIsNeitherMonotoneNorSettled() throws {
        let rs = try XCTUnwrap(
            InterpreterEquivalenceTests.compile(
                """
                ruleset "Planted"
                levels
                  green "Green"
                  red "Red"
                end
                fact a yes/no "A?"
                fact b yes/no "B?"
                rule r when a is known and b then red end
                """))
        var walker = ShapeWalker(ruleSet: rs)
        var reference = ShapeReference(ruleSet: rs)
        XCTAssertEqual(walker.monotone(rs.rules[0].condition), reference.monotone(rs.rules[0].condition))
        XCTAssertFalse(walker.monotone(rs.rules[0].condition))
        let evaluator = Evaluator(rs)
        let e = evaluator.evaluate([nil, .bool(true)])
        let open = Relevance(ruleSet: rs, evaluator: evaluator, facts: e.facts).open(rs.rules[0].condition)
        XCTAssertEqual(Array(open), [0])
        let old = RelevanceReference(ruleSet: rs, evaluator: evaluator, facts: e.facts)
        XCTAssertEqual(Set(open), old.open(rs.rules[0].condition))
    }

    // MARK: The comparison

    struct Tally {
        var flat = 0, notFlat = 0, monotone = 0, notMonotone = 0, open = 0, settled = 0
    }

    /// Every condition of the rule set (rules, advice, score items and floors, definitions), and every
    /// condition under them.
    static func conditions(_ rs: RuleSet) -> [BoolNode] {
        struct Collect: NodeVisitor {
            var all: [BoolNode] = []
            mutating func enter(_ node: BoolNode) -> Bool {
                all.append(node)
                return true
            }
        }
        var c = Collect()
        c.walk(rs)
        return c.all
    }

    func compare(_ rs: RuleSet, _ scenarios: [FactVector], _ name: String, _ tally: inout Tally) {
        let shapes = ConditionShapes.forRuleSet(rs)
        var reference = ShapeReference(ruleSet: rs)
        XCTAssertEqual(shapes.flatRules, rs.rules.map { reference.flat($0.condition, depth: 0) }, name)
        XCTAssertEqual(shapes.monotoneRules, rs.rules.map { reference.monotone($0.condition) }, name)
        for (s, score) in rs.scores.enumerated() {
            XCTAssertEqual(shapes.flatFloors[s], score.floors.map { reference.flat($0.condition, depth: 0) }, name)
            XCTAssertEqual(shapes.monotoneFloors[s], score.floors.map { reference.monotone($0.condition) }, name)
            for (k, item) in score.items.enumerated() {
                switch item.kind {
                case .when(_, let c):
                    XCTAssertEqual(shapes.flatItems[s][k], reference.flat(c, depth: 0), name)
                    XCTAssertEqual(shapes.monotoneItems[s][k], reference.monotone(c), name)
                case .add(let v, _, _):
                    XCTAssertEqual(shapes.flatItems[s][k], reference.flat(v), name)
                    XCTAssertEqual(shapes.monotoneItems[s][k], reference.monotone(v), name)
                }
            }
        }
        let nodes = Self.conditions(rs)
        var walker = ShapeWalker(ruleSet: rs)
        for node in nodes {
            for depth in 0..<2 {
                let flat = walker.flat(node, depth: depth)
                guard flat == reference.flat(node, depth: depth) else {
                    return XCTFail("\(name): flat at depth \(depth) differs on \(node)")
                }
                if flat { tally.flat += 1 } else { tally.notFlat += 1 }
            }
            let monotone = walker.monotone(node)
            guard monotone == reference.monotone(node) else { return XCTFail("\(name): monotone differs on \(node)") }
            if monotone { tally.monotone += 1 } else { tally.notMonotone += 1 }
        }
        let evaluator = Evaluator(rs)
        for facts in scenarios {
            let e = evaluator.evaluate(facts)
            let relevance = Relevance(ruleSet: rs, evaluator: evaluator, facts: e.facts)
            let old = RelevanceReference(ruleSet: rs, evaluator: evaluator, facts: e.facts)
            for node in nodes {
                let open = relevance.open(node)
                guard Set(open) == old.open(node) else {
                    XCTFail("\(name): relevance differs on \(node): \(open.sorted()) != \(old.open(node).sorted())")
                    return
                }
                if open.isEmpty { tally.settled += 1 } else { tally.open += 1 }
            }
            for s in rs.scores.indices { XCTAssertEqual(Set(relevance.score(s)), old.score(s), "\(name): score \(s)") }
        }
    }
}
