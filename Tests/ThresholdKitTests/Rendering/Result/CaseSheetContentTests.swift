import Foundation
import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The case sheet takes its content from the result's description: every member has a place on the sheet
/// (`CaseSheetContent`) or a reason to be left out, and every member said to be shown is in its part of the sheet
/// whenever the result has it, on every shipped worked case.
final class CaseSheetContentTests: XCTestCase {
    typealias F = HTMLFixture

    /// Where a member of a described object goes (the object's name in the description, the member's key), or nil
    /// when the mapping does not know the member.
    typealias Mapping = (_ object: String, _ key: String) -> CaseSheetPlace?

    /// The case sheet's mapping.
    static func mapping(_ object: String, _ key: String) -> CaseSheetPlace? {
        switch object {
        case ResultDescription.result.schema.name:
            return ResultField.allCases.first { ResultDescription.member($0).key == key }.map(CaseSheetContent.place)
        case RuleSetMember.object.schema.name: return RuleSetMember(rawValue: key).map(CaseSheetContent.place)
        case OutcomeMember.object.schema.name: return OutcomeMember(rawValue: key).map(CaseSheetContent.place)
        case CappedMember.object.schema.name: return CappedMember(rawValue: key).map(CaseSheetContent.place)
        case FiredRuleMember.object.schema.name: return FiredRuleMember(rawValue: key).map(CaseSheetContent.place)
        case UndeterminedRuleMember.object.schema.name:
            return UndeterminedRuleMember(rawValue: key).map(CaseSheetContent.place)
        case ScoreMember.object.schema.name: return ScoreMember(rawValue: key).map(CaseSheetContent.place)
        case FloorMember.object.schema.name: return FloorMember(rawValue: key).map(CaseSheetContent.place)
        case AdviceMember.object.schema.name: return AdviceMember(rawValue: key).map(CaseSheetContent.place)
        case MissingFactMember.object.schema.name: return MissingFactMember(rawValue: key).map(CaseSheetContent.place)
        case MissingToolMember.object.schema.name: return MissingToolMember(rawValue: key).map(CaseSheetContent.place)
        case ChangeMember.object.schema.name: return ChangeMember(rawValue: key).map(CaseSheetContent.place)
        default: return nil
        }
    }

    // MARK: The names are the description's

    /// Each object's names are its members' keys, in order, and every object inside the result is named: a member
    /// added to the description fails here until it is named, and then fails to compile until the sheet places it.
    func testTheMemberNamesAreTheDescriptions() throws {
        var named: [String] = []
        func check<N: ResultMemberName>(_: N.Type) {
            XCTAssertEqual(
                N.allCases.map(\.rawValue), N.object.members.map(\.key),
                "\(N.self) names the members of \(N.object.schema.name), in order")
            named.append(N.object.schema.name)
        }
        check(RuleSetMember.self)
        check(OutcomeMember.self)
        check(CappedMember.self)
        check(FiredRuleMember.self)
        check(UndeterminedRuleMember.self)
        check(ScoreMember.self)
        check(FloorMember.self)
        check(AdviceMember.self)
        check(MissingFactMember.self)
        check(MissingToolMember.self)
        check(ChangeMember.self)
        guard case .object(let all)? = ResultDescription.jsonSchema()["$defs"] else { return XCTFail("no $defs") }
        // OutcomeLine (a line of `batch --outcome-only`) is not inside the result: its members are the result's
        // own, each with the result's schema (`ResultDescriptionTests`).
        let defs = all.filter { $0.0 != "OutcomeLine" }
        XCTAssertEqual(all.count, defs.count + 1)
        XCTAssertEqual(named, defs.map(\.0), "every object inside the result is named")
        // And every member of every object has a place (or a reason) on the sheet.
        for (name, def) in defs {
            guard case .object(let properties)? = def["properties"] else { return XCTFail(name) }
            for (key, _) in properties { XCTAssertNotNil(Self.mapping(name, key), "\(name).\(key)") }
        }
        for field in ResultField.allCases {
            XCTAssertNotNil(Self.mapping("Result", ResultDescription.member(field).key), "\(field)")
        }
    }

    func testWhatTheSheetLeavesOutSaysWhy() {
        XCTAssertEqual(CaseSheetContent.place(CappedMember.source), .shown(.held))
        guard case .leftOut(let why) = CaseSheetContent.place(MissingToolMember.required) else {
            return XCTFail("a tool's `required` is always false: the sheet leaves it out")
        }
        XCTAssertFalse(why.isEmpty)
    }

    // MARK: Every member shown is in its part

    /// Every shipped worked case (`scenarios/**`), with its counterfactual changes, as `score --format html`: each
    /// member the mapping says is shown is in its part of that result's sheet.
    func testEveryShownMemberIsInItsPartOnEveryShippedCase() throws {
        var checked: [String: Int] = [:]
        var results = 0
        for file in try Self.shippedScenarioFiles() {
            for r in try F.results(file) {
                let problems = Self.problems(r, mapping: Self.mapping, checked: &checked)
                XCTAssertEqual(problems, [], "\(file) \(r.scenarioID ?? "")")
                results += 1
            }
        }
        XCTAssertGreaterThan(results, 100)
        // What was reached, so the walk cannot pass by seeing too little.
        for path in [
            "scenario", "title", "ruleset.fingerprint", "outcome.label", "outcome.route", "outcome.within",
            "outcome.due",
            "settled", "highest_possible", "lowest_possible", "capped.at", "capped.by", "capped.uncapped",
            "capped.rules",
            "capped.because", "capped.source", "fired.rule", "fired.label", "fired.because", "fired.source",
            "fired.facts", "undetermined.rule", "undetermined.unknown", "scores", "scores.total", "scores.range",
            "scores.band", "scores.could_reach", "scores.floor.band", "scores.floor.from", "scores.floor.reason",
            "scores.domains", "scores.status", "advice.id", "advice.text", "missing.fact", "missing.question",
            "missing.could_change", "missing.tool", "missing.required", "changes.set", "changes.outcome",
        ] {
            XCTAssertGreaterThan(checked[path] ?? 0, 0, "no shipped case showed \(path)")
        }
    }

    /// A warning (a due time counted past the holidays a hand-listed calendar knows; no shipped case has one) is in
    /// the header's Warning row.
    func testAWarningIsInItsRow() throws {
        let rs = try XCTUnwrap(
            InMemory.ruleSet(
                """
                ruleset "Calendar"
                holiday 2021-12-27 "Christmas Day (substitute day)"
                fact received datetime "When?"
                levels
                  amber "Amber" within 3 working days
                end
                default amber
                clock starts received

                """))
        let r = Scoring(rs).score(InMemory.facts(["received = 2025-12-24 10:00"], rs), id: "b")
        XCTAssertEqual(r.warnings.count, 1)
        var checked: [String: Int] = [:]
        XCTAssertEqual(Self.problems(r, mapping: Self.mapping, checked: &checked), [])
        XCTAssertEqual(checked["warnings"], 1)
        let page = HTMLCaseSheetRenderer().render([r])
        XCTAssertTrue(page.contains("<dt>Warning</dt><dd class=\"warning\">the working days were counted past"), page)
        XCTAssertTrue(MarkupCheck(page).wellFormed)
    }

    /// The check fails when the mapping is wrong: a member sent to a part of the sheet that does not show it, and a
    /// member the mapping does not know.
    func testTheCheckCatchesAWrongMapping() throws {
        let capped = try XCTUnwrap(
            F.results("scenarios/camden/panels.scenario").first { $0.evaluation.cap != nil }, "a capped case")
        var checked: [String: Int] = [:]
        XCTAssertEqual(Self.problems(capped, mapping: Self.mapping, checked: &checked), [])
        let wrong: Mapping = { object, key in
            if object == "Capped", key == "source" { return .shown(.section(.fired)) }
            if object == "FiredRule", key == "because" { return .shown(.section(.advice)) }
            if object == "Advice", key == "text" { return nil }
            return Self.mapping(object, key)
        }
        let problems = Self.problems(capped, mapping: wrong, checked: &checked)
        XCTAssertTrue(problems.contains { $0.hasPrefix("capped.source is not in section(") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("fired[0].because is not in section(") }, "\(problems)")
        XCTAssertTrue(problems.contains("advice[0].text has no place on the sheet"), "\(problems)")
    }

    // MARK: The walk

    /// What is wrong with `r`'s sheet under `mapping`: each member of the result (walked with its shape from the
    /// description) whose value is not in the part of the sheet the mapping gives, or that the mapping does not
    /// know. `checked` counts the members checked, by path without indices.
    static func problems(_ r: ScoredResult, mapping: @escaping Mapping, checked: inout [String: Int]) -> [String] {
        let page = HTMLCaseSheetRenderer().render([r])
        let parts = Self.parts(page)
        var walk = Walk(result: r, mapping: mapping, parts: parts)
        walk.object(ResultDescription.value(of: r), ResultDescription.result.schema, path: "", plain: "")
        for (k, n) in walk.checked { checked[k, default: 0] += n }
        return walk.problems
    }

    struct Walk {
        let result: ScoredResult
        let mapping: Mapping
        let parts: [CaseSheetPart: String]
        var problems: [String] = []
        var checked: [String: Int] = [:]

        mutating func object(_ v: JSONValue, _ schema: ResultObjectSchema, path: String, plain: String) {
            guard case .object(let members) = v else { return problems.append("\(path) is not an object") }
            for (key, value) in members {
                let p = path.isEmpty ? key : path + "." + key
                let q = plain.isEmpty ? key : plain + "." + key
                guard let member = schema.members.first(where: { $0.key == key }) else {
                    problems.append("\(p) is not described")
                    continue
                }
                switch mapping(schema.name, key) {
                case nil: problems.append("\(p) has no place on the sheet")
                case .leftOut?: continue
                case .shown(let part)?:
                    checked[q, default: 0] += 1
                    self.value(value, member.shape, path: p, plain: q, part: part, in: schema.name, key: key)
                }
            }
        }

        mutating func value(
            _ v: JSONValue, _ shape: ResultShape, path: String, plain: String, part: CaseSheetPart, in object: String,
            key: String
        ) {
            switch shape {
            case .object(let schema):
                self.object(v, schema, path: path, plain: plain)
            case .nullable(let inner):
                if v != .null { value(v, inner, path: path, plain: plain, part: part, in: object, key: key) }
            case .array(let inner), .pair(let inner):
                guard case .array(let items) = v else { return problems.append("\(path) is not an array") }
                for (i, item) in items.enumerated() {
                    value(item, inner, path: "\(path)[\(i)]", plain: plain, part: part, in: object, key: key)
                }
            case .anyOf(let shapes):
                guard case .object(let members) = v else { return problems.append("\(path) is not an object") }
                let keys = Set(members.map(\.0))
                for case .object(let schema) in shapes where Set(schema.members.map(\.key)) == keys {
                    return self.object(v, schema, path: path, plain: plain)
                }
                problems.append("\(path) matches none of its shapes")
            case .map(let inner):
                guard case .object(let members) = v else { return problems.append("\(path) is not an object") }
                for (name, item) in members {
                    if object == "FiredRule", key == "facts", summarised(name, item) { continue }
                    expect(name, path: path + "." + name, part)
                    value(item, inner, path: path + "." + name, plain: plain, part: part, in: object, key: key)
                }
            case .boolean, .constant:
                guard case .bool(let b) = v else { return }
                // `required` says "(required)" when it is; any other yes/no is said in words.
                if key == "required" {
                    if b { expect("required", path: path, part) }
                } else {
                    expect(b ? "yes" : "no", path: path, part)
                }
            case .factValue:
                switch v {
                case .null: return
                case .bool(let b): expect(b ? "yes" : "no", path: path, part)
                case .array(let options): for case .string(let o) in options { expect(o, path: path, part) }
                case .string(let s): expect(s, path: path, part)
                case .number(let n): expect(n, path: path, part)
                case .object: problems.append("\(path) is an object")
                }
            case .string, .dateTime, .enumeration, .number, .integer:
                switch v {
                case .string(let s): expect(s, path: path, part)
                case .number(let n): expect(n, path: path, part)
                default: problems.append("\(path) is \(v), not a \(shape)")
                }
            }
        }

        /// A fired rule reading a tool names the answers other than no (or 0) and counts the rest.
        func summarised(_ fact: String, _ value: JSONValue) -> Bool {
            guard let slot = result.ruleSet.factIndex[fact], ToolQuestions(result.ruleSet).tool(of: slot) != nil
            else { return false }
            switch value {
            case .null, .bool(false): return true
            case .number(let n): return n == "0"
            default: return false
            }
        }

        mutating func expect(_ shown: String, path: String, _ part: CaseSheetPart) {
            guard let text = parts[part] else { return problems.append("\(path): the sheet has no \(part)") }
            if !text.contains(shown) { problems.append("\(path) is not in \(part): \(shown)") }
        }
    }

    // MARK: The parts of a sheet

    /// The visible text (and attribute values, each on a line of its own) of each part of a page holding one sheet.
    static func parts(_ page: String) -> [CaseSheetPart: String] {
        var parts: [CaseSheetPart: String] = [:]
        func between(_ start: String, _ ends: [String], in s: Substring) -> Range<String.Index>? {
            guard let a = s.range(of: start) else { return nil }
            let b = ends.compactMap { s[a.upperBound...].range(of: $0)?.lowerBound }.min()
            return b.map { a.lowerBound..<$0 }
        }
        let whole = page[...]
        if let header = between("<header>", ["</header>"], in: whole) {
            let h = page[header]
            let held = between("<dt>Held</dt>", ["<dt>Warning</dt>", "</dl>"], in: h)
            let warnings = between("<dt>Warning</dt>", ["</dl>"], in: h)
            if let held { parts[.held] = visible(h[held]) }
            if let warnings { parts[.warnings] = visible(h[warnings]) }
            if let cut = held?.lowerBound ?? warnings?.lowerBound, let end = h.range(of: "</dl>")?.lowerBound {
                parts[.header] = visible(h[..<cut]) + "\n" + visible(h[end...])
            } else {
                parts[.header] = visible(h)
            }
        }
        for section in CaseSheetSection.allCases {
            if let r = between("<section><h2>\(section.rawValue)</h2>", ["</section>"], in: whole) {
                parts[.section(section)] = visible(page[r])
            }
        }
        if let footer = between("<footer>", ["</footer>"], in: whole) { parts[.footer] = visible(page[footer]) }
        return parts
    }

    /// The text of some markup as it reads (tags add nothing between texts, entities decoded), then each attribute
    /// value on a line of its own.
    static func visible(_ markup: Substring) -> String {
        var text = ""
        var attributes: [String] = []
        var inTag = false
        var quoted: String?
        for ch in markup {
            if var q = quoted {
                if ch == "\"" {
                    attributes.append(decoded(q))
                    quoted = nil
                } else {
                    q.append(ch)
                    quoted = q
                }
            } else if inTag {
                if ch == "\"" { quoted = "" } else if ch == ">" { inTag = false }
            } else if ch == "<" {
                inTag = true
            } else {
                text.append(ch)
            }
        }
        return ([decoded(text)] + attributes).joined(separator: "\n")
    }

    static func decoded(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func shippedScenarioFiles() throws -> [String] {
        let folder = F.path("scenarios")
        return try XCTUnwrap(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".scenario") }.sorted().map { "scenarios/" + $0 }
    }
}
