import Foundation
import ThresholdTestSupport
import XCTest

/// The result object (`score --format json`, `batch`) held to golden files: the specification's fixture, and
/// the shipped front-door rule set with its tools (scores, floors, missing information, advice, due times).
final class ResultJSONGoldenTests: XCTestCase {
    func testSpecFixtureResultMatchesItsGoldenFile() throws {
        let r = try ThresholdBinary.run([
            "score", "Tests/Fixtures/spec/rules/camden-mash.rules",
            "Tests/Fixtures/spec/scenarios/mathew.scenario", "--format", "json",
        ])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        assertGolden(r.stdout, "score/mathew.json")
    }

    func testFrontDoorToolResultsMatchTheirGoldenFile() throws {
        let r = try ThresholdBinary.run([
            "score", "rules/front-door.rules", "scenarios/tools/front-door-tools.scenario",
            "--format", "json",
        ])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        assertGolden(r.stdout, "score/front-door-tools.json")
    }
}
