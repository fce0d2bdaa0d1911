import XCTest

@testable import ThresholdKit

/// A small rule set, held in memory, with every construct an `expect` clause can name: levels with
/// timescales and a clock, rules, a score with bands and a floor, advice, and a required fact.
enum TestingFixture {
    static let rules = """
        ruleset "Testing fixture" version "1"

        fact age number 0 to 25 "How old is the child?" required
        fact danger yes/no "Is the child in danger?"
        fact harm yes/no "Is there a risk of significant harm?"
        fact concerns some of neglect, sexual "Which kinds of harm are alleged?"
        fact siblings count "How many siblings?" default 0
        fact missing_episodes count "How many missing episodes?" default 0
        fact excluded yes/no "Excluded from school?"
        fact notes text "Anything else?"
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
          because "The child is in danger."
        end

        rule harm "Risk of harm"
          when harm
          then red
        end

        rule neglect "Neglect"
          when concerns has neglect
          then amber
        end

        rule cce_high "CCE high"
          when cce is at least high
          then red
        end

        score cce "CCE risk"
          2 when missing_episodes >= 3 "Three or more missing episodes"
          1 when excluded "Excluded from school"
          bands
            low "Low" 0 to 1
            medium "Medium" 2 to 2
            high "High" 3 and above
          end
          floor medium when age < 13 "No child under 13 is rated low"
        end

        advise consider_siblings "Consider the siblings."
          when siblings > 0
        end

        advise act_now "Hold a strategy discussion."
          when outcome is at least red
        end
        """

    static let rulesPath = "rules/fixture.rules"

    /// A scenario file's text: a `rules` line, then the scenarios.
    static func file(_ scenarios: String) -> String {
        "rules \"../rules/fixture.rules\"\n\n" + scenarios
    }

    /// One scenario, with `given` and `expect` lines (each a line of the block).
    static func scenario(_ id: String, title: String = "A case", given: [String], expect: [String]) -> String {
        var text = "scenario \(id) \"\(title)\"\n  given\n"
        for g in given { text += "    \(g)\n" }
        if !expect.isEmpty {
            text += "  expect\n"
            for e in expect { text += "    \(e)\n" }
        }
        return text + "end\n"
    }

    /// Files in memory: the fixture rule set plus `scenarios` (path → text).
    static func reader(_ scenarios: [String: String]) -> MemoryReader {
        var files = scenarios
        files[rulesPath] = rules
        return MemoryReader(files)
    }

    /// Loads one scenario file from memory; fails the test on any diagnostic.
    static func load(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ScenarioFileLoad {
        var cache: [String: RuleSetLoad] = [:]
        let out = ScenarioFileLoader.load(
            "cases/a.scenario", reader: reader(["cases/a.scenario": text]), ruleSets: &cache)
        if !out.diagnostics.isEmpty {
            XCTFail(
                "fixture did not load:\n" + DiagnosticRenderer(sources: out.sources).render(out.diagnostics),
                file: file, line: line)
        }
        return out
    }

    /// The checks of one scenario's clauses, in order.
    static func checks(given: [String], expect: [String], file: StaticString = #filePath, line: UInt = #line)
        -> [ExpectationCheck]
    {
        let out = load(self.file(scenario("s", given: given, expect: expect)), file: file, line: line)
        guard let ruleSet = out.ruleSet, let s = out.scenarios.first else {
            XCTFail("no scenario loaded", file: file, line: line)
            return []
        }
        return ExpectationChecker(ruleSet).check(s, against: Scoring(ruleSet).score(s))
    }

    /// The check of a single clause.
    static func check(given: [String], _ expect: String, file: StaticString = #filePath, line: UInt = #line)
        -> ExpectationCheck?
    {
        let all = checks(given: given, expect: [expect], file: file, line: line)
        XCTAssertEqual(all.count, 1, "expected one check for `\(expect)`", file: file, line: line)
        return all.first
    }
}
