import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The formats of each subject (`RenderFormat`, `FormatRegistry`): the names `--format` offers, in order, the
/// first the default, and each format writing what its renderer writes.
final class FormatRegistryTests: XCTestCase {
    typealias F = HTMLFixture

    func testEachSubjectListsItsFormatsDefaultFirst() {
        XCTAssertEqual(ResultFormats.registry.names, ["text", "json", "html"])
        XCTAssertEqual(TestReportFormats.registry.names, ["text", "junit", "json", "html"])
        XCTAssertEqual(DiffFormats.registry.names, ["text", "json", "html"])
        XCTAssertEqual(DiagnosticFormats.registry.names, ["text", "json"])
        XCTAssertEqual(AuditFormats.registry.names, ["text", "json", "html"])
        XCTAssertEqual(HolidayFormats.registry.names, ["text"])
        XCTAssertEqual(ResultFormats.registry.default.name, "text")
        XCTAssertEqual(TestReportFormats.registry.format(named: "junit")?.name, "junit")
        XCTAssertNil(ResultFormats.registry.format(named: "yaml"))
        XCTAssertNil(ResultFormats.registry.format(named: "TEXT"), "names are matched exactly")
    }

    func testResultFormatsWriteWhatTheirRenderersWrite() throws {
        let results = try F.results(F.hostileScenarios)
        XCTAssertGreaterThan(results.count, 1)
        let registry = ResultFormats.registry
        let text = TextResultRenderer(detail: .full)
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "text")).render(results, .init(detail: .full)),
            results.map { text.render($0) }.joined(separator: "\n"), "a blank line between results")
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "json")).render(results, .init()),
            results.map { JSONResultRenderer().render($0) + "\n" }.joined(), "one object a line")
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "html")).render(results, .init(exercise: true)),
            HTMLCaseSheetRenderer(exercise: true).render(results))
    }

    func testOnlyBriefTextGoesWithoutChanges() throws {
        let registry = ResultFormats.registry
        for format in registry.formats {
            XCTAssertEqual(ResultFormats.showsChanges(format, .init(detail: .brief)), format.name != "text")
            XCTAssertTrue(ResultFormats.showsChanges(format, .init(detail: .full)))
        }
    }

    func testTestReportFormatsPassTheirSettings() throws {
        let report = F.report([F.mathew, F.hostileScenarios])
        let registry = TestReportFormats.registry
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "text")).render(report, .init(coverage: true, passes: false)),
            TestReportTextRenderer(coverage: true, passes: false).render(report))
        XCTAssertNotEqual(
            try XCTUnwrap(registry.format(named: "text")).render(report, .init(coverage: true, passes: false)),
            try XCTUnwrap(registry.format(named: "text")).render(report, .init()))
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "json")).render(report, .init(coverage: true)),
            TestReportJSONRenderer(coverage: true).render(report) + "\n")
        XCTAssertEqual(
            try XCTUnwrap(registry.format(named: "junit")).render(report, .init()),
            TestReportJUnitRenderer().render(report))
    }

    func testDiagnosticTextEndsWithTheCount() throws {
        let files = [F.path(F.specRules)]
        let report = FileSetChecker.check(files)
        let text = DiagnosticFormats.registry.default.render(.init(files: files, report: report), .init())
        XCTAssertTrue(text.hasSuffix("checked 1 file: 0 errors, 0 warnings\n"), text)
        let json = try XCTUnwrap(DiagnosticFormats.registry.format(named: "json"))
        XCTAssertEqual(
            json.render(.init(files: files, report: report), .init()),
            DiagnosticJSONRenderer().render(files: files, diagnostics: report.diagnostics))
    }

    /// The one call that gives a result its counterfactual changes (score, the server, the exercise, batch).
    func testScoringWithChangesIsTheCounterfactuals() throws {
        let rs = try XCTUnwrap(RuleSetCompiler.load(F.path(F.specRules)).ruleSet)
        let scoring = Scoring(rs)
        let facts = rs.defaultFacts()
        let plain = scoring.score(facts)
        let with = scoring.score(facts, changes: true)
        XCTAssertTrue(plain.changes.isEmpty)
        XCTAssertFalse(with.changes.isEmpty, "the defaults leave changes that raise the outcome")
        var patched = plain
        patched.changes = Counterfactuals.changes(for: plain, scoring: scoring)
        XCTAssertEqual(with.changes.count, patched.changes.count)
        XCTAssertEqual(JSONResultRenderer().render(with), JSONResultRenderer().render(patched))
    }
}
