import ThresholdTestSupport
import XCTest

@testable import ThresholdKit

/// A small rule set and revised copies of it, for the diff tests, and an oracle that scores each version
/// separately: the diff's matrix and changed cases must equal what the oracle finds.
enum DiffFixture {
    static let base = """
        ruleset "Diff fixture" version "1"

        fact age number 0 to 25 "How old is the child?"
        fact a yes/no "A?"
        fact b yes/no "B?"
        fact c yes/no "C?"
        fact d yes/no "D?"
        fact received datetime "When did the contact arrive?"

        levels
          blue "Blue" route "Universal services"
          green "Green" route "Early help" within 3 working days
          amber "Amber" route "Social work" within 3 days
          red "Red" route "MASH team" within 24 hours
        end
        default blue
        clock starts received

        score risk "Risk"
          2 when a "A"
          3 when b "B"
          1 when c "C"
          bands
            low "Low" 0 to 2
            medium "Medium" 3 to 4
            high "High" 5 and above
          end
          floor medium when age < 5 and c "Young with C"
        end

        rule risk_high "Risk high"
          when risk is at least high
          then red
        end

        rule risk_medium "Risk medium"
          when risk is at least medium
          then amber
        end

        rule d_young "D and young"
          when d and age < 10
          then green
        end

        advise check_c "Check C."
          when c
        end

        advise review "Review the plan."
          when outcome is at least amber
        end
        """

    /// The named revisions of the known-answer tests: (name, transformation of the text).
    static let revisions: [(String, @Sendable (String) -> String)] = [
        (
            "moved cut-off",
            {
                $0.replacingOccurrences(
                    of: "medium \"Medium\" 3 to 4\n    high \"High\" 5 and above",
                    with: "medium \"Medium\" 3 to 3\n    high \"High\" 4 and above")
            }
        ),
        ("added rule", { $0 + "\n\nrule b_and_d \"B and D\"\n  when b and d\n  then red\nend\n" }),
        ("removed advice", { $0.replacingOccurrences(of: "advise check_c \"Check C.\"\n  when c\nend\n", with: "") }),
        ("re-weighted item", { $0.replacingOccurrences(of: "1 when c \"C\"", with: "2 when c \"C\"") }),
        (
            "renamed level",
            {
                $0.replacingOccurrences(of: "  red \"Red\" route", with: "  red_mash \"Red\" route")
                    .replacingOccurrences(of: "then red\n", with: "then red_mash\n")
            }
        ),
        ("changed timescale", { $0.replacingOccurrences(of: "within 3 days", with: "within 2 days") }),
        ("changed condition", { $0.replacingOccurrences(of: "when d and age < 10", with: "when d and age < 12") }),
        (
            "moved floor",
            { $0.replacingOccurrences(of: "floor medium when age < 5 and c", with: "floor high when age < 5 and c") }
        ),
    ]

    static func ruleSet(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> RuleSet? {
        InMemory.ruleSet(text, file: file, line: line)
    }

    /// Every combination of the facts (a, b, c, d each yes, no or unknown; three ages), as JSON Lines.
    static var allLines: [String] {
        var out: [String] = []
        let values = ["true", "false", "null"]
        var n = 0
        for age in [3, 8, 11, 14] {
            for a in values {
                for b in values {
                    for c in values {
                        for d in values {
                            n += 1
                            out.append(
                                "{\"id\": \"case-\(n)\", \"facts\": {\"age\": \(age), \"a\": \(a), \"b\": \(b), \"c\": \(c), \"d\": \(d), \"received\": \"2019-04-12T16:00\"}}"
                            )
                        }
                    }
                }
            }
        }
        return out
    }

    /// What the diff should find, from scoring each version separately.
    struct Expected {
        var outcomes: [String: [String: Int]] = [:]
        var changed: [String] = []
        var outcomeChanged: [String] = []
    }

    static func oracle(_ old: RuleSet, _ new: RuleSet, _ lines: [String]) -> Expected {
        var x = Expected()
        let eo = Evaluator(old)
        let en = Evaluator(new)
        for line in lines {
            guard let json = try? JSONReader.parse(line),
                case .success(let so) = JSONScenarioDecoder(ruleSet: old).decode(json),
                case .success(let sn) = JSONScenarioDecoder(ruleSet: new).decode(json)
            else {
                XCTFail("bad line \(line)")
                continue
            }
            let a = eo.evaluate(so.facts)
            let b = en.evaluate(sn.facts)
            let ol = old.levels[a.outcome].name
            let nl = new.levels[b.outcome].name
            x.outcomes[ol, default: [:]][nl, default: 0] += 1
            let firedOld = Set(a.fired.map { old.rules[$0].name })
            let firedNew = Set(b.fired.map { new.rules[$0].name })
            let adviceOld = Set(a.advice.indices.filter { a.advice[$0] }.map { old.advice[$0].name })
            let adviceNew = Set(b.advice.indices.filter { b.advice[$0] }.map { new.advice[$0].name })
            var bandsDiffer = false
            for (i, s) in old.scores.enumerated() {
                guard let j = new.scoreIndex[s.name] else { continue }
                let x = a.scores[i].band >= 0 ? s.bands[a.scores[i].band].name : "none"
                let y = b.scores[j].band >= 0 ? new.scores[j].bands[b.scores[j].band].name : "none"
                if x != y { bandsDiffer = true }
            }
            if ol != nl { x.outcomeChanged.append(so.id) }
            // A rule firing under both at another level (both levels in both versions: not a renamed level).
            let shared = Set(old.levels.map(\.name)).intersection(new.levels.map(\.name))
            let relevelled = firedOld.intersection(firedNew).contains { name in
                guard let i = old.ruleIndex[name], let j = new.ruleIndex[name] else { return false }
                let (p, q) = (old.levels[old.rules[i].level].name, new.levels[new.rules[j].level].name)
                return p != q && shared.contains(p) && shared.contains(q)
            }
            if ol != nl || firedOld != firedNew || relevelled || adviceOld != adviceNew || bandsDiffer || a.due != b.due
            {
                x.changed.append(so.id)
            }
        }
        return x
    }

    static func diff(_ old: RuleSet, _ new: RuleSet, _ lines: [String], jobs: Int = 1) -> DiffReport {
        let run = DiffRun(
            old: old, new: new, oldLabel: "old.rules", newLabel: "new.rules", options: .init(jobs: jobs, linesPerJob: 7)
        )
        run.addLines(Array((lines.joined(separator: "\n") + "\n").utf8))
        return run.report()
    }

    /// The report's outcome matrix by names, without zero cells.
    static func outcomes(_ r: DiffReport) -> [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        for (i, row) in r.outcomes.enumerated() {
            for (j, n) in row.enumerated() where n > 0 { out[r.old.levels[i], default: [:]][r.new.levels[j]] = n }
        }
        return out
    }
}
