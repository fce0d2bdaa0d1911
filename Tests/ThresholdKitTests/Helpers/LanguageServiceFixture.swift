import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// A small rule set in two files and a scenario file, opened in a `LanguageService` as unsaved documents at
/// paths that do not exist on disk: everything resolves through the overlay.
enum LSPFixture {
    static let folder = "/virtual/lsp"
    static let main = folder + "/main.rules"
    static let facts = folder + "/facts.rules"
    static let cases = folder + "/cases.scenario"

    static let mainText = """
        ruleset "Test" version "1"
        include "facts.rules"
        levels
          blue "Blue" route "Universal services"
          amber "Amber" route "Social care" within 3 working days
          red "Red" route "MASH" within 24 hours
        end
        default blue
        # A comment with émoji 🚸
        rule danger_now "Danger 🚸 now" when danger and age < 5 then red because "Danger." source "Guide" end
        rule referred when referrer = police then amber end
        score risk "Risk"
          2 when danger "Danger"
          1 when referrer in (police, school) "Referrer"
          bands
            low "Low" 0 to 1
            high "High" 2 and above
          end
        end
        rule risky when risk is at least high then amber end
        advise call_police "Call the police" when danger end

        """

    static let factsText = """
        fact danger yes/no "Is the child in danger?"
        fact age number 0 to 25 "How old is the child?" required
        fact referrer one of police, school, health "Who referred?"
        fact concerns some of neglect, physical "What concerns?"

        """

    static let casesText = """
        rules "main.rules"
        scenario baby "A baby in danger"
          given
            danger = yes
            age = 1
            referrer = health
          expect
            outcome red
            fired danger_now
        end
        scenario police_referral "Referred by the police"
          given
            danger = no
            age = 10
            referrer = police
          expect
            outcome red
        end

        """

    static func service(scenario: Bool = true) -> LanguageService {
        let s = LanguageService(workspaceFolders: [])
        s.open(main, text: mainText, version: 1)
        s.open(facts, text: factsText, version: 1)
        if scenario { s.open(cases, text: casesText, version: 1) }
        return s
    }

    /// The protocol position of the `n`th (0-based) occurrence of `needle` in `text`, plus `offset` UTF-16 units.
    static func position(of needle: String, in text: String, occurrence n: Int = 0, offset: Int = 0) -> LSPPosition {
        var from = text.startIndex
        var found: Range<String.Index>?
        for _ in 0...n {
            found = text.range(of: needle, range: from..<text.endIndex)
            guard let f = found else { break }
            from = f.upperBound
        }
        guard let f = found else {
            XCTFail("`\(needle)` not found")
            return LSPPosition(line: 0, character: 0)
        }
        let before = text[..<f.lowerBound]
        let line = before.filter { $0 == "\n" }.count
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return LSPPosition(line: line, character: text[lineStart..<f.lowerBound].utf16.count + offset)
    }

    static func shipped(_ relative: String) -> String {
        ThresholdBinary.packageRoot.appendingPathComponent(relative).standardizedFileURL.path
    }
}
