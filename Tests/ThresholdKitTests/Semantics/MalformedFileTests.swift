import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

final class MalformedFileTests: XCTestCase {
    func testThereAreAtLeastTwentyFixtures() throws {
        XCTAssertGreaterThanOrEqual(try MalformedFixture.all().count, 20)
    }

    func testEachFixtureGetsItsErrorAtItsPlace() throws {
        for f in try MalformedFixture.all() {
            let report = FileSetChecker.check([f.path])
            let errors = report.diagnostics.filter { $0.severity == .error }
            XCTAssertFalse(errors.isEmpty, "\(f.path): no error")
            let hit = errors.first {
                $0.code.rawValue == f.code && $0.span?.start.line == f.line && $0.span?.start.column == f.column
                    && $0.span.map { URL(fileURLWithPath: $0.start.file).standardized.path }
                        == URL(fileURLWithPath: f.file).standardized.path
            }
            XCTAssertNotNil(
                hit,
                "\(f.path): expected \(f.code) at \(f.line):\(f.column), got \(errors.map { "\($0.code) at \($0.span?.start.description ?? "-")" })"
            )
            for e in errors {
                XCTAssertNotNil(
                    e.hint ?? e.notes.first?.message, "\(f.path): `\(e.message)` says nothing about what to do")
            }
        }
    }

    /// Pathological input is refused with a located error, never a stack overflow or a hang.
    func testDeepNestingAndLongChainsAreRefused() {
        let header = "ruleset \"T\"\nfact a yes/no\nlevels\n x\n y\nend\n"
        let cases = [
            "rule r when " + String(repeating: "(", count: 50_000) + "a" + String(repeating: ")", count: 50_000)
                + " then y end",
            "rule r when " + Array(repeating: "a", count: 50_000).joined(separator: " and ") + " then y end",
            "rule r when " + String(repeating: "not ", count: 50_000) + "a then y end",
            "define n = " + Array(repeating: "1", count: 50_000).joined(separator: " + "),
            "define n = " + String(repeating: "-", count: 50_000) + "1",
            "rule r when any of (" + Array(repeating: "a", count: 50_000).joined(separator: ", ") + ") then y end",
        ]
        for body in cases {
            // A line this long is also over the line limit (64 KB), which is its own error.
            let all = InMemory.diagnostics(header + body).filter { $0.severity == .error }
            XCTAssertEqual(
                all.contains { $0.code == .lineTooLong }, body.utf8.count > Limits.lineBytes, String(body.prefix(40)))
            let errors = all.filter { $0.code != .lineTooLong }
            XCTAssertEqual(errors.count, 1, String(body.prefix(40)))
            XCTAssertEqual(errors.first?.span?.start.line, 7)
            XCTAssertNotNil(errors.first?.hint)
        }
        // Well within the limits still works.
        let ok =
            "rule r when " + String(repeating: "(", count: 90) + "a" + String(repeating: ")", count: 90) + " then y end"
        XCTAssertEqual(InMemory.diagnostics(header + ok).filter { $0.severity == .error }.count, 0)
    }
}
