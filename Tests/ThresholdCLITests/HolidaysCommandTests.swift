import Foundation
import ThresholdTestSupport
import XCTest

/// Calendars end to end: `threshold holidays`, the worked case of issue 12, the Scotland and Northern
/// Ireland fixtures, and the warning where a hand-listed calendar runs out, in text, score JSON and batch.
final class HolidaysCommandTests: XCTestCase {
    func testListsAYearOfEnglandAndWales() throws {
        let r = try ThresholdBinary.run(["holidays", "england-and-wales", "--year", "2026"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(
            r.stdout,
            """
            Holidays in 2026: England and Wales bank holidays
              2026-01-01  Thu  New Year's Day
              2026-04-03  Fri  Good Friday
              2026-04-06  Mon  Easter Monday
              2026-05-04  Mon  Early May bank holiday
              2026-05-25  Mon  Spring bank holiday
              2026-08-31  Mon  Summer bank holiday
              2026-12-25  Fri  Christmas Day
              2026-12-28  Mon  Boxing Day (substitute day)

            """)
    }

    /// A year outside the dates the language writes got the message for a missing one (found by a review).
    func testAYearOutOfRangeSaysSo() throws {
        for year in ["10000", "-1"] {
            let r = try ThresholdBinary.run(["holidays", "england-and-wales", "--year", year])
            XCTAssertEqual(r.exitCode, 2)
            XCTAssertTrue(
                r.stderr.contains("year \(year) is outside 0 to 9999, the years dates are written in"), r.stderr)
        }
    }

    func testOneOffChangesShowTheirSources() throws {
        let r = try ThresholdBinary.run(["holidays", "scotland", "--year", "2026"])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertTrue(
            r.stdout.contains("  2026-06-15  Mon  World Cup bank holiday\n      source: Royal Proclamation"), r.stdout)
        XCTAssertFalse(r.stdout.contains("Easter Monday"), r.stdout)
        let jubilee = try ThresholdBinary.run(["holidays", "england-and-wales", "--year", "2022"])
        XCTAssertTrue(
            jubilee.stdout.contains("  2022-06-03  Fri  Platinum Jubilee bank holiday\n      source: GOV.UK"),
            jubilee.stdout)
    }

    func testARuleSetsCalendarAndHandListedOne() throws {
        let camden = try ThresholdBinary.run(["holidays", "rules/camden-mash.rules", "--year", "2025"])
        XCTAssertEqual(camden.exitCode, 0, camden.stderr)
        XCTAssertTrue(camden.stdout.hasPrefix("Holidays in 2025: England and Wales bank holidays\n"), camden.stdout)
        let folder = try TemporaryFolder(files: ["old.rules": HandListed.rules])
        defer { folder.remove() }
        let old = try ThresholdBinary.run([
            "holidays", folder.url.appendingPathComponent("old.rules").path, "--year", "2025",
        ])
        XCTAssertEqual(old.exitCode, 0, old.stderr)
        XCTAssertTrue(
            old.stdout.contains(
                "  none\nWarning: the rule set names no calendar and lists holidays for 2019–2021 only"), old.stdout)
    }

    func testMistakesExitTwo() throws {
        let noYear = try ThresholdBinary.run(["holidays", "england-and-wales"])
        XCTAssertEqual(noYear.exitCode, 2)
        XCTAssertTrue(noYear.stderr.contains("--year YEAR"), noYear.stderr)
        let badYear = try ThresholdBinary.run(["holidays", "england-and-wales", "--year", "20x6"])
        XCTAssertEqual(badYear.exitCode, 2)
        let typo = try ThresholdBinary.run(["holidays", "scotlnd", "--year", "2026"])
        XCTAssertEqual(typo.exitCode, 2)
        XCTAssertTrue(typo.stderr.contains("did you mean `scotland`?"), typo.stderr)
        let help = try ThresholdBinary.run(["help", "holidays"])
        XCTAssertTrue(help.stdout.hasPrefix("usage: threshold holidays CALENDAR|RULES --year YEAR"), help.stdout)
        XCTAssertTrue(try ThresholdBinary.run(["help"]).stdout.contains("holidays CALENDAR|RULES --year Y"))
    }

    /// Issue 12, point 1: Christmas Day and Boxing Day 2025 are Thursday and Friday.
    func testTheWorkedCaseOfTheIssue() throws {
        let r = try ThresholdBinary.run([
            "score", "rules/camden-mash.rules", "--set", "age=8", "--set", "referrer=school",
            "--set", "received=2025-12-24T10:00", "--set", "child_in_need=yes",
        ])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertTrue(
            r.stdout.contains(
                "Outcome: amber (Amber), provisional: Children's social work (CSSW), within 3 working days; due 2025-12-31 10:00\n"
            ),
            r.stdout)
        XCTAssertFalse(r.stdout.contains("Warning"), r.stdout)
    }

    func testScotlandAndNorthernIrelandFixtures() throws {
        let r = try ThresholdBinary.run(["test", "Tests/Fixtures/calendar/"])
        XCTAssertEqual(r.exitCode, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("9 passed, 0 failed"), r.stdout)
    }

    func testAHandListedCalendarThatRunsOutWarnsInTextJSONAndBatch() throws {
        let past = #"{"id":"past","facts":{"received":"2025-12-24T10:00","concern":true}}"#
        let inside = #"{"id":"inside","facts":{"received":"2020-12-23T10:00","concern":true}}"#
        let folder = try TemporaryFolder(files: [
            "old.rules": HandListed.rules, "past.json": past, "inside.json": inside,
        ])
        defer { folder.remove() }
        let rules = folder.url.appendingPathComponent("old.rules").path
        let text = try ThresholdBinary.run([
            "score", rules, "--set", "received=2025-12-24T10:00", "--set", "concern=yes",
        ])
        XCTAssertTrue(
            text.stdout.contains(
                "; due 2025-12-29 10:00\nWarning: the working days were counted past the rule set's listed holidays (2019–2021): bank holidays after 2021 were not skipped"
            ), text.stdout)
        for (file, line, warned) in [("past.json", past, true), ("inside.json", inside, false)] {
            let score = try ThresholdBinary.run([
                "score", rules, folder.url.appendingPathComponent(file).path, "--format", "json",
            ])
            XCTAssertEqual(score.exitCode, 0, score.stderr)
            XCTAssertEqual(score.stdout.contains(#","changes":["#), true)
            XCTAssertEqual(
                score.stdout.contains(#"],"warnings":["the working days were counted past"#), warned, score.stdout)
            let batch = try ThresholdBinary.run(["batch", rules, "--changes"], input: line + "\n")
            XCTAssertEqual(batch.exitCode, 0, batch.stderr)
            XCTAssertEqual(batch.stdout, score.stdout)
        }
        let both = try ThresholdBinary.run(["batch", rules, "--jobs", "2"], input: past + "\n" + inside + "\n")
        let lines = both.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(
            lines[0].hasSuffix(
                #"],"warnings":["the working days were counted past the rule set's listed holidays (2019–2021): bank holidays after 2021 were not skipped, so the due time may be too early; name a calendar in the rule set, e.g. `calendar \"england-and-wales\"`"]}"#
            ), String(lines[0]))
        XCTAssertFalse(lines[1].contains("warnings"), String(lines[1]))
    }
}

/// A rule set whose calendar is a hand-listed one, 2019–2021 (like the shipped packs before issue 12).
enum HandListed {
    static let rules = """
        ruleset "Hand-listed calendar"
        holiday 2019-12-25 "Christmas Day"
        holiday 2020-12-25 "Christmas Day"
        holiday 2021-12-27 "Christmas Day (substitute day)"
        fact received datetime "When?" required
        fact concern yes/no "A concern?"
        levels
          blue "Blue"
          amber "Amber" within 3 working days
        end
        default blue
        clock starts received
        rule concern "A concern"
          when concern
          then amber
        end

        """
}
