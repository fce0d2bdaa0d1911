import Foundation
import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// The counterfactual search gives exactly what the search before issue 25 gave (`CounterfactualReference`):
/// the same changes, values and outcomes, in the same order. Against the reference itself on every worked case
/// of every shipped rule set (every level for `why not LEVEL`; every rule that does not fire for `why not RULE`
/// on every fifth case) and on the first 100 of the random contacts; against the reference's answers recorded
/// in Tests/Golden/counterfactuals (a digest per contact; THRESHOLD_UPDATE_GOLDEN=1 records them again, from
/// the reference) on 2,000 random contacts (the contact mix of bench/generate.py) of front-door.rules and
/// camden-mash.rules each.
final class CounterfactualEquivalenceTests: XCTestCase {
    func testEveryWorkedCase() throws {
        let folder = ThresholdBinary.packageRoot.appendingPathComponent("scenarios").path
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".scenario") }.sorted()
        var cases = 0
        var changes = 0
        var cache: [String: RuleSetLoad] = [:]
        for file in files {
            let out = ScenarioFileLoader.load(folder + "/" + file, ruleSets: &cache)
            let rs = try XCTUnwrap(out.ruleSet, file)
            let scoring = Scoring(rs)
            for s in out.scenarios {
                let result = scoring.score(s)
                changes += compare(result, scoring, "\(file) \(s.id)", levels: true, rules: cases % 5 == 0).changes
                cases += 1
            }
        }
        XCTAssertGreaterThan(cases, 150)
        XCTAssertGreaterThan(changes, 500, "too few changes to mean anything")
    }

    func testFrontDoorContacts() throws { try contacts("rules/front-door.rules", "front-door", seed: 25) }
    func testCamdenContacts() throws { try contacts("rules/camden-mash.rules", "camden-mash", seed: 26) }

    func contacts(_ path: String, _ name: String, seed: UInt64, count: Int = 2_000, live: Int = 100) throws {
        let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
        let rs = try XCTUnwrap(out.ruleSet)
        let scoring = Scoring(rs)
        var random = SplitMix64(seed: seed)
        let golden = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Golden/counterfactuals/\(name).txt")
        let recording = ProcessInfo.processInfo.environment["THRESHOLD_UPDATE_GOLDEN"] == "1"
        let recorded = recording ? [] : try String(contentsOf: golden, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(recording || recorded.count == count, "\(name): \(recorded.count) recorded contacts")
        var lines: [String] = []
        var changes = 0
        var pairs = 0
        for i in 0..<count {
            let result = scoring.score(ContactSampler.contact(rs, &random))
            if i < live {
                let (n, p) = compare(result, scoring, "\(path) contact \(i)", levels: i % 25 == 0, rules: i % 25 == 0)
                changes += n
                pairs += p
            }
            let found = Self.text(
                recording
                    ? CounterfactualReference.changes(for: result)
                    : Counterfactuals.changes(for: result, scoring: scoring),
                rs)
            let line =
                "\(i) \(found.count) " + String(SHA256.hexDigest(Array(found.joined(separator: "\n").utf8)).prefix(16))
            lines.append(line)
            if !recording && recorded.indices.contains(i) && recorded[i] != line {
                XCTFail("\(name) contact \(i): \(line), recorded \(recorded[i]); changes now: \(found)")
            }
            if i >= live {
                changes += found.count
                pairs += found.filter { $0.contains(",") }.count
            }
        }
        if recording {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: golden)
            XCTFail("recorded the reference's changes for \(name) in \(golden.path); review and run again")
        }
        XCTAssertGreaterThan(changes, count, "\(path): too few changes to mean anything")
        XCTAssertGreaterThan(pairs, 0, "\(path): no pair of changes was compared")
    }

    /// Compares the search with the reference on one result; returns how many changes were compared, and how
    /// many of them were pairs.
    func compare(
        _ result: ScoredResult, _ scoring: Scoring, _ label: String, levels: Bool, rules: Bool
    ) -> (changes: Int, pairs: Int) {
        let rs = result.ruleSet
        var compared = 0
        var pairs = 0
        func same(_ got: [ScoredResult.Change], _ want: [ScoredResult.Change], _ what: String) {
            compared += want.count
            pairs += want.filter { $0.set.count == 2 }.count
            XCTAssertEqual(Self.text(got, rs), Self.text(want, rs), "\(label): \(what)")
        }
        same(
            Counterfactuals.changes(for: result, scoring: scoring), CounterfactualReference.changes(for: result),
            "changes")
        for level in rs.levels.indices where levels {
            same(
                Counterfactuals.changes(toReach: level, for: result, scoring: scoring),
                CounterfactualReference.changes(toReach: level, for: result), "why not \(rs.levels[level].name)")
        }
        for rule in rs.rules.indices where rules && result.evaluation.rules[rule] != .yes {
            same(
                Counterfactuals.changes(toFire: rule, for: result, scoring: scoring),
                CounterfactualReference.changes(toFire: rule, for: result), "why not \(rs.rules[rule].name)")
        }
        return (compared, pairs)
    }

    /// Each change as one line: the facts and values set, and the outcome.
    static func text(_ changes: [ScoredResult.Change], _ rs: RuleSet) -> [String] {
        changes.map { c in
            c.set.map { "\(rs.facts[$0.slot].name)=\($0.value.map { "\($0)" } ?? "unknown")" }.joined(separator: ",")
                + " -> " + rs.levels[c.outcome].name
        }
    }
}

/// Contacts as bench/generate.py's `contact` mix makes them: a fact of no risk tool is known half the time; a
/// tool (its facts named after the score: `dash_...`) is filled in for 15% of contacts, each of its facts
/// then known 90% of the time. Values as `threshold bench-eval` draws them; a fact left out has its default.
enum ContactSampler {
    static func contact(_ rs: RuleSet, _ rng: inout SplitMix64) -> FactVector {
        let tools = rs.scores.map(\.name).sorted()
        let filled = Set(tools.filter { _ in rng.chance(15) })
        var facts = rs.defaultFacts()
        for (slot, fact) in rs.facts.enumerated() {
            let tool = rs.scores.first { fact.name.hasPrefix($0.name + "_") }?.name
            let known = tool.map { filled.contains($0) && rng.chance(90) } ?? rng.chance(50)
            if known { facts[slot] = fact.type.randomValue(levels: rs.levels.count, &rng) }
        }
        return facts
    }
}
