import Foundation
import ThresholdKit
import ThresholdTestSupport
import XCTest

/// `threshold --help` and each command's help, generated from the commands' declarations, held to golden
/// files (recorded from the hand-written help before the declarations, so the two are byte for byte the same,
/// except `--format`'s rows, now written from the format registries); and the error for an unknown
/// `--format`, which names the subject's formats.
final class HelpCommandTests: XCTestCase {
    let commands = [
        "check", "score", "test", "repl", "batch", "holidays", "serve", "diff", "fmt", "audit", "lsp", "bench-eval",
    ]

    func testOverviewIsGolden() throws {
        for args in [["--help"], ["help"], ["-h"], ["help", "help"]] {
            let r = try ThresholdBinary.run(args)
            XCTAssertEqual(r.exitCode, 0)
            assertGolden(r.stdout, "help/overview.txt")
        }
        let bare = try ThresholdBinary.run([])
        XCTAssertEqual(bare.exitCode, 2)
        assertGolden(bare.stderr, "help/overview.txt")
        XCTAssertFalse(bare.stderr.contains("bench-eval"), "a hidden command is not listed")
    }

    func testEachCommandsHelpIsGolden() throws {
        for c in commands {
            for args in [["help", c], [c, "--help"], [c, "-h"], [c, "x", "--bogus", "--help"]] {
                let r = try ThresholdBinary.run(args)
                XCTAssertEqual(r.exitCode, 0, "\(args)")
                assertGolden(r.stdout, "help/\(c).txt")
            }
        }
    }

    /// Each command is found by its own name alone (`Commands.command(named:)` builds only the one asked for):
    /// the hidden `bench-lsp` too, and a name that is not a command is refused with the near one.
    func testEveryCommandIsFoundByItsName() throws {
        for c in commands + ["bench-lsp"] {
            let r = try ThresholdBinary.run([c, "--help"])
            XCTAssertEqual(r.exitCode, 0, c)
            let head = "usage: threshold \(c)"
            XCTAssertTrue(
                r.stdout.hasPrefix(head + " ") || r.stdout.hasPrefix(head + "\n"), "\(c): \(r.stdout.prefix(80))")
        }
        let r = try ThresholdBinary.run(["bach", "x.rules"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderr.hasPrefix("threshold: unknown command `bach` (did you mean `batch`?)"), r.stderr)
    }

    /// After `--`, `-h` is a file's name, not a call for help (found by a review).
    func testHelpIsNotAskedForAfterTheEndOfOptions() throws {
        let r = try ThresholdBinary.run(["check", "--", "-h"])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("-h"), r.stderr)
        XCTAssertFalse(r.stderr.contains("usage:"), r.stderr)
    }

    func testAMistakeIsFollowedByTheCommandsHelp() throws {
        for c in commands {
            let r = try ThresholdBinary.run([c, "--no-such-option"])
            XCTAssertEqual(r.exitCode, 2, c)
            let help = try String(
                contentsOf: ThresholdBinary.packageRoot.appendingPathComponent("Tests/Golden/help/\(c).txt"),
                encoding: .utf8)
            XCTAssertTrue(r.stderr.hasPrefix("threshold \(c): unknown option `--no-such-option`"), r.stderr)
            XCTAssertTrue(r.stderr.hasSuffix("\n\n" + help), r.stderr)
        }
    }

    func testAnUnknownFormatNamesTheFormats() throws {
        let cases: [([String], String)] = [
            (["score", "x", "y"], "text, json, html"),
            (["check", "x"], "text, json"),
            (["test", "x"], "text, junit, json, html"),
            (["diff", "x", "y"], "text, json, html"),
            (["audit", "x", "y"], "text, json, html"),
        ]
        for (args, formats) in cases {
            let r = try ThresholdBinary.run(args + ["--format", "yaml"])
            XCTAssertEqual(r.exitCode, 2, "\(args)")
            XCTAssertTrue(
                r.stderr.hasPrefix("threshold \(args[0]): `--format` must be one of \(formats), not `yaml`\n\n"),
                r.stderr)
            XCTAssertEqual(r.stdout, "")
        }
        let holidays = try ThresholdBinary.run(["holidays", "scotland", "--year", "2026", "--format", "text"])
        XCTAssertEqual(holidays.exitCode, 2, "holidays has one format and no --format")
        XCTAssertTrue(holidays.stderr.contains("unknown option `--format`"), holidays.stderr)
    }

    func testFormatHelpIsEachFormatOfTheRegistry() throws {
        let cases: [(String, [String], [String])] = [
            ("score", ResultFormats.registry.names, ResultFormats.registry.formats.map(\.summary)),
            ("check", DiagnosticFormats.registry.names, DiagnosticFormats.registry.formats.map(\.summary)),
            ("test", TestReportFormats.registry.names, TestReportFormats.registry.formats.map(\.summary)),
            ("diff", DiffFormats.registry.names, DiffFormats.registry.formats.map(\.summary)),
            ("audit", AuditFormats.registry.names, AuditFormats.registry.formats.map(\.summary)),
        ]
        for (command, names, summaries) in cases {
            let help = try ThresholdBinary.run([command, "--help"]).stdout
            // The rows, their wrapping undone.
            let flat = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(
                separator: " ")
            XCTAssertTrue(help.contains("  --format \(names.joined(separator: "|"))"), command)
            for (i, (name, summary)) in zip(names, summaries).enumerated() {
                XCTAssertTrue(flat.contains("\(name)\(i == 0 ? " (default)" : ""): \(summary)"), "\(command) \(name)")
            }
        }
    }
}
