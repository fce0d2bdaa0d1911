import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// What a trainer types on the first day: `set`, searching the facts and the advice, UK dates, values of
/// several words and names that are not quite right, answered in words a non-programmer can act on.
final class ReplPlainWordsTests: XCTestCase {
    /// A session on the shipped Camden rules.
    func camden() -> ReplSession {
        let session = ReplSession()
        let path = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path
        XCTAssertTrue(session.load(path).text.hasPrefix("Loaded"))
        return session
    }

    func testSetIsTheSameAsAssigning() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.handle("set age = 12").text, "age = 12\n")
        XCTAssertEqual(session.handle("set referrer police").text, "referrer = police\n")
        XCTAssertEqual(session.handle("SET danger=no").text, "danger = no\n")
        XCTAssertEqual(session.value("age"), "12")
        XCTAssertEqual(session.value("referrer"), "police")
        XCTAssertEqual(
            session.handle("set agee = 4").text,
            "error: `agee` is not a fact of this rule set\n  = help: did you mean `age`?\n")
        XCTAssertEqual(
            session.handle("set age").text, "error: `set age` needs a value\n  = help: write `set age = VALUE`\n")
        XCTAssertEqual(session.handle("set").text, "error: write `set FACT = VALUE`\n  = help: e.g. `set age = 4`\n")
        XCTAssertTrue(session.handle("help =").text.contains("`set FACT = VALUE` (or `set FACT VALUE`) does the same."))
    }

    func testAUKDateIsTurnedRound() {
        let session = camden()
        XCTAssertEqual(
            session.handle("received = 24/05/2024 21:00").text,
            "error: `24/05/2024 21:00` is a date written day first\n  = help: write dates as 2024-05-24 21:00\n")
        XCTAssertEqual(
            session.handle("received = 1/5/2024 9:00").text,
            "error: `1/5/2024 9:00` is a date written day first\n  = help: write dates as 2024-05-01 09:00\n")
        XCTAssertEqual(
            session.handle("received = 31/02/2024 10:00").text,
            "error: `2024-02-31 10:00` is not a date-time: 2024 has no 31 February\n"
                + "  = help: write dates year first: YYYY-MM-DD\n")
    }

    func testValuesOfSeveralWordsSuggestTheNearestValues() {
        let session = camden()
        let values = "(police, health, school, early_years, family_friend_self, anonymous, probation, other)"
        XCTAssertEqual(
            session.handle("referrer = British Transport Police").text,
            "error: `British Transport Police` is not one of the values \(values)\n  = help: did you mean `police`?\n")
        XCTAssertEqual(
            session.handle("referrer = early years").text,
            "error: `early years` is not one of the values \(values)\n  = help: did you mean `early_years`?\n")
    }

    func testAnUnknownFactIsFoundByTheWordsOfItsQuestion() {
        let session = camden()
        XCTAssertEqual(
            session.handle("county_lines = yes").text,
            "error: `county_lines` is not a fact of this rule set\n  = help: did you mean `exploitation_risk` or `trafficking_concern`?\n"
        )
        XCTAssertEqual(
            session.handle("unset county_lines").text,
            "error: `county_lines` is not a fact of this rule set\n  = help: did you mean `exploitation_risk` or `trafficking_concern`?\n"
        )
    }

    func testFactsWithAWordSearchesTheQuestions() {
        let session = camden()
        XCTAssertEqual(
            session.handle("facts county").text,
            """
            Facts about "county":
              exploitation_risk = unknown
                Are there signs that the child is at risk of sexual or criminal exploitation (CSE or CCE, including county lines)?
              trafficking_concern = unknown
                Are there signs that the child has been trafficked or is in modern slavery: recruited, moved or kept to be exploited (sexually, criminally as in county lines, for labour or domestic servitude)?

            """)
        XCTAssertEqual(
            session.handle("facts zebra").text,
            "No fact's name, question or values mention \"zebra\".\n  (`facts` alone lists the facts that matter now)\n"
        )
    }

    func testAdviceListsEveryAdviceWithItsText() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(
            session.handle("advice").text,
            """
            Advice (2; * given now):
              * ask_danger: Find out whether the child is in danger.
                police_told: Tell the police.

            """)
        XCTAssertEqual(
            session.handle("advice police").text,
            """
            Advice about "police" (1; none given now):
                police_told: Tell the police.

            """)
        XCTAssertEqual(
            session.handle("advice zebra").text, "No advice mentions \"zebra\".\n  (`advice` alone lists it all)\n")
    }
}
