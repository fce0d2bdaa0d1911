import Foundation
import ThresholdTestSupport
import XCTest

/// The `threshold` binary end to end: check and score, exit codes, output forms, determinism.
final class CheckAndScoreCommandTests: XCTestCase {
    let specRules = "Tests/Fixtures/spec/rules/camden-mash.rules"
    let mathew = "Tests/Fixtures/spec/scenarios/mathew.scenario"

    func testMalformedFilesFailCheckWithOneAndScoreWithTwo() throws {
        for f in try MalformedFixture.all() {
            let rel = String(f.path.dropFirst(ThresholdBinary.packageRoot.path.count + 1))
            let check = try ThresholdBinary.run(["check", rel])
            XCTAssertEqual(check.exitCode, 1, "\(rel)\n\(check.stdout)\(check.stderr)")
            let shownPath = String(f.file.dropFirst(ThresholdBinary.packageRoot.path.count + 1))
            XCTAssertTrue(
                check.stdout.contains(
                    "\(URL(fileURLWithPath: shownPath).standardized.relativePath):\(f.line):\(f.column): error[\(f.code)]: "
                ) || check.stdout.contains(":\(f.line):\(f.column): error[\(f.code)]: "), "\(rel): \(check.stdout)")
            XCTAssertTrue(check.stdout.contains("^"), "\(rel): no caret line")
            let score =
                rel.hasSuffix(".scenario")
                ? try ThresholdBinary.run(["score", specRules, rel]) : try ThresholdBinary.run(["score", rel])
            let expected: Int32 =
                rel.hasSuffix("27-no-rules-line.scenario") || rel.hasSuffix("28-duplicate-scenario.scenario") ? 0 : 2
            // A scenario file without a `rules` line, or with a repeated id, can still be scored against a rule set named on the command line.
            if expected == 2 {
                XCTAssertEqual(score.exitCode, 2, "\(rel)\n\(score.stdout)\(score.stderr)")
                XCTAssertTrue(score.stderr.contains(": error["), "\(rel): \(score.stderr)")
                XCTAssertEqual(score.stdout, "", "\(rel): nothing is scored from input with errors")
            }
            XCTAssertFalse(score.stderr.contains("Fatal error"), rel)
        }
    }

    func testShippedRulesAndScenariosAreCleanUnderStrict() throws {
        let r = try ThresholdBinary.run(["check", "--strict", "rules", "scenarios"])
        XCTAssertEqual(r.exitCode, 0, r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix(": 0 errors, 0 warnings\n"), r.stdout)
    }

    func testSpecFixtureHasNoErrorsAndTheWarningsItDeserves() throws {
        let r = try ThresholdBinary.run(["check", "Tests/Fixtures/spec"])
        XCTAssertEqual(r.exitCode, 0, r.stdout)
        // The specification's illustrative CCE weights can total at most 11, so its `high` band (15+) is unreachable.
        XCTAssertTrue(
            r.stdout.contains(
                "camden-mash.rules:59:5: warning[unreachable-band]: band `high` (15 and above) of score `cce` can never be reached"
            ), r.stdout)
        let strict = try ThresholdBinary.run(["check", "--strict", "Tests/Fixtures/spec"])
        XCTAssertEqual(strict.exitCode, 1, "warnings fail under --strict")
    }

    func testDiagnosticRendering() throws {
        let folder = try TemporaryFolder(files: [
            "bad.rules": """
            ruleset "T"
            fact danger_now yes/no
            levels
              blue
              red
            end
            rule r when danger_nw then red end
            """
        ])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(["check", "bad.rules"], in: folder.url)
        XCTAssertEqual(
            r.stdout,
            """
            bad.rules:7:13: error[undeclared-name]: `danger_nw` is not a declared fact, definition or score
             7 | rule r when danger_nw then red end
               |             ^^^^^^^^^
              = help: did you mean `danger_now`?
            checked 1 file: 1 error, 0 warnings

            """)
    }

    func testScoreTextExplainsTheOutcome() throws {
        let r = try ThresholdBinary.run(["score", specRules, mathew])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        assertGolden(r.stdout, "score/mathew.txt")
        XCTAssertTrue(r.stdout.contains("Outcome: red (Red): MASH team, within 24 hours; due 2019-04-13 16:00"))
        XCTAssertTrue(r.stdout.contains("significant_harm → red"))
        XCTAssertTrue(r.stdout.contains("facts: imminent_danger = no, risk_of_significant_harm = yes"))
        XCTAssertTrue(r.stdout.contains("consider_siblings: Consider the risk to every sibling in the household."))
        XCTAssertTrue(r.stdout.contains("(sha256:"))
    }

    func testScoreFullListsRulesThatDidNotFire() throws {
        let r = try ThresholdBinary.run(["score", specRules, mathew, "--explain", "full"])
        XCTAssertTrue(
            r.stdout.contains("Rules that did not fire:\n  imminent_danger → red_urgent: its condition is no"), r.stdout
        )
        assertGolden(r.stdout, "score/mathew-full.txt")
    }

    func testScoreJSONHasTheContractFields() throws {
        let r = try ThresholdBinary.run(["score", specRules, mathew, "--format", "json"])
        XCTAssertEqual(r.exitCode, 0)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(obj["scenario"] as? String, "mathew")
        let ruleset = try XCTUnwrap(obj["ruleset"] as? [String: Any])
        XCTAssertEqual(ruleset["name"] as? String, "Camden MASH front door")
        XCTAssertTrue((ruleset["fingerprint"] as? String)?.hasPrefix("sha256:") ?? false)
        let outcome = try XCTUnwrap(obj["outcome"] as? [String: Any])
        XCTAssertEqual(outcome["level"] as? String, "red")
        XCTAssertEqual(outcome["route"] as? String, "MASH team")
        XCTAssertEqual(outcome["within"] as? String, "24 hours")
        XCTAssertEqual(outcome["due"] as? String, "2019-04-13T16:00")
        let fired = try XCTUnwrap(obj["fired"] as? [[String: Any]])
        XCTAssertEqual(fired.first?["rule"] as? String, "significant_harm")
        XCTAssertEqual((fired.first?["facts"] as? [String: Any])?["risk_of_significant_harm"] as? Bool, true)
        let cce = try XCTUnwrap((obj["scores"] as? [String: Any])?["cce"] as? [String: Any])
        XCTAssertEqual(cce["total"] as? Int, 0)
        XCTAssertEqual(cce["range"] as? [Int], [0, 4])
        XCTAssertEqual(cce["band"] as? String, "moderate")
        XCTAssertEqual((cce["domains"] as? [String: Int])?["vulnerability"], 0)
        XCTAssertNotNil(obj["undetermined"] as? [Any])
        XCTAssertEqual((obj["advice"] as? [[String: Any]])?.first?["id"] as? String, "consider_siblings")
        XCTAssertNotNil(obj["missing"] as? [Any])
    }

    func testDueIsAbsentWithoutTheClockFact() throws {
        let r = try ThresholdBinary.run(["score", specRules, "--set", "imminent_danger=yes", "--format", "json"])
        XCTAssertFalse(r.stdout.contains("\"due\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("\"level\":\"red_urgent\""), r.stdout)
    }

    func testSetOverridesAndScoresWithoutAFile() throws {
        let r = try ThresholdBinary.run([
            "score", specRules, "--set", "age=14", "--set", "imminent_danger = no",
            "--set", "risk_of_significant_harm=yes", "--set", "received=2019-04-18 10:00",
        ])
        XCTAssertTrue(
            r.stdout.contains("Outcome: red (Red): MASH team, within 24 hours; due 2019-04-19 10:00"), r.stdout)
        let bad = try ThresholdBinary.run(["score", specRules, "--set", "referrer=polise"])
        XCTAssertEqual(bad.exitCode, 2)
        XCTAssertTrue(bad.stderr.contains("did you mean `police`?"), bad.stderr)
    }

    func testScenarioFilterAndJSONInput() throws {
        let r = try ThresholdBinary.run([
            "score", specRules, "Tests/Fixtures/spec/scenarios/mathew.json", "--scenario", "mathew",
        ])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Scenario mathew: …\n"))
        let none = try ThresholdBinary.run(["score", specRules, mathew, "--scenario", "nobody"])
        XCTAssertEqual(none.exitCode, 2)
    }

    /// A JSON scenario's strings may hold any character (JSON escapes them): the text result shows control
    /// characters as pictures, the JSON result keeps them escaped (found by a review).
    func testTheTextResultShowsControlCharactersAsPictures() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("odd.json", #"{"id":"a\u001b]0;pwned\u0007b","facts":{"age":12}}"#)
        let text = try ThresholdBinary.run(["score", "rules/camden-mash.rules", folder.url.path + "/odd.json"])
        XCTAssertEqual(text.exitCode, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("Scenario a␛]0;pwned␇b\n"), text.stdout)
        XCTAssertFalse(text.stdout.contains("\u{1B}"), text.stdout)
        let json = try ThresholdBinary.run([
            "score", "rules/camden-mash.rules", folder.url.path + "/odd.json", "--format", "json",
        ])
        XCTAssertTrue(json.stdout.hasPrefix(#"{"scenario":"a\u001b]0;pwned\u0007b","#), json.stdout)
    }

    func testSameInputsGiveByteIdenticalOutput() throws {
        let a = try ThresholdBinary.run([
            "score", "rules/front-door.rules", "scenarios/tools/cce-camden.scenario", "--format", "json",
        ])
        let b = try ThresholdBinary.run([
            "score", "rules/front-door.rules", "scenarios/tools/cce-camden.scenario", "--format", "json",
        ])
        XCTAssertEqual(a.exitCode, 0, a.stderr)
        XCTAssertFalse(a.stdout.isEmpty)
        XCTAssertEqual(a.stdout, b.stdout)
    }

    func testEditingOneCharacterChangesTheFingerprint() throws {
        let text = try String(
            contentsOfFile: ThresholdBinary.packageRoot.appendingPathComponent(specRules).path, encoding: .utf8)
        let folder = try TemporaryFolder(files: [
            "rules/camden-mash.rules": text,
            "rules/calendar/england-2019.rules": "holiday 2019-04-19 \"Good Friday\"\n",
        ])
        defer { folder.remove() }
        func fingerprint() throws -> String {
            let r = try ThresholdBinary.run(["score", "rules/camden-mash.rules", "--format", "json"], in: folder.url)
            return r.stdout.components(separatedBy: "\"fingerprint\":\"").dropFirst().first?.prefix(71).description
                ?? ""
        }
        let before = try fingerprint()
        XCTAssertTrue(before.hasPrefix("sha256:"))
        XCTAssertEqual(try fingerprint(), before)
        try folder.write(
            "rules/camden-mash.rules", text.replacingOccurrences(of: "version \"2019.1\"", with: "version \"2019.2\""))
        XCTAssertNotEqual(try fingerprint(), before)
        try folder.write("rules/camden-mash.rules", text)
        try folder.write("rules/calendar/england-2019.rules", "holiday 2019-04-19 \"Good friday\"\n")
        XCTAssertNotEqual(try fingerprint(), before, "an included file counts too")
    }

    func testBadArgumentsExitTwo() throws {
        XCTAssertEqual(try ThresholdBinary.run(["score"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["score", specRules, "--format", "xml"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["score", "no/such.rules"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["check", "no/such/folder"]).exitCode, 2)
        let r = try ThresholdBinary.run(["scor"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("did you mean `score`?"))
        XCTAssertEqual(try ThresholdBinary.run(["--version"]).stdout, "threshold 1.0.0\n")
        XCTAssertEqual(try ThresholdBinary.run(["help", "score"]).exitCode, 0)
    }

    func testAFragmentCannotBeScored() throws {
        let r = try ThresholdBinary.run(["score", "rules/camden/ratings.rules"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.contains("is a fragment"), r.stderr)
    }
}
