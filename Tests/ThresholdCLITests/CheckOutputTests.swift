import Foundation
import ThresholdTestSupport
import XCTest

/// `threshold check`'s two forms, held to golden files: text for people, `--format json` for scripts.
final class CheckOutputTests: XCTestCase {
    let inputs = ["Tests/Fixtures/spec", "Tests/Fixtures/malformed"]

    func testTextOutputMatchesItsGoldenFile() throws {
        let r = try ThresholdBinary.run(["check"] + inputs)
        XCTAssertEqual(r.exitCode, 1)
        assertGolden(r.stdout, "check/fixtures.txt")
    }

    func testJSONOutputMatchesItsGoldenFileAndIsOneValidDocument() throws {
        let r = try ThresholdBinary.run(["check", "--format", "json"] + inputs)
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertEqual(r.stderr, "")
        assertGolden(r.stdout, "check/fixtures.json")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertFalse(diagnostics.isEmpty)
        for d in diagnostics {
            XCTAssertEqual(Set(d.keys), ["file", "line", "column", "severity", "code", "message", "hint", "notes"])
        }
        XCTAssertEqual(doc["errors"] as? Int, diagnostics.filter { $0["severity"] as? String == "error" }.count)
        let again = try ThresholdBinary.run(["check", "--format", "json"] + inputs)
        XCTAssertEqual(again.stdout, r.stdout, "the same inputs give the same bytes")
    }

    func testJSONOfACleanCheck() throws {
        let r = try ThresholdBinary.run(["check", "--format", "json", "--strict", "rules"])
        XCTAssertEqual(r.exitCode, 0, r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n"), r.stdout)
    }

    /// A folder with no rules or scenario files checked "0 files" in silence, which reads as clean.
    func testAFolderWithNothingToCheckSaysSo() throws {
        let folder = try TemporaryFolder(files: ["notes.txt": "nothing here\n"])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(["check", "--strict", "."], in: folder.url)
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertEqual(r.stderr, "note: no .rules or .scenario files found\n")
    }

    func testAnUnknownFormatIsRefused() throws {
        let r = try ThresholdBinary.run(["check", "--format", "xml", "rules"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("`--format` must be one of text, json"), r.stderr)
    }
}
