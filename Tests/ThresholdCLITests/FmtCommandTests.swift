import Foundation
import ThresholdTestSupport
import XCTest

/// `threshold fmt` end to end: standard output, `--write` (only files that change), `--check` and its exit
/// codes, and a file with syntax errors (printed as `check` prints them, exit 2, nothing written).
final class FmtCommandTests: XCTestCase {
    static let messy = "rule r1   when a=b\nthen red\nend\n"
    static let tidy = "rule r1 when a = b\n  then red\nend\n"

    func testPrintsTheFormattedText() throws {
        let folder = try TemporaryFolder(files: ["a.rules": Self.messy])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(["fmt", "a.rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stdout, Self.tidy)
        XCTAssertEqual(try folder.read("a.rules"), Self.messy, "printing does not write")
    }

    func testCheckNamesTheFilesThatWouldChangeAndWriteFixesThem() throws {
        let folder = try TemporaryFolder(files: ["rules/a.rules": Self.messy, "rules/b.rules": Self.tidy])
        defer { folder.remove() }
        let before = try FileManager.default.attributesOfItem(
            atPath: folder.url.appendingPathComponent("rules/b.rules").path)
        var r = try ThresholdBinary.run(["fmt", "--check", "rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertEqual(r.stdout, "rules/a.rules\n")
        r = try ThresholdBinary.run(["fmt", "--write", "rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(try folder.read("rules/a.rules"), Self.tidy)
        let after = try FileManager.default.attributesOfItem(
            atPath: folder.url.appendingPathComponent("rules/b.rules").path)
        XCTAssertEqual(before[.modificationDate] as? Date, after[.modificationDate] as? Date, "unchanged file touched")
        r = try ThresholdBinary.run(["fmt", "--check", "rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 0, r.stdout)
        XCTAssertEqual(r.stdout, "")
    }

    func testAFileWithSyntaxErrorsIsReportedAndLeftAlone() throws {
        let broken = "rule r1   when then red end\n"
        let folder = try TemporaryFolder(files: ["a.rules": broken])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(["fmt", "--write", "a.rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("a.rules:1:16: error[syntax]:"), r.stderr)
        XCTAssertEqual(try folder.read("a.rules"), broken)
    }

    func testWriteAndCheckTogetherCannotRun() throws {
        let r = try ThresholdBinary.run(["fmt", "--write", "--check", "rules/"])
        XCTAssertEqual(r.exitCode, 2)
    }

    func testTheShippedFilesAreFormatted() throws {
        let r = try ThresholdBinary.run(["fmt", "--check", "rules/", "scenarios/"])
        XCTAssertEqual(r.exitCode, 0, r.stdout + r.stderr)
    }
}
