import Foundation
import ThresholdTestSupport
import XCTest

@_spi(Bench) @testable import ThresholdKit

/// `threshold batch`'s explanation (one explainer reused line after line, with the batch's precomputed tables and
/// memo, and the evaluator that has just evaluated the line) gives exactly the JSON result object that the
/// straightforward path gives (a fresh `Explainer` and a fresh `Evaluator` for each contact, no memo). On 1,500
/// random contacts (the contact mix of bench/generate.py) and 500 random fact vectors (every fact known two
/// times in three) of front-door.rules and camden-mash.rules each; and each result against a digest recorded
/// in Tests/Golden/explanations before issue 25's cheaper explanation (THRESHOLD_UPDATE_GOLDEN=1 records them
/// again, from the straightforward path).
final class ExplanationEquivalenceTests: XCTestCase {
    func testFrontDoor() throws { try compare("rules/front-door.rules", "front-door", seed: 2512) }
    func testCamden() throws { try compare("rules/camden-mash.rules", "camden-mash", seed: 2513) }

    func compare(_ path: String, _ name: String, seed: UInt64, contacts: Int = 1_500, random: Int = 500) throws {
        let out = RuleSetCompiler.load(ThresholdBinary.packageRoot.appendingPathComponent(path).path)
        let rs = try XCTUnwrap(out.ruleSet)
        var rng = SplitMix64(seed: seed)
        var other = SplitMix(seed)
        let vectors =
            (0..<contacts).map { _ in ContactSampler.contact(rs, &rng) }
            + (0..<random).map { _ in FactSampler.random(rs, &other) }
        let golden = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Golden/explanations/\(name).txt")
        let recording = ProcessInfo.processInfo.environment["THRESHOLD_UPDATE_GOLDEN"] == "1"
        let recorded = recording ? [] : try String(contentsOf: golden, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(recording || recorded.count == vectors.count, "\(name): \(recorded.count) recorded results")
        let renderer = JSONResultRenderer(ruleSet: rs)
        // The batch's path: one evaluator, explainer and memo for every contact, as a batch worker has.
        let evaluator = Evaluator(rs)
        let explainer = Explainer(rs)
        let memo = ExplanationMemo(rs)
        var lines: [String] = []
        var missing = 0
        var undetermined = 0
        for (i, facts) in vectors.enumerated() {
            // The straightforward path.
            let e = Evaluator(rs).evaluate(facts)
            let plain = Explainer(rs).explain(e, scenarioID: "c\(i)", notFired: false, factValues: false)
            missing += plain.missing.count
            undetermined += plain.undetermined.count
            let text = Self.json(plain, renderer)
            let batch = explainer.explain(
                evaluator.evaluate(facts), scenarioID: "c\(i)", title: nil, notFired: false, factValues: false,
                prepared: evaluator, memo: memo)
            let batchText = Self.json(batch, renderer)
            evaluator.forgetFacts()
            if batchText != text { XCTFail("\(name) \(i): the batch's path gives \(batchText), afresh \(text)") }
            let line = "\(i) " + String(SHA256.hexDigest(Array(text.utf8)).prefix(16))
            lines.append(line)
            if !recording && recorded.indices.contains(i) && recorded[i] != line {
                XCTFail("\(name) \(i): \(line), recorded \(recorded[i]); now: \(text)")
            }
        }
        if recording {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: golden)
            XCTFail("recorded the straightforward path's results for \(name) in \(golden.path); review and run again")
        }
        XCTAssertGreaterThan(memo.found, vectors.count / 10, "\(path): the memo was seldom used")
        XCTAssertGreaterThan(missing, vectors.count, "\(path): too little missing information to mean anything")
        XCTAssertGreaterThan(undetermined, vectors.count / 2, "\(path): too few undetermined rules")
    }

    static func json(_ r: ScoredResult, _ renderer: JSONResultRenderer) -> String {
        var sink = JSONByteSink()
        renderer.write(r, to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}
