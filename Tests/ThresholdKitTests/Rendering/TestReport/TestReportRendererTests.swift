import Foundation
import XCTest

@testable import ThresholdKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text, JUnit and JSON renderings of a test report.
final class TestReportRendererTests: XCTestCase {
    typealias F = TestingFixture

    static let files: [String: String] = [
        "cases/a.scenario": TestRunnerTests.passing,
        "cases/b.scenario": F.file(
            F.scenario(
                "wrong", title: "Quotes \\\" & <tags> 'here'", given: ["age = 14", "harm = yes"],
                expect: ["outcome red", "outcome amber", "not fired harm"])),
        "cases/c.scenario": TestRunnerTests.unknownFact,
    ]

    func report(_ paths: [String] = ["cases/a.scenario", "cases/b.scenario", "cases/c.scenario"]) -> TestReport {
        TestRunner(reader: F.reader(Self.files)).run(paths)
    }

    // MARK: text

    func testTextLinesAndLastLine() {
        let text = TestReportTextRenderer().render(report())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.last, "", "ends with a newline")
        XCTAssertEqual(lines.dropLast().last, "2 passed, 1 failed")
        XCTAssertTrue(lines.contains("PASS cases/a.scenario:3 harm_case: Harm: red"))
        XCTAssertTrue(lines.contains("FAIL cases/b.scenario:3 wrong: Quotes \" & <tags> 'here'"))
        XCTAssertTrue(lines.contains("  cases/b.scenario:9: expected outcome amber, got red (decided by harm)"))
        XCTAssertTrue(
            lines.contains("  cases/b.scenario:10: expected not fired harm, but it fired (→ red; harm = yes)"))
        XCTAssertTrue(lines.contains("  what happened:"))
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("    Outcome: red (Red), provisional: MASH team, within 24 hours") })
        XCTAssertTrue(lines.contains("      harm → red: Risk of harm"), "the fired rules, indented under the failure")
        XCTAssertTrue(lines.contains("  cases/c.scenario (1 error)"))
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    func testTextCoverageComesJustBeforeTheLastLine() {
        let text = TestReportTextRenderer(coverage: true).render(report(["cases/a.scenario"]))
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.last, "2 passed, 0 failed")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("coverage of rules/fixture.rules") }) else {
            return XCTFail("no coverage block:\n\(text)")
        }
        XCTAssertEqual(lines[start], "coverage of rules/fixture.rules (Testing fixture 1), 2 scenarios from 1 file:")
        XCTAssertEqual(
            Array(lines[(start + 1)...]),
            [
                "  rules fired: 2 of 4 (50.0%); never fired: danger, cce_high",
                "  cce bands reached: 2 of 3 (66.6%); never reached: high",
                "  advice given: 1 of 2 (50.0%); never given: consider_siblings",
                "  facts given a value: 4 of 9 (44.4%); never given: siblings, missing_episodes, excluded, notes, received",
                "2 passed, 0 failed",
            ])
    }

    func testTextWithoutCoverageHasNoCoverageBlock() {
        XCTAssertFalse(TestReportTextRenderer().render(report(["cases/a.scenario"])).contains("coverage of"))
    }

    func testTextSaysWhyNothingRan() {
        let empty = TestRunner(filter: "zzz", reader: F.reader(Self.files)).run(["cases/a.scenario"])
        let text = TestReportTextRenderer().render(empty)
        XCTAssertTrue(text.contains("note: no scenario matched --filter \"zzz\""))
        XCTAssertTrue(text.hasSuffix("\n0 passed, 0 failed\n"))
    }

    func testTextIsTheSameEveryRun() {
        XCTAssertEqual(
            TestReportTextRenderer(coverage: true).render(report()),
            TestReportTextRenderer(coverage: true).render(report()))
    }

    // MARK: JUnit

    func testJUnitParsesAndCounts() throws {
        let xml = TestReportJUnitRenderer().render(report())
        let doc = try XMLDocument(xmlString: xml, options: [])
        guard let root = doc.rootElement() else { return XCTFail("no root element") }
        XCTAssertEqual(root.name, "testsuites")
        XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "4")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "1")
        XCTAssertEqual(root.attribute(forName: "errors")?.stringValue, "1")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(
            suites.map { $0.attribute(forName: "name")?.stringValue },
            ["cases/a.scenario", "cases/b.scenario", "cases/c.scenario"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "tests")?.stringValue }, ["2", "1", "1"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "failures")?.stringValue }, ["0", "1", "0"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "errors")?.stringValue }, ["0", "0", "1"])

        let cases = suites[1].elements(forName: "testcase")
        XCTAssertEqual(cases.count, 1)
        guard let wrong = cases.first else { return }
        XCTAssertEqual(wrong.attribute(forName: "classname")?.stringValue, "cases.b")
        XCTAssertEqual(wrong.attribute(forName: "name")?.stringValue, "wrong")
        XCTAssertEqual(wrong.attribute(forName: "file")?.stringValue, "cases/b.scenario")
        XCTAssertEqual(wrong.attribute(forName: "line")?.stringValue, "3")
        guard let failure = wrong.elements(forName: "failure").first else { return XCTFail("no failure element") }
        XCTAssertEqual(
            failure.attribute(forName: "message")?.stringValue,
            "expected outcome amber, got red (decided by harm); expected not fired harm, but it fired (→ red; harm = yes)"
        )
        let body = failure.stringValue ?? ""
        XCTAssertTrue(body.contains("FAIL cases/b.scenario:3 wrong: Quotes \" & <tags> 'here'"), body)
        XCTAssertTrue(body.contains("Outcome: red"), body)

        guard let load = suites[2].elements(forName: "testcase").first?.elements(forName: "error").first else {
            return XCTFail("no error element for the unloadable file")
        }
        XCTAssertEqual(load.attribute(forName: "message")?.stringValue, "could not be loaded: 1 error")
        XCTAssertTrue(
            (load.stringValue ?? "").contains("cases/c.scenario:5:5: error[undeclared-fact]: `agee` is not a fact"))

        let props = suites[0].elements(forName: "properties").first?.elements(forName: "property") ?? []
        XCTAssertEqual(
            props.compactMap { $0.attribute(forName: "name")?.stringValue }, ["rules", "ruleset", "fingerprint"])
    }

    func testXMLEscaping() {
        XCTAssertEqual(XMLEscaping.attribute("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        XCTAssertEqual(XMLEscaping.attribute("line\nbreak\ttab\rcr"), "line&#10;break&#9;tab&#13;cr")
        XCTAssertEqual(XMLEscaping.text("a&b<c>\"'\nx"), "a&amp;b&lt;c&gt;\"'\nx")
        XCTAssertEqual(XMLEscaping.text("bell\u{7}esc\u{1B}nul\u{0}"), "bell\u{FFFD}esc\u{FFFD}nul\u{FFFD}")
        XCTAssertEqual(XMLEscaping.attribute("£ “curly” é → \u{FFFF}"), "£ “curly” é → \u{FFFD}")
    }

    func testJUnitWithAwkwardTextStillParses() throws {
        let title = #"Control \n and ]]> and &amp; and <![CDATA[ x ]]>"#
        let files = [
            "cases/x.scenario": F.file(
                F.scenario(
                    "odd", title: title, given: ["age = 14", "harm = yes"],
                    expect: ["outcome blue"]))
        ]
        let report = TestRunner(reader: F.reader(files)).run(["cases/x.scenario"])
        XCTAssertEqual(report.failed, 1)
        let xml = TestReportJUnitRenderer().render(report)
        XCTAssertNoThrow(try XMLDocument(xmlString: xml, options: []), xml)
    }

    // MARK: JSON

    func testJSONParsesWithResultsFailuresAndSummary() throws {
        let json = TestReportJSONRenderer(coverage: true).render(report())
        XCTAssertFalse(json.contains("\n"), "one line")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        guard let doc = object else { return XCTFail("not an object") }
        let summary = doc["summary"] as? [String: Any]
        XCTAssertEqual(summary?["passed"] as? Int, 2)
        XCTAssertEqual(summary?["failed"] as? Int, 1)
        XCTAssertEqual(summary?["unloadable"] as? Int, 1)

        let results = doc["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.map { $0["id"] as? String }, ["harm_case", "neglect_case", "wrong"])
        let wrong = results[2]
        XCTAssertEqual(wrong["file"] as? String, "cases/b.scenario")
        XCTAssertEqual(wrong["line"] as? Int, 3)
        XCTAssertEqual(wrong["title"] as? String, "Quotes \" & <tags> 'here'")
        XCTAssertEqual(wrong["passed"] as? Bool, false)
        let failures = wrong["failures"] as? [[String: Any]] ?? []
        XCTAssertEqual(failures.count, 2)
        XCTAssertEqual(failures.first?["expectation"] as? String, "outcome amber")
        XCTAssertEqual(failures.first?["expected"] as? String, "outcome amber")
        XCTAssertEqual(failures.first?["actual"] as? String, "red (decided by harm)")
        XCTAssertEqual(failures.first?["line"] as? Int, 9)
        let result = wrong["result"] as? [String: Any]
        XCTAssertEqual((result?["outcome"] as? [String: Any])?["level"] as? String, "red")
        XCTAssertNil(results[0]["result"], "passing scenarios carry no result object")

        let diagnostics = doc["diagnostics"] as? [[String: Any]] ?? []
        XCTAssertEqual(diagnostics.first?["code"] as? String, "undeclared-fact")
        XCTAssertEqual(diagnostics.first?["line"] as? Int, 5)

        let coverage = (doc["coverage"] as? [String: Any])?["rules/fixture.rules"] as? [String: Any]
        let rules = coverage?["rules"] as? [String: Any]
        XCTAssertEqual(rules?["total"] as? Int, 4)
        XCTAssertEqual(rules?["covered"] as? Int, 2)
        XCTAssertEqual(rules?["never"] as? [String], ["danger", "cce_high"])
        XCTAssertEqual((rules?["percent"] as? NSNumber)?.doubleValue, 50.0)
        let cce = (coverage?["bands"] as? [String: Any])?["cce"] as? [String: Any]
        XCTAssertEqual(cce?["never"] as? [String], ["high"])
    }

    func testJSONLeavesCoverageOutUnlessAsked() throws {
        let json = TestReportJSONRenderer().render(report(["cases/a.scenario"]))
        let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertNil(doc?["coverage"])
        XCTAssertNotNil(doc?["summary"])
    }
}
