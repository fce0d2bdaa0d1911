import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The input limits (docs/language.md, "Limits"): each is enforced with a message that names it.
final class LimitTests: XCTestCase {
    let header = "ruleset \"T\"\nfact a yes/no\nlevels\n x\n y\nend\n"

    func testALineOverTheLimitIsAnErrorOnItsLine() {
        let long = "# " + String(repeating: "x", count: Limits.lineBytes)
        let errors = InMemory.diagnostics(header + long + "\n").filter { $0.code == .lineTooLong }
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.span?.start.line, 7)
        XCTAssertEqual(
            errors.first?.message, "line 7 is \(Limits.lineBytes + 2) bytes long, more than the limit of 64 KB")
        // At the limit is fine.
        let atLimit = String(repeating: "#", count: Limits.lineBytes)
        XCTAssertTrue(InMemory.diagnostics(header + atLimit + "\n").filter { $0.code == .lineTooLong }.isEmpty)
        XCTAssertNil(Limits.longLine(Array((atLimit + "\n" + atLimit).utf8)))
        XCTAssertEqual(Limits.longLine(Array(("a\n" + atLimit + "#").utf8))?.line, 2)
    }

    func testTooManyScenariosInAScenarioFile() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(header + "default x\n"))
        let one = "scenario s\n  given a = yes\nend\n"
        var text = ""
        text.reserveCapacity(one.utf8.count * (Limits.scenariosPerFile + 2))
        for k in 0...(Limits.scenariosPerFile + 1) { text += "scenario s\(k)\nend\n" }
        let out = InMemory.scenarios(text, against: rs)
        XCTAssertEqual(out.scenarios.count, Limits.scenariosPerFile)
        XCTAssertEqual(
            out.diagnostics.filter { $0.code == .tooManyScenarios }.map(\.message),
            ["this file has more than 100000 scenarios, the limit"])
    }

    func testTooManyScenariosInAJSONFile() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(header + "default x\n"))
        let text = "[" + Array(repeating: "{}", count: Limits.scenariosPerFile + 3).joined(separator: ",") + "]"
        let out = ScenarioInput.load(["many.json"], against: rs, reader: MemoryReader(["many.json": text]))
        XCTAssertEqual(out.scenarios.count, Limits.scenariosPerFile)
        XCTAssertEqual(out.diagnostics.map(\.message), ["this file has more than 100000 scenarios, the limit"])
    }

    func testTooManyFactsInOneScenario() throws {
        let rs = try XCTUnwrap(InMemory.ruleSet(header + "default x\n"))
        let given = String(repeating: "  given a = yes\n", count: Limits.factsPerScenario + 1)
        let out = InMemory.scenarios("scenario s\n" + given + "end\n", against: rs)
        XCTAssertTrue(
            out.diagnostics.contains { $0.message == "scenario `s` gives more than 10000 facts, the limit" },
            "\(out.diagnostics.prefix(3).map(\.message))")
        // JSON: the decoder says so before it reads a fact.
        let facts = (0...Limits.factsPerScenario).map { "\"f\($0)\":1" }.joined(separator: ",")
        let json = try JSONReader.parse("{\"facts\":{\(facts)}}")
        guard case .failure(let f) = JSONScenarioDecoder(ruleSet: rs).decode(json) else { return XCTFail("taken") }
        XCTAssertEqual(f.message, "more than 10000 facts, the limit for one scenario")
    }

    func testJSONDeeperThanItsLimitIsRefused() {
        let deep =
            String(repeating: "[", count: Limits.jsonDepth + 1) + String(repeating: "]", count: Limits.jsonDepth + 1)
        XCTAssertThrowsError(try JSONReader.parse(deep)) { e in
            XCTAssertEqual((e as? JSONParseError)?.message, "nesting is deeper than 512 levels")
        }
        let fine = String(repeating: "[", count: Limits.jsonDepth) + String(repeating: "]", count: Limits.jsonDepth)
        XCTAssertNoThrow(try JSONReader.parse(fine))
    }
}
