import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The three renderings of one diff (a moved cut-off, an added rule and a removed advice together), held
/// to golden files: review a change with `THRESHOLD_UPDATE_GOLDEN=1 swift test` and `git diff Tests/Golden`.
final class DiffRenderingTests: XCTestCase {
    func report() throws -> DiffReport {
        let old = try XCTUnwrap(DiffFixture.ruleSet(DiffFixture.base))
        var text = DiffFixture.base
        for i in 0...2 { text = DiffFixture.revisions[i].1(text) }
        let new = try XCTUnwrap(DiffFixture.ruleSet(text))
        return DiffFixture.diff(old, new, DiffFixture.allLines)
    }

    func testText() throws { assertGolden(DiffTextRenderer().render(try report()), "diff/three-revisions.txt") }
    func testJSON() throws { assertGolden(DiffJSONRenderer().render(try report()), "diff/three-revisions.json") }
    func testHTML() throws { assertGolden(DiffHTMLRenderer().render(try report()), "diff/three-revisions.html") }

    func testAllIDsListsEveryCase() throws {
        let r = try report()
        let all = DiffTextRenderer(allIDs: true).render(r)
        let some = DiffTextRenderer().render(r)
        for id in r.changed.map(\.id) { XCTAssertTrue(all.contains(id + ",") || all.contains(id + "\n"), id) }
        XCTAssertTrue(some.contains("more (--all-ids lists them)"))
        XCTAssertFalse(all.contains("--all-ids"))
    }
}
