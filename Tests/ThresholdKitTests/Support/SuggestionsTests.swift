import XCTest

@testable import ThresholdKit

final class SuggestionsTests: XCTestCase {
    let facts = [
        "age", "imminent_danger", "danger_now", "referrer", "concerns", "missing_episodes", "received",
        "referrer_view", "notes",
    ]

    func testSpecExample() {
        XCTAssertEqual(Suggestions.nearest(to: "danger_nw", in: facts), "danger_now")
    }

    func testTyposAndTranspositions() {
        XCTAssertEqual(Suggestions.nearest(to: "refferer", in: facts), "referrer")
        XCTAssertEqual(Suggestions.nearest(to: "recieved", in: facts), "received")  // swapped neighbours
        XCTAssertEqual(Suggestions.nearest(to: "concern", in: facts), "concerns")
        XCTAssertEqual(Suggestions.nearest(to: "missing_episode", in: facts), "missing_episodes")
        XCTAssertEqual(Suggestions.nearest(to: "ag", in: facts), "age")
    }

    func testNothingClose() {
        XCTAssertNil(Suggestions.nearest(to: "postcode", in: facts))
        XCTAssertNil(Suggestions.nearest(to: "", in: facts))
        XCTAssertNil(Suggestions.nearest(to: "age", in: []))
        XCTAssertNil(Suggestions.nearest(to: "xy", in: ["ab"]))
    }

    func testThreshold() {
        // 6 scalars: at most 2 edits.
        XCTAssertEqual(Suggestions.nearest(to: "abcdef", in: ["abcdxy"]), "abcdxy")
        XCTAssertNil(Suggestions.nearest(to: "abcdef", in: ["abcxyz"]))
        // Short names still allow one edit.
        XCTAssertEqual(Suggestions.nearest(to: "ab", in: ["ax"]), "ax")
        XCTAssertNil(Suggestions.nearest(to: "ab", in: ["xy"]))
    }

    func testSubstringMatches() {
        XCTAssertEqual(Suggestions.nearest(to: "danger", in: ["imminent_danger", "notes"]), "imminent_danger")
        XCTAssertEqual(Suggestions.nearest(to: "referrer_view_of_level", in: facts), "referrer_view")
        // Fewer than three shared scalars is not enough.
        XCTAssertNil(Suggestions.nearest(to: "no", in: ["imminent_danger_now"]))
        // Edit-distance matches win over substring matches.
        XCTAssertEqual(Suggestions.nearest(to: "dangers", in: ["imminent_danger", "danger"]), "danger")
    }

    func testCaseInsensitiveMatchingAndTieBreaking() {
        XCTAssertEqual(Suggestions.nearest(to: "Age", in: facts), "age")
        XCTAssertEqual(Suggestions.nearest(to: "REFERRER", in: facts), "referrer")
        // Both match "Ab" ignoring case; the one matching the case exactly wins.
        XCTAssertEqual(Suggestions.nearest(to: "Ab", in: ["ab", "Ab"]), "Ab")
        XCTAssertEqual(Suggestions.nearest(to: "ab", in: ["AB", "ab"]), "ab")
    }

    func testDeterministicOrderForTies() {
        XCTAssertEqual(Suggestions.nearest(to: "cat", in: ["bat", "hat", "cot"]), "bat")
        XCTAssertEqual(Suggestions.nearest(to: "cat", in: ["hat", "bat", "cot"]), "hat")
        XCTAssertEqual(Suggestions.nearest(to: "cat", in: ["hat", "cat", "bat"]), "cat")
    }

    func testUnicodeScalars() {
        XCTAssertEqual(Suggestions.nearest(to: "cafe", in: ["café", "cake_x"]), "café")
        XCTAssertEqual(Suggestions.nearest(to: "ÉCOLE", in: ["école"]), "école")
    }

    func testDistance() {
        XCTAssertEqual(Suggestions.distance("", ""), 0)
        XCTAssertEqual(Suggestions.distance("abc", ""), 3)
        XCTAssertEqual(Suggestions.distance("", "abc"), 3)
        XCTAssertEqual(Suggestions.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestions.distance("ab", "ba"), 1)
        XCTAssertEqual(Suggestions.distance("ca", "abc"), 3)  // optimal string alignment
        XCTAssertEqual(Suggestions.distance("danger_nw", "danger_now"), 1)
        XCTAssertEqual(Suggestions.distance("Age", "age"), 1)
    }

    func testLongInputsStayFast() {
        let long = String(repeating: "x", count: 20_000)
        let candidates = (0..<200).map { "fact_\($0)" }
        XCTAssertNil(Suggestions.nearest(to: long, in: candidates))
    }
}

/// Suggestions by the words of questions and advice as well as by spelling.
final class RelatedSuggestionsTests: XCTestCase {
    let facts: [(name: String, text: String)] = [
        ("age", "How old is the child?"),
        ("exploitation_risk", "Is the child at risk of exploitation (CSE or CCE, including county lines)?"),
        ("referrer", "Who made the referral?"),
        ("currently_missing", "Is the child missing now?"),
    ]

    func testWordsOfAQuestionFindAFact() {
        XCTAssertEqual(Suggestions.related(to: "county_lines", in: facts), ["exploitation_risk"])
        XCTAssertEqual(Suggestions.related(to: "missing_now", in: facts), ["currently_missing"])
    }

    func testTheNearestSpellingComesFirstThenEveryBestMatch() {
        XCTAssertEqual(Suggestions.related(to: "agee", in: facts), ["age"])
        let advice: [(name: String, text: String)] = [
            ("refer_to_marac", "Refer the adult victim to the MARAC."),
            ("refer_to_mace", "Refer to the Multi-Agency Child Exploitation panel (MACE)."),
            ("mace_minutes", "Keep the minutes of the MACE panel."),
        ]
        XCTAssertEqual(Suggestions.related(to: "mace_referral", in: advice), ["refer_to_mace"])
        // The name containing it first (spelling), then both that mention MACE: neither is cut.
        XCTAssertEqual(Suggestions.related(to: "mace", in: advice), ["mace_minutes", "refer_to_mace"])
    }

    func testValuesOfSeveralWords() {
        let values = ["police", "health", "school", "early_years", "other"].map { ($0, "") }
        XCTAssertEqual(Suggestions.related(to: "British Transport Police", in: values), ["police"])
        XCTAssertEqual(Suggestions.related(to: "early years", in: values), ["early_years"])
        XCTAssertEqual(Suggestions.related(to: "zebra crossing", in: values), [])
    }

    func testDidYouMean() {
        XCTAssertNil(Suggestions.didYouMean([]))
        XCTAssertEqual(Suggestions.didYouMean(["a"]), "did you mean `a`?")
        XCTAssertEqual(Suggestions.didYouMean(["a", "b"]), "did you mean `a` or `b`?")
        XCTAssertEqual(
            Suggestions.didYouMean(["a", "b", "c"], quote: "\""), "did you mean one of \"a\", \"b\" or \"c\"?")
    }
}
