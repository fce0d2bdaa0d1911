import Foundation
import ThresholdTestSupport
import XCTest

/// Messages for people who are not programmers, end to end: a UK date, a value of several words, and names
/// that are not quite right, in `--set` and in a `.scenario` file's `given` and `expect`.
final class PlainWordsCommandTests: XCTestCase {
    let rules = "rules/camden-mash.rules"

    func testAUKDateWithSet() throws {
        let r = try ThresholdBinary.run(["score", rules, "--set", "received=24/05/2024 21:00"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(
            r.stderr,
            "threshold score: --set received=24/05/2024 21:00: `24/05/2024 21:00` is a date written day first\n"
                + "  = help: write dates as 2024-05-24 21:00\n")
    }

    func testAScenarioFileSaysWhatWasMeant() throws {
        let root = ThresholdBinary.packageRoot.path
        let scenario = """
            rules "\(root)/\(rules)"

            scenario trainee "A trainee's first case"
              given
                age = 14
                received = 24/05/2024 21:00
                referrer = British Transport Police
                county_lines = yes
              expect
                advice mace_referral
            end

            """
        let folder = try TemporaryFolder(files: ["case.scenario": scenario])
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("case.scenario").path
        let r = try ThresholdBinary.run(["check", path])
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertEqual(
            r.stdout,
            """
            \(path):6:16: error[bad-date]: `24/05/2024 21:00` is a date written day first
             6 |     received = 24/05/2024 21:00
               |                ^^^^^^^^^^^^^^^^
              = help: write dates as 2024-05-24 21:00
            \(path):7:16: error[bad-value]: `referrer`: `British Transport Police` is not one of the values (police, health, school, early_years, family_friend_self, anonymous, probation, other)
             7 |     referrer = British Transport Police
               |                ^^^^^^^^^^^^^^^^^^^^^^^^
              = help: did you mean `police`?
            \(path):8:5: error[undeclared-fact]: `county_lines` is not a fact of rule set "Camden MASH front door"
             8 |     county_lines = yes
               |     ^^^^^^^^^^^^
              = help: did you mean `exploitation_risk` or `trafficking_concern`?
            \(path):10:12: error[undeclared-advice]: `mace_referral` is not advice in this rule set
             10 |     advice mace_referral
                |            ^^^^^^^^^^^^^
              = help: did you mean `refer_to_mace`?
            checked 1 file: 4 errors, 0 warnings

            """)
    }
}
