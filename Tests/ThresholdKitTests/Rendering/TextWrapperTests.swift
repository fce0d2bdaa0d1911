import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Wrapping for the terminal: at spaces, with a hanging indent, never mid-word.
final class TextWrapperTests: XCTestCase {
    /// `why` on the walk-through's contact (docs/trainer-walkthrough.md §3).
    func whyText() -> String {
        let session = ReplSession()
        let path = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path
        XCTAssertTrue(session.load(path).text.hasPrefix("Loaded"))
        session.run("received = 2019-12-20 17:30", "age = 6", "domestic_abuse = yes")
        return session.handle("why").text
    }

    func testWhyAt80Columns() {
        XCTAssertEqual(
            TextWrapper.wrap(whyText(), width: 80),
            """
            Outcome: amber (Amber), provisional: Children's social work (CSSW), within 3
                     working days; due 2019-12-27 17:30
            It is amber because this rule fired:
              physical_abuse_flag: Domestic abuse, flagged as a physical abuse concern
                because: Domestic abuse is a feature, and Camden automatically flags it as a
                         concern about physical abuse: the child needs at least a statutory
                         social work assessment.
                when: domestic_abuse
                facts: domestic_abuse = yes
            It could be held at green by cap statutory_tests_no (depends on
              risk_of_significant_harm, child_in_need)
            It could be higher: these rules depend on unknown facts:
              red_urgent if imminent_danger fires (depends on imminent_danger)
              red if significant_harm fires (depends on risk_of_significant_harm)
              red if sexual_abuse_in_family fires (depends on concerns, abuse_within_family)
              red if offender_unsupervised_access fires (depends on sex_offender_contact)
              red if abduction_risk_identified fires (depends on abduction_risk)
              red if domestic_abuse_high fires (depends on domestic_abuse_high_risk)
              red if missing_prolonged fires (depends on currently_missing)
              red if fgm_known fires (depends on fgm_carried_out)
              red if forced_marriage_concern fires (depends on forced_marriage_risk)
              red if trafficking_modern_slavery fires (depends on trafficking_concern)
            (`why not LEVEL` shows what stops a level; `ask` asks the questions that could
              change it)

            """)
    }

    func testWhyAt120Columns() {
        XCTAssertEqual(
            TextWrapper.wrap(whyText(), width: 120),
            """
            Outcome: amber (Amber), provisional: Children's social work (CSSW), within 3 working days; due 2019-12-27 17:30
            It is amber because this rule fired:
              physical_abuse_flag: Domestic abuse, flagged as a physical abuse concern
                because: Domestic abuse is a feature, and Camden automatically flags it as a concern about physical abuse: the child
                         needs at least a statutory social work assessment.
                when: domestic_abuse
                facts: domestic_abuse = yes
            It could be held at green by cap statutory_tests_no (depends on risk_of_significant_harm, child_in_need)
            It could be higher: these rules depend on unknown facts:
              red_urgent if imminent_danger fires (depends on imminent_danger)
              red if significant_harm fires (depends on risk_of_significant_harm)
              red if sexual_abuse_in_family fires (depends on concerns, abuse_within_family)
              red if offender_unsupervised_access fires (depends on sex_offender_contact)
              red if abduction_risk_identified fires (depends on abduction_risk)
              red if domestic_abuse_high fires (depends on domestic_abuse_high_risk)
              red if missing_prolonged fires (depends on currently_missing)
              red if fgm_known fires (depends on fgm_carried_out)
              red if forced_marriage_concern fires (depends on forced_marriage_risk)
              red if trafficking_modern_slavery fires (depends on trafficking_concern)
            (`why not LEVEL` shows what stops a level; `ask` asks the questions that could change it)

            """)
    }

    func testLinesThatFitAreLeftAsTheyAre() {
        let text = "a  line   with   odd spacing\n\n  and another\n"
        XCTAssertEqual(TextWrapper.wrap(text, width: 40), text)
        XCTAssertEqual(
            TextWrapper.wrap("one two three four five six seven eight nine", width: 19),
            "one two three four five six seven eight nine")
    }

    func testBulletsLabelsAndColumns() {
        XCTAssertEqual(
            TextWrapper.wrap("    - Hold the strategy discussion without delay and record the decisions.", width: 40),
            "    - Hold the strategy discussion\n      without delay and record the\n      decisions.")
        XCTAssertEqual(
            TextWrapper.wrap("  = help: did you mean `police`? or perhaps `health`, `school`", width: 36),
            "  = help: did you mean `police`? or\n          perhaps `health`, `school`")
        XCTAssertEqual(
            TextWrapper.wrap("  facts [WORD]   list known facts and the unknown facts that matter", width: 48),
            "  facts [WORD]   list known facts and the\n                 unknown facts that matter")
    }

    func testNoLabelMeansTwoSpacesMore() {
        XCTAssertEqual(
            TextWrapper.wrap("  red if significant_harm fires (depends on risk_of_significant_harm)", width: 40),
            "  red if significant_harm fires (depends\n    on risk_of_significant_harm)")
    }

    func testALongLabelFallsBackAndALongWordIsNotCut() {
        XCTAssertEqual(
            TextWrapper.wrap("  return_interview_refused_follow_up: The return home interview was refused", width: 40),
            "  return_interview_refused_follow_up: The\n    return home interview was refused")
        XCTAssertEqual(
            TextWrapper.wrap("word sha256:79c8433c452c55312ff1e42ab9afff14a465dab1c2e5e4 end", width: 24),
            "word\n  sha256:79c8433c452c55312ff1e42ab9afff14a465dab1c2e5e4\n  end")
    }

    func testColourTakesNoWidth() {
        let red = "\u{1B}[1;31mred\u{1B}[0m"
        XCTAssertEqual(
            TextWrapper.wrap("  outcome: blue → \(red) (Red): MASH team, within 24 hours", width: 40),
            "  outcome: blue → \(red) (Red): MASH team,\n           within 24 hours")
    }

    func testEqualsIsKeptBetweenItsNeighbours() {
        XCTAssertEqual(
            TextWrapper.wrap("facts: child_in_need = unknown, concerns = unknown", width: 36),
            "facts: child_in_need = unknown,\n       concerns = unknown")
    }
}
