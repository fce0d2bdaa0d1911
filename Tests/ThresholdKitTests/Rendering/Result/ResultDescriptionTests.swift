import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The result object is described once (`ResultDescription`); the fast renderer (`JSONResultRenderer`, with its
/// fragments and the batch's score memo) must write exactly the bytes the description gives, on the shipped rule
/// sets and on the interpreter corpus, and the committed schema must be the description's.
final class ResultDescriptionTests: XCTestCase {
    /// What the results compared showed at least once, so the comparison cannot pass by seeing too little.
    struct Seen: OptionSet {
        let rawValue: Int
        static let title = Seen(rawValue: 1)
        static let due = Seen(rawValue: 2)
        static let capped = Seen(rawValue: 4)
        static let changes = Seen(rawValue: 8)
        static let warnings = Seen(rawValue: 16)
        static let floor = Seen(rawValue: 32)
        static let tool = Seen(rawValue: 64)
        static let undetermined = Seen(rawValue: 128)
    }

    func testTheRendererWritesTheDescribedBytesOnTheShippedRules() throws {
        var corpus = InterpreterCorpus(seed: 23)
        var seen: Seen = []
        var memo = ScoreJSONMemo()
        for path in [
            "rules/front-door.rules", "rules/camden-mash.rules", "rules/london-continuum-of-need.rules",
            "Tests/Fixtures/spec/rules/camden-mash.rules",
        ] {
            let rs = try XCTUnwrap(
                RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path).ruleSet, path)
            let scoring = Scoring(rs)
            for n in 0..<150 {
                // Now and then nothing answered, so the tools are not started.
                let facts = n % 50 == 1 ? rs.defaultFacts() : corpus.scenario(rs)
                var r = scoring.score(facts, id: n % 5 == 0 ? nil : "s\(n)", title: n % 3 == 0 ? "T \"\(n)\"" : nil)
                if n < 8 { r.changes = Counterfactuals.changes(for: r, scoring: scoring) }
                if let problem = compare(r, &memo, &seen) { return XCTFail("\(path), scenario \(n): \(problem)") }
            }
        }
        XCTAssertEqual(seen, [.title, .due, .capped, .changes, .floor, .tool, .undetermined])
    }

    func testTheRendererWritesTheDescribedBytesOnTheCorpus() throws {
        var corpus = InterpreterCorpus(seed: 2026)
        var seen: Seen = []
        var memo = ScoreJSONMemo()
        for n in 0..<InterpreterEquivalenceTests.ruleSetCount {
            let source = corpus.ruleSet()
            let rs = try XCTUnwrap(InterpreterEquivalenceTests.compile(source.text), "rule set \(n)")
            let scoring = Scoring(rs)
            for k in 0..<20 {
                var r = scoring.score(corpus.scenario(rs), id: "c\(k)", title: k % 4 == 0 ? "T" : nil)
                if k == 0 { r.changes = Counterfactuals.changes(for: r, scoring: scoring) }
                if let problem = compare(r, &memo, &seen) {
                    return XCTFail("rule set \(n), scenario \(k): \(problem)\n\(source.text)")
                }
            }
        }
        XCTAssertTrue(seen.isSuperset(of: [.title, .due, .capped, .changes, .warnings, .floor, .undetermined]))
    }

    /// The bytes the renderer writes (afresh, and through a score memo as `batch` does, with the lean explanation
    /// `batch` makes) against the description's; nil when they agree.
    private func compare(_ r: ScoredResult, _ memo: inout ScoreJSONMemo, _ seen: inout Seen) -> String? {
        let described = ResultDescription.text(of: r)
        let renderer = JSONResultRenderer(ruleSet: r.ruleSet)
        let written = renderer.render(r)
        guard written == described else { return "renderer\n  \(written)\ndescription\n  \(described)" }
        var lean = Explainer(r.ruleSet).explain(
            r.evaluation, scenarioID: r.scenarioID, title: r.title, notFired: false, factValues: false)
        lean.changes = r.changes
        var sink = JSONByteSink()
        renderer.write(lean, to: &sink, memo: &memo)
        let viaMemo = String(decoding: sink.bytes, as: UTF8.self)
        guard viaMemo == described else { return "batch\n  \(viaMemo)\ndescription\n  \(described)" }
        let value = ResultDescription.value(of: r)
        if r.title != nil { seen.insert(.title) }
        if value["outcome"]?["due"] != nil { seen.insert(.due) }
        if value["capped"]?.isNull == false { seen.insert(.capped) }
        if !r.changes.isEmpty { seen.insert(.changes) }
        if value["warnings"] != nil { seen.insert(.warnings) }
        if !r.undetermined.isEmpty { seen.insert(.undetermined) }
        if r.missing.contains(where: { $0.tool != nil }) { seen.insert(.tool) }
        if r.evaluation.scores.contains(where: { $0.floor != nil }) { seen.insert(.floor) }
        return nil
    }

    /// `docs/result.schema.json` is the description's schema (`THRESHOLD_UPDATE_GOLDEN=1` rewrites it).
    func testTheCommittedSchemaIsTheDescriptions() {
        assertGolden(ResultDescription.jsonSchemaText(), "../../docs/result.schema.json")
    }

    /// The schema names every top-level member in the description's order, requires those that are always
    /// there, and closes every object.
    func testTheSchemaFollowsTheDescription() throws {
        let schema = ResultDescription.jsonSchema()
        guard case .object(let properties)? = schema["properties"] else { return XCTFail("no properties") }
        XCTAssertEqual(properties.map(\.0), ResultField.allCases.map { ResultDescription.member($0).key })
        XCTAssertEqual(
            schema["required"],
            .array(ResultField.allCases.map(ResultDescription.member).filter { !$0.optional }.map { .string($0.key) }))
        XCTAssertFalse(schema["required"]?.description.contains("\"title\"") ?? true)
        guard case .object(let defs)? = schema["$defs"] else { return XCTFail("no $defs") }
        XCTAssertEqual(
            defs.map(\.0),
            [
                "RuleSet", "Outcome", "Capped", "FiredRule", "UndeterminedRule", "Score", "Floor", "Advice",
                "MissingFact", "MissingTool", "Change", "OutcomeLine",
            ])
        for (name, def) in defs {
            XCTAssertEqual(def["additionalProperties"], .bool(false), name)
            XCTAssertEqual(def["type"], .string("object"), name)
        }
        XCTAssertEqual(
            defs.first { $0.0 == "Score" }?.1["properties"]?["status"]?["enum"],
            .array(["not_started", "incomplete", "complete", "not_applicable"].map(JSONValue.string)))
        // A line of `batch --outcome-only`: the result's members it keeps, with the same schemas.
        let line = defs.first { $0.0 == "OutcomeLine" }?.1
        guard case .object(let kept)? = line?["properties"] else { return XCTFail("no OutcomeLine properties") }
        XCTAssertEqual(kept.map(\.0), ["scenario", "ruleset", "outcome", "warnings"])
        XCTAssertEqual(line?["required"], .array(["scenario", "ruleset", "outcome"].map(JSONValue.string)))
        for (key, value) in kept { XCTAssertEqual(value, properties.first { $0.0 == key }?.1, key) }
    }
}
