import XCTest

@testable import ThresholdKit

final class LanguageServiceNavigationTests: XCTestCase {
    typealias F = LSPFixture

    func testDefinitionAcrossAnInclude() {
        let s = F.service()
        let at = F.position(of: "age < 5", in: F.mainText, offset: 1)
        XCTAssertEqual(
            s.definition(F.main, at),
            LSPLocation(
                path: F.facts,
                range: LSPRange(start: LSPPosition(line: 1, character: 5), end: LSPPosition(line: 1, character: 8))))
        // A level after `then`, a band after `is at least`, a rule in a scenario.
        XCTAssertEqual(
            s.definition(F.main, F.position(of: "then red", in: F.mainText, offset: 5))?.range.start,
            LSPPosition(line: 5, character: 2))
        XCTAssertEqual(
            s.definition(F.main, F.position(of: "least high", in: F.mainText, offset: 7))?.range.start,
            LSPPosition(line: 16, character: 4))
        XCTAssertEqual(
            s.definition(F.cases, F.position(of: "fired danger_now", in: F.casesText, offset: 7))?.path, F.main)
        XCTAssertEqual(s.definition(F.cases, F.position(of: "referrer", in: F.casesText))?.path, F.facts)
        // Nothing to go to in a string or on a keyword.
        XCTAssertNil(s.definition(F.main, F.position(of: "Danger.", in: F.mainText)))
        XCTAssertNil(s.definition(F.main, F.position(of: "when danger and", in: F.mainText)))
    }

    func testReferencesFindEveryUseInRulesAndScenarios() {
        let s = F.service()
        let refs = s.references(F.facts, LSPPosition(line: 0, character: 6))  // `danger`
        XCTAssertEqual(refs.filter { $0.path == F.facts }.count, 1)
        XCTAssertEqual(refs.filter { $0.path == F.main }.count, 3)  // the rule, the score item, the advice
        XCTAssertEqual(refs.filter { $0.path == F.cases }.count, 2)
        XCTAssertEqual(s.references(F.facts, LSPPosition(line: 0, character: 6), includeDeclaration: false).count, 5)
        // A fact and a rule may share a name: they are different symbols.
        let s2 = LanguageService()
        s2.open(F.main, text: F.mainText + "rule danger when age > 20 then amber end\n", version: 1)
        s2.open(F.facts, text: F.factsText, version: 1)
        let ruleRefs = s2.references(F.main, LSPPosition(line: 21, character: 5))
        XCTAssertEqual(ruleRefs.count, 1)
    }

    func testRenameChangesScenariosTooAndRefusesAClash() {
        let s = F.service()
        guard case .edits(let edits) = s.rename(F.facts, LSPPosition(line: 2, character: 6), to: "referred_by") else {
            return XCTFail("rename refused")
        }
        XCTAssertEqual(edits[F.facts]?.count, 1)
        XCTAssertEqual(edits[F.main]?.count, 2)
        XCTAssertEqual(edits[F.cases]?.count, 2)
        XCTAssertTrue(edits.values.joined().allSatisfy { $0.newText == "referred_by" })
        // Applying the edits gives a rule set with no errors.
        for (path, es) in edits {
            for e in es.sorted(by: { $0.range.start > $1.range.start }) {
                s.change(path, version: 2, edits: [(e.range, e.newText)])
            }
        }
        XCTAssertEqual(s.diagnostics(F.main).filter { $0.severity == 1 }, [])
        XCTAssertEqual(s.diagnostics(F.cases).filter { $0.severity == 1 }, [])

        XCTAssertEqual(
            s.rename(F.facts, LSPPosition(line: 0, character: 6), to: "age"),
            .refused("`age` is already declared at /virtual/lsp/facts.rules:2:6"))
        XCTAssertEqual(
            s.rename(F.facts, LSPPosition(line: 0, character: 6), to: "risk"),
            .refused("`risk` is already declared at /virtual/lsp/main.rules:12:7"))
        XCTAssertEqual(
            s.rename(F.facts, LSPPosition(line: 0, character: 6), to: "when"), .refused("`when` is a reserved word"))
        XCTAssertEqual(
            s.rename(F.facts, LSPPosition(line: 0, character: 6), to: "2x"),
            .refused("`2x` is not a name: use letters, digits and _"))
        // A rule may take a fact's name: rules have their own namespace.
        guard case .edits = s.rename(F.main, F.position(of: "referred when", in: F.mainText), to: "danger") else {
            return XCTFail("a rule renamed to a fact's name was refused")
        }
        // A band is renamed within its score.
        guard
            case .edits(let b) = s.rename(F.main, F.position(of: "least high", in: F.mainText, offset: 6), to: "severe")
        else {
            return XCTFail("band rename refused")
        }
        XCTAssertEqual(b[F.main]?.count, 2)
        XCTAssertEqual(
            s.prepareRename(F.main, F.position(of: "least high", in: F.mainText, offset: 6))?.start,
            F.position(of: "least high", in: F.mainText, offset: 6))
        XCTAssertNil(s.prepareRename(F.main, LSPPosition(line: 0, character: 1)))
    }

    func testOutlineAndFolding() {
        let s = F.service()
        let symbols = s.documentSymbols(F.main)
        XCTAssertEqual(symbols.map(\.name), ["levels", "danger_now", "referred", "risk", "risky", "call_police"])
        XCTAssertEqual(symbols[0].children.map(\.name), ["blue", "amber", "red"])
        XCTAssertEqual(symbols[3].children.map(\.name), ["low", "high"])
        XCTAssertEqual(symbols[3].range.start.line, 11)
        XCTAssertEqual(symbols[3].range.end.line, 18)
        XCTAssertEqual(symbols[1].selectionRange.start, LSPPosition(line: 9, character: 5))
        XCTAssertEqual(s.documentSymbols(F.cases).map(\.name), ["baby", "police_referral"])
        XCTAssertEqual(s.documentSymbols(F.facts).map(\.name), ["danger", "age", "referrer", "concerns"])
        XCTAssertEqual(
            s.foldingRanges(F.main),
            [
                LSPFoldingRange(startLine: 2, endLine: 6), LSPFoldingRange(startLine: 11, endLine: 18),
                LSPFoldingRange(startLine: 14, endLine: 17),
            ])
        XCTAssertEqual(
            s.foldingRanges(F.cases),
            [LSPFoldingRange(startLine: 1, endLine: 9), LSPFoldingRange(startLine: 10, endLine: 17)])
    }
}
