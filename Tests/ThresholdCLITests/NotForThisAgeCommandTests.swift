import Foundation
import ThresholdTestSupport
import XCTest

/// A tool whose `asked when` excludes the child's age reports `"status": "not_applicable"` and no bands it
/// could reach, the same in `score --format json`, `batch` (with its memoised score objects) and the API.
final class NotForThisAgeCommandTests: XCTestCase {
    let rules = "rules/front-door.rules"

    func scores(_ line: String) throws -> [String: [String: Any]] {
        let doc = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try XCTUnwrap(doc?["scores"] as? [String: [String: Any]])
    }

    func testScoreBatchAndTheServerAgree() throws {
        let score = try ThresholdBinary.run(["score", rules, "--set", "age=4", "--format", "json"])
        XCTAssertEqual(score.exitCode, 0, score.stderr)
        let young = try scores(score.stdout)
        for tool in ["cce", "seraf", "cse", "mcce"] {
            XCTAssertEqual(young[tool]?["status"] as? String, "not_applicable", tool)
            XCTAssertTrue(young[tool]?["could_reach"] is NSNull, tool)
        }
        XCTAssertEqual(young["dash"]?["status"] as? String, "not_started", "DASH has no age")

        let batch = try ThresholdBinary.run(
            ["batch", rules, "--jobs", "1"], input: "{\"age\":4}\n{\"age\":12}\n{\"age\":4}\n")
        XCTAssertEqual(batch.exitCode, 0, batch.stderr)
        let lines = batch.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        // The score objects as bytes: the same writer must give the same bytes on every route.
        let scoresOnly: (String) -> String = { line in
            guard let start = line.range(of: "\"scores\":"), let end = line.range(of: ",\"advice\":") else {
                return line
            }
            return String(line[start.lowerBound..<end.lowerBound])
        }
        let fromScore = scoresOnly(score.stdout)
        XCTAssertEqual(scoresOnly(lines[0]), fromScore)
        XCTAssertEqual(scoresOnly(lines[2]), fromScore, "a memoised object is not copied across ages")
        XCTAssertEqual(try scores(lines[1])["cce"]?["status"] as? String, "not_started")

        let server = try ServerProcess([rules])
        defer { _ = server.stop() }
        let response = try server.request("POST", "/v1/score", body: #"{"facts":{"age":4}}"#)
        XCTAssertEqual(response.status, 200, response.body)
        XCTAssertEqual(scoresOnly(response.body), fromScore)
    }
}
