import Foundation
import XCTest
import ThresholdTestSupport
@testable import ThresholdKit

final class MalformedFileTests: XCTestCase {
    func testThereAreAtLeastTwentyFixtures() throws {
        XCTAssertGreaterThanOrEqual(try MalformedFixture.all().count, 20)
    }

    func testEachFixtureGetsItsErrorAtItsPlace() throws {
        for f in try MalformedFixture.all() {
            let report = Checker.check([f.path])
            let errors = report.diagnostics.filter { $0.severity == .error }
            XCTAssertFalse(errors.isEmpty, "\(f.path): no error")
            let hit = errors.first { $0.code == f.code && $0.span?.start.line == f.line && $0.span?.start.column == f.column
                && $0.span.map { URL(fileURLWithPath: $0.start.file).standardized.path } == URL(fileURLWithPath: f.file).standardized.path }
            XCTAssertNotNil(hit, "\(f.path): expected \(f.code) at \(f.line):\(f.column), got \(errors.map { "\($0.code) at \($0.span?.start.description ?? "-")" })")
            for e in errors { XCTAssertNotNil(e.hint ?? e.notes.first?.message, "\(f.path): `\(e.message)` says nothing about what to do") }
        }
    }
}
