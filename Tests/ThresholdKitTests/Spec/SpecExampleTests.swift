import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// Each example of the language specification, as written (Tests/Fixtures/spec holds section 2 as one rule set).
final class SpecExampleTests: XCTestCase {
    var rs: RuleSet!
    var scoring: Scoring!

    override func setUpWithError() throws {
        rs = try XCTUnwrap(SpecFixture.ruleSet())
        scoring = Scoring(rs)
    }

    func result(_ given: [String]) -> ScoredResult { scoring.score(InMemory.facts(given, rs)) }
    func level(_ r: ScoredResult) -> String { rs.levels[r.outcome].name }
    func fired(_ r: ScoredResult) -> [String] { r.fired.map { rs.rules[$0.rule].name } }

    // 2.1
    func testHeaderAndInclude() {
        XCTAssertEqual(rs.name, "Camden MASH front door")
        XCTAssertEqual(rs.version, "2019.1")
        XCTAssertEqual(rs.source, "Camden Safeguarding Children Board, Annual Report 2018/19, section 2.3")
        XCTAssertEqual(rs.files.count, 2)
        XCTAssertTrue(rs.calendar.holidays.contains(CivilDate(year: 2019, month: 4, day: 19)!))
    }

    // 2.2
    func testFacts() {
        let f = { (n: String) in self.rs.facts[self.rs.factIndex[n] ?? 0] }
        XCTAssertEqual(f("age").type, .number(min: ExactNumber(0), max: ExactNumber(25)))
        XCTAssertTrue(f("age").required)
        XCTAssertEqual(f("referrer").type.options.count, 7)
        XCTAssertEqual(f("referrer").question, "Who made the referral?")
        XCTAssertEqual(f("missing_episodes").defaultValue, .number(.zero))
        XCTAssertEqual(f("referrer_view").type, .level)
        XCTAssertEqual(f("notes").type, .text)
    }

    // 2.3
    func testLevelsRoutesAndWorkingDayDueTimes() {
        XCTAssertEqual(rs.levels.map(\.name), ["blue", "green", "amber", "red", "red_urgent"])
        XCTAssertEqual(rs.defaultLevel, 0)
        let ev = Evaluator(rs)
        _ = ev.evaluate(InMemory.facts(["received = 2019-04-12 16:00"], rs))
        XCTAssertEqual(ev.due(for: 1)?.description, "2019-04-17 16:00")
        _ = ev.evaluate(InMemory.facts(["received = 2019-04-18 10:00"], rs))
        XCTAssertEqual(ev.due(for: 2)?.description, "2019-04-25 10:00")
        XCTAssertEqual(ev.due(for: 4)?.description, "2019-04-18 14:00")
        _ = ev.evaluate(InMemory.facts(["received = 2019-04-13 10:00"], rs))  // a Saturday: day 0 is Monday 09:00
        XCTAssertEqual(ev.due(for: 1)?.description, "2019-04-18 09:00")
    }

    // 2.4
    func testDefinitions() {
        let ev = Evaluator(rs)
        _ = ev.evaluate(
            InMemory.facts(
                ["age = 12", "parental_mental_health = yes", "domestic_abuse = yes", "referrals_last_12_months = 0"], rs
            ))
        let byName = Dictionary(uniqueKeysWithValues: rs.definitions.enumerated().map { ($1.name, $0) })
        func def(_ n: String) -> Tri? {
            guard let i = byName[n], case .condition(let c) = rs.definitions[i].body else { return nil }
            return ev.condition(c)
        }
        XCTAssertEqual(def("adolescent"), .yes)
        XCTAssertEqual(def("toxic_trio"), .yes)
        XCTAssertEqual(def("repeat_referral"), .no)
    }

    // 2.5
    func testRulesMostSevereWinsAndAllFiredAreReported() {
        let r = result(["imminent_danger = yes", "risk_of_significant_harm = yes"])
        XCTAssertEqual(level(r), "red_urgent")
        XCTAssertEqual(fired(r), ["imminent_danger"])
        let r2 = result([
            "imminent_danger = no", "risk_of_significant_harm = yes", "missing_episodes = 5",
            "excluded_from_school = yes",
            "unexplained_money_or_goods = yes", "age = 15",
        ])
        XCTAssertEqual(level(r2), "red")
        // The spec's illustrative weights total at most 11, so `cce is at least high` (15) can never hold.
        XCTAssertEqual(fired(r2), ["significant_harm"])
        XCTAssertEqual(r2.notFired.map { rs.rules[$0.rule].name }, ["imminent_danger", "cce_high"])
    }

    // 2.6
    func testScoredTool() {
        let r = result([
            "missing_episodes = 3", "excluded_from_school = yes", "unexplained_money_or_goods = no", "age = 14",
        ])
        let s = r.evaluation.scores[0]
        XCTAssertEqual(s.total, ExactNumber(6))  // 2 + 1 + 3
        XCTAssertEqual(s.domainTotals, [ExactNumber(6), .zero])
        XCTAssertEqual(rs.bandName(0, s.band), "low")
        XCTAssertNil(s.floor)
        let young = result([
            "missing_episodes = 0", "excluded_from_school = no", "unexplained_money_or_goods = no", "age = 12",
        ])
        XCTAssertEqual(rs.bandName(0, young.evaluation.scores[0].band), "moderate")
        XCTAssertEqual(young.evaluation.scores[0].floor, 0)
        let high = result([
            "missing_episodes = 9", "excluded_from_school = yes", "unexplained_money_or_goods = yes", "age = 15",
        ])
        XCTAssertEqual(high.evaluation.scores[0].total, ExactNumber(11))  // 2 + 1 + 5 (capped) + 3
        XCTAssertEqual(rs.bandName(0, high.evaluation.scores[0].band), "moderate")
    }

    // 2.7
    func testAdviceReadsTheOutcome() {
        let r = result([
            "siblings = 2", "concerns = (sexual)", "risk_of_significant_harm = yes", "imminent_danger = no",
            "referrer_view = green",
        ])
        XCTAssertEqual(r.evaluation.advice, [true, true])
        let r2 = result(["siblings = 0", "concerns = (sexual)", "referrer_view = green"])
        XCTAssertEqual(r2.evaluation.advice, [false, false], "blue outcome: no disagreement to escalate")
    }

    // 2.9
    func testUnknownFactsUndeterminedRulesAndMissingInformation() {
        let r = result(["age = 12", "risk_of_significant_harm = yes"])
        XCTAssertEqual(level(r), "blue")
        XCTAssertEqual(r.undetermined.map { rs.rules[$0.rule].name }, ["imminent_danger", "significant_harm"])
        XCTAssertEqual(r.undetermined.first.map { $0.unknown.map { rs.facts[$0].name } }, ["imminent_danger"])
        XCTAssertEqual(r.missing.first.map { rs.facts[$0.fact].name }, "imminent_danger")
        XCTAssertEqual(r.missing.first?.consequence, .outcome(level: 4))
        // A required fact that is unknown is always reported (age also decides the CCE floor, so it says so).
        let r2 = result(["imminent_danger = no", "risk_of_significant_harm = no"])
        XCTAssertTrue(
            r2.missing.contains { rs.facts[$0.fact].name == "age" && $0.consequence == .band(score: 0, band: 2) })
    }

    func testScoreRangeStraddlingABandMakesTheRuleUndetermined() {
        // Total 12 known (missing 4 → 2 + 4; unexplained yes → 3; ... ), excluded unknown → could reach 13.
        let r = result([
            "missing_episodes = 5", "unexplained_money_or_goods = yes", "age = 15", "imminent_danger = no",
            "risk_of_significant_harm = no",
        ])
        let s = r.evaluation.scores[0]
        XCTAssertEqual(s.total, ExactNumber(10))
        XCTAssertEqual(s.range, NumRange(lo: ExactNumber(10), hi: ExactNumber(11)))
        XCTAssertEqual(rs.bandName(0, s.band), "moderate")
    }

    // 3
    func testMathewScenarioFile() throws {
        var cache: [String: RuleSetLoad] = [:]
        let path = ThresholdBinary.packageRoot.appendingPathComponent("Tests/Fixtures/spec/scenarios/mathew.scenario")
            .path
        let out = ScenarioFileLoader.load(path, ruleSets: &cache)
        XCTAssertEqual(out.diagnostics.map(\.message), [])
        let s = try XCTUnwrap(out.scenarios.first)
        XCTAssertEqual(
            s.expectations.map(\.text),
            [
                "outcome red", "fired significant_harm", "not fired imminent_danger",
                "advice consider_siblings", "due 2019-04-13 16:00",
            ])
        let r = Scoring(try XCTUnwrap(out.ruleSet)).score(s)
        XCTAssertEqual(level(r), "red")
        XCTAssertEqual(fired(r), ["significant_harm"])
        XCTAssertEqual(r.evaluation.advice.first, true)
        XCTAssertEqual(r.evaluation.due?.description, "2019-04-13 16:00")
    }

    func testUndeclaredNamesInAScenarioAreErrors() {
        let (_, diags) = InMemory.scenarios(
            """
            rules "x"
            scenario s "S"
              given
                agee = 12
              expect
                outcome purple
                fired nobody
                score cce is sky
                advice nothing
            end
            """, against: rs)
        XCTAssertEqual(
            diags.map(\.code), [.undeclaredFact, .undeclaredLevel, .undeclaredRule, .undeclaredBand, .undeclaredAdvice])
        XCTAssertEqual(diags.first?.hint, "did you mean `age`?")
    }

    // 4
    func testJSONForm() throws {
        let json = try JSONReader.parse(
            """
            {"id": "mathew", "title": "…", "facts": {"age": 12, "referrer": "police", "risk_of_significant_harm": true, "concerns": ["sexual"], "received": "2019-04-12T16:00"}, "expect": {"outcome": "red", "fired": ["significant_harm"]}}
            """)
        let s = try JSONScenarioDecoder(ruleSet: rs).decode(json).get()
        XCTAssertEqual(s.id, "mathew")
        XCTAssertEqual(s.facts[rs.factIndex["concerns"] ?? 0], .options(4))
        XCTAssertEqual(s.facts[rs.factIndex["received"] ?? 0], .dateTime(CivilDateTime.parse("2019-04-12 16:00")!))
        XCTAssertEqual(s.expectations.map(\.text), ["outcome red", "fired significant_harm"])
        // imminent_danger is absent (unknown), so significant_harm's `not imminent_danger` is unknown: it is undetermined.
        let r = scoring.score(s)
        XCTAssertEqual(r.undetermined.map { rs.rules[$0.rule].name }, ["imminent_danger", "significant_harm"])
    }

    func testJSONNullIsUnknownAndBadValuesAreMessages() throws {
        let d = JSONScenarioDecoder(ruleSet: rs)
        let ok = try d.decode(JSONReader.parse(#"{"age": null, "imminent_danger": false}"#)).get()
        XCTAssertNil(ok.facts[rs.factIndex["age"] ?? 0])
        guard case .failure(let f) = d.decode(try JSONReader.parse(#"{"age": "twelve"}"#)) else { return XCTFail() }
        XCTAssertEqual(f.message, "fact \"age\": expected a number, found a string")
        guard case .failure(let g) = d.decode(try JSONReader.parse(#"{"agee": 1}"#)) else { return XCTFail() }
        XCTAssertEqual(g.message, "unknown fact \"agee\" (did you mean \"age\"?)")
    }
}
