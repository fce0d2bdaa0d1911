import XCTest

@testable import ThresholdKit

final class LanguageServiceDiagnosticsTests: XCTestCase {
    typealias F = LSPFixture

    func testACleanRuleSetHasNoErrors() {
        let s = F.service()
        XCTAssertEqual(s.diagnostics(F.main).filter { $0.severity == 1 }, [])
        XCTAssertEqual(s.diagnostics(F.facts).filter { $0.severity == 1 }, [])
    }

    func testAnErrorInAnUnsavedIncludeIsReportedInThatFileWithCodeRangeAndHint() {
        let s = F.service()
        // `age` misspelt in the included file's… no: misspelt where it is read, in the including file.
        let text = F.mainText.replacingOccurrences(of: "age < 5", with: "agee < 5")
        s.change(F.main, version: 2, edits: [(nil, text)])
        let ds = s.diagnostics(F.main)
        let d = ds.first { $0.code == "undeclared-name" }
        XCTAssertNotNil(d, "\(ds)")
        // The line holds `🚸` (two UTF-16 units) before the name: the range counts UTF-16.
        XCTAssertEqual(d?.range.start, F.position(of: "agee", in: text))
        XCTAssertEqual(d?.range.end, F.position(of: "agee", in: text, offset: 4))
        XCTAssertEqual(d?.severity, 1)
        XCTAssertTrue(d?.message.contains("help: did you mean `age`?") ?? false, d?.message ?? "")
        XCTAssertEqual(d?.fix?.newText, "age")
        // The fragment's own diagnostics come through the rule set that includes it: none here.
        XCTAssertEqual(s.diagnostics(F.facts), [])
    }

    func testAFragmentIsCheckedThroughTheRuleSetThatIncludesIt() {
        let s = F.service()
        // A duplicate fact in the fragment: reported in the fragment, with a note pointing at the first.
        s.change(F.facts, version: 2, edits: [(nil, F.factsText + "fact danger yes/no \"Again?\"\n")])
        let ds = s.diagnostics(F.facts)
        let d = ds.first { $0.code == "duplicate-fact" || $0.code == "duplicate-name" }
        XCTAssertNotNil(d, "\(ds)")
        XCTAssertEqual(d?.range.start.line, 4)
        XCTAssertEqual(d?.related.first?.path, F.facts)
        XCTAssertEqual(d?.related.first?.range.start, LSPPosition(line: 0, character: 5))
        XCTAssertFalse(s.diagnostics(F.main).contains { $0.code == d?.code })
    }

    func testLintWarningsComeAsWarnings() {
        let s = F.service()
        // A fact nothing reads: check --strict warns.
        s.change(F.facts, version: 2, edits: [(nil, F.factsText + "fact unread yes/no \"Unread?\"\n")])
        let ds = s.diagnostics(F.facts).filter { $0.code == "unused-fact" }
        XCTAssertEqual(ds.map(\.severity), [2, 2])
        // `concerns` and `unread`, which nothing reads.
        XCTAssertEqual(ds.map(\.range.start), [LSPPosition(line: 3, character: 5), LSPPosition(line: 4, character: 5)])
    }

    func testScenarioFilesGetTheirOwnDiagnostics() {
        let s = F.service()
        let text = F.casesText.replacingOccurrences(of: "referrer = health", with: "referrer = helth")
        s.change(F.cases, version: 2, edits: [(nil, text)])
        let ds = s.diagnostics(F.cases)
        XCTAssertEqual(ds.count, 1, "\(ds)")
        XCTAssertEqual(ds.first?.range.start, F.position(of: "helth", in: text))
        XCTAssertEqual(ds.first?.fix?.newText, "health")
    }

    func testTheDiagnosticsOfEveryShippedFileAreCheckStrictsForThatFile() throws {
        let files = [
            "rules/camden-mash.rules", "rules/camden/ratings.rules", "rules/front-door.rules",
            "scenarios/camden/front-door.scenario",
        ].map(F.shipped)
        let s = LanguageService(workspaceFolders: [F.shipped("rules"), F.shipped("scenarios")])
        for path in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            s.open(path, text: text, version: 1)
            let report = FileSetChecker.check([path], lint: RuleLinter.lint)
            let expected = report.diagnostics.filter { $0.span?.start.file == path }.map(\.message)
            let got = s.diagnostics(path).map { $0.message.components(separatedBy: "\n")[0] }
            XCTAssertEqual(got, expected, path)
        }
    }
}
