import Foundation
import ThresholdTestSupport
import XCTest

/// `threshold repl` end to end: scripted sessions piped into the binary, compared with transcripts in
/// Tests/Golden/repl (each line read is echoed after its prompt with `--echo`, so a golden reads as a session).
final class ReplTranscriptTests: XCTestCase {
    let camden = "rules/camden-mash.rules"

    /// Runs a script through `threshold repl ARGS` and returns the whole transcript: the command, its output,
    /// anything on standard error, and the exit code.
    func transcript(_ args: [String], _ script: String, in folder: URL? = nil) throws -> String {
        let r = try ThresholdBinary.run(["repl"] + args, input: script, in: folder)
        return "$ threshold repl \(args.joined(separator: " "))\n" + r.stdout
            + (r.stderr.isEmpty ? "" : "--- stderr\n" + r.stderr) + "--- exit \(r.exitCode)\n"
    }

    func testFactsAndMistakes() throws {
        let script = """
            # Facts, in the scenario syntax, and the mistakes a trainer makes in front of a room.
            age = 12
            referrer = police
            concerns = (neglect, emotional)
            received = 2019-04-12 16:00
            agee = 13
            age = 30
            age = twelve
            referrer = polise
            concerns = (neglect, bruises)
            received = 2019-04-12
            scroe
            facts please
            what age = 3
            neglect_long_term
            neglect_long_term = yes
            facts
            unset neglect_long_term
            unset missing_episodes
            missing_episodes = unknown
            unset nonsense
            reset
            facts
            quit
            score
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/facts-and-mistakes.txt")
    }

    func testScoreAndWhy() throws {
        let script = """
            open scenarios/camden/islington-jtai-2019.scenario mathew
            score
            why
            why significant_harm
            why sexual_abuse_in_family
            why offender_unsupervised_access
            why not red_urgent
            why not sexual_abuse_in_family
            why not red
            why amber
            why signifcant_harm
            why not purple
            why not
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/score-and-why.txt")
    }

    func testWhyNotFromAmber() throws {
        let script = """
            age = 6
            referrer = police
            domestic_abuse = yes
            received = 2019-12-20 17:30
            why
            why not red
            why not domestic_abuse_high
            why not toxic_trio_present
            why toxic_trio_present
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/why-not.txt")
    }

    func testWhatIf() throws {
        let script = """
            age = 6
            referrer = police
            domestic_abuse = yes
            received = 2019-12-20 17:30
            what if domestic_abuse_high_risk = yes
            what if parental_mental_health = yes, parental_substance_misuse = yes and concerns = (neglect)
            what if domestic_abuse = no
            what if referrer = school
            what if domestic_abuse_high_risk = maybe
            what if
            facts
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/what-if.txt")
    }

    func testAskInterview() throws {
        let script = """
            age = 15
            referrer = school
            received = 2019-04-18 10:00
            ask
            no
            perhaps
            no
            skip

            help
            yes
            yes
            stop
            facts
            ask
            stop
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/ask.txt")
    }

    func testAskToTheEnd() throws {
        let script = """
            age = 9
            referrer = health
            received = 2019-04-12 16:00
            risk_of_significant_harm = yes
            ask
            no
            (sexual)
            ask
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/ask-to-the-end.txt")
    }

    func testLoadOpenReloadWithoutRulesAtTheStart() throws {
        let script = """
            score
            age = 3
            help
            load rules/nothing.rules
            load rules/camden/ratings.rules
            load rules/camden-mash.rules
            age = 3
            open scenarios/camden/islington-jtai-2019.scenario
            open scenarios/camden/islington-jtai-2019.scenario davd
            open scenarios/camden/islington-jtai-2019.scenario david
            open scenarios/camden/nothing.scenario
            open scenarios/london/continuum-of-need.scenario
            reload
            facts
            load rules/camden-mash.rules
            """
        assertGolden(try transcript(["--echo"], script), "repl/load-open-reload.txt")
    }

    func testHelp() throws {
        let script = """
            help
            help why not
            help what if
            help save
            help ask
            help =
            help unset
            help sav
            """
        assertGolden(try transcript(["--echo", camden], script), "repl/help.txt")
    }

    /// Saving in a folder of its own (with a copy of the Camden rules, so the paths are stable), then
    /// `threshold test` on the saved file.
    func testSaveThenTestPasses() throws {
        let folder = try camdenCopy()
        defer { folder.remove() }
        let script = """
            age = 6
            referrer = police
            domestic_abuse = yes
            concerns = (physical)
            received = 2019-12-20 17:30
            save cases/training.scenario police_notification "Police domestic abuse notification, 6"
            parental_mental_health = yes
            parental_substance_misuse = yes
            save cases/training.scenario toxic_trio
            save cases/training.scenario toxic_trio "again"
            save cases/training.txt x
            save cases/training.scenario end
            save cases/training.scenario
            """
        var out = try transcript(["--echo", camden], script, in: folder.url)
        let saved = try folder.read("cases/training.scenario")
        out += "--- cases/training.scenario\n" + saved
        let test = try ThresholdBinary.run(["test", "cases/training.scenario"], in: folder.url)
        out += "--- threshold test cases/training.scenario (exit \(test.exitCode))\n" + test.stdout + test.stderr
        assertGolden(out, "repl/save.txt")
        XCTAssertEqual(test.exitCode, 0, test.stdout + test.stderr)
        XCTAssertTrue(test.stdout.contains("2 passed, 0 failed"), test.stdout)
    }

    func testSaveWithAbsolutePathPassesThreshold() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("new/case.scenario").path
        try FileManager.default.createDirectory(
            atPath: folder.url.appendingPathComponent("new").path, withIntermediateDirectories: true)
        let r = try ThresholdBinary.run(
            ["repl", camden],
            input:
                "open scenarios/camden/islington-jtai-2019.scenario david\nsave \(file) david_again \"David again\"\n")
        XCTAssertTrue(r.stdout.contains("Saved scenario david_again"), r.stdout + r.stderr)
        let test = try ThresholdBinary.run(["test", file])
        XCTAssertEqual(test.exitCode, 0, test.stdout + test.stderr)
        XCTAssertTrue(test.stdout.contains("1 passed, 0 failed"), test.stdout)
    }

    func testSaveIntoAFileForAnotherRuleSetLeavesItByteIdentical() throws {
        let original =
            "rules \"../rules/london-continuum-of-need.rules\"\n\n# A London case.\nscenario first \"One\"\n  given\n    age = 4\nend\n"
        let folder = try TemporaryFolder(files: ["cases/london.scenario": original])
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("cases/london.scenario")
        let before = try Data(contentsOf: path)
        let r = try ThresholdBinary.run(
            ["repl", "--echo", ThresholdBinary.packageRoot.appendingPathComponent(camden).path],
            input: "age = 6\nsave cases/london.scenario mine \"Mine\"\nfacts\n", in: folder.url)
        XCTAssertTrue(r.stdout.contains("holds scenarios for another rule set"), r.stdout)
        XCTAssertTrue(r.stdout.contains("nothing was written"), r.stdout)
        XCTAssertTrue(r.stdout.contains("age              = 6"), "the session goes on with its facts: \(r.stdout)")
        XCTAssertEqual(try Data(contentsOf: path), before)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: path.deletingLastPathComponent().path),
            ["london.scenario"])
    }

    func testPipedInputHasNoPromptAndNoColour() throws {
        let r = try ThresholdBinary.run(
            ["repl", camden],
            input: "age = 6\nreceived = 2019-04-12 16:00\nreferrer = police\ndomestic_abuse = yes\nscore\nask\nno\n")
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertFalse(r.stdout.contains("threshold>"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), r.stdout)
        // The section 47 answer first: it could hold the rating lower (a cap reads it).
        XCTAssertFalse(r.stdout.contains("risk_of_significant_harm? "), r.stdout)
        XCTAssertTrue(r.stdout.contains("risk_of_significant_harm = no\n"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    /// The REPL's answers quote what was typed, and the rule set's own text: an escape sequence in either
    /// reached the terminal (found by a review). Now every control character is shown as its picture.
    func testControlCharactersTypedOrInTheRuleSetAreShownAsPictures() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The checker refuses a control character in a string, so the rule set is read through `load`'s
        // errors; what was typed is answered in every kind of reply.
        try folder.write(
            "odd.rules",
            "ruleset \"Odd\"\nlevels\n  blue \"Blue\"\n  red \"Red\"\nend\nfact a yes/no \"Is \u{1B}[2J it?\"\n"
                + "rule r when a then red end\n")
        let r = try ThresholdBinary.run(
            ["repl", "--echo", camden],
            input: "why \u{1B}]0;pwned\u{07}\nage = \u{1B}[2J\nwhat if \u{1B}[31m = yes\nfacts \u{1B}c\n"
                + "load \(folder.url.path)/odd.rules\n\u{1B}[H\n",
            in: nil)
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{07}"), r.stdout)
        XCTAssertTrue(r.stdout.contains("␛]0;pwned␇"), r.stdout)
        XCTAssertTrue(r.stdout.contains("control character (U+001B) in a string"), r.stdout)
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr)
    }

    /// A line of megabytes was rescanned for its end at each read (32 MB took over a minute) and kept whole; a
    /// search of a megabyte of words took seconds and quoted them all back (found by a review).
    func testALongLineIsDroppedAndASearchHasAtMostSixteenWords() throws {
        let long = String(repeating: "x", count: 300_000)
        let words = (1...17).map { "w\($0)" }.joined(separator: " ")
        let r = try ThresholdBinary.run(
            ["repl", camden],
            input: long + "\nage = 4\nfacts " + words + "\nfacts " + String(repeating: "county ", count: 5_000) + "\n"
                + long)
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertEqual(r.stdout.components(separatedBy: "error: a line longer than 256 KiB was not read\n").count, 3)
        XCTAssertTrue(r.stdout.contains("\nage = 4\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("error: a search takes at most 16 words; this one has 17\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Facts about \"county county "), r.stdout)
        XCTAssertTrue(r.stdout.contains(" co…\":\n  exploitation_risk = unknown"), r.stdout)
        XCTAssertLessThan(r.stdout.utf8.count, 5_000)
    }

    func testPipedOutputIsNotWrapped() throws {
        let r = try ThresholdBinary.run(
            ["repl", camden], input: "facts county\n", environment: ["COLUMNS": "40"])
        XCTAssertEqual(r.exitCode, 0)
        XCTAssertTrue(
            r.stdout.contains(
                "    Are there signs that the child is at risk of sexual or criminal exploitation (CSE or CCE, "
                    + "including county lines)?\n"), r.stdout)
    }

    func testEndOfInputQuitsCleanlyEvenDuringAnInterview() throws {
        for script in ["", "age = 6", "ask", "ask\nno", "age = 6\n", "quit\nage = 7\n"] {
            let r = try ThresholdBinary.run(["repl", camden], input: script)
            XCTAssertEqual(r.exitCode, 0, script)
            XCTAssertEqual(r.stderr, "", script)
            XCTAssertFalse(r.stdout.contains("age = 7"), "nothing after quit is read")
        }
    }

    func testARuleSetThatCannotBeLoadedAtTheStart() throws {
        let missing = try ThresholdBinary.run(["repl", "rules/nothing.rules"], input: "score\n")
        XCTAssertEqual(missing.exitCode, 2)
        XCTAssertTrue(missing.stderr.contains("rules/nothing.rules: no such file"), missing.stderr)
        XCTAssertEqual(missing.stdout, "")
        let fragment = try ThresholdBinary.run(["repl", "rules/camden/ratings.rules"], input: "")
        XCTAssertEqual(fragment.exitCode, 2)
        XCTAssertTrue(fragment.stderr.contains("fragment"), fragment.stderr)
        let tooMany = try ThresholdBinary.run(["repl", camden, camden], input: "")
        XCTAssertEqual(tooMany.exitCode, 2)
        XCTAssertTrue(tooMany.stderr.contains("at most one rule set"), tooMany.stderr)
        let option = try ThresholdBinary.run(["repl", "--colour"], input: "")
        XCTAssertEqual(option.exitCode, 2)
    }

    func testTheSameScriptGivesTheSameTranscript() throws {
        let script = "open scenarios/camden/haringey-jtai-2018.scenario\nscore\nwhy\nwhy not red_urgent\nfacts\n"
        let a = try ThresholdBinary.run(["repl", camden], input: script)
        let b = try ThresholdBinary.run(["repl", camden], input: script)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertTrue(a.stdout.contains("Opened scenario"), a.stdout)
    }

    func testWindowsLineEndingsAndNoFinalNewline() throws {
        let r = try ThresholdBinary.run(["repl", camden], input: "age = 6\r\nage")
        XCTAssertTrue(r.stdout.hasSuffix("age = 6\n  (to change it: `age = VALUE`)\n"), r.stdout)
    }

    /// A folder holding a copy of the Camden rule set and the files it includes.
    func camdenCopy() throws -> TemporaryFolder {
        var files: [String: String] = [:]
        for path in ["rules/camden-mash.rules", "rules/camden/ratings.rules"] {
            files[path] = try String(
                contentsOf: ThresholdBinary.packageRoot.appendingPathComponent(path), encoding: .utf8)
        }
        // Every fragment of the Camden pack (ratings.rules includes the others).
        let camdenFolder = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden")
        for name in try FileManager.default.contentsOfDirectory(atPath: camdenFolder.path)
        where name.hasSuffix(".rules") {
            files["rules/camden/" + name] = try String(
                contentsOf: camdenFolder.appendingPathComponent(name), encoding: .utf8)
        }
        let folder = try TemporaryFolder(files: files)
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("cases"), withIntermediateDirectories: true)
        return folder
    }
}
