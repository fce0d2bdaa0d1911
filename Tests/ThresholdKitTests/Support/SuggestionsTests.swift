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
