import XCTest

@testable import ThresholdKit

final class LanguageServiceTokensTests: XCTestCase {
    typealias F = LSPFixture

    /// The tokens decoded back to (line, column, length, type name, declaration?).
    func decode(_ data: [Int]) -> [(Int, Int, Int, String, Bool)] {
        var out: [(Int, Int, Int, String, Bool)] = []
        var line = 0
        var col = 0
        for i in stride(from: 0, to: data.count, by: 5) {
            line += data[i]
            col = data[i] == 0 ? col + data[i + 1] : data[i + 1]
            out.append((line, col, data[i + 2], SemanticTokenLegend.types[data[i + 3]], data[i + 4] == 1))
        }
        return out
    }

    func testEveryTokenOfALineIsClassifiedInUTF16() {
        let s = F.service()
        let tokens = decode(s.semanticTokens(F.main)).filter { $0.0 == 9 }
        // rule danger_now "Danger 🚸 now" when danger and age < 5 then red because "Danger." source "Guide" end
        let expected: [(Int, Int, String, Bool)] = [
            (0, 4, "keyword", false), (5, 10, "method", true), (16, 15, "string", false), (32, 4, "keyword", false),
            (37, 6, "variable", false), (44, 3, "keyword", false), (48, 3, "variable", false),
            (52, 1, "operator", false),
            (54, 1, "number", false), (56, 4, "keyword", false), (61, 3, "enumMember", false),
            (65, 7, "keyword", false),
            (73, 9, "string", false), (83, 6, "keyword", false), (90, 7, "string", false), (98, 3, "keyword", false),
        ]
        XCTAssertEqual(tokens.count, expected.count)
        for (t, e) in zip(tokens, expected) {
            XCTAssertEqual(t.1, e.0)
            XCTAssertEqual(t.2, e.1, "at \(e.0)")
            XCTAssertEqual(t.3, e.2, "at \(e.0)")
            XCTAssertEqual(t.4, e.3, "at \(e.0)")
        }
        // The comment with its emoji: `# A comment with émoji 🚸` is 25 UTF-16 units.
        XCTAssertTrue(
            decode(s.semanticTokens(F.main)).contains { $0.0 == 8 && $0.1 == 0 && $0.2 == 25 && $0.3 == "comment" })
        // A score is a class, an enum value an enumMember.
        let scoreLine = decode(s.semanticTokens(F.main)).filter { $0.0 == 13 }
        XCTAssertEqual(
            scoreLine.map(\.3),
            [
                "number", "keyword", "variable", "keyword", "operator", "enumMember", "operator", "enumMember",
                "operator", "string",
            ])
    }
}

final class LanguageServiceLensAndActionTests: XCTestCase {
    typealias F = LSPFixture

    func testLensesShowScenarioResultsAndRuleFirings() {
        let s = F.service()
        let scenarios = s.codeLenses(F.cases)
        XCTAssertEqual(
            scenarios.map(\.title),
            ["passed (2 expectations)", "failed: expected outcome red, got amber (decided by referred)"])
        XCTAssertEqual(scenarios.first?.range.start, LSPPosition(line: 1, character: 9))
        let rules = s.codeLenses(F.main)
        XCTAssertEqual(rules.map(\.title), Array(repeating: "fires in 1 of 2 worked cases", count: 3))
    }

    func testAMissingEndIsInserted() {
        let s = F.service()
        let text = F.mainText.replacingOccurrences(of: "then amber end\nscore", with: "then amber\nscore")
        s.change(F.main, version: 2, edits: [(nil, text)])
        let d = s.diagnostics(F.main).first { $0.fix?.title == "Insert `end`" }
        XCTAssertEqual(
            d?.fix?.range,
            LSPRange(start: LSPPosition(line: 11, character: 0), end: LSPPosition(line: 11, character: 0)))
        XCTAssertEqual(d?.fix?.newText, "end\n")
        s.change(F.main, version: 3, edits: [(d?.fix?.range, d?.fix?.newText ?? "")])
        XCTAssertEqual(s.diagnostics(F.main).filter { $0.severity == 1 }, [])
    }

    func testDidYouMeanReplacesTheName() {
        XCTAssertEqual(CodeActions.suggestion(in: "did you mean `danger`?"), "danger")
        XCTAssertNil(CodeActions.suggestion(in: "did you mean `a` or `b`?"))
        XCTAssertNil(CodeActions.suggestion(in: "did you mean `x = y`?"))
        XCTAssertNil(CodeActions.suggestion(in: "did you mean `or`, or is a `not` misplaced?"))
    }
}
