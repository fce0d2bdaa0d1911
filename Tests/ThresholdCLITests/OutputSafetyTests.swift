import Foundation
import ThresholdTestSupport
import XCTest

/// What a review found by feeding the commands bad input (2026-12-06, evening): output that could not be
/// written, a batch reading its own results, options given twice, and JSON scenario files read wrongly.
final class OutputSafetyTests: XCTestCase {
    /// `threshold ARGS` through the shell, for redirections the runner cannot make (`> /dev/full`, `>> FILE`).
    func shell(_ command: String, in folder: URL? = nil) throws -> (stderr: String, exitCode: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder ?? ThresholdBinary.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["T"] = ThresholdBinary.url.path
        env["NO_COLOR"] = "1"
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Every command wrote to a full disk, or a closed standard output, and exited 0 as if it had.
    func testOutputThatCannotBeWrittenIsAnErrorNotASuccess() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full here") }
        for command in [
            #""$T" check rules > /dev/full"#, #""$T" score rules/camden-mash.rules --set age=3 > /dev/full"#,
            #""$T" help > /dev/full"#, #""$T" holidays england-and-wales --year 2020 > /dev/full"#,
            #"printf '{"age":3}\n' | "$T" batch rules/camden-mash.rules > /dev/full"#,
        ] {
            let r = try shell(command)
            XCTAssertEqual(r.exitCode, 2, command)
            XCTAssertEqual(
                r.stderr, "threshold: could not write standard output: No space left on device\n", command)
        }
        let closed = try shell(#""$T" check rules >&-"#)
        XCTAssertEqual(closed.exitCode, 2)
        XCTAssertTrue(closed.stderr.contains("could not write standard output: Bad file descriptor"), closed.stderr)
    }

    /// `batch R --input f >> f` read each result back as a line of input until the disk filled.
    func testABatchWhoseOutputIsItsInputIsRefusedAndTheFileKept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = #"{"id":"a","facts":{"age":3}}"# + "\n" + #"{"id":"b","facts":{"age":15}}"# + "\n"
        try folder.write("in.jsonl", lines)
        let rules = ThresholdBinary.packageRoot.path + "/rules/camden-mash.rules"
        for command in [
            #""$T" batch "\#(rules)" --input in.jsonl --outcome-only >> in.jsonl"#,
            #""$T" batch "\#(rules)" < in.jsonl >> in.jsonl"#,
        ] {
            let r = try shell(command, in: folder.url)
            XCTAssertEqual(r.exitCode, 2, command)
            XCTAssertTrue(r.stderr.contains("is also standard output: the batch would read its own results"), r.stderr)
            XCTAssertEqual(try folder.read("in.jsonl"), lines)
        }
    }

    /// Only the last of two values counted: `--set age=20 --set age=3` rated blue, the other order green.
    func testAnOptionOrAFactGivenTwiceIsRefused() throws {
        let set = try ThresholdBinary.run(["score", "rules/camden-mash.rules", "--set", "age=20", "--set", "age=3"])
        XCTAssertEqual(set.exitCode, 2)
        XCTAssertEqual(set.stdout, "")
        XCTAssertTrue(
            set.stderr.contains("--set age=3: `age` is set twice (`age=20` before): set each fact once"), set.stderr)
        let format = try ThresholdBinary.run(["check", "rules", "--format", "bogus", "--format", "text"])
        XCTAssertEqual(format.exitCode, 2)
        XCTAssertTrue(
            format.stderr.contains("`--format` is given twice (`bogus`, then `text`): give it once"), format.stderr)
        // A repeatable option is still repeatable.
        let two = try ThresholdBinary.run(["score", "rules/camden-mash.rules", "--set", "age=3", "--set", "siblings=2"])
        XCTAssertEqual(two.exitCode, 0, two.stderr)
    }

    /// A CRLF JSON Lines file was one long line to `score` ("\r\n" is one Character), an upper-case `.JSON`
    /// was read as scenario text, and an array's items were all reported at 1:1 with nothing to tell them apart.
    func testJSONScenarioFilesAreReadAsBatchReadsThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            "crlf.jsonl", "{\"id\":\"a\",\"facts\":{\"age\":3}}\r\n{\"id\":\"b\",\"facts\":{\"age\":15}}\r\n")
        try folder.write("UP.JSON", #"{"id":"up","facts":{"age":3}}"#)
        try folder.write("arr.json", "[\n{\"id\":\"a\",\"facts\":{}},\n{\"facts\":{\"zzz\":1}}\n]\n")
        let rules = ThresholdBinary.packageRoot.path + "/rules/camden-mash.rules"
        let crlf = try ThresholdBinary.run(["score", rules, "crlf.jsonl", "--format", "json"], in: folder.url)
        XCTAssertEqual(crlf.exitCode, 0, crlf.stderr)
        XCTAssertEqual(crlf.stdout.split(separator: "\n").count, 2)
        let up = try ThresholdBinary.run(["score", rules, "UP.JSON"], in: folder.url)
        XCTAssertEqual(up.exitCode, 0, up.stderr)
        XCTAssertTrue(up.stdout.hasPrefix("Scenario up\n"), up.stdout)
        let array = try ThresholdBinary.run(["score", rules, "arr.json"], in: folder.url)
        XCTAssertEqual(array.exitCode, 2)
        XCTAssertTrue(
            array.stderr.contains("arr.json:1:1: error[bad-json]: item 2 of the array: unknown fact \"zzz\""),
            array.stderr)
    }

    /// A file that is not UTF-8 was refused with no place: one Windows-1252 `£` in a long file could not be
    /// found (found by a review).
    func testAFileThatIsNotUTF8SaysWhereTheFirstBadByteIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = Array("ruleset \"x\"\nfact a yes/no \"Costs ".utf8)
        bytes += [0xA3] + Array("5?\"\n".utf8)
        try Data(bytes).write(to: folder.url.appendingPathComponent("odd.rules"))
        let r = try ThresholdBinary.run(["check", "odd.rules"], in: folder.url)
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertTrue(
            (r.stdout + r.stderr).contains(
                "odd.rules: is not valid UTF-8 text: line 2, column 22 has the byte 0xA3 (saved in another encoding, "
                    + "such as Windows-1252?)"), r.stdout + r.stderr)
    }

    /// A file name that is not UTF-8 was "no such file", named on the command line or found in a folder, and a
    /// value that is not UTF-8 was quietly another value (found by a review).
    func testAnArgumentOrAFileNameThatIsNotUTF8IsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rules = try Data(contentsOf: ThresholdBinary.packageRoot.appendingPathComponent("rules/front-door.rules"))
        // `fr\xE9.rules`: "fré" in Latin-1. Made through the shell, which can name it.
        try rules.write(to: folder.url.appendingPathComponent("plain.rules"))
        XCTAssertEqual(try shell(#"cp plain.rules "$(printf 'fr\351.rules')""#, in: folder.url).exitCode, 0)
        let named = try shell(#""$T" check "$(printf 'fr\351.rules')""#, in: folder.url)
        XCTAssertEqual(named.exitCode, 2)
        XCTAssertEqual(
            named.stderr,
            "threshold: argument 2 (`fr\u{FFFD}.rules`) is not UTF-8 text; threshold reads file names and values "
                + "written in UTF-8 (rename the file, or give the value in UTF-8)\n")
        let value = try shell(#""$T" score plain.rules --set "notes=$(printf 'a\377')""#, in: folder.url)
        XCTAssertEqual(value.exitCode, 2)
        XCTAssertTrue(value.stderr.hasPrefix("threshold: argument 4 (`notes=a\u{FFFD}`) is not UTF-8"), value.stderr)
        // Found in a folder: the file is named, and why it cannot be opened.
        let found = try ThresholdBinary.run(["check", "."], in: folder.url)
        XCTAssertEqual(found.exitCode, 1)
        XCTAssertTrue(
            (found.stdout + found.stderr).contains(
                "fr\u{FFFD}.rules: cannot be opened: its name is not UTF-8 (`\u{FFFD}` stands for the bytes that "
                    + "are not), and files are opened by UTF-8 names; rename it"), found.stdout + found.stderr)
    }
}
