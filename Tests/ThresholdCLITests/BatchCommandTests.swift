import Foundation
import ThresholdTestSupport
import XCTest

/// `threshold batch` end to end: JSON Lines in, result objects out, in order; bad lines; exit codes; jobs.
final class BatchCommandTests: XCTestCase {
    let rules = "rules/camden-mash.rules"

    func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }

    func testScoresEachLineInOrderFromStandardInput() throws {
        let input = """
            {"id":"a","facts":{"age":12,"imminent_danger":true,"received":"2019-04-12T16:00"}}
            {"age":15,"risk_of_significant_harm":true}
            {"id":"c","facts":{"age":9,"early_help_needs":true}}

            """
        let r = try ThresholdBinary.run(["batch", rules], input: input)
        XCTAssertEqual(r.exitCode, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let out = lines(r.stdout)
        XCTAssertEqual(out.count, 3)
        XCTAssertTrue(out[0].hasPrefix(#"{"scenario":"a","ruleset":{"name":"Camden MASH front door""#), out[0])
        XCTAssertTrue(out[0].contains(#""outcome":{"level":"red_urgent""#), out[0])
        XCTAssertTrue(out[0].contains(#""due":"2019-04-12T20:00""#), out[0])
        XCTAssertTrue(out[1].hasPrefix(#"{"scenario":"line-2","#), out[1])
        XCTAssertTrue(out[1].contains(#""outcome":{"level":"red""#), out[1])
        XCTAssertTrue(out[2].contains(#""outcome":{"level":"green""#), out[2])
        for line in out {
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(line.utf8)), line)
        }
    }

    func testOutcomeOnlyWritesARatingPerReferral() throws {
        let input = """
            {"id":"a","facts":{"age":12,"imminent_danger":true,"received":"2019-04-12T16:00"}}
            {"id":"c","facts":{"age":9,"early_help_needs":true}}
            {"id":"d","facts":{"agee":9}}

            """
        let r = try ThresholdBinary.run(["batch", rules, "--outcome-only"], input: input)
        XCTAssertEqual(r.exitCode, 2, r.stderr)
        let out = lines(r.stdout)
        XCTAssertEqual(out.count, 3)
        XCTAssertTrue(out[0].hasPrefix(#"{"scenario":"a","ruleset":{"name":"Camden MASH front door""#), out[0])
        XCTAssertTrue(out[0].hasSuffix(#""within":"4 hours","due":"2019-04-12T20:00"}}"#), out[0])
        XCTAssertTrue(out[1].contains(#","outcome":{"level":"green","label":"Green""#), out[1])
        XCTAssertFalse(out[1].contains(#""fired""#), out[1])
        XCTAssertEqual(out[2], #"{"line":3,"error":"unknown fact \"agee\" (did you mean \"age\"?)"}"#)
        XCTAssertTrue(r.stderr.contains("threshold batch: line 3: unknown fact"), r.stderr)
        // The whole result's first members are the same bytes.
        let whole = lines(try ThresholdBinary.run(["batch", rules], input: input).stdout)
        XCTAssertTrue(whole[0].hasPrefix(String(out[0].dropLast())), whole[0])
    }

    func testOutcomeOnlyAndChangesAreRefusedTogether() throws {
        let r = try ThresholdBinary.run(["batch", rules, "--outcome-only", "--changes"], input: "{}\n")
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("`--changes` and `--outcome-only` do not go together"), r.stderr)
    }

    func testAScenarioFileGivenAsScoreTakesItIsPointedToInput() throws {
        // `batch RULES FILE` read standard input (here empty) and said only "name one rule set".
        let r = try ThresholdBinary.run(["batch", rules, "lines.jsonl"], input: "")
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(
            r.stderr.contains("batch reads its lines from `--input FILE` or standard input: `threshold batch "),
            r.stderr)
        XCTAssertTrue(r.stderr.contains(" --input lines.jsonl`"), r.stderr)
    }

    func testABadLineGivesAnErrorObjectAMessageAndExitTwo() throws {
        let input = """
            {"id":"a","facts":{"age":12}}
            {"id":"b","facts":{"agee":12}}
            {"id":"c","facts":{"age":"twelve"}}
            {"id":"d","facts":{"age":12
            {"id":"e","facts":{"age":12}}
            """
        let r = try ThresholdBinary.run(["batch", rules], input: input)
        XCTAssertEqual(r.exitCode, 2)
        let out = lines(r.stdout)
        XCTAssertEqual(out.count, 5)
        XCTAssertTrue(out[0].hasPrefix(#"{"scenario":"a","#))
        XCTAssertEqual(out[1], #"{"line":2,"error":"unknown fact \"agee\" (did you mean \"age\"?)"}"#)
        XCTAssertEqual(out[2], #"{"line":3,"error":"fact \"age\": expected a number, found a string"}"#)
        XCTAssertTrue(out[3].hasPrefix(#"{"line":4,"error":"invalid JSON at column "#), out[3])
        XCTAssertTrue(out[4].hasPrefix(#"{"scenario":"e","#))
        XCTAssertTrue(r.stderr.contains("threshold batch: line 2: unknown fact \"agee\""), r.stderr)
        XCTAssertTrue(r.stderr.contains("threshold batch: line 4: invalid JSON"), r.stderr)
        XCTAssertTrue(r.stderr.contains("3 of 5 lines failed"), r.stderr)
    }

    /// Standard error says the first 100 bad lines, then that there are more, then the total; standard output
    /// still has a line for each (an attack test got 28 MB on standard error from 600 KB of bad lines).
    func testStandardErrorSaysTheFirstHundredBadLines() throws {
        let r = try ThresholdBinary.run(["batch", rules], input: String(repeating: "x\n", count: 300))
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertEqual(lines(r.stdout).count, 300)
        let said = lines(r.stderr)
        XCTAssertEqual(said.filter { $0.hasPrefix("threshold batch: line ") }.count, 100)
        XCTAssertTrue(r.stderr.contains("threshold batch: line 100: "), r.stderr)
        XCTAssertFalse(r.stderr.contains("threshold batch: line 101: "))
        XCTAssertTrue(r.stderr.contains("more lines failed"), r.stderr)
        XCTAssertEqual(said.last, "threshold batch: 300 of 300 lines failed")
    }

    func testBlankLinesAreSkippedAndCounted() throws {
        let r = try ThresholdBinary.run(["batch", rules], input: "\n{\"age\":3}\n   \n{\"nope\":1}\n")
        XCTAssertEqual(r.exitCode, 2)
        let out = lines(r.stdout)
        XCTAssertEqual(out.count, 2)
        XCTAssertTrue(out[0].hasPrefix(#"{"scenario":"line-2","#), out[0])
        XCTAssertTrue(out[1].hasPrefix(#"{"line":4,"#), out[1])
    }

    func testOutputIsByteIdenticalAcrossJobsAndRunsAndMatchesInputFile() throws {
        var input = ""
        let referrers = ["police", "health", "school", "anonymous"]
        for i in 0..<400 {
            input +=
                #"{"id":"s\#(i)","facts":{"age":\#(i % 26),"referrer":"\#(referrers[i % 4])","imminent_danger":\#(i % 7 == 0),"#
            input +=
                #""child_in_need":\#(i % 3 == 0),"concerns":["neglect"],"siblings":\#(i % 4),"received":"2019-04-\#(10 + i % 9)T09:30"}}"#
                + "\n"
            if i % 50 == 0 { input += "{\"broken\n" }
        }
        let one = try ThresholdBinary.run(["batch", rules], input: input)
        let again = try ThresholdBinary.run(["batch", rules], input: input)
        let three = try ThresholdBinary.run(["batch", rules, "--jobs", "3"], input: input)
        // The default is one thread per core; --jobs 1 opts out, and the bytes are the same.
        let single = try ThresholdBinary.run(["batch", rules, "--jobs", "1"], input: input)
        XCTAssertEqual(one.stdout, single.stdout)
        XCTAssertEqual(one.stderr, single.stderr)
        XCTAssertEqual(one.exitCode, 2)
        XCTAssertEqual(lines(one.stdout).count, 408)
        XCTAssertEqual(one.stdout, again.stdout)
        XCTAssertEqual(one.stdout, three.stdout)
        XCTAssertEqual(three.exitCode, 2)
        let folder = try TemporaryFolder(files: ["in.jsonl": input])
        defer { folder.remove() }
        let fromFile = try ThresholdBinary.run([
            "batch", rules, "--input", folder.url.appendingPathComponent("in.jsonl").path, "--jobs=2",
        ])
        XCTAssertEqual(fromFile.stdout, one.stdout)
        XCTAssertEqual(fromFile.exitCode, 2)
    }

    func testTheResultIsWhatScoreWritesForTheSameScenario() throws {
        let scenario =
            #"{"id":"mathew","facts":{"age":12,"referrer":"police","risk_of_significant_harm":true,"imminent_danger":false,"siblings":2,"concerns":["sexual"],"received":"2019-04-12T16:00"}}"#
        let folder = try TemporaryFolder(files: ["mathew.json": scenario])
        defer { folder.remove() }
        let score = try ThresholdBinary.run([
            "score", rules, folder.url.appendingPathComponent("mathew.json").path, "--format", "json",
        ])
        let batch = try ThresholdBinary.run(["batch", rules, "--changes"], input: scenario + "\n")
        XCTAssertEqual(score.exitCode, 0, score.stderr)
        XCTAssertEqual(batch.exitCode, 0, batch.stderr)
        XCTAssertEqual(batch.stdout, score.stdout)
        // Without --changes the counterfactuals are left out, and nothing else differs.
        let lean = try ThresholdBinary.run(["batch", rules], input: scenario + "\n")
        let withoutChanges = { (s: String) in
            s.replacingOccurrences(of: #","changes":\[.*\]\}$"#, with: "", options: .regularExpression)
        }
        XCTAssertTrue(lean.stdout.hasSuffix(#","changes":[]}"# + "\n"), lean.stdout)
        XCTAssertEqual(
            withoutChanges(lean.stdout.trimmingCharacters(in: .newlines)),
            withoutChanges(score.stdout.trimmingCharacters(in: .newlines)))
    }

    func testArgumentMistakesExitTwo() throws {
        let noRules = try ThresholdBinary.run(["batch"], input: "")
        XCTAssertEqual(noRules.exitCode, 2)
        XCTAssertTrue(noRules.stderr.contains("usage: threshold batch"), noRules.stderr)
        let badJobs = try ThresholdBinary.run(["batch", rules, "--jobs", "0"], input: "")
        XCTAssertEqual(badJobs.exitCode, 2)
        XCTAssertTrue(badJobs.stderr.contains("--jobs"), badJobs.stderr)
        let missing = try ThresholdBinary.run(["batch", rules, "--input", "no/such/file.jsonl"])
        XCTAssertEqual(missing.exitCode, 2)
        XCTAssertTrue(missing.stderr.contains("no/such/file.jsonl"), missing.stderr)
        let badRules = try ThresholdBinary.run(["batch", "no/such.rules"], input: "{}\n")
        XCTAssertEqual(badRules.exitCode, 2)
        XCTAssertEqual(badRules.stdout, "")
        let empty = try ThresholdBinary.run(["batch", rules], input: "")
        XCTAssertEqual(empty.exitCode, 0)
        XCTAssertEqual(empty.stdout, "")
    }
}
