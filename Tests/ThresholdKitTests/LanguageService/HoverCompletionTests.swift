import XCTest

@testable import ThresholdKit

final class LanguageServiceHoverTests: XCTestCase {
    typealias F = LSPFixture

    func testHoverOnAFact() throws {
        let s = F.service()
        let h = try XCTUnwrap(s.hover(F.main, F.position(of: "referrer in", in: F.mainText)))
        XCTAssertTrue(
            h.markdown.hasPrefix("**fact** `referrer`: one of police, school, health\n\nWho referred?"), h.markdown)
        XCTAssertTrue(h.markdown.contains("Declared in facts.rules:3"), h.markdown)
        XCTAssertTrue(
            h.markdown.contains("Used 4 times: rule `referred`, `risk`, scenario `baby`, scenario `police_referral`"),
            h.markdown)
        XCTAssertEqual(
            h.range,
            LSPRange(
                start: F.position(of: "referrer in", in: F.mainText),
                end: F.position(of: "referrer in", in: F.mainText, offset: 8)))
        let age = try XCTUnwrap(s.hover(F.facts, LSPPosition(line: 1, character: 6)))
        XCTAssertTrue(age.markdown.contains("number 0 to 25"), age.markdown)
        XCTAssertTrue(age.markdown.contains("required"), age.markdown)
    }

    func testHoverOnARuleCountsTheWorkedCasesItFiresIn() throws {
        let s = F.service()
        let h = try XCTUnwrap(s.hover(F.main, F.position(of: "danger_now", in: F.mainText)))
        XCTAssertTrue(h.markdown.contains("then **red**"), h.markdown)
        XCTAssertTrue(h.markdown.contains("*Because:* Danger."), h.markdown)
        XCTAssertTrue(h.markdown.contains("*Source:* Guide"), h.markdown)
        XCTAssertTrue(h.markdown.hasSuffix("Fires in 1 of 2 worked cases"), h.markdown)
    }

    func testHoverOnALevelAScoreABandAndAdvice() throws {
        let s = F.service()
        let level = try XCTUnwrap(s.hover(F.main, F.position(of: "then amber", in: F.mainText, offset: 5)))
        XCTAssertEqual(level.markdown, "**level** `amber`: Amber\n\n*Route:* Social care\n\n*Within:* 3 working days")
        let score = try XCTUnwrap(s.hover(F.main, F.position(of: "risk is", in: F.mainText)))
        XCTAssertTrue(score.markdown.contains("- `low` 0 to 1 — Low\n- `high` 2 and above — High"), score.markdown)
        let band = try XCTUnwrap(s.hover(F.main, F.position(of: "least high", in: F.mainText, offset: 6)))
        XCTAssertEqual(band.markdown, "**band** `high` of score `risk`: 2 and above\n\nHigh")
        let advice = try XCTUnwrap(s.hover(F.main, F.position(of: "call_police", in: F.mainText)))
        XCTAssertEqual(advice.markdown, "**advice** `call_police`\n\nCall the police")
        XCTAssertNil(s.hover(F.main, LSPPosition(line: 8, character: 3)))  // a comment
    }
}

final class LanguageServiceCompletionTests: XCTestCase {
    typealias F = LSPFixture

    /// Completion with `typed` inserted at the end of the rule set (on a line of its own).
    func complete(_ typed: String) -> [String] {
        let s = F.service(scenario: false)
        let text = F.mainText + typed
        s.change(F.main, version: 2, edits: [(nil, text)])
        let lines = LineIndex(text)
        return s.completion(F.main, lines.position(ofByte: lines.bytes.count)).map(\.label)
    }

    func testFactNamesWithTheirQuestionsInAConditionAndKeywords() {
        let s = F.service(scenario: false)
        let text = F.mainText + "rule new when da"
        s.change(F.main, version: 2, edits: [(nil, text)])
        let items = s.completion(F.main, LineIndex(text).position(ofByte: text.utf8.count))
        let danger = items.first { $0.label == "danger" }
        XCTAssertEqual(danger?.documentation, "Is the child in danger?")
        XCTAssertEqual(danger?.kind, LSPCompletionKind.variable)
        XCTAssertEqual(items.first { $0.label == "risk" }?.kind, LSPCompletionKind.class)
        XCTAssertTrue(items.contains { $0.label == "and" && $0.kind == LSPCompletionKind.keyword })
    }

    func testValuesAfterEqualsInAndHas() {
        XCTAssertEqual(complete("rule new when referrer = "), ["police", "school", "health"])
        XCTAssertEqual(complete("rule new when referrer in (police, "), ["police", "school", "health"])
        XCTAssertEqual(complete("rule new when referrer not in ("), ["police", "school", "health"])
        XCTAssertEqual(complete("rule new when concerns has "), ["neglect", "physical"])
        XCTAssertEqual(complete("rule new when danger = "), ["yes", "no"])
    }

    func testLevelsAfterThenAndBandsAfterIs() {
        XCTAssertEqual(complete("rule new when danger then "), ["amber", "blue", "red"])
        XCTAssertEqual(complete("rule new when danger then am"), ["amber", "blue", "red"])
        XCTAssertEqual(complete("rule new when risk is at least "), ["high", "low"])
        XCTAssertEqual(complete("rule new when risk is "), ["high", "low"])
    }

    func testScenarioFactsAndValues() {
        let s = F.service()
        let text = F.casesText.replacingOccurrences(of: "    referrer = health\n", with: "    referrer = \n    ")
        s.change(F.cases, version: 2, edits: [(nil, text)])
        let afterEquals = F.position(of: "referrer = ", in: text, offset: 11)
        XCTAssertEqual(s.completion(F.cases, afterEquals).map(\.label), ["police", "school", "health", "unknown"])
        let atLineStart = LSPPosition(line: afterEquals.line + 1, character: 4)
        let items = s.completion(F.cases, atLineStart)
        XCTAssertEqual(
            items.filter { $0.kind == LSPCompletionKind.variable }.map(\.label),
            ["age", "concerns", "danger", "referrer"])
        XCTAssertEqual(items.first { $0.label == "age" }?.documentation, "How old is the child?")
        let fired = F.position(of: "fired danger_now", in: text, offset: 6)
        XCTAssertEqual(s.completion(F.cases, fired).map(\.label), ["danger_now", "referred", "risky"])
    }
}

final class LanguageServiceCompletionAfterDefineTests: XCTestCase {
    func testADefinitionsBodyOffersFactNames() {
        let s = LSPFixture.service(scenario: false)
        let text = LSPFixture.mainText + "define young = "
        s.change(LSPFixture.main, version: 2, edits: [(nil, text)])
        let labels = s.completion(LSPFixture.main, LineIndex(text).position(ofByte: text.utf8.count)).map(\.label)
        XCTAssertTrue(labels.contains("age") && labels.contains("danger") && labels.contains("risk"), "\(labels)")
    }
}
