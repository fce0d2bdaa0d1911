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
}
