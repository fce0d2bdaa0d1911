import XCTest

@testable import ThresholdKit

/// What the history file keeps: commands and facts' names, not the values typed about a child.
final class ReplHistoryTests: XCTestCase {
    func testValuesAreLeftOut() {
        let (session, _) = ReplFixtures.session()
        let kept: [(String, String?)] = [
            ("age = 4", "age ="),
            ("  note = \"Mum said he fell\"", "note ="),
            ("referrer=police", "referrer ="),
            ("set age = 4", "set age ="),
            ("set age 4", "set age"),
            ("SET danger=yes", "SET danger ="),
            ("what if age = 16, concerns = (neglect, sexual) and danger = yes", "what if age =, concerns =, danger ="),
            ("what  if danger = yes", "what  if danger ="),
            (
                "save cases/new.scenario bruised_toddler \"Kai, 3, bruised at nursery\"",
                "save cases/new.scenario bruised_toddler"
            ),
            ("save cases/new.scenario", "save cases/new.scenario"),
            ("# Kai's mother rang at 9", nil),
            ("Kai fell off the climbing frame", nil),
            ("4", nil),
            ("", nil),
            ("why not high", "why not high"),
            ("facts county", "facts county"),
            ("open cases/test.scenario first", "open cases/test.scenario first"),
            ("unset age", "unset age"),
            ("age", "age"),
            ("score", "score"),
        ]
        for (line, expected) in kept {
            XCTAssertEqual(session.historyEntry(for: line, keepingValues: false), expected, line)
        }
    }

    func testHistoryValuesKeepsTheLineAsTyped() {
        let (session, _) = ReplFixtures.session()
        XCTAssertEqual(session.historyEntry(for: " age = 4 ", keepingValues: true), "age = 4")
        XCTAssertEqual(session.historyEntry(for: "Kai fell", keepingValues: true), "Kai fell")
        XCTAssertNil(session.historyEntry(for: "  ", keepingValues: true))
    }

    func testHelpSaysWhatTheHistoryKeeps() {
        let (session, _) = ReplFixtures.session()
        XCTAssertTrue(
            session.handle("help").text.contains(
                "The history keeps the commands typed, not the facts' values (`repl --history-values` keeps them).\n"))
    }
}
