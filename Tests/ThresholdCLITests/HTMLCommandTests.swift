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

    func testScoreHTMLExerciseIsTheGoldenHandout() throws {
        let story = "Tests/Fixtures/exercise/mathew.scenario"
        let r = try ThresholdBinary.run(["score", specRules, story, "--format", "html", "--exercise"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(MarkupCheck(r.stdout).wellFormed)
        assertGolden(r.stdout, "html/mathew-exercise.html")
        let answers = try ThresholdBinary.run(["score", specRules, story, "--format", "html"])
        XCTAssertTrue(
            answers.stdout.contains("Mathew is 12. A police referral arrives"), "the answer sheet tells the story too")
        XCTAssertTrue(answers.stdout.contains("Rules that fired"))
    }

    func testExerciseNeedsHTML() throws {
        let r = try ThresholdBinary.run(["score", specRules, mathew, "--exercise"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("`--exercise` makes a handout page: add `--format html`"), r.stderr)
    }

    func testHTMLIsOfferedInUsage() throws {
        let score = try ThresholdBinary.run(["help", "score"])
        XCTAssertTrue(score.stdout.contains("--format html"))
        XCTAssertTrue(score.stdout.contains("--exercise"))
        let test = try ThresholdBinary.run(["help", "test"])
        XCTAssertTrue(test.stdout.contains("html: one self-contained HTML page"))
    }
}
