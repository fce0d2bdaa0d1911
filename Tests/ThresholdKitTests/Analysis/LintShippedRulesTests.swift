import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The shipped rule packs must stay clean under `threshold check --strict rules/`.
final class LintShippedRulesTests: XCTestCase {
    func testShippedRulesHaveNoWarnings() throws {
        let root = ThresholdBinary.packageRoot.appendingPathComponent("rules").path
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: root)).filter {
            $0.hasSuffix(".rules")
        }.sorted()
        XCTAssertFalse(files.isEmpty)
        let report = FileSetChecker.check(files.map { root + "/" + $0 }, lint: RuleLinter.lint)
        let rendered = DiagnosticRenderer(sources: report.sources).render(report.diagnostics)
        XCTAssertEqual(report.diagnostics.count, 0, rendered)
        XCTAssertGreaterThanOrEqual(report.ruleSets.count, 3)
    }
}
