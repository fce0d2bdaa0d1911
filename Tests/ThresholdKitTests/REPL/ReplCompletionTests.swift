import XCTest

@testable import ThresholdKit

/// Tab completion candidates and the reading of command words.
final class ReplCompletionTests: XCTestCase {
    func testCommandsAndFactsAtTheStart() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.completions(for: "re"), ["received", "referrer", "reload", "reset"])
        XCTAssertEqual(session.completions(for: "ag"), ["age"])
        XCTAssertEqual(session.completions(for: "wh"), ["what", "why"])
    }

    func testValuesAfterAnEqualsSign() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.completions(for: "referrer = "), ["police", "school", "unknown"])
        XCTAssertEqual(session.completions(for: "referrer=p"), ["police"])
        XCTAssertEqual(session.completions(for: "danger = "), ["no", "unknown", "yes"])
        XCTAssertEqual(session.completions(for: "concerns = (neglect, s"), ["sexual"])
        XCTAssertEqual(session.completions(for: "what if age = 3, referrer = s"), ["school"])
        XCTAssertEqual(session.completions(for: "what if age = 3, d"), ["danger"])
        XCTAssertEqual(session.completions(for: "age = 3"), [])
    }

    func testAfterCommands() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.completions(for: "why n"), ["neglect", "not"])
        XCTAssertEqual(session.completions(for: "why not h"), ["high"])
        XCTAssertEqual(session.completions(for: "unset e"), ["episodes"])
        XCTAssertEqual(session.completions(for: "what i"), ["if"])
        XCTAssertEqual(session.completions(for: "help sa"), ["save"])
        XCTAssertEqual(session.completions(for: "open cases/test.scenario s"), ["second", "stranger"])
        XCTAssertTrue(session.completesFileName("load r"))
        XCTAssertTrue(session.completesFileName("open "))
        XCTAssertFalse(session.completesFileName("open cases/test.scenario "))
        XCTAssertFalse(session.completesFileName("age = "))
    }

    func testDuringTheInterviewTheAnswers() {
        let (session, _) = ReplFixtures.session()
        session.run("age = 6", "ask", "skip")  // past the required `received`, to `danger`
        XCTAssertEqual(session.completions(for: ""), ["no", "skip", "stop", "unknown", "yes"])
        XCTAssertFalse(session.completesFileName("load "))
    }

    func testCommandWords() {
        XCTAssertEqual(ReplSession.command("why not red").0, "why not")
        XCTAssertEqual(ReplSession.command("why not red").1, "red")
        XCTAssertEqual(ReplSession.command("What   if a = 1").0, "what if")
        XCTAssertEqual(ReplSession.command("what if a = 1").1, "a = 1")
        XCTAssertEqual(ReplSession.command("why").0, "why")
        XCTAssertEqual(ReplSession.command("why nothing").1, "nothing")
    }

    func testWordsAndQuotes() throws {
        let words = try ReplCommandLine.words("save  a.scenario  x \"Amy, 12: \\\"quoted\\\"\"").get()
        XCTAssertEqual(words.map(\.text), ["save", "a.scenario", "x", "Amy, 12: \"quoted\""])
        XCTAssertEqual(words.map(\.quoted), [false, false, false, true])
        XCTAssertThrowsError(try ReplCommandLine.words("x \"open").get())
        XCTAssertEqual(ReplCommandLine.assignedName("age = 3"), "age")
        XCTAssertEqual(ReplCommandLine.assignedName(" age=3"), "age")
        XCTAssertNil(ReplCommandLine.assignedName("what if age = 3"))
        XCTAssertNil(ReplCommandLine.assignedName("age == 3"))
    }
}
