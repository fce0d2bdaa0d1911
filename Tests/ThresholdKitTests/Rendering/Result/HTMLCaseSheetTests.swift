import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The case sheet page (`threshold score --format html`): well-formed, inert with hostile labels, every
/// field of the result object shown, the same bytes every time.
final class HTMLCaseSheetTests: XCTestCase {
    typealias F = HTMLFixture

    /// Results with every part of a sheet: fired rules and counterfactuals (Mathew), and from the shipped
    /// front door, open scores, floors, missing information and "could be" lines.
    func variedResults() throws -> [ScoredResult] {
        try F.results(F.mathew)
            + F.results(
                "scenarios/tools/cce-camden.scenario",
                only: ["cce_unknown_age", "cce_floor_under_13", "cce_unknown_missing_count"])
            + F.results("scenarios/camden/islington-jtai-2019.scenario")
            + F.results("scenarios/london/continuum-of-need.scenario")
            + F.results("Tests/Fixtures/exercise/front-door.scenario")
    }

    func testSheetsAreWellFormedWithUniqueIds() throws {
        for r in try variedResults() {
            let page = HTMLCaseSheetRenderer().render([r])
            let check = MarkupCheck(page)
            XCTAssertTrue(check.wellFormed, "\(r.scenarioID ?? ""): \(check.error ?? "")")
            XCTAssertEqual(Set(check.ids).count, check.ids.count, "duplicate id on \(r.scenarioID ?? "")")
            XCTAssertEqual(check.elements.first, "html")
            for landmark in ["main", "header", "footer", "section", "h1", "h2", "th"] {
                XCTAssertTrue(check.elements.contains(landmark), "\(landmark) missing")
            }
        }
        let all = HTMLCaseSheetRenderer().render(try variedResults())
        let check = MarkupCheck(all)
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        XCTAssertEqual(Set(check.ids).count, check.ids.count, "ids are unique on a page of many sheets")
    }

    /// Every shipped worked case, each rule set's sheets on one page: well-formed, ids unique.
    func testEveryShippedScenarioRendersWellFormed() throws {
        let folder = F.path("scenarios")
        let files = try XCTUnwrap(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".scenario") }.sorted()
        XCTAssertGreaterThan(files.count, 5)
        for file in files {
            var cache: [String: RuleSetLoad] = [:]
            let out = ScenarioFileLoader.load(folder + "/" + file, ruleSets: &cache)
            let rs = try XCTUnwrap(out.ruleSet, file)
            let scoring = Scoring(rs)
            let check = MarkupCheck(HTMLCaseSheetRenderer().render(out.scenarios.map(scoring.score)))
            XCTAssertTrue(check.wellFormed, "\(file): \(check.error ?? "")")
            XCTAssertEqual(Set(check.ids).count, check.ids.count, file)
        }
    }

    func testHostileLabelsRenderInert() throws {
        let results = try F.results(F.hostileScenarios)
        let page = HTMLCaseSheetRenderer().render(results)
        let check = MarkupCheck(page)
        XCTAssertTrue(check.wellFormed, check.error ?? "")
        XCTAssertEqual(check.scripts, [], "a case sheet has no script at all")
        XCTAssertEqual(check.elements.filter { $0 == "style" }.count, 1)
        XCTAssertEqual(page.components(separatedBy: "</style>").count, 2, "only the shell closes the style element")
        for tag in ["script", "img", "iframe", "a", "b", "i", "u", "em", "blink", "marquee", "textarea", "title"]
        where tag != "title" {
            XCTAssertFalse(check.elements.contains(tag), "<\(tag)> from a label became an element")
        }
        XCTAssertEqual(
            check.elements.filter { $0 == "title" }.count, 1 + results.reduce(0) { $0 + $1.ruleSet.scores.count },
            "the page's title and one per chart, no more")
        for attack in ["onerror", "onload", "onmouseover", "javascript:"] {
            XCTAssertFalse(check.attributeValues.contains { $0.contains(attack) && !$0.contains("<") }, attack)
        }
        // The hostile texts are on the page, as text.
        for shown in [
            "Because <script>alert('because')</script> & it's \"so\"",
            "Source </footer><script>alert('source')</script>",
            "Low <script>alert('level')</script>",
            "How old? </style><script>alert('question')</script>",
            "Floor reason </style><script>alert('floor')</script> & \"why\"",
            "Advice </li></ul><script>alert('advice')</script> & <b>bold</b>",
            "Pass </title></style><script>alert('title')</script> & \"quoted\" 'single'",
            "\"<script>alert('note')</script> & </style>\"",
            "Hostile </title><script>alert('ruleset')</script> & \"co\"",
        ] {
            XCTAssertTrue(check.text.contains(shown), "not shown as text: \(shown)")
        }
        XCTAssertTrue(
            page.contains("Because &lt;script&gt;alert(&#39;because&#39;)&lt;/script&gt; &amp; it&#39;s &quot;so&quot;")
        )
    }

    func testEveryFieldOfTheResultObjectAppearsOnTheSheet() throws {
        var checked = 0
        for r in try variedResults() + F.results(F.hostileScenarios) {
            let json = JSONResultRenderer().render(r)
            let object = try JSONReader.parse(json)
            let check = MarkupCheck(HTMLCaseSheetRenderer().render([r]))
            let seen = check.text + "\n" + check.attributeValues.joined(separator: "\n")
            var leaves: [(path: String, shown: String)] = []
            Self.leaves(object, path: "", into: &leaves)
            for leaf in leaves {
                XCTAssertTrue(
                    seen.contains(leaf.shown), "\(r.scenarioID ?? ""): \(leaf.path) = \(leaf.shown) is not on the sheet"
                )
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500, "the walk reached the fields")
    }

    /// Every value of the result object, as the sheet shows it: strings as written, numbers in the
    /// language's form, yes/no for booleans of facts, member names of maps (facts, scores, domains) too.
    static func leaves(_ value: JSONValue, path: String, into out: inout [(path: String, shown: String)]) {
        switch value {
        case .object(let members):
            let isMap =
                path.hasSuffix(".facts") || path.hasSuffix(".set") || path == ".scores" || path.hasSuffix(".domains")
            for (k, v) in members {
                if isMap { out.append((path + "." + k, k)) }
                if k == "required", case .bool(let b) = v {
                    if b { out.append((path + ".required", "(required)")) }
                    continue
                }
                leaves(v, path: path + "." + k, into: &out)
            }
        case .array(let items):
            for (i, v) in items.enumerated() { leaves(v, path: "\(path)[\(i)]", into: &out) }
        case .string(let s):
            out.append((path, s))
        case .number(let text):
            out.append((path, text))
        case .bool(let b):
            out.append((path, b ? "yes" : "no"))
        case .null:
            break  // nothing to show
        }
    }

    func testTheSameResultsGiveTheSameBytes() throws {
        let a = HTMLCaseSheetRenderer().render(try variedResults())
        let b = HTMLCaseSheetRenderer().render(try variedResults())
        XCTAssertEqual(a, b)
    }

    func testSheetShowsTheOutcomeAndItsWords() throws {
        let r = try XCTUnwrap(F.results(F.mathew).first)
        let check = MarkupCheck(HTMLCaseSheetRenderer().render([r]))
        XCTAssertTrue(check.text.contains("Red"))
        XCTAssertTrue(check.text.contains("4 of 5"), "the badge says its severity in words")
        XCTAssertTrue(check.text.contains("within 24 hours"))
        XCTAssertTrue(check.attributeValues.contains("2019-04-13T16:00"))
        XCTAssertTrue(check.text.contains("What would change the outcome"))
        XCTAssertTrue(check.text.contains(r.ruleSet.fingerprint))
    }

    func testScoreChartMarksTotalRangeAndCutOffs() throws {
        let r = try XCTUnwrap(
            F.results("scenarios/tools/cce-camden.scenario", only: ["cce_unknown_missing_count"]).first)
        let page = HTMLCaseSheetRenderer().render([r])
        let check = MarkupCheck(page)
        let cce = try XCTUnwrap(r.ruleSet.scoreIndex["cce"])
        let st = r.evaluation.scores[cce]
        XCTAssertFalse(st.range.isExact, "the fixture leaves the total open")
        XCTAssertTrue(check.text.contains("total \(st.total)"))
        XCTAssertTrue(check.text.contains("could be \(st.range.lo) to \(st.range.hi)"))
        XCTAssertTrue(page.contains("fill=\"url(#sheet-0-score-\(cce)-h)\""), "the possible range is drawn hatched")
        for band in r.ruleSet.scores[cce].bands {
            XCTAssertTrue(check.text.contains("\(band.name) (\(band.label)) \(band.low)"))
        }
        XCTAssertTrue(check.text.contains("Completion: "))
    }

    // MARK: A case sheet for a training room (issue 22)

    func testTheSheetTellsTheStoryAndSource() throws {
        let r = try XCTUnwrap(F.results("Tests/Fixtures/exercise/mathew.scenario").first)
        let check = MarkupCheck(HTMLCaseSheetRenderer().render([r]))
        XCTAssertTrue(check.text.contains("Mathew, 12: risk of sexual abuse in the family; sisters to be located"))
        XCTAssertTrue(check.text.contains("The case"))
        XCTAssertTrue(check.text.contains("Mathew is 12. A police referral arrives on a Friday afternoon"))
        XCTAssertTrue(check.text.contains("Source: Islington JTAI letter, 29 January 2019"))
        let shipped = try XCTUnwrap(F.results("scenarios/camden/islington-jtai-2019.scenario", only: ["mathew"]).first)
        XCTAssertNotNil(shipped.story, "the shipped worked case has a story")
    }

    func testDatesSayTheWeekday() throws {
        let r = try XCTUnwrap(F.results(F.mathew).first)
        let page = HTMLCaseSheetRenderer().render([r])
        XCTAssertTrue(
            page.contains("<dt>Due</dt><dd><time datetime=\"2019-04-13T16:00\">Saturday 2019-04-13 16:00</time></dd>"))
        XCTAssertTrue(page.contains("<time datetime=\"2019-04-12T16:00\">Friday 2019-04-12 16:00</time>"))
        XCTAssertEqual(HTMLDates.words(CivilDate(year: 2024, month: 2, day: 29)!), "Thursday 2024-02-29")
    }

    func testFactsShowTheirQuestionFirst() throws {
        let r = try XCTUnwrap(F.results(F.mathew).first)
        let page = HTMLCaseSheetRenderer().render([r])
        XCTAssertTrue(
            page.contains(
                "<th scope=\"col\" class=\"c-question\">Question</th><th scope=\"col\" class=\"c-fact\">Fact</th>"))
        XCTAssertTrue(page.contains("<tr><td>How old is the child, in years?</td><th scope=\"row\">age</th>"))
    }

    func testEmptySectionsAreLeftOut() throws {
        let r = try XCTUnwrap(F.results(F.mathew).first)
        XCTAssertTrue(r.undetermined.isEmpty && r.missing.isEmpty, "the fixture has nothing open")
        let check = MarkupCheck(HTMLCaseSheetRenderer().render([r]))
        for gone in ["Could be higher", "Missing information", "has no scores", "No rule", "Nothing missing"] {
            XCTAssertFalse(check.text.contains(gone), gone)
        }
        XCTAssertFalse(HTMLCaseSheetRenderer().render([r]).contains("class=\"empty\""))
    }

    /// A rule reading a tool with one answer: the answer, then "21 questions unanswered", not 21 lines of
    /// `= unknown`; the band it read is not settled, so it says what is known.
    func testAFiredRuleSummarisesATool() throws {
        let r = try XCTUnwrap(F.results("Tests/Fixtures/exercise/front-door.scenario").first)
        let page = HTMLCaseSheetRenderer().render([r])
        let check = MarkupCheck(page)
        XCTAssertTrue(
            check.text.contains(
                "Camden CCE risk assessment (training model): cce_missing_episodes = 3; 21 questions unanswered"),
            check.text)
        XCTAssertFalse(check.text.contains("= unknown"))
        XCTAssertTrue(check.text.contains("Score: cce is at least low (not settled)"))
        XCTAssertFalse(check.text.contains("Score: cce is low"))
        // The range label sits on the chart, not cut at its left edge.
        XCTAssertTrue(check.text.contains("could be 3 to 43"))
        XCTAssertTrue(page.contains("text-anchor=\"middle\" font-size=\"12\" fill=\"#1a1a1a\">could be 3 to 43</text>"))
    }

    func testTheExerciseHandoutHidesTheAnswers() throws {
        let results = try F.results("Tests/Fixtures/exercise/mathew.scenario") + variedResults()
        for r in results {
            let rs = r.ruleSet
            let page = HTMLCaseSheetRenderer(exercise: true).render([r])
            let check = MarkupCheck(page)
            let id = r.scenarioID ?? ""
            XCTAssertTrue(check.wellFormed, "\(id): \(check.error ?? "")")
            XCTAssertEqual(Set(check.ids).count, check.ids.count, id)
            // Hidden: the outcome, the rules, the bands, the changes (and what would settle them).
            for hidden in [
                "Rules that fired", "Outcome", "Due", "Settled", "What would change", "It would be", "Could be higher",
                "Missing information", "Advice", "Because:", "Bands:", "band ", "Completion:",
            ] {
                XCTAssertFalse(check.text.contains(hidden), "\(id): the handout shows \(hidden)")
            }
            XCTAssertFalse(page.contains("class=\"badge"), id)
            // Neither the title nor the id, which often name the answer: "Case 1".
            if !id.isEmpty { XCTAssertFalse(page.contains(id), "\(id): the handout shows the scenario's id") }
            if let title = r.title { XCTAssertFalse(check.text.contains(title), "\(id): the handout shows its title") }
            XCTAssertTrue(check.text.contains("Case 1"), id)
            XCTAssertFalse(page.contains("<svg"), "\(id): no chart (it shows the bands)")
            for f in r.fired {
                if let because = rs.rules[f.rule].because { XCTAssertFalse(check.text.contains(because), id) }
            }
            for c in r.changes {
                XCTAssertFalse(check.text.contains("if \(rs.facts[c.set[0].slot].name) ="), id)
            }
            for a in rs.advice.indices where a < r.evaluation.advice.count && r.evaluation.advice[a] {
                XCTAssertFalse(check.text.contains(rs.advice[a].text), id)
            }
            // Shown: the story and the facts, and room to answer: every level in words, with a box to tick.
            if let story = r.story { XCTAssertTrue(check.text.contains(story), id) }
            if let source = r.scenarioSource { XCTAssertTrue(check.text.contains(source), id) }
            for slot in r.ruleSet.facts.indices where slot < r.evaluation.facts.count && r.evaluation.facts[slot] != nil
            {
                XCTAssertTrue(check.text.contains(rs.facts[slot].name), "\(id): fact \(rs.facts[slot].name)")
            }
            XCTAssertTrue(check.text.contains("Your rating: tick one"))
            XCTAssertTrue(check.text.contains("Your rationale"))
            for (i, level) in rs.levels.enumerated() {
                XCTAssertTrue(check.text.contains("\(level.label) (\(level.name)), \(i + 1) of \(rs.levels.count)"), id)
            }
            XCTAssertEqual(page.components(separatedBy: "<span class=\"box\"").count - 1, rs.levels.count)
            XCTAssertGreaterThanOrEqual(page.components(separatedBy: "<div class=\"line\">").count - 1, 6)
        }
    }

    func testTheHandoutTellsTheStoryAndTheFacts() throws {
        let r = try XCTUnwrap(F.results("Tests/Fixtures/exercise/mathew.scenario").first)
        let check = MarkupCheck(HTMLCaseSheetRenderer(exercise: true).render([r]))
        XCTAssertTrue(check.text.contains("Exercise handout"))
        XCTAssertTrue(check.text.contains("Mathew is 12. A police referral arrives on a Friday afternoon"))
        XCTAssertTrue(check.text.contains("Who made the referral?"))
        XCTAssertTrue(check.text.contains("Friday 2019-04-12 16:00"))
        XCTAssertTrue(check.text.contains("Red: imminent danger (red_urgent), 5 of 5: MASH team, within 4 hours"))
    }
}
