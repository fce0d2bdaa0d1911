import Foundation
import XCTest

@testable import ThresholdKit

/// `AuditRun` on a small rule set: CSV and JSON Lines, bad rows named and skipped, the matrix, causes,
/// undetermined decisions, group thresholds, timeliness and the JSON contract.
final class AuditRunTests: XCTestCase {
    static let rules = """
        ruleset "Audit fixture" version "1"

        fact a yes/no "A?"
        fact b yes/no "B?"
        fact s47 yes/no "Section 47?"
        fact concerns some of neglect, physical "Which?"
        fact received datetime "When?"

        levels
          blue "Blue" route "Universal"
          green "Green" route "Early help" within 3 days
          amber "Amber" route "Social work" within 3 days
          red "Red" route "MASH" within 24 hours
        end
        default blue
        clock starts received

        rule rule_a "A" when a then amber source "Fixture s1" end
        rule rule_b "B" when b then red source "Fixture s2" end
        rule neglect "Neglect" when concerns has neglect then green end
        cap s47_no "section 47 no" at amber when s47 = no end
        """

    func ruleSet() throws -> RuleSet { try XCTUnwrap(InMemory.ruleSet(AuditRunTests.rules)) }

    func run(_ files: [(String, String)], minGroup: Int = 2, sample: Int = 0) throws -> (AuditRun, AuditReport) {
        let run = AuditRun(ruleSet: try ruleSet(), options: .init(minGroup: minGroup, sampleSize: sample, seed: 7))
        for (name, text) in files { run.addFile(name, Array(text.utf8)) }
        return (run, run.report())
    }

    /// Found by a review: a quoted cell broken over two lines was two skipped rows; a decision made before the
    /// contact came was counted on time; an unknown JSON key listed a scenario's keys; `Amber` and `Recorded`
    /// got no hint.
    func testRowsAReviewFoundAreSkippedOnceWithAClearMessage() throws {
        let csv = """
            id,recorded,a,received,decided_at
            d1,amber,yes,"2024-04-08
            T09:00",2024-04-08T10:00
            d2,amber,yes,2024-04-08T10:00,2024-04-08T09:00
            d3,Amber,yes,,
            d4,amber,yes,,
            d5,amber,yes,2024-04-08T09:00:30.250,2024-04-08T10:00:59
            d6,amber,yes,2024-04-08T09:00:00Z,
            """
        var seen: [AuditSkip] = []
        let r = AuditRun(ruleSet: try ruleSet(), options: .init(minGroup: 2))
        r.onSkip = { seen.append($0) }
        r.addFile("month.csv", Array(csv.utf8))
        r.addFile(
            "month.jsonl",
            Array(#"{"id":"j1","facts":{"a":true},"recorded":"amber","colour":"blue"}"#.utf8))
        // d4, and d5 with its seconds dropped (timeliness is counted in minutes).
        XCTAssertEqual(r.report().decisions, 2)
        XCTAssertEqual(
            seen.map(\.description),
            [
                "month.csv:2: a quoted cell is not closed on its line (a cell cannot hold a line break in a decisions file)",
                "month.csv:4: `decided_at` (2024-04-08 09:00) is before the contact was received (2024-04-08 10:00)",
                "month.csv:5: recorded level \"Amber\" is not a level of this rule set (blue, green, amber, red) (did you mean \"amber\"?)",
                "month.csv:8: `received` has a time zone (\"2024-04-08T09:00:00Z\"): give the local time, as the rule set's calendar counts it, such as 2024-04-08T09:15",
                "month.jsonl:1: unknown key \"colour\" (expected id, facts, recorded, by, team, received, decided_at)",
            ])
        let header = AuditRun(ruleSet: try ruleSet())
        header.addFile("h.csv", Array("id,Recorded,a\n".utf8))
        XCTAssertEqual(
            header.fileFailure,
            "h.csv:1: the header names \"Recorded\", which is not a fact of this rule set nor one of recorded, id, by, team, received, decided_at (did you mean \"recorded\"? column names are in lower case)"
        )
    }

    /// A case decided by several people (a calibration exercise's export: a line per trainee and case, each
    /// with the case's id) is a decision each; the same person's decision read again is counted once.
    func testTheSameCaseByTwoPeopleIsTwoDecisions() throws {
        let lines = [
            #"{"id":"c1","by":"owl","facts":{"a":true},"recorded":"amber"}"#,
            #"{"id":"c1","by":"fox","facts":{"a":true},"recorded":"green"}"#,
            #"{"id":"c1","by":"owl","facts":{"a":true},"recorded":"amber"}"#,
        ]
        var seen: [AuditSkip] = []
        let r = AuditRun(ruleSet: try ruleSet(), options: .init(minGroup: 1))
        r.onSkip = { seen.append($0) }
        r.addFile("export.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(r.report().decisions, 2)
        XCTAssertEqual(r.report().practitioners.map(\.0), ["fox", "owl"])
        XCTAssertEqual(
            seen.map(\.description),
            ["export.jsonl:3: the decision \"c1\" by owl was read before, at export.jsonl:1; it is counted once"])
    }

    func testCSVWithBadRowsNamesEachAndSkipsIt() throws {
        let csv = """
            id,recorded,team,by,a,b,s47,concerns,received,decided_at
            d1,amber,north,p1,yes,no,,,2024-04-08T09:00,2024-04-08T10:00
            d2,green,north,p1,yes,no,,,2024-04-08T09:00,2024-04-12T10:00
            d3,purple,north,p1,yes,no,,,,
            d4,red,south,p2,maybe,no,,,,
            d5,red,south,p2,no,yes,,
            d6,green,south,p2,no,no,no,"(neglect)",,
            d7,"red,south,p2,no,no,no,,,

            d8,red,south,p2,no,yes,no,,,
            """
        var seen: [AuditSkip] = []
        let r = AuditRun(ruleSet: try ruleSet(), options: .init(minGroup: 2))
        r.onSkip = { seen.append($0) }
        r.addFile("month.csv", Array(csv.utf8))
        let report = r.report()
        XCTAssertEqual(report.decisions, 4)
        XCTAssertEqual(report.skipped, 4)
        XCTAssertEqual(seen, report.skips)
        XCTAssertEqual(seen.map(\.line), [4, 5, 6, 8])
        XCTAssertTrue(seen[0].description.hasPrefix("month.csv:4: recorded level \"purple\""), seen[0].description)
        XCTAssertTrue(seen[1].message.hasPrefix("a: "), seen[1].message)
        XCTAssertEqual(seen[2].message, "8 cells where the header has 10")
        XCTAssertTrue(seen[3].message.contains("not closed"), seen[3].message)
        // d1 amber = amber; d2 green where the rules give amber; d6 green = green; d8 red where the cap holds amber.
        XCTAssertEqual(report.overall.matrix[1][2], 1)
        XCTAssertEqual(report.overall.matrix[2][2], 1)
        XCTAssertEqual(report.overall.matrix[3][2], 1)
        XCTAssertEqual(report.overall.higher, 1)
        XCTAssertEqual(report.overall.lower, 1)
        XCTAssertEqual(report.causes.count, 2)
        let capped = try XCTUnwrap(report.causes.first { $0.key.cap != nil })
        XCTAssertEqual(report.headline(capped), "1 recorded red where the rules give amber")
        XCTAssertEqual(report.factsLine(capped), "b = yes (1); s47 = no (1)")
        // Timeliness: d2 (green, 3 days) decided after 4 days is late; d1 (amber) is not.
        XCTAssertEqual(report.timeliness.map { [$0.level, $0.timed, $0.late] }, [[1, 1, 1], [2, 1, 0]])
    }

    func testABadHeaderStopsTheFile() throws {
        let (run, report) = try run([("x.csv", "recorded,a,nonsense\namber,yes,1\n")])
        XCTAssertEqual(report.decisions, 0)
        XCTAssertTrue(
            run.fileFailure?.hasPrefix("x.csv:1: the header names \"nonsense\"") ?? false, "\(run.fileFailure ?? "nil")"
        )
        let (run2, _) = try self.run([("y.csv", "a,b\nyes,no\n")])
        XCTAssertTrue(run2.fileFailure?.contains("no \"recorded\" column") ?? false)
    }

    func testJSONLinesWithBadRows() throws {
        let jsonl = """
            {"id": "j1", "facts": {"a": true, "s47": true}, "recorded": "amber", "team": "east", "by": "p3"}
            {"id": "j2", "facts": {"a": true}, "recorded": "blue", "team": "east", "by": "p3"}
            {"id": "j3", "facts": {"zzz": true}, "recorded": "blue"}
            {"id": "j4", "facts": {"a": true}}
            not json
            {"id": "j5", "facts": {"b": false, "a": false, "s47": false, "concerns": []}, "recorded": "blue", "team": "east", "by": "p4"}
            """
        let (_, report) = try run([("d.jsonl", jsonl)])
        XCTAssertEqual(report.decisions, 3)
        XCTAssertEqual(report.skips.map(\.line), [3, 4, 5])
        XCTAssertTrue(report.skips[0].message.contains("unknown fact \"zzz\""))
        XCTAssertTrue(report.skips[1].message.contains("recorded"))
        // j2: `b` unknown could still raise amber to red: provisional, and its cause says which question.
        XCTAssertEqual(report.undetermined, 2)
        let j2 = try XCTUnwrap(report.causes.first)
        XCTAssertFalse(j2.key.settled)
        XCTAssertEqual(j2.missing.map(\.0), ["b"])
        XCTAssertEqual(report.teams.map(\.0), ["east"])
    }

    func testGroupsBelowTheMinimumAreLeftOut() throws {
        var lines = ""
        for i in 0..<12 {
            lines +=
                "{\"facts\": {\"a\": true, \"b\": false}, \"recorded\": \"amber\", \"team\": \"big\", \"by\": \"p\(i % 2)\"}\n"
        }
        for _ in 0..<9 {
            lines +=
                "{\"facts\": {\"a\": true, \"b\": false}, \"recorded\": \"green\", \"team\": \"small\", \"by\": \"p9\"}\n"
        }
        let (_, report) = try run([("g.jsonl", lines)], minGroup: 10)
        XCTAssertEqual(report.teams.map(\.0), ["big"])
        XCTAssertEqual(report.teamsBelow, 1)
        XCTAssertEqual(report.practitioners.map(\.0), [])
        XCTAssertEqual(report.practitionersBelow, 3)
        let (_, lower) = try run([("g.jsonl", lines)], minGroup: 6)
        XCTAssertEqual(lower.practitioners.map(\.0), ["p0", "p1", "p9"])
        XCTAssertEqual(lower.teams.first?.1.agreement, 1)
    }

    func testJSONContract() throws {
        let csv = """
            id,recorded,team,by,a,b,s47
            1,amber,t,p,yes,no,
            2,green,t,p,yes,no,
            3,red,t,p,no,yes,
            4,blue,t,p,no,no,
            5,amber,t,p,no,yes,no
            """
        let (_, report) = try run([("c.csv", csv)], minGroup: 1)
        let json = AuditJSONRenderer().render(report)
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in [
            "rules", "decisions", "skipped", "levels", "matrix", "agreement", "kappa", "distribution", "causes",
            "undetermined", "groups",
        ] {
            XCTAssertNotNil(object[key], key)
        }
        let rules = try XCTUnwrap(object["rules"] as? [String: Any])
        XCTAssertEqual(rules["name"] as? String, "Audit fixture")
        XCTAssertTrue((rules["fingerprint"] as? String)?.hasPrefix("sha256:") ?? false)
        XCTAssertEqual(object["decisions"] as? Int, 5)
        XCTAssertEqual(object["levels"] as? [String], ["blue", "green", "amber", "red"])
        let matrix = try XCTUnwrap(object["matrix"] as? [String: [String: Int]])
        XCTAssertEqual(matrix["green"]?["amber"], 1)
        XCTAssertEqual(matrix["red"]?["red"], 1, "3: s47 unknown, so the cap does not hold")
        XCTAssertEqual(matrix["amber"]?["amber"], 2, "5: the cap holds the red rule at amber")
        XCTAssertEqual(object["agreement"] as? Double, 0.8)
        let kappa = try XCTUnwrap(object["kappa"] as? [String: Any])
        let k = try XCTUnwrap(Kappa.of(report.overall.matrix, .unweighted))
        XCTAssertEqual(kappa["unweighted"] as? Double, k.kappa)
        let ci = try XCTUnwrap(kappa["unweighted_ci95"] as? [Double])
        XCTAssertEqual(ci[0], k.low, accuracy: 1e-12)
        XCTAssertEqual(ci[1], k.high, accuracy: 1e-12)
        XCTAssertNotNil(kappa["linear_ci95"] as? [Double])
        let distribution = try XCTUnwrap(object["distribution"] as? [String: [String: Int]])
        XCTAssertEqual(distribution["rules"]?["amber"], 3)
        XCTAssertEqual(distribution["recorded"]?["amber"], 2)
        XCTAssertEqual(distribution["rules"]?["green"], 0)
        let causes = try XCTUnwrap(object["causes"] as? [[String: Any]])
        XCTAssertEqual(causes.count, 1)
        let first = causes[0]
        XCTAssertEqual(first["count"] as? Int, 1)
        XCTAssertNotNil(first["fired"] as? [String])
        let groups = try XCTUnwrap(object["groups"] as? [String: [String: [String: Any]]])
        XCTAssertEqual(groups["team"]?["t"]?["decisions"] as? Int, 5)
        XCTAssertNotNil(groups["by"]?["p"]?["kappa"])
        // 3: answering s47 no could hold it at amber; 4: concerns unknown could raise it to green.
        XCTAssertEqual(object["undetermined"] as? Int, 2)
    }

    func testSampleIsStratifiedAndSeeded() throws {
        var lines = ""
        for i in 0..<40 {
            lines += "{\"id\": \"a\(i)\", \"facts\": {\"a\": true, \"b\": false}, \"recorded\": \"amber\"}\n"
        }
        for i in 0..<3 {
            lines += "{\"id\": \"g\(i)\", \"facts\": {\"a\": true, \"b\": false}, \"recorded\": \"green\"}\n"
        }
        let (_, one) = try run([("s.jsonl", lines)], sample: 4)
        let (_, two) = try run([("s.jsonl", lines)], sample: 4)
        XCTAssertEqual(one.sample.map(\.id), two.sample.map(\.id), "the same seed picks the same sample")
        XCTAssertEqual(one.sample.filter { $0.recorded == 1 }.count, 2, "each cell takes its turn")
        XCTAssertEqual(one.sample.count, 4)
        let text = AuditSampleWriter().render(one, rulesPath: "main.rules")
        XCTAssertTrue(text.contains("# recorded: green; the rules give amber (rules higher); from s.jsonl:"))
        XCTAssertTrue(text.contains("rules \"main.rules\""))
    }
}
