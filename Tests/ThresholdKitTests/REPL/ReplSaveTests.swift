import XCTest

@testable import ThresholdKit

/// `save`: appends a scenario that reads back and passes; never overwrites or corrupts.
final class ReplSaveTests: XCTestCase {
    func testSaveToANewFileWritesTheRulesLineAndTheScenario() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 6", "danger = yes", "episodes = 0", "note = \"seen \\\"alone\\\"\"")
        let reply = session.handle("save cases/new.scenario amy_6 \"Amy, 6: in danger\"").text
        XCTAssertEqual(
            reply,
            "Saved scenario amy_6 to cases/new.scenario: 4 facts; expects outcome high and 2 fired rules.\nRun it with `threshold test cases/new.scenario`.\n"
        )
        let fingerprint = session.ruleSet?.fingerprint ?? ""
        XCTAssertEqual(
            fs["cases/new.scenario"],
            """
            rules "../rules/test.rules"

            # Saved by threshold repl from Test rules 1 (\(fingerprint))
            scenario amy_6 "Amy, 6: in danger"
              given
                age = 6
                danger = yes
                episodes = 0
                note = "seen \\"alone\\""
              expect
                outcome high
                fired danger_young
                fired risky
                score risk is medium
            end

            """)
    }

    /// A due time in the year 10000 was written as a date the language cannot read, and `save` refused the
    /// case with a message about a `:` in the written file (found by a review).
    func testADueTimePastTheYear9999IsACommentAndTheCaseIsSaved() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 6", "concerns = (neglect, sexual)", "received = 9999-12-31 23:59", "referrer = school")
        let reply = session.handle("save cases/late.scenario late").text
        XCTAssertTrue(reply.hasPrefix("Saved scenario late to cases/late.scenario"), reply)
        XCTAssertTrue(fs["cases/late.scenario"]?.contains("    # due 10000-") ?? false, fs["cases/late.scenario"] ?? "")
    }

    func testTheSavedFileLoadsAndItsExpectationsHold() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 6", "concerns = (neglect, sexual)", "received = 2019-04-12 16:00", "referrer = school")
        session.run("save cases/new.scenario a \"A\"")
        session.run("danger = unknown", "episodes = 3")
        session.run("save cases/new.scenario b")
        var cache: [String: RuleSetLoad] = [:]
        let loaded = ScenarioFileLoader.load("cases/new.scenario", reader: fs, ruleSets: &cache)
        XCTAssertFalse(loaded.hasErrors, "\(loaded.diagnostics)")
        XCTAssertEqual(loaded.scenarios.map(\.id), ["a", "b"])
        guard let rs = loaded.ruleSet else { return XCTFail("no rule set") }
        let scoring = Scoring(rs)
        for s in loaded.scenarios {
            let r = scoring.score(s)
            for e in s.expectations {
                switch e.expectation {
                case .outcome(_, let level): XCTAssertEqual(r.outcome, level, e.text)
                case .fired(let rule, let negated): XCTAssertEqual(r.evaluation.rules[rule] == .yes, !negated, e.text)
                case .scoreBand(let score, _, let band): XCTAssertEqual(r.evaluation.scores[score].band, band, e.text)
                case .due(let due): XCTAssertEqual(r.evaluation.due, due, e.text)
                default: XCTFail("unexpected expectation \(e.text)")
                }
            }
        }
        // b: danger explicitly unknown is written so; the score band is not decided, so it is a comment.
        let text = fs["cases/new.scenario"] ?? ""
        XCTAssertTrue(text.contains("    danger = unknown\n"), text)
        XCTAssertTrue(text.contains("    outcome mid\n    due 2019-04-17 16:00\n"), text)
        XCTAssertTrue(text.contains("    # score risk is medium for now; unknown facts could move it to top\n"), text)
    }

    /// Text after a quoted title was taken into it, and an unclosed quote was "needs a file and an id" (a review).
    func testAQuotedTitleIsTheWholeTitleAndAnOpenQuoteIsNamed() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 6")
        XCTAssertTrue(
            session.handle(#"save cases/new.scenario a1 "Amy" trailing"#).text.contains(
                "the title is one text in double quotes"))
        XCTAssertTrue(session.handle(#"save cases/new.scenario a1 "Amy"#).text.contains("is not closed"))
        XCTAssertFalse(fs.exists("cases/new.scenario"))
    }

    func testSaveIntoAFileForAnotherRuleSetRefusesAndLeavesItAlone() {
        let original = "rules \"../rules/other.rules\"\n\nscenario x \"X\"\n  given\n    age = 1\nend\n"
        let (session, fs) = ReplFixtures.session(["cases/other.scenario": original])
        session.run("age = 6")
        let text = session.handle("save cases/other.scenario y \"Y\"").text
        XCTAssertTrue(
            text.contains(
                "holds scenarios for another rule set (`rules \"../rules/other.rules\"`), not rules/test.rules; nothing was written"
            ), text)
        XCTAssertEqual(fs["cases/other.scenario"], original)
        XCTAssertEqual(fs.writes, 0)
    }

    func testSaveIntoAnExistingFileAppendsAndKeepsItsText() {
        let (session, fs) = ReplFixtures.session()
        let before = fs["cases/test.scenario"] ?? ""
        session.run("age = 6")
        session.run("save cases/test.scenario third \"Third\"")
        let after = fs["cases/test.scenario"] ?? ""
        XCTAssertTrue(after.hasPrefix(before), after)
        XCTAssertTrue(after.dropFirst(before.count).hasPrefix("\n# Saved by threshold repl"), after)
        XCTAssertEqual(after.components(separatedBy: "rules \"").count, 2, "one rules line")
    }

    func testSaveRefusesAnIDAlreadyUsed() {
        let (session, fs) = ReplFixtures.session()
        let before = fs["cases/test.scenario"]
        session.run("age = 6")
        let text = session.handle("save cases/test.scenario second \"Again\"").text
        XCTAssertTrue(text.contains("already has a scenario `second`"), text)
        XCTAssertEqual(fs["cases/test.scenario"], before)
    }

    func testSaveRefusesBadArguments() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 6")
        XCTAssertTrue(session.handle("save").text.contains("needs a file and an id"))
        XCTAssertTrue(session.handle("save cases/x.scenario").text.contains("needs a file and an id"))
        XCTAssertTrue(session.handle("save cases/x.txt a").text.contains("does not end in .scenario"))
        XCTAssertTrue(session.handle("save cases/x.scenario end").text.contains("cannot be a scenario id"))
        XCTAssertTrue(session.handle("save cases/x.scenario 9lives").text.contains("cannot be a scenario id"))
        XCTAssertTrue(session.handle("save cases/x.scenario a \"unclosed").text.contains("is not closed"))
        XCTAssertEqual(fs.writes, 0)
        XCTAssertEqual(session.value("age"), "6")
    }

    func testSaveRefusesAFileWithErrorsOrWithoutRulesLine() {
        let broken = "rules \"../rules/test.rules\"\nscenario a \"A\"\n  given\n    age = \n"
        let noRules = "scenario a \"A\"\n  given\n    age = 3\nend\n"
        let (session, fs) = ReplFixtures.session(["cases/broken.scenario": broken, "cases/norules.scenario": noRules])
        XCTAssertTrue(
            session.handle("save cases/broken.scenario b").text.contains("has errors, so nothing was written"))
        XCTAssertTrue(session.handle("save cases/norules.scenario b").text.contains("no `rules` line"))
        XCTAssertEqual(fs["cases/broken.scenario"], broken)
        XCTAssertEqual(fs["cases/norules.scenario"], noRules)
    }

    func testSaveIntoAFileWithOnlyCommentsAddsTheRulesLine() {
        let (session, fs) = ReplFixtures.session(["cases/notes.scenario": "# Cases from the training day"])
        session.run("age = 6")
        XCTAssertTrue(session.handle("save cases/notes.scenario a").text.hasPrefix("Saved scenario a"))
        XCTAssertTrue(
            fs["cases/notes.scenario"]?.hasPrefix(
                "# Cases from the training day\nrules \"../rules/test.rules\"\n\n# Saved") ?? false)
    }

    func testAFailedWriteLeavesTheFileAsItWas() {
        let (session, fs) = ReplFixtures.session()
        let before = fs["cases/test.scenario"]
        fs.failWrites = true
        session.run("age = 6")
        let text = session.handle("save cases/test.scenario third").text
        XCTAssertTrue(text.contains("the disk is full; nothing was written, the file is as it was"), text)
        XCTAssertEqual(fs["cases/test.scenario"], before)
    }

    func testSavePathsRelativeToTheScenarioFolder() {
        let (session, fs) = ReplFixtures.session()
        session.run("save /work/deep/er/x.scenario a", "save top.scenario b", "save /elsewhere/y.scenario c")
        XCTAssertTrue(fs["deep/er/x.scenario"]?.hasPrefix("rules \"../../rules/test.rules\"\n") ?? false)
        XCTAssertTrue(fs["top.scenario"]?.hasPrefix("rules \"rules/test.rules\"\n") ?? false)
        XCTAssertTrue(fs["/elsewhere/y.scenario"]?.hasPrefix("rules \"../work/rules/test.rules\"\n") ?? false)
    }

    func testTheRealFileSystemReplacesAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "threshold-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a.scenario").path
        let fs = LocalReplFileSystem()
        XCTAssertNoThrow(try fs.replaceAtomically(path, with: "one\n").get())
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        XCTAssertNoThrow(try fs.replaceAtomically(path, with: "two\n").get())
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "two\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o640, "the file keeps its permissions")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder.path), ["a.scenario"], "no temporary file left")
        if case .success = fs.replaceAtomically(
            folder.appendingPathComponent("no/such/folder/b.scenario").path, with: "x")
        {
            XCTFail("writing into a missing folder should fail")
        }
    }

    func testScenarioWriterIDs() {
        XCTAssertTrue(ScenarioWriter.isValidID("amy_12"))
        XCTAssertTrue(ScenarioWriter.isValidID("_x"))
        XCTAssertFalse(ScenarioWriter.isValidID("12amy"))
        XCTAssertFalse(ScenarioWriter.isValidID("end"))
        XCTAssertFalse(ScenarioWriter.isValidID("a-b"))
        XCTAssertFalse(ScenarioWriter.isValidID(""))
    }
}
