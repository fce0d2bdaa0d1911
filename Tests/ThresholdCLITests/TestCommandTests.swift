import Foundation
import ThresholdTestSupport
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// End to end: `threshold test` on real files, through the built binary.
final class TestCommandTests: XCTestCase {
    static let rules = """
        ruleset "CLI fixture" version "1"

        fact age number 0 to 25 "How old is the child?"
        fact danger yes/no "Is the child in danger?"
        fact harm yes/no "Is there a risk of significant harm?"
        fact neglect yes/no "Is neglect alleged?"
        fact siblings count "How many siblings?" default 0
        fact received datetime "When did the contact arrive?"

        levels
          blue "Blue" route "Universal services"
          amber "Amber" route "Social work" within 3 days
          red "Red" route "MASH team" within 24 hours
          red_urgent "Red: urgent" route "MASH team" within 4 hours
        end
        default blue
        clock starts received

        rule danger "In danger"
          when danger
          then red_urgent
        end

        rule harm "Risk of harm"
          when harm
          then red
          because "There is a risk of significant harm."
        end

        rule neglect "Neglect"
          when neglect
          then amber
        end

        advise consider_siblings "Consider the siblings."
          when siblings > 0
        end
        """

    static let passing = """
        rules "../rules/fixture.rules"

        scenario harm_case "Harm: red"
          given
            age = 14
            harm = yes
            received = 2019-04-12 16:00
          expect
            outcome red
            fired harm
            due 2019-04-13 16:00
        end

        scenario neglect_case "Neglect: amber"
          given
            neglect = yes
            danger = no
            harm = no
            siblings = 2
          expect
            outcome amber
            advice consider_siblings
        end
        """

    static let failing = """
        rules "../../rules/fixture.rules"

        scenario wrong "Wrong on purpose"
          given
            neglect = yes
            harm = no
          expect
            outcome red
            fired danger
        end
        """

    static let unknownFact = """
        rules "../rules/fixture.rules"

        scenario typo "A misspelt fact"
          given
            agee = 14
          expect
            outcome blue
        end
        """

    /// A folder with the fixture rule set and the given scenario files.
    func folder(_ files: [String: String]) throws -> TemporaryFolder {
        var all = files
        all["rules/fixture.rules"] = Self.rules
        return try TemporaryFolder(files: all)
    }

    func lines(_ s: String) -> [String] {
        s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(s.hasSuffix("\n") ? 1 : 0)
    }

    // MARK: exit codes and the last line

    func testAllPassingExitsZero() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases"], in: f.url)
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(lines(r.stdout).last, "2 passed, 0 failed")
        XCTAssertTrue(r.stdout.contains("PASS cases/a.scenario:3 harm_case: Harm: red\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PASS cases/a.scenario:14 neglect_case: Neglect: amber\n"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    func testAFailedExpectationExitsOneAndExplainsItself() throws {
        let f = try folder(["cases/a.scenario": Self.passing, "cases/deeper/b.scenario": Self.failing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases"], in: f.url)
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        let out = lines(r.stdout)
        XCTAssertEqual(out.last, "2 passed, 1 failed")
        XCTAssertTrue(out.contains("FAIL cases/deeper/b.scenario:3 wrong: Wrong on purpose"), r.stdout)
        // The expectation, where it is written, and what happened instead.
        XCTAssertTrue(
            out.contains("  cases/deeper/b.scenario:8: expected outcome red, got amber (decided by neglect)"), r.stdout)
        XCTAssertTrue(
            out.contains(
                "  cases/deeper/b.scenario:9: expected fired danger, but it did not fire (its condition is unknown: danger is unknown)"
            ), r.stdout)
        // The explanation of the actual outcome: the rule that decided it.
        XCTAssertTrue(out.contains("    Outcome: amber (Amber), provisional: Social work, within 3 days"), r.stdout)
        XCTAssertTrue(out.contains("      neglect → amber: Neglect"), r.stdout)
        XCTAssertTrue(out.contains("  cases/deeper/b.scenario:3 wrong"), "listed in the summary of failures")
    }

    func testAnUnloadableFileExitsTwoButTheOthersStillRun() throws {
        let f = try folder(["cases/a.scenario": Self.passing, "cases/c.scenario": Self.unknownFact])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases"], in: f.url)
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(lines(r.stdout).last, "2 passed, 0 failed")
        XCTAssertTrue(r.stderr.contains("cases/c.scenario:5:5: error[undeclared-fact]: `agee` is not a fact"), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean `age`?"), r.stderr)
        XCTAssertTrue(r.stdout.contains("  cases/c.scenario (1 error)"), r.stdout)
    }

    /// A `rules` line naming a file that does not exist said "it has errors", then gave an error with no place
    /// (found by a review).
    func testAMissingRuleSetIsOneErrorAtTheRulesLine() throws {
        let f = try folder([
            "cases/a.scenario": "rules \"../rules/nope.rules\"\nscenario s\n  given\n    age = 3\nend\n"
        ])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases/a.scenario"], in: f.url)
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(
            r.stderr.contains(
                "cases/a.scenario:1:1: error[rules-unusable]: cannot score against `../rules/nope.rules`: "
                    + "rules/nope.rules: no such file"), r.stderr)
        XCTAssertFalse(r.stderr.contains("it has errors"), r.stderr)
        XCTAssertTrue(r.stdout.contains("  cases/a.scenario (1 error)"), r.stdout)
    }

    func testUnknownRuleLevelAndAdviceInExpectationsAreLocatedErrors() throws {
        let bad = """
            rules "../rules/fixture.rules"

            scenario s "Bad names"
              given
                age = 3
              expect
                outcome purple
                fired nope
                advice nothing
            end
            """
        let f = try folder(["cases/bad.scenario": bad])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases/bad.scenario"], in: f.url)
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("cases/bad.scenario:7:13: error["), r.stderr)
        XCTAssertTrue(r.stderr.contains("cases/bad.scenario:8:11: error["), r.stderr)
        XCTAssertTrue(r.stderr.contains("cases/bad.scenario:9:12: error["), r.stderr)
        XCTAssertEqual(lines(r.stdout).last, "0 passed, 0 failed")
    }

    func testBadArgumentsExitTwo() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        for args in [
            ["test"], ["test", "cases", "--format", "xml"], ["test", "nowhere"], ["test", "cases", "--bogus"],
            ["test", "cases", "--filter"],
        ] {
            let r = try ThresholdBinary.run(args, in: f.url)
            XCTAssertEqual(r.exitCode, 2, "\(args)")
            XCTAssertFalse(r.stderr.isEmpty, "\(args)")
        }
        let rules = try ThresholdBinary.run(["test", "rules/fixture.rules"], in: f.url)
        XCTAssertEqual(rules.exitCode, 2)
        XCTAssertTrue(rules.stderr.contains("is a rule set, not a scenario file"), rules.stderr)
        // JSON scenarios name no rule set: the message says how to score them instead of lexing JSON as text.
        let json = try ThresholdBinary.run(["test", "examples/cases.json"])
        XCTAssertEqual(json.exitCode, 2)
        XCTAssertEqual(
            json.stderr,
            "threshold test: examples/cases.json: `threshold test` runs .scenario files, which name their rule set; "
                + "score JSON scenarios with the rules: `threshold score RULES examples/cases.json`\n")
        XCTAssertEqual(json.stdout, "")
    }

    func testHelp() throws {
        let r = try ThresholdBinary.run(["test", "--help"])
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertTrue(r.stdout.contains("--filter PATTERN"))
        XCTAssertTrue(r.stdout.contains("ignoring case"))
    }

    // MARK: --filter

    func testFilter() throws {
        let f = try folder(["cases/a.scenario": Self.passing, "cases/b/b.scenario": Self.failing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--filter", "NEGLECT"], in: f.url)
        XCTAssertEqual(r.exitCode, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("PASS cases/a.scenario:14 neglect_case"))
        XCTAssertFalse(r.stdout.contains("harm_case"))
        XCTAssertFalse(r.stdout.contains("FAIL"))
        XCTAssertEqual(lines(r.stdout).last, "1 passed, 0 failed")

        let byTitle = try ThresholdBinary.run(["test", "cases", "--filter=on purpose"], in: f.url)
        XCTAssertEqual(byTitle.exitCode, 1)
        XCTAssertEqual(lines(byTitle.stdout).last, "0 passed, 1 failed")
    }

    func testFilterMatchingNothingSaysSoAndExitsZero() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--filter", "zzz"], in: f.url)
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertTrue(r.stdout.contains("note: no scenario matched --filter \"zzz\""), r.stdout)
        XCTAssertEqual(lines(r.stdout).last, "0 passed, 0 failed")
        let json = try ThresholdBinary.run(["test", "cases", "--filter", "zzz", "--format", "json"], in: f.url)
        XCTAssertEqual(json.exitCode, 0)
        XCTAssertTrue(json.stderr.contains("no scenario matched"), json.stderr)
    }

    // MARK: --coverage

    func testCoverageNumbers() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--coverage"], in: f.url)
        XCTAssertEqual(r.exitCode, 0)
        let out = lines(r.stdout)
        XCTAssertEqual(
            out,
            [
                "ran 2 scenarios from 1 file",
                "",
                "coverage of rules/fixture.rules (CLI fixture 1), 2 scenarios from 1 file:",
                "  rules fired: 2 of 3 (66.6%); never fired: danger",
                "  advice given: 1 of 1 (100.0%)",
                "  facts given a value: 6 of 6 (100.0%)",
                "",
                "2 passed, 0 failed",
            ], r.stdout)
    }

    func testCoverageWithVerboseShowsThePassLinesToo() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        let quiet = try ThresholdBinary.run(["test", "cases", "--coverage"], in: f.url)
        let r = try ThresholdBinary.run(["test", "cases", "--coverage", "--verbose"], in: f.url)
        XCTAssertEqual(r.exitCode, 0)
        let passes = lines(r.stdout).filter { $0.hasPrefix("PASS ") }
        XCTAssertEqual(passes.count, 2, r.stdout)
        XCTAssertEqual(lines(r.stdout), passes + [""] + lines(quiet.stdout))
    }

    func testCoverageInJSON() throws {
        let f = try folder(["cases/a.scenario": Self.passing])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--coverage", "--format", "json"], in: f.url)
        XCTAssertEqual(r.exitCode, 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let coverage = (doc?["coverage"] as? [String: Any])?["rules/fixture.rules"] as? [String: Any]
        let rules = coverage?["rules"] as? [String: Any]
        XCTAssertEqual(rules?["total"] as? Int, 3)
        XCTAssertEqual(rules?["covered"] as? Int, 2)
        XCTAssertEqual(rules?["never"] as? [String], ["danger"])
        XCTAssertEqual((rules?["percent"] as? NSNumber)?.doubleValue, 66.6)
        XCTAssertEqual(coverage?["scenarios"] as? Int, 2)
    }

    // MARK: formats

    func testJUnitOutputParses() throws {
        let f = try folder([
            "cases/a.scenario": Self.passing,
            "cases/b.scenario": Self.failing.replacingOccurrences(of: "../../", with: "../"),
            "cases/c.scenario": Self.unknownFact,
        ])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--format", "junit"], in: f.url)
        XCTAssertEqual(r.exitCode, 2)
        let doc = try XMLDocument(xmlString: r.stdout, options: [])
        let root = doc.rootElement()
        XCTAssertEqual(root?.name, "testsuites")
        XCTAssertEqual(root?.attribute(forName: "tests")?.stringValue, "4")
        XCTAssertEqual(root?.attribute(forName: "failures")?.stringValue, "1")
        XCTAssertEqual(root?.attribute(forName: "errors")?.stringValue, "1")
        let suites = root?.elements(forName: "testsuite") ?? []
        XCTAssertEqual(suites.count, 3)
        let testcase = suites.dropFirst().first?.elements(forName: "testcase").first
        XCTAssertEqual(testcase?.attribute(forName: "name")?.stringValue, "wrong")
        XCTAssertEqual(testcase?.attribute(forName: "file")?.stringValue, "cases/b.scenario")
        XCTAssertEqual(testcase?.attribute(forName: "line")?.stringValue, "3")
        let message = testcase?.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue ?? ""
        XCTAssertTrue(message.contains("expected fired danger, but it did not fire"), message)
        XCTAssertTrue(r.stderr.contains("`agee` is not a fact"), "diagnostics still go to stderr")
    }

    func testJSONOutputParses() throws {
        let f = try folder([
            "cases/a.scenario": Self.passing,
            "cases/b.scenario": Self.failing.replacingOccurrences(of: "../../", with: "../"),
        ])
        defer { f.remove() }
        let r = try ThresholdBinary.run(["test", "cases", "--format", "json"], in: f.url)
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertEqual(r.stdout.filter { $0 == "\n" }.count, 1, "one JSON document on one line")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let summary = doc?["summary"] as? [String: Any]
        XCTAssertEqual(summary?["passed"] as? Int, 2)
        XCTAssertEqual(summary?["failed"] as? Int, 1)
        let results = doc?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.count, 3)
        let wrong = results.first { $0["id"] as? String == "wrong" }
        XCTAssertEqual(wrong?["file"] as? String, "cases/b.scenario")
        XCTAssertEqual(wrong?["line"] as? Int, 3)
        XCTAssertEqual(wrong?["title"] as? String, "Wrong on purpose")
        XCTAssertEqual(wrong?["passed"] as? Bool, false)
        let failures = wrong?["failures"] as? [[String: Any]] ?? []
        XCTAssertEqual(failures.map { $0["expectation"] as? String }, ["outcome red", "fired danger"])
        XCTAssertEqual(
            failures.last?["actual"] as? String, "it did not fire (its condition is unknown: danger is unknown)")
    }

    func testOutputIsTheSameEveryRun() throws {
        let f = try folder([
            "cases/a.scenario": Self.passing,
            "cases/b.scenario": Self.failing.replacingOccurrences(of: "../../", with: "../"),
        ])
        defer { f.remove() }
        for format in ["text", "junit", "json"] {
            let a = try ThresholdBinary.run(["test", "cases", "--coverage", "--format", format], in: f.url)
            let b = try ThresholdBinary.run(["test", "cases", "--coverage", "--format", format], in: f.url)
            XCTAssertEqual(a.stdout, b.stdout, format)
        }
    }

    // MARK: the shipped scenarios

    func testTheShippedScenariosPass() throws {
        let r = try ThresholdBinary.run(["test", "scenarios"])
        XCTAssertEqual(
            r.exitCode, 0,
            r.stdout.split(separator: "\n").filter { !$0.hasPrefix("PASS") }.joined(separator: "\n") + r.stderr)
        let last = lines(r.stdout).last ?? ""
        XCTAssertTrue(last.hasSuffix(" passed, 0 failed"), last)
        XCTAssertFalse(last.hasPrefix("0 passed"), last)
    }
}
