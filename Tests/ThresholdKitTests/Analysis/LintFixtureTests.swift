import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Each fixture in Tests/Fixtures/lint has deliberate defects; every warning must be reported at the marked
/// line and column with the marked code, and nothing else.
final class LintFixtureTests: XCTestCase {
    func testFixturesCoverEveryCheck() throws {
        let codes = Set(try LintFixture.all().flatMap { $0.expected.map(\.code) })
        for code in [
            "never-holds", "never-changes-outcome", "duplicate-condition", "unused-fact", "unused-definition",
            "unused-level", "unreachable-band", "out-of-range", "below-default", "no-calendar",
        ] {
            XCTAssertTrue(codes.contains(code), "no fixture expects \(code)")
        }
    }

    func testEachFixtureGetsExactlyItsWarnings() throws {
        for fixture in try LintFixture.all() {
            let report = FileSetChecker.check([fixture.path], lint: RuleLinter.lint)
            let errors = report.diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(errors.map(\.message), [], "\(fixture.path) should compile")
            let got = Set(
                report.diagnostics.filter { $0.severity == .warning }.compactMap { d in
                    d.span.map {
                        LintFixture.Expected(line: $0.start.line, column: $0.start.column, code: d.code.rawValue)
                    }
                })
            let name = URL(fileURLWithPath: fixture.path).lastPathComponent
            XCTAssertEqual(got.subtracting(fixture.expected).sorted(by: order), [], "\(name): unexpected warnings")
            XCTAssertEqual(fixture.expected.subtracting(got).sorted(by: order), [], "\(name): missing warnings")
        }
    }

    func testEveryLintWarningSaysWhatToDo() throws {
        for fixture in try LintFixture.all() {
            let out = RuleSetCompiler.load(fixture.path)
            guard let rs = out.ruleSet else {
                XCTFail("\(fixture.path) did not compile")
                continue
            }
            for d in RuleLinter.lint(rs, sources: out.sources) {
                XCTAssertEqual(d.severity, .warning)
                XCTAssertFalse(d.hint?.isEmpty ?? true, "\(d.code) `\(d.message)` has no hint")
                XCTAssertNotNil(d.span, "\(d.code) `\(d.message)` has no place")
            }
        }
    }

    func testLintIsDeterministic() throws {
        for fixture in try LintFixture.all() {
            let out = RuleSetCompiler.load(fixture.path)
            guard let rs = out.ruleSet else { continue }
            XCTAssertEqual(RuleLinter.lint(rs, sources: out.sources), RuleLinter.lint(rs, sources: out.sources))
        }
    }

    func testMessagesNameTheDefect() throws {
        let path = LintFixture.folder + "/never-holds-ranges.rules"
        let out = RuleSetCompiler.load(path)
        let rs = try XCTUnwrap(out.ruleSet)
        let messages = RuleLinter.lint(rs, sources: out.sources).map(\.message)
        XCTAssertTrue(
            messages.contains("rule `contradictory` can never fire: `age < 5` and `age > 10` cannot both hold"),
            "\(messages)")
        XCTAssertTrue(messages.contains("`age > 30` can never hold: `age` is 0 to 25"), "\(messages)")
    }

    private func order(_ a: LintFixture.Expected, _ b: LintFixture.Expected) -> Bool {
        (a.line, a.column, a.code) < (b.line, b.column, b.code)
    }
}
