import XCTest

@_spi(CLI) @testable import ThresholdKit

/// Running files: one rule set load per distinct rule set, unloadable files, the filter, exit status.
final class TestRunnerTests: XCTestCase {
    typealias F = TestingFixture

    static let passing = F.file(
        F.scenario(
            "harm_case", title: "Harm: red", given: ["age = 14", "harm = yes"],
            expect: ["outcome red", "fired harm"])
            + F.scenario(
                "neglect_case", title: "Neglect: amber",
                given: ["age = 10", "concerns = (neglect)", "danger = no", "harm = no"],
                expect: ["outcome amber"]))
    static let failing = F.file(
        F.scenario(
            "wrong", title: "Wrong on purpose", given: ["age = 14", "harm = yes"],
            expect: ["outcome red", "outcome amber", "not fired harm"]))
    static let unknownFact = F.file(F.scenario("typo", given: ["agee = 14"], expect: ["outcome red"]))

    func run(_ files: [String: String], _ paths: [String], filter: String? = nil) -> TestReport {
        TestRunner(filter: filter, reader: F.reader(files)).run(paths)
    }

    func testAllPassing() {
        let report = run(["cases/a.scenario": Self.passing], ["cases/a.scenario"])
        XCTAssertEqual(report.passed, 2)
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(report.exitStatus, 0)
        XCTAssertEqual(report.tally, "2 passed, 0 failed")
        XCTAssertEqual(report.scenarios.map(\.id), ["harm_case", "neglect_case"])
        XCTAssertEqual(report.scenarios.map(\.line), [3, 11])
        XCTAssertNil(report.scenarios.first?.result, "a passing scenario keeps no result")
        XCTAssertNil(report.emptyRunNote)
    }

    func testAFailureKeepsOnlyTheFailedClausesAndTheResult() {
        let report = run(["cases/b.scenario": Self.failing], ["cases/b.scenario"])
        XCTAssertEqual(report.exitStatus, 1)
        XCTAssertEqual(report.tally, "0 passed, 1 failed")
        guard let s = report.scenarios.first else { return XCTFail("no scenario") }
        XCTAssertEqual(s.expectationCount, 3)
        XCTAssertEqual(s.failures.map(\.written), ["outcome amber", "not fired harm"])
        XCTAssertEqual(s.failures.map(\.line), [9, 10])
        XCTAssertEqual(s.place, "cases/b.scenario:3")
        XCTAssertEqual(s.result?.outcome, 2)
    }

    func testEachRuleSetIsLoadedOnceForManyFiles() {
        let reader = CountingReader(
            F.reader([
                "cases/a.scenario": Self.passing,
                "other/b.scenario": Self.failing
                    .replacingOccurrences(of: "../rules/fixture.rules", with: "../rules/./fixture.rules"),
            ]))
        let report = TestRunner(reader: reader).run(["cases/a.scenario", "other/b.scenario"])
        XCTAssertEqual(reader.reads[F.rulesPath], 1)
        XCTAssertEqual(report.coverage.count, 1)
        XCTAssertEqual(report.coverage.first?.scenarios, 3)
        XCTAssertEqual(report.coverage.first?.files.count, 2)
        XCTAssertEqual(report.tally, "2 passed, 1 failed")
    }

    func testAFileNamedTwiceRunsOnce() {
        let report = run(["cases/a.scenario": Self.passing], ["cases/a.scenario", "cases/./a.scenario"])
        XCTAssertEqual(report.files.count, 1)
        XCTAssertEqual(report.passed, 2)
    }

    func testAnUnloadableFileDoesNotStopTheOthers() {
        let report = run(
            ["cases/a.scenario": Self.passing, "cases/c.scenario": Self.unknownFact],
            ["cases/a.scenario", "cases/c.scenario"])
        XCTAssertEqual(report.passed, 2)
        XCTAssertEqual(report.unloadable.map(\.path), ["cases/c.scenario"])
        XCTAssertEqual(report.exitStatus, 2)
        let errors = report.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.code), [.undeclaredFact])
        XCTAssertEqual(errors.first?.span?.start.line, 5)
        XCTAssertNil(report.emptyRunNote, "files that fail to load are not an empty run")
    }

    func testUnloadableWinsOverFailedForTheExitStatus() {
        let report = run(
            ["cases/b.scenario": Self.failing, "cases/c.scenario": Self.unknownFact],
            ["cases/b.scenario", "cases/c.scenario"])
        XCTAssertEqual(report.failed, 1)
        XCTAssertEqual(report.exitStatus, 2)
    }

    func testARuleSetWithErrorsMakesEveryFileThatNamesItUnloadable() {
        var files = ["cases/a.scenario": Self.passing, "cases/b.scenario": Self.failing]
        files[F.rulesPath] = F.rules.replacingOccurrences(of: "when harm\n", with: "when harmm\n")
        let report = TestRunner(reader: MemoryReader(files)).run(["cases/a.scenario", "cases/b.scenario"])
        XCTAssertEqual(report.unloadable.count, 2)
        XCTAssertEqual(report.scenarios.count, 0)
        let ruleErrors = report.diagnostics.filter { $0.span?.start.file == F.rulesPath }
        XCTAssertEqual(ruleErrors.count, 1, "the rule set's error is reported once")
        XCTAssertEqual(report.diagnostics.filter { $0.code == .rulesUnusable }.count, 2)
        XCTAssertEqual(report.exitStatus, 2)
    }

    func testAMissingFileIsUnloadable() {
        let report = run([:], ["cases/nowhere.scenario"])
        XCTAssertEqual(report.unloadable.count, 1)
        XCTAssertEqual(report.exitStatus, 2)
    }

    func testARulesFileIsNotAScenarioFile() {
        let report = run([:], [F.rulesPath])
        XCTAssertEqual(report.diagnostics.map(\.code), [.notAScenarioFile])
        XCTAssertEqual(report.exitStatus, 2)
    }

    func testFilterMatchesIdOrTitleIgnoringCase() {
        let files = ["cases/a.scenario": Self.passing, "cases/b.scenario": Self.failing]
        let paths = ["cases/a.scenario", "cases/b.scenario"]
        XCTAssertEqual(run(files, paths, filter: "HARM_").scenarios.map(\.id), ["harm_case"])
        XCTAssertEqual(run(files, paths, filter: "amber").scenarios.map(\.id), ["neglect_case"])
        XCTAssertEqual(run(files, paths, filter: "on PURPOSE").scenarios.map(\.id), ["wrong"])
        XCTAssertEqual(run(files, paths, filter: "").scenarios.count, 3)
        let report = run(files, paths, filter: "case")
        XCTAssertEqual(report.scenarios.map(\.id), ["harm_case", "neglect_case"])
        XCTAssertEqual(report.filteredOut, 1)
        XCTAssertEqual(report.exitStatus, 0)
    }

    func testAFilterMatchingNothingIsAnEmptyRunThatPasses() {
        let report = run(["cases/a.scenario": Self.passing], ["cases/a.scenario"], filter: "zzz")
        XCTAssertEqual(report.tally, "0 passed, 0 failed")
        XCTAssertEqual(report.exitStatus, 0)
        XCTAssertEqual(
            report.emptyRunNote,
            "no scenario matched --filter \"zzz\" (id or title, ignoring case) among 2 scenarios in 1 file")
    }

    func testNoFilesIsAnEmptyRun() {
        let report = run([:], [])
        XCTAssertEqual(report.emptyRunNote, "no .scenario files found")
        XCTAssertEqual(report.exitStatus, 0)
    }

    func testAScenarioWithoutExpectationsPasses() {
        let text = F.file(F.scenario("bare", given: ["age = 3"], expect: []))
        let report = run(["cases/a.scenario": text], ["cases/a.scenario"])
        XCTAssertEqual(report.passed, 1)
        XCTAssertEqual(report.scenarios.first?.expectationCount, 0)
    }
}

/// A reader that counts how often each path is read.
final class CountingReader: SourceReader {
    let inner: MemoryReader
    private(set) var reads: [String: Int] = [:]

    init(_ inner: MemoryReader) { self.inner = inner }

    func read(_ path: String) -> Result<String, SourceReadError> {
        reads[Paths.normalize(path), default: 0] += 1
        return inner.read(path)
    }

    func identity(of path: String) -> String { inner.identity(of: path) }
}
