import XCTest

@testable import ThresholdKit

/// Loading, reloading, opening scenarios, and the answers to mistakes.
final class ReplSessionTests: XCTestCase {
    func testCommandsBeforeLoadingSayToLoadFirst() {
        let session = ReplSession(files: MemoryReplFileSystem())
        for line in [
            "score", "facts", "why", "why not red", "what if age = 3", "ask", "age = 3", "save a.scenario x", "reset",
            "reload", "open a.scenario",
        ] {
            let text = session.handle(line).text
            XCTAssertTrue(text.contains("no rule set is loaded") && text.contains("load"), "\(line): \(text)")
        }
        XCTAssertTrue(session.handle("help").text.contains("No rule set is loaded yet"))
        XCTAssertTrue(session.handle("quit").quit)
    }

    func testLoadReportsTheRuleSet() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.ruleSet?.name, "Test rules")
        XCTAssertEqual(session.rulesPath, "rules/test.rules")
        XCTAssertEqual(session.value("episodes"), "0")
        XCTAssertEqual(session.value("age"), "unknown")
    }

    func testLoadFailureKeepsTheCurrentRuleSetAndFacts() {
        let (session, fs) = ReplFixtures.session([
            "rules/broken.rules": "ruleset \"B\"\nrule x when nothing then red end\n"
        ])
        session.run("age = 4")
        let missing = session.handle("load rules/nothing.rules").text
        XCTAssertTrue(missing.contains("no such file"), missing)
        let broken = session.handle("load rules/broken.rules").text
        XCTAssertTrue(broken.contains("rules/broken.rules:2:"), broken)
        XCTAssertTrue(broken.contains("it was not loaded"), broken)
        fs.files["/work/rules/fragment.rules"] = "fact x yes/no\n"
        let fragment = session.handle("load rules/fragment.rules").text
        XCTAssertTrue(fragment.contains("fragment"), fragment)
        XCTAssertEqual(session.ruleSet?.name, "Test rules")
        XCTAssertEqual(session.value("age"), "4")
    }

    func testLoadWithoutAFileShowsUsage() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(session.handle("load").text.contains("write `load FILE`"))
    }

    func testLoadClearsFactsAndSaysSo() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 4")
        let text = session.handle("load rules/test.rules").text
        XCTAssertTrue(text.contains("cleared"), text)
        XCTAssertEqual(session.value("age"), "unknown")
    }

    func testReloadKeepsFactsThatStillFit() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 4", "note = \"seen at school\"", "referrer = school", "danger = yes")
        fs.files["/work/rules/test.rules"] = ReplFixtures.editedRules
        let text = session.handle("reload").text
        XCTAssertTrue(text.contains("2 facts kept"), text)
        XCTAssertTrue(
            text.contains("note = \"seen at school\" (no longer a fact)") || text.contains("note (no longer a fact)"),
            text)
        XCTAssertTrue(text.contains("referrer = school"), text)
        XCTAssertEqual(session.value("age"), "4")
        XCTAssertEqual(session.value("danger"), "yes")
        XCTAssertEqual(session.value("referrer"), "unknown")
        XCTAssertEqual(session.ruleSet?.factIndex["note"], nil)
    }

    func testReloadWithErrorsKeepsEverything() {
        let (session, fs) = ReplFixtures.session()
        session.run("age = 4")
        fs.files["/work/rules/test.rules"] = "ruleset \"T\"\nrule r when x then y end\n"
        let text = session.handle("reload").text
        XCTAssertTrue(text.contains("still in use"), text)
        XCTAssertEqual(session.value("age"), "4")
        XCTAssertEqual(session.ruleSet?.name, "Test rules")
    }

    func testOpenTakesTheFirstScenarioOrTheOneNamed() {
        let (session, _) = ReplFixtures.session()
        session.run("episodes = 3")
        let first = session.handle("open cases/test.scenario").text
        XCTAssertTrue(first.contains("Opened scenario first: A young child in danger (2 facts given)"), first)
        XCTAssertTrue(first.contains("Outcome: high"), first)
        XCTAssertEqual(session.value("episodes"), "0")
        XCTAssertEqual(session.given.count, 2)
        let second = session.handle("open cases/test.scenario second").text
        XCTAssertTrue(second.contains("Opened scenario second"), second)
        XCTAssertEqual(session.value("concerns"), "(neglect)")
        XCTAssertEqual(session.value("danger"), "unknown")
    }

    func testOpenAnUnknownIDListsTheIDs() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 7")
        let text = session.handle("open cases/test.scenario secnd").text
        XCTAssertTrue(text.contains("no scenario `secnd`"), text)
        XCTAssertTrue(text.contains("did you mean `second`?"), text)
        XCTAssertTrue(text.contains("first, second, stranger"), text)
        XCTAssertEqual(session.value("age"), "7")
    }

    func testOpenAScenarioThatDoesNotFitLeavesTheFacts() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 7")
        let text = session.handle("open cases/test.scenario stranger").text
        XCTAssertTrue(text.contains("shoe_size"), text)
        XCTAssertTrue(text.contains("Nothing was opened"), text)
        XCTAssertEqual(session.value("age"), "7")
    }

    func testOpenAMissingOrBrokenFile() {
        let (session, _) = ReplFixtures.session([
            "cases/broken.scenario": "rules \"x\"\nscenario a \"t\"\n  given\n    age = \n"
        ])
        XCTAssertTrue(session.handle("open cases/none.scenario").text.contains("no such file"))
        let broken = session.handle("open cases/broken.scenario").text
        XCTAssertTrue(broken.contains("cases/broken.scenario:"), broken)
        XCTAssertTrue(broken.contains("Nothing was opened"), broken)
        XCTAssertTrue(session.handle("open").text.contains("write `open FILE`"))
    }

    func testOpenNotesAFileWrittenForAnotherRuleSet() {
        let other = ReplFixtures.scenarios.replacingOccurrences(of: "../rules/test.rules", with: "../rules/other.rules")
        let (session, _) = ReplFixtures.session(["cases/other.scenario": other])
        let text = session.handle("open cases/other.scenario first").text
        XCTAssertTrue(text.contains("note: cases/other.scenario is written for ../rules/other.rules"), text)
        XCTAssertTrue(text.contains("Opened scenario first"), text)
    }

    func testUnknownCommandsSuggestTheNearest() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(session.handle("scroe").text.contains("did you mean `score`?"))
        XCTAssertTrue(session.handle("resett").text.contains("did you mean `reset`?"))
        XCTAssertTrue(session.handle("dangr").text.contains("to set the fact `danger`, write `danger = VALUE`"))
        XCTAssertTrue(session.handle("what age = 3").text.contains("what if"))
        XCTAssertTrue(session.handle("xyzzy").text.contains("`help` lists the commands"))
    }

    func testANameAloneShowsTheFact() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 9")
        XCTAssertTrue(session.handle("age").text.hasPrefix("age = 9\n"))
    }

    func testCommentsAndBlankLinesAreIgnored() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.handle("# a comment").text, "")
        XCTAssertEqual(session.handle("   ").text, "")
    }

    func testHelpListsEveryCommandOfTheContract() {
        let session = ReplSession(files: MemoryReplFileSystem())
        let text = session.handle("help").text
        for usage in [
            "load FILE", "reload", "open FILE [ID]", "FACT = VALUE", "unset FACT", "facts", "score", "why [RULE|CAP]",
            "why not LEVEL|RULE", "what if FACT = VALUE", "ask", "save FILE ID \"title\"", "reset", "help [COMMAND]",
            "quit",
        ] {
            XCTAssertTrue(text.contains(usage), usage)
        }
        XCTAssertTrue(session.handle("help why not").text.hasPrefix("why not LEVEL|RULE\n"))
        XCTAssertTrue(session.handle("help what if").text.hasPrefix("what if FACT = VALUE"))
        XCTAssertTrue(session.handle("help sav").text.contains("did you mean `save`?"))
        XCTAssertTrue(session.handle("help set").text.hasPrefix("FACT = VALUE"))
    }

    func testQuitAndEndOfInput() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(session.handle("quit").quit)
        XCTAssertTrue(session.handle("exit").quit)
        XCTAssertTrue(session.endOfInput().quit)
    }

    func testColourHighlightsTheOutcomeOnlyWhenAsked() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 5", "danger = yes")
        XCTAssertFalse(session.handle("score").text.contains("\u{1B}["))
        session.style = ReplStyle(color: true)
        XCTAssertTrue(session.handle("score").text.contains("Outcome: \u{1B}[1mhigh\u{1B}[0m (High)"))
    }
}
