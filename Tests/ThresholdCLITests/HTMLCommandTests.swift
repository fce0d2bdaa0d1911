import Foundation
import ThresholdTestSupport
import XCTest

/// `--format html` end to end: the golden case sheet and suite report, exit codes, byte-identical runs.
final class HTMLCommandTests: XCTestCase {
    let specRules = "Tests/Fixtures/spec/rules/camden-mash.rules"
    let mathew = "Tests/Fixtures/spec/scenarios/mathew.scenario"

    func testScoreHTMLIsTheGoldenCaseSheet() throws {
        let r = try ThresholdBinary.run(["score", specRules, mathew, "--format", "html"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(MarkupCheck(r.stdout).wellFormed)
        assertGolden(r.stdout, "html/mathew-case-sheet.html")
        let again = try ThresholdBinary.run(["score", specRules, mathew, "--format", "html"])
        XCTAssertEqual(again.stdout, r.stdout, "byte-identical")
    }

    func testTestHTMLIsTheGoldenSuiteReport() throws {
        let r = try ThresholdBinary.run([
            "test", "Tests/Fixtures/spec/scenarios/mathew.scenario", "Tests/Fixtures/html", "--format", "html",
        ])
        XCTAssertEqual(r.exitCode, 1, "a failed expectation still exits 1")
        XCTAssertTrue(MarkupCheck(r.stdout).wellFormed)
        assertGolden(r.stdout, "html/suite-report.html")
    }

    func testHTMLIsOfferedInUsage() throws {
        let score = try ThresholdBinary.run(["help", "score"])
        XCTAssertTrue(score.stdout.contains("--format html"))
        let test = try ThresholdBinary.run(["help", "test"])
        XCTAssertTrue(test.stdout.contains("html: one self-contained HTML page"))
    }
}
