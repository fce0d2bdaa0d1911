import Foundation
import ThresholdTestSupport
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `threshold audit` end to end on the shipped Camden rules: formats, exit codes, bad rows on standard
/// error, the dip sample (which must pass `threshold test`) and refusing to write over a file.
final class AuditCommandTests: XCTestCase {
    static let header =
        "id,received,decided_at,team,by,recorded,age,referrer,imminent_danger,risk_of_significant_harm,child_in_need,domestic_abuse,concerns,abuse_within_family"
    static let rows = [
        "c1,2024-04-08T09:15,2024-04-08T10:00,north,p1,amber,9,police,no,no,yes,yes,,no",
        "c2,2024-04-08T09:30,2024-04-08T11:00,north,p1,green,9,police,no,no,yes,yes,,no",
        "c3,2024-04-08T10:00,2024-04-10T10:00,north,p2,red,12,school,no,no,yes,no,(sexual),yes",
        "c4,2024-04-08T11:00,2024-04-08T12:00,south,p3,red,12,health,no,yes,,no,(physical),yes",
        "c5,2024-04-08T12:00,2024-04-08T12:30,south,p3,red_urgent,4,police,yes,yes,,no,(physical),yes",
        "c6,2024-04-08T12:00,2024-04-08T12:30,south,p3,purple,4,police,yes,yes,,no,(physical),yes",
    ]

    func decisions() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write(
            "month.csv", ([AuditCommandTests.header] + AuditCommandTests.rows).joined(separator: "\n") + "\n")
        return folder
    }

    func testTextReportAndBadRowOnStandardError() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let csv = folder.url.appendingPathComponent("month.csv").path
        let r = try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("threshold audit: 5 decisions"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 recorded green where the rules give amber"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 recorded red where the rules give amber"), r.stdout)
        XCTAssertTrue(r.stdout.contains("cap `s47_answered_no`"), r.stdout)
        XCTAssertTrue(r.stderr.contains("month.csv:7: recorded level \"purple\""), r.stderr)
        // No fact of a decision is printed: the dates received are facts.
        XCTAssertFalse(r.stdout.contains("2024-04-08T09:15"))
    }

    func testFailBelowAndBadArguments() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let csv = folder.url.appendingPathComponent("month.csv").path
        XCTAssertEqual(
            try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv, "--fail-below", "0.9"]).exitCode, 1)
        // month.csv has a bad row: a gate on the rest is not a pass. Without it, 0.5 passes.
        let partial = try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv, "--fail-below", "0.5"])
        XCTAssertEqual(partial.exitCode, 1)
        XCTAssertTrue(
            partial.stderr.contains("rows were skipped, so the agreement is of part of the file"), partial.stderr)
        try folder.write(
            "clean.csv", ([AuditCommandTests.header] + AuditCommandTests.rows.dropLast()).joined(separator: "\n") + "\n"
        )
        let clean = folder.url.appendingPathComponent("clean.csv").path
        XCTAssertEqual(
            try ThresholdBinary.run(["audit", "rules/camden-mash.rules", clean, "--fail-below", "0.5"]).exitCode, 0)
        XCTAssertEqual(
            try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv, "--fail-below", "80"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["audit", "rules/camden-mash.rules"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["audit", "rules/camden-mash.rules", "/nonexistent.csv"]).exitCode, 2)
        XCTAssertEqual(try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv, "--sample", "3"]).exitCode, 2)
        try folder.write("bad.csv", "recorded,nonsense\namber,1\n")
        let bad = try ThresholdBinary.run(
            ["audit", "rules/camden-mash.rules", folder.url.appendingPathComponent("bad.csv").path])
        XCTAssertEqual(bad.exitCode, 2)
        XCTAssertTrue(bad.stderr.contains("bad.csv:1: the header names \"nonsense\""), bad.stderr)
    }

    func testJSONAndHTML() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let csv = folder.url.appendingPathComponent("month.csv").path
        let j = try ThresholdBinary.run([
            "audit", "rules/camden-mash.rules", csv, "--format", "json", "--min-group", "2",
        ])
        XCTAssertEqual(j.exitCode, 0)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["decisions"] as? Int, 5)
        XCTAssertEqual(object["skipped"] as? Int, 1)
        let groups = try XCTUnwrap(object["groups"] as? [String: [String: Any]])
        XCTAssertEqual(groups["team"]?.keys.sorted(), ["north", "south"])
        XCTAssertEqual(groups["by"]?.keys.sorted(), ["p1", "p2", "p3"].filter { $0 != "p2" })

        let h = try ThresholdBinary.run(["audit", "rules/camden-mash.rules", csv, "--format", "html"])
        XCTAssertEqual(h.exitCode, 0)
        let parser = XMLParser(data: Data(h.stdout.utf8))
        XCTAssertTrue(parser.parse(), "the page is well-formed: \(String(describing: parser.parserError))")
        XCTAssertTrue(h.stdout.contains("<table class=\"heat\">"))
        XCTAssertTrue(h.stdout.contains("▲ "), "cells off the diagonal are marked, not only coloured")
        XCTAssertFalse(h.stdout.contains("<script"))
    }

    func testSamplePassesThresholdTestAndIsNeverWrittenOver() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let csv = folder.url.appendingPathComponent("month.csv").path
        let out = folder.url.appendingPathComponent("review/sample.scenario").path
        try FileManager.default.createDirectory(
            atPath: folder.url.appendingPathComponent("review").path, withIntermediateDirectories: true)
        let r = try ThresholdBinary.run(
            ["audit", "rules/camden-mash.rules", csv, "--sample", "4", "--seed", "3", "--sample-out", out])
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertEqual(text.components(separatedBy: "\nscenario ").count - 1, 4)
        XCTAssertTrue(text.contains("# recorded: "), text)
        let test = try ThresholdBinary.run(["test", out])
        XCTAssertEqual(test.exitCode, 0, test.stdout + test.stderr)
        XCTAssertTrue(test.stdout.contains("4 passed, 0 failed"), test.stdout)
        let again = try ThresholdBinary.run(
            ["audit", "rules/camden-mash.rules", csv, "--sample", "4", "--sample-out", out])
        XCTAssertEqual(again.exitCode, 2)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), text)
    }

    /// Found by a review: an audit that read no decision (every row skipped, an empty file, a header alone)
    /// passed `--fail-below` and said every decision agreed; a decision given twice was counted twice; a sample
    /// folder that does not exist was found only after the report was printed.
    func testNothingReadIsNotAPassAndADecisionIsCountedOnce() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let path = { (name: String) in folder.url.appendingPathComponent(name).path }
        try folder.write("purple.csv", AuditCommandTests.header + "\n" + AuditCommandTests.rows[5] + "\n")
        try folder.write("empty.csv", "")
        try folder.write("header.csv", AuditCommandTests.header + "\n")
        for (name, says) in [
            ("purple.csv", "no decision was read: every row of the file was skipped (1)"),
            ("empty.csv", "empty.csv: is empty: no header row and no decisions"),
            ("header.csv", "no decision was read: the file holds only a header"),
        ] {
            let r = try ThresholdBinary.run(["audit", "rules/camden-mash.rules", path(name), "--fail-below", "0.1"])
            XCTAssertEqual(r.exitCode, 2, name)
            XCTAssertEqual(r.stdout, "", name)
            XCTAssertTrue(r.stderr.contains(says), r.stderr)
        }
        // The same month twice: each decision once, the repeats named and skipped.
        let twice = try ThresholdBinary.run([
            "audit", "rules/camden-mash.rules", path("month.csv"), path("month.csv"), "--format", "json",
        ])
        XCTAssertEqual(twice.exitCode, 0, twice.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(twice.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["decisions"] as? Int, 5)
        XCTAssertEqual(object["skipped"] as? Int, 7)
        XCTAssertTrue(
            twice.stderr.contains("month.csv:2: the decision \"c1\" by p1 was read before, at \(path("month.csv")):2"),
            twice.stderr)
        // A sample into a folder that does not exist: refused before anything is printed.
        let r = try ThresholdBinary.run([
            "audit", "rules/camden-mash.rules", path("month.csv"), "--sample", "2", "--sample-out",
            path("nowhere/sample.scenario"),
        ])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("cannot write in"), r.stderr)
    }

    /// `--sample-out -` is refused (the report is on standard output), and no file named `-` is made.
    func testSampleOutDashIsRefused() throws {
        let folder = try decisions()
        defer { folder.remove() }
        let csv = folder.url.appendingPathComponent("month.csv").path
        let rules = ThresholdBinary.packageRoot.appendingPathComponent("rules/camden-mash.rules").path
        let r = try ThresholdBinary.run(
            ["audit", rules, csv, "--sample", "4", "--sample-out", "-"], in: folder.url)
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("`--sample-out -`: the report is on standard output"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("-").path))
    }
}
