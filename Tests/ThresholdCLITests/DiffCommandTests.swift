import Foundation
import ThresholdTestSupport
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `threshold diff` end to end: a revised copy of the shipped front-door rules, worked cases, JSON Lines,
/// formats, exit codes and `--fail-on`, and rule sets read from git revisions.
final class DiffCommandTests: XCTestCase {
    /// The shipped rules copied to a temporary folder, with `edit` applied to one file.
    func revisedRules(_ file: String, _ edit: (String) -> String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let root = ThresholdBinary.packageRoot.appendingPathComponent("rules")
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let rel = walker?.nextObject() as? String {
            guard rel.hasSuffix(".rules") else { continue }
            let text = try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)
            try folder.write("rules/" + rel, rel == file ? edit(text) : text)
        }
        return folder
    }

    /// Every file: rule and advice blocks in reverse order, indentation doubled, a comment before each `end`.
    func reorderedAndReformatted(_ text: String) -> String {
        let ns = text as NSString
        let blocks =
            (try? NSRegularExpression(
                pattern: "^(rule|advise) .*?^end\\n", options: [.anchorsMatchLines, .dotMatchesLineSeparators]))?
            .matches(in: text, range: NSRange(location: 0, length: ns.length)) ?? []
        var out = ""
        var last = 0
        for (b, t) in zip(blocks, blocks.reversed().map { ns.substring(with: $0.range) }) {
            out += ns.substring(with: NSRange(location: last, length: b.range.location - last)) + t
            last = b.range.location + b.range.length
        }
        out += ns.substring(from: last)
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("  ") ? "  " + $0 : String($0) }
            .map { $0 == "end" ? "# reformatted\nend\n" : $0 }
            .joined(separator: "\n")
    }

    func testReorderedAndReformattedShippedRulesShowNothing() throws {
        for rules in ["front-door.rules", "camden-mash.rules", "london-continuum-of-need.rules"] {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let root = ThresholdBinary.packageRoot.appendingPathComponent("rules")
            let walker = FileManager.default.enumerator(atPath: root.path)
            while let rel = walker?.nextObject() as? String {
                guard rel.hasSuffix(".rules") else { continue }
                try folder.write(
                    "rules/" + rel,
                    reorderedAndReformatted(try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)))
            }
            let new = folder.url.appendingPathComponent("rules/" + rules).path
            XCTAssertNotEqual(
                try folder.read("rules/" + rules),
                try String(contentsOf: root.appendingPathComponent(rules), encoding: .utf8))
            let r = try ThresholdBinary.run(["diff", "rules/" + rules, new, "scenarios/", "--fail-on", "any"])
            XCTAssertEqual(r.exitCode, 0, rules + "\n" + r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains("0 outcomes changed, 0 cases changed in any way"), r.stdout)
            XCTAssertTrue(r.stdout.hasSuffix("Rule set changes\n  none\n"), r.stdout)
            XCTAssertFalse(r.stdout.contains(" 0 cases scored"), r.stdout)
        }
    }

    func movedCCECutOff(_ text: String) -> String {
        text.replacingOccurrences(of: "moderate \"Moderate risk\" 8 to 13", with: "moderate \"Moderate risk\" 8 to 11")
            .replacingOccurrences(
                of: "high \"Likely to be involved in CCE\" 14 and above",
                with: "high \"Likely to be involved in CCE\" 12 and above")
    }

    func testAMovedCutOffOnTheShippedWorkedCases() throws {
        let folder = try revisedRules("tools/cce-camden.rules", movedCCECutOff)
        defer { folder.remove() }
        let new = folder.url.appendingPathComponent("rules/front-door.rules").path
        let r = try ThresholdBinary.run(["diff", "rules/front-door.rules", new, "scenarios/"])
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.contains("2 outcomes changed"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains(
                "2 cases amber → red: rule `cce_high` now fires; cce band moderate → high (band high from 12, was 14)"),
            r.stdout)
        XCTAssertTrue(r.stdout.contains("cce_total_13, cce_unknown_out_of_area"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains(
                "scenarios/tools/cce-camden.scenario:170: cce_total_13: outcome amber: expected outcome amber, got red"),
            r.stdout)
        XCTAssertTrue(r.stdout.contains("Rule set changes\n  band cce.high changed: from 12, was 14\n"), r.stdout)
        // Only the worked cases written for the front-door rules are scored.
        XCTAssertTrue(
            r.stdout.contains("cases scored under both (") && !r.stdout.contains("could not be scored"), r.stdout)

        let none = try ThresholdBinary.run(["diff", "rules/front-door.rules", new, "scenarios/", "--fail-on", "none"])
        XCTAssertEqual(none.exitCode, 0, none.stderr)
        XCTAssertEqual(none.stdout, r.stdout)
    }

    func testNoChangeExitsZeroAndAnyCountsChangesThatKeepTheOutcome() throws {
        let same = try ThresholdBinary.run([
            "diff", "rules/front-door.rules", "rules/front-door.rules", "scenarios/", "--fail-on", "any",
        ])
        XCTAssertEqual(same.exitCode, 0, same.stderr)
        XCTAssertTrue(same.stdout.contains("0 outcomes changed, 0 cases changed in any way"), same.stdout)
        XCTAssertTrue(same.stdout.contains("Rule set changes\n  none\n"), same.stdout)

        // A reworded advice: no outcome changes, but the rule set changed.
        let folder = try revisedRules("front-door.rules") {
            $0.replacingOccurrences(
                of: "Review the exploitation risk assessment and the child's safety plan at six months.",
                with: "Review the exploitation risk assessment at six months.")
        }
        defer { folder.remove() }
        let new = folder.url.appendingPathComponent("rules/front-door.rules").path
        let outcome = try ThresholdBinary.run(["diff", "rules/front-door.rules", new, "scenarios/"])
        XCTAssertEqual(outcome.exitCode, 0, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("advice review_in_six_months changed: text"), outcome.stdout)
        let any = try ThresholdBinary.run(["diff", "rules/front-door.rules", new, "scenarios/", "--fail-on", "any"])
        XCTAssertEqual(any.exitCode, 1, any.stdout)
    }

    func testJSONHasTheIssuesShape() throws {
        let folder = try revisedRules("tools/cce-camden.rules", movedCCECutOff)
        defer { folder.remove() }
        let new = folder.url.appendingPathComponent("rules/front-door.rules").path
        let input = """
            {"id":"r1","facts":{"age":14,"cce_found_out_of_area":true,"cce_not_in_education":true,"cce_looked_after":true,"cce_unexplained_money_goods":true,"cce_older_associates":true,"cce_debt_bondage":true,"cce_carrying_weapon":true}}
            {"id":"r2","facts":{"age":9}}

            """
        let r = try ThresholdBinary.run(
            ["diff", "rules/front-door.rules", new, "--format", "json", "--input", "-"], input: input)
        XCTAssertLessThanOrEqual(r.exitCode, 1, r.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let old = try XCTUnwrap(object["old"] as? [String: Any])
        XCTAssertEqual(old["name"] as? String, "Front door with exploitation and risk tools")
        XCTAssertEqual(old["version"] as? String, "2019.1")
        XCTAssertTrue((old["fingerprint"] as? String)?.hasPrefix("sha256:") ?? false)
        XCTAssertEqual(object["scenarios"] as? Int, 2)
        let outcomes = try XCTUnwrap(object["outcomes"] as? [String: [String: Int]])
        XCTAssertEqual(outcomes.values.flatMap(\.values).reduce(0, +), 2)
        let changes = try XCTUnwrap(object["ruleset_changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?["kind"] as? String, "band")
        XCTAssertEqual(changes.first?["name"] as? String, "high")
        XCTAssertEqual(changes.first?["change"] as? String, "changed")
        XCTAssertEqual(changes.first?["detail"] as? String, "from 12, was 14")
        let changed = try XCTUnwrap(object["changed"] as? [[String: Any]])
        for c in changed {
            for key in ["scenario", "old", "new", "started", "stopped"] { XCTAssertNotNil(c[key], key) }
        }
        XCTAssertEqual(changed.map { $0["scenario"] as? String }, ["r1"])
        XCTAssertEqual(changed.first?["started"] as? [String], ["cce_high"])
    }

    func testHTMLIsOnePageWithEveryTextEscaped() throws {
        let folder = try TemporaryFolder(files: [
            "old.rules":
                "ruleset \"<script>alert(1)</script> & co\" version \"1\"\nfact a yes/no \"A?\"\nlevels\n  low \"Low\" route \"x\"\n  high \"High <b>\" route \"y\"\nend\ndefault low\nrule a_high \"A\" when a then high end\n",
            "new.rules":
                "ruleset \"<script>alert(1)</script> & co\" version \"2\"\nfact a yes/no \"A?\"\nlevels\n  low \"Low\" route \"x\"\n  high \"High <b>\" route \"y\"\nend\ndefault low\n",
            "cases.jsonl": "{\"id\": \"<img src=x>\", \"facts\": {\"a\": true}}\n",
        ])
        defer { folder.remove() }
        let r = try ThresholdBinary.run(
            ["diff", "old.rules", "new.rules", "cases.jsonl", "--format", "html"], in: folder.url)
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(r.stdout.contains("<script"))
        XCTAssertFalse(r.stdout.contains("<img"))
        XCTAssertTrue(r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        XCTAssertTrue(r.stdout.contains("&lt;img src=x&gt;"))
        for external in ["src=\"http", "href=\"http", "@import", "url("] {
            XCTAssertFalse(r.stdout.contains(external), "self-contained: no external resource (\(external))")
        }
        // Well-formed (the HTML pages write XHTML-compatible markup).
        let parser = XMLParser(data: Data(r.stdout.utf8))
        XCTAssertTrue(parser.parse(), "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "")")
    }

    func testRuleSetsReadFromGitRevisionsWithTheirIncludes() throws {
        let folder = try TemporaryFolder(files: [
            "rules/main.rules":
                "ruleset \"Git\" version \"1\"\ninclude \"parts/score.rules\"\nlevels\n  low \"Low\" route \"x\"\n  high \"High\" route \"y\"\nend\ndefault low\nrule s_high \"S\" when s is high then high end\n",
            "rules/parts/score.rules":
                "fact a yes/no \"A?\"\nfact b yes/no \"B?\"\nscore s \"S\"\n  2 when a\n  1 when b\n  bands\n    none_ \"None\" 0 to 1\n    high \"High\" 2 and above\n  end\nend\n",
        ])
        defer { folder.remove() }
        func git(_ args: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments =
                ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
                + args
            p.currentDirectoryURL = folder.url
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "git \(args)")
        }
        try git(["init", "-q"])
        try git(["add", "."])
        try git(["commit", "-q", "-m", "first"])
        try folder.write(
            "rules/parts/score.rules",
            "fact a yes/no \"A?\"\nfact b yes/no \"B?\"\nscore s \"S\"\n  2 when a\n  1 when b\n  bands\n    none_ \"None\" 0 to 0\n    high \"High\" 1 and above\n  end\nend\n"
        )
        try git(["commit", "-q", "-am", "second"])
        try folder.write(
            "cases.jsonl",
            "{\"id\": \"b-only\", \"facts\": {\"a\": false, \"b\": true}}\n{\"id\": \"a-only\", \"facts\": {\"a\": true, \"b\": false}}\n"
        )

        let r = try ThresholdBinary.run(
            ["diff", "git:HEAD~1:rules/main.rules", "git:HEAD:rules/main.rules", "cases.jsonl"], in: folder.url)
        XCTAssertEqual(r.exitCode, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("old: git:HEAD~1:rules/main.rules"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains(
                "1 case low → high: rule `s_high` now fires; s band none_ → high (band high from 1, was 2)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("    b-only\n"), r.stdout)

        // A revision against the working tree's file: the same.
        let w = try ThresholdBinary.run(
            ["diff", "git:HEAD~1:rules/main.rules", "rules/main.rules", "cases.jsonl"], in: folder.url)
        XCTAssertEqual(w.exitCode, 1, w.stderr)
        XCTAssertTrue(w.stdout.contains("band s.high changed: from 1, was 2"), w.stdout)

        let bad = try ThresholdBinary.run(
            ["diff", "git:nosuchrev:rules/main.rules", "rules/main.rules"], in: folder.url)
        XCTAssertEqual(bad.exitCode, 2)
        XCTAssertTrue(bad.stderr.contains("git show nosuchrev:./rules/main.rules"), bad.stderr)
        // A "revision" that git would read as an option is not one: the argument is then a plain (missing) path.
        let option = try ThresholdBinary.run(
            ["diff", "git:--output=x:rules/main.rules", "rules/main.rules"], in: folder.url)
        XCTAssertEqual(option.exitCode, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("x").path))
    }

    func testUsageErrorsAndHelp() throws {
        let help = try ThresholdBinary.run(["help", "diff"])
        XCTAssertEqual(help.exitCode, 0)
        XCTAssertTrue(help.stdout.hasPrefix("usage: threshold diff OLD NEW"))
        let one = try ThresholdBinary.run(["diff", "rules/front-door.rules"])
        XCTAssertEqual(one.exitCode, 2)
        XCTAssertTrue(one.stderr.contains("name the old and the new rule set"))
        let format = try ThresholdBinary.run([
            "diff", "rules/front-door.rules", "rules/front-door.rules", "--format", "pdf",
        ])
        XCTAssertEqual(format.exitCode, 2)
        XCTAssertTrue(format.stderr.contains("`--format` must be one of text, json, html"))
        let failOn = try ThresholdBinary.run([
            "diff", "rules/front-door.rules", "rules/front-door.rules", "--fail-on", "some",
        ])
        XCTAssertEqual(failOn.exitCode, 2)
        let missing = try ThresholdBinary.run(["diff", "rules/front-door.rules", "rules/nope.rules"])
        XCTAssertEqual(missing.exitCode, 2)
    }

    func testABadLineIsReportedAndExitsTwo() throws {
        let r = try ThresholdBinary.run(
            ["diff", "rules/front-door.rules", "rules/front-door.rules"], input: "{\"age\": 14}\n{\"agee\": 3}\n")
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stdout.contains("1 case could not be scored\n  line 2: (old) unknown fact \"agee\""), r.stdout)
        XCTAssertTrue(r.stderr.contains("1 case could not be scored"), r.stderr)
    }

    /// A folder of worked cases written for other rule sets gave "0 cases scored" and exit 0: a revision that
    /// moves ratings passed unseen (found by a review). A bad line of `--input` now names its file.
    func testNamedCasesThatGiveNothingAreAnErrorAndBadLinesNameTheirFile() throws {
        let folder = try TemporaryFolder(files: [
            "cases/other.scenario": "rules \"../elsewhere/other.rules\"\nscenario a\n  given\n    age = 3\nend\n",
            "lines.jsonl": "{\"age\": 14}\n{\"agee\": 3}\n",
        ])
        defer { folder.remove() }
        let rules = ThresholdBinary.packageRoot.path + "/rules/front-door.rules"
        let none = try ThresholdBinary.run(["diff", rules, rules, "cases"], in: folder.url)
        XCTAssertEqual(none.exitCode, 2)
        XCTAssertTrue(
            none.stderr.contains(
                "note: cases: none of its 1 .scenario file names \(rules) or \(rules) in its `rules` line, so none was compared"
            ), none.stderr)
        XCTAssertTrue(none.stderr.contains("no case was compared"), none.stderr)
        // Standard input left empty with nothing named: the rule sets' changes alone, as before.
        let bare = try ThresholdBinary.run(["diff", rules, rules], input: "")
        XCTAssertEqual(bare.exitCode, 0, bare.stderr)
        let bad = try ThresholdBinary.run(["diff", rules, rules, "--input", "lines.jsonl"], in: folder.url)
        XCTAssertEqual(bad.exitCode, 2)
        XCTAssertTrue(bad.stdout.contains("  lines.jsonl:2: (old) unknown fact \"agee\""), bad.stdout)
    }
}
