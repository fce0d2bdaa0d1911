import Foundation
import ThresholdTestSupport
import XCTest

/// One voice for bad values, end to end: `score --set`, a `.scenario` file, a JSON file and `batch` say
/// the same thing about the same bad value (the library-level table is `BadValueVoiceTests`).
final class BadValueCommandTests: XCTestCase {
    let rules = "rules/camden-mash.rules"

    func testEveryRouteSaysTheSameAboutTheSameBadValue() throws {
        let cases: [(fact: String, written: String, json: String, message: String)] = [
            ("age", "1e999999", "1e999999", "`1e999999` is too large: a number has at most 12 digits before the point"),
            (
                "age", "-0.000000000000000000000000001", "-0.000000000000000000000000001",
                "`-0.000000000000000000000000001` has more decimal places than the language holds (at most 6)"
            ),
            (
                "age", "12345678901234567890123456789", "12345678901234567890123456789",
                "`12345678901234567890123456789` is too large: a number has at most 12 digits before the point"
            ),
            (
                "received", "2019-02-29T10:00", #""2019-02-29T10:00""#,
                "`2019-02-29 10:00` is not a date-time: 2019 has no 29 February"
            ),
            (
                "received", "2019-04-12 24:00", #""2019-04-12T24:00""#,
                "`2019-04-12 24:00` is not a date-time: there is no hour 24 (hours go from 00 to 23)"
            ),
        ]
        let root = ThresholdBinary.packageRoot.path
        var files: [String: String] = [:]
        for (k, c) in cases.enumerated() {
            files["s\(k).scenario"] = "rules \"\(root)/\(rules)\"\nscenario s\n  given \(c.fact) = \(c.written)\nend\n"
            files["s\(k).json"] = #"{"id":"s","facts":{"\#(c.fact)":\#(c.json)}}"#
        }
        let folder = try TemporaryFolder(files: files)
        defer { folder.remove() }
        for (k, c) in cases.enumerated() {
            let set = try ThresholdBinary.run(["score", rules, "--set", "\(c.fact)=\(c.written)"])
            XCTAssertEqual(set.exitCode, 2, set.stderr)
            XCTAssertTrue(set.stderr.contains(c.message), "--set: \(set.stderr)")
            let scenario = try ThresholdBinary.run([
                "score", rules, folder.url.appendingPathComponent("s\(k).scenario").path,
            ])
            XCTAssertEqual(scenario.exitCode, 2, scenario.stderr)
            XCTAssertTrue(scenario.stderr.contains(c.message), ".scenario: \(scenario.stderr)")
            let json = try ThresholdBinary.run(["score", rules, folder.url.appendingPathComponent("s\(k).json").path])
            XCTAssertEqual(json.exitCode, 2, json.stderr)
            XCTAssertTrue(json.stderr.contains("fact \"\(c.fact)\": \(c.message)"), "JSON file: \(json.stderr)")
            let batch = try ThresholdBinary.run(["batch", rules], input: #"{"\#(c.fact)":\#(c.json)}"# + "\n")
            XCTAssertEqual(batch.exitCode, 2, batch.stderr)
            XCTAssertTrue(batch.stderr.contains("line 1: fact \"\(c.fact)\": \(c.message)"), "batch: \(batch.stderr)")
        }
    }

    /// What `check` and standard error show of a control character from input is its picture: a rules file's
    /// escape (`check`), and a batch line's fact name (`"\u001b[2J"`), which the error line on standard output
    /// keeps as JSON.
    func testControlCharactersFromInputDoNotReachTheTerminal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("esc.rules", "ruleset \"t\"\nlevels\n  red \"Red\"\nend\n\u{1B}]0;title\u{07}\n")
        let check = try ThresholdBinary.run(["check", folder.url.appendingPathComponent("esc.rules").path])
        XCTAssertEqual(check.exitCode, 1)
        XCTAssertTrue(check.stdout.contains(" 5 | ␛]0;title␇\n"), check.stdout)
        XCTAssertFalse((check.stdout + check.stderr).contains("\u{1B}"))
        let batch = try ThresholdBinary.run(
            ["batch", rules], input: #"{"\u001b[2J":1}"# + "\n")
        XCTAssertEqual(batch.exitCode, 2)
        XCTAssertTrue(batch.stderr.contains("unknown fact \"␛[2J\""), batch.stderr)
        XCTAssertFalse(batch.stderr.contains("\u{1B}"))
        XCTAssertTrue(batch.stdout.contains(#"unknown fact \"\u001b[2J\""#), batch.stdout)
    }

    func testAFileOverTheSizeLimitIsRefusedWithAMessage() throws {
        let big = String(repeating: "# padding\n", count: (16 << 20) / 10 + 1)
        let folder = try TemporaryFolder(files: ["big.rules": big])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(["check", folder.url.appendingPathComponent("big.rules").path])
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertTrue(
            (r.stdout + r.stderr).contains("big.rules: is larger than 16 MB, the limit for one file"),
            r.stdout + r.stderr)
        // Through a link, the same: the size is the file's, not the link's (a link got past the limit).
        let link = folder.url.appendingPathComponent("link.rules").path
        try FileManager.default.createSymbolicLink(
            atPath: link, withDestinationPath: folder.url.appendingPathComponent("big.rules").path)
        let linked = try ThresholdBinary.run(["check", link])
        XCTAssertEqual(linked.exitCode, 1, linked.stderr)
        XCTAssertTrue(
            (linked.stdout + linked.stderr).contains("link.rules: is larger than 16 MB, the limit for one file"),
            linked.stdout + linked.stderr)
    }

    /// A device or a pipe named as a rule set is not read (`/dev/zero` never ends; a pipe with no writer never
    /// answers), and the message says what it is.
    func testADeviceOrAPipeIsNotRead() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.url.appendingPathComponent("pipe.rules").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for path in ["/dev/zero", fifo] {
            let r = try ThresholdBinary.run(["check", path])
            XCTAssertEqual(r.exitCode, 1, r.stderr)
            XCTAssertTrue(
                (r.stdout + r.stderr).contains("\(path): is not a regular file (a device, a pipe or a socket)"),
                r.stdout + r.stderr)
        }
    }
}
