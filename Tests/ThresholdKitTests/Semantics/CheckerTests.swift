import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// The checker's errors (spec 2.10): located, with a hint, all of them reported.
final class CheckerTests: XCTestCase {
    let header = """
        ruleset "T"
        levels
          low "Low"
          high "High" within 4 hours
        end

        """

    func codes(_ body: String) -> [DiagnosticCode] {
        InMemory.diagnostics(header + body).filter { $0.severity == .error }.map(\.code)
    }

    func first(_ body: String) -> Diagnostic? {
        InMemory.diagnostics(header + body).first { $0.severity == .error }
    }

    func testUndeclaredNameSuggestsNearest() throws {
        let d = try XCTUnwrap(first("fact danger_now yes/no\nrule r when danger_nw then high end"))
        XCTAssertEqual(d.code, .undeclaredName)
        XCTAssertEqual(d.hint, "did you mean `danger_now`?")
        XCTAssertEqual(d.span?.start.line, 7)
        XCTAssertEqual(d.span?.start.column, 13)
    }

    func testTypeMismatch() throws {
        let d = try XCTUnwrap(
            first("fact age number\nfact referrer one of police, health\nrule r when age = police then high end"))
        XCTAssertEqual(d.code, .typeMismatch)
        XCTAssertTrue(d.message.contains("`age` is a number"), d.message)
        XCTAssertEqual(d.hint, "`police` is a value of `referrer`; did you mean `referrer = police`?")
    }

    func testEnumValueTheFactDoesNotHave() throws {
        let d = try XCTUnwrap(first("fact referrer one of police, health\nrule r when referrer = polise then high end"))
        XCTAssertEqual(d.code, .unknownValue)
        XCTAssertEqual(d.hint, "did you mean `police`?")
    }

    func testALevelWhenNoneAreDeclaredSaysToDeclareThem() throws {
        let ds = InMemory.diagnostics("ruleset \"T\"\nfact a yes/no \"A?\"\nrule r when a then red end")
        let d = try XCTUnwrap(ds.first { $0.code == .undeclaredLevel })
        XCTAssertEqual(d.hint, "declare the levels in a `levels … end` block, least severe first")
    }

    func testLevelAndBandThatDoNotExist() {
        XCTAssertEqual(codes("fact a yes/no\nrule r when a then hgh end"), [.undeclaredLevel])
        XCTAssertEqual(
            codes(
                """
                fact a yes/no
                score s
                  1 when a
                  bands
                    nothing "Nothing" 0 to 0
                    something "Something" 1 and above
                  end
                end
                rule r when s is at least mid then high end
                """), [.undeclaredBand])
    }

    func testDuplicateNamesPointAtBothPlaces() throws {
        let d = try XCTUnwrap(first("fact a yes/no\nfact a number"))
        XCTAssertEqual(d.code, .duplicateName)
        XCTAssertEqual(d.span?.start.line, 7)
        XCTAssertEqual(d.notes.first?.span?.start.line, 6)
    }

    func testIncludeCycleNamesEveryFile() {
        let out = InMemory.load([
            "main.rules": "ruleset \"T\"\ninclude \"a.rules\"\nlevels\n x\nend",
            "a.rules": "include \"b.rules\"",
            "b.rules": "include \"a.rules\"",
        ])
        let d = out.diagnostics.first { $0.code == .includeCycle }
        XCTAssertEqual(d?.message, "include cycle: a.rules → b.rules → a.rules")
        XCTAssertEqual(d?.span?.start.file, "b.rules")
    }

    func testFileIncludedTwiceIsLoadedOnce() {
        let out = InMemory.load([
            "main.rules": "ruleset \"T\"\ninclude \"a.rules\"\ninclude \"./a.rules\"\nlevels\n x\nend",
            "a.rules": "fact f yes/no",
        ])
        XCTAssertEqual(out.diagnostics.map(\.message), [])
        XCTAssertEqual(out.ruleSet?.files, ["main.rules", "a.rules"])
    }

    func testDefinitionCycleNamesTheCycle() throws {
        let d = try XCTUnwrap(first("define a = b\ndefine b = c or no\ndefine c = a"))
        XCTAssertEqual(d.code, .definitionCycle)
        XCTAssertEqual(d.message, "cycle: `a` → `b` → `c` → `a`")
    }

    func testOverlappingBandsAndGaps() {
        let score = { (bands: String) in
            """
            fact n count to 10
            score s
              add n
              bands
            \(bands)
              end
            end
            """
        }
        XCTAssertEqual(codes(score("a \"A\" 0 to 5\nb \"B\" 5 and above")), [.overlappingBands])
        XCTAssertEqual(codes(score("a \"A\" 0 to 4\nb \"B\" 6 and above")), [.bandGap])
        XCTAssertEqual(codes(score("a \"A\" 0 to 4\nb \"B\" 5 to 8")), [.bandGap])  // 9 and 10 reachable
        XCTAssertEqual(codes(score("a \"A\" 1 to 4\nb \"B\" 5 and above")), [.bandGap])  // 0 reachable
        XCTAssertEqual(codes(score("a \"A\" 0 to 4\nb \"B\" 5 to 10")), [])
    }

    func testRulesCannotReadOutcome() {
        XCTAssertEqual(codes("rule r when outcome is high then high end"), [.outcomeInRule])
        XCTAssertEqual(codes("advise a \"A\" when outcome is at least high end"), [])
    }

    func testAllErrorsInALoadAreReported() {
        XCTAssertEqual(
            codes("rule a when x1 then high end\nrule b when x2 then high end\nrule c when x3 then nope end").count, 4)
    }

    func testAFragmentIsCheckedForSyntaxOnly() {
        let out = InMemory.load(["main.rules": "rule r when undeclared then nowhere end"])
        XCTAssertTrue(out.isFragment)
        XCTAssertEqual(out.diagnostics.count, 0)
        XCTAssertNil(out.ruleSet)
    }

    func testConditionsMustBeYesNo() {
        XCTAssertEqual(codes("fact age number\nrule r when age then high end"), [.notACondition])
    }

    func testBadDefaultsAndRanges() {
        XCTAssertEqual(codes("fact age number 0 to 25 default 30"), [.badDefault])
        XCTAssertEqual(codes("fact age number 25 to 0"), [.badRange])
        XCTAssertEqual(codes("fact r one of a, b default c"), [.badDefault])
    }

    func testOneLevelsBlock() {
        XCTAssertEqual(codes("levels\n x\nend"), [.duplicateLevels])
        XCTAssertEqual(InMemory.diagnostics("ruleset \"T\"\nfact a yes/no").map(\.code), [.noLevels])
    }

    func testErrorsAreCappedWithASayingHowManyMore() {
        let body = (1...150).map { "rule r\($0) when undeclared\($0) then high end" }.joined(separator: "\n")
        let ds = InMemory.diagnostics(header + body)
        XCTAssertEqual(ds.count, 101)
        XCTAssertEqual(ds.last?.message, "50 more errors and warnings were found and are not shown")
    }

    func testIncludeChainsHaveADepthLimit() {
        var files = ["main.rules": "ruleset \"T\"\ninclude \"f0.rules\"\nlevels\n x\nend"]
        for i in 0..<100 { files["f\(i).rules"] = "include \"f\(i + 1).rules\"" }
        files["f100.rules"] = "fact a yes/no"
        let out = InMemory.load(files)
        XCTAssertEqual(out.diagnostics.map(\.code), [.includeTooDeep])
        XCTAssertEqual(out.diagnostics.first?.span?.start.file, "f62.rules")
    }

    func testNotInIsCheckedLikeIn() throws {
        XCTAssertEqual(
            codes("fact r one of police, health\nrule x when r not in (police, nurse) then high end"), [.unknownValue])
        XCTAssertEqual(codes("fact s some of x, y\nrule x when s not in (x) then high end"), [.typeMismatch])
        let d = try XCTUnwrap(first("fact r one of police, health\nrule x when r not in (polce) then high end"))
        XCTAssertEqual(d.hint, "did you mean `police`?")
        XCTAssertEqual(
            codes(
                "fact r one of police, health\nfact n number\nrule x when r not in (health) and n not in (1, 2) then high end"
            ), [])
    }
}
