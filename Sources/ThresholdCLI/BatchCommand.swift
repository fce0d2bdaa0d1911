import Foundation
import ThresholdKit

/// `threshold batch RULES`: JSON Lines in (stdin or `--input FILE`), one result object per line out.
/// The work is in `BatchScorer`; this reads and writes the bytes and reports bad lines on stderr.
enum BatchCommand {
    static let command = Command(
        name: "batch", synopsis: "RULES", summary: "JSON Lines in, JSON Lines out: one result per input line",
        about: """
            Scores JSON Lines against the rule set RULES: each input line is a scenario object
            ({"id": …, "facts": {…}}) or a bare facts object; each output line is the result object
            (the same as `score --format json`), in input order. A scenario without an id is named line-N.
            """,
        options: [
            .value("input", "FILE", help: "read FILE instead of standard input"),
            .value(
                "jobs", "N",
                help: """
                    score on N threads (default: one per core; --jobs 1 for one thread);
                    the output is byte for byte the same for every N
                    """),
            .flag("changes", help: "fill each result's \"changes\" with counterfactuals (slower; empty by default)"),
            .flag(
                "outcome-only",
                help: """
                    write only each result's "scenario", "ruleset", "outcome" and "warnings" (a rating per
                    referral, without the explanation; faster)
                    """),
        ],
        column: 17,
        footer: """
            A bad line (invalid JSON, unknown fact, wrong type) gives {"line": N, "error": "…"} on stdout and a
            message on stderr, and the batch goes on. Blank lines are skipped (no output) but counted in line
            numbers. Exit 2 if any line failed, otherwise 0.
            """,
        run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        if a.positional.count == 2, a.value("input") == nil {
            // `batch RULES FILE`, as `score` takes it: say where the lines are read from instead.
            return a.usageError(
                "batch reads its lines from `--input FILE` or standard input: "
                    + "`threshold batch \(a.positional[0]) --input \(a.positional[1])`")
        }
        guard a.positional.count == 1, let rulesPath = a.positional.first else {
            return a.usageError("name one rule set to score against")
        }
        guard let jobs = jobs(a, default: defaultJobs) else { return .couldNotRun }
        if a.flag("changes"), a.flag("outcome-only") {
            return a.usageError(
                "`--changes` and `--outcome-only` do not go together: the changes are part of the explanation")
        }
        var fd: Int32 = 0
        let inputName = a.value("input") ?? "standard input"
        if let path = a.value("input"), path != "-" {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { return a.fail("\(path): \(String(cString: strerror(errno)))") }
        }
        defer { if fd > 0 { close(fd) } }
        if sameFile(fd, 1) {
            // `batch R --input f >> f`: each result would be read back as a line, for as long as the disk lasts.
            return a.fail("\(inputName) is also standard output: the batch would read its own results")
        }
        guard let ruleSet = Console.loadRuleSet(rulesPath, command: "batch") else { return .couldNotRun }

        // A rating per line is cheap: larger blocks hand work to the threads less often, and a block's output
        // stays small (about 240 bytes a line). Measured: docs/performance.md, "A rating per referral".
        let outcomeOnly = a.flag("outcome-only")
        let scorer = BatchScorer(
            ruleSet: ruleSet,
            options: .init(
                jobs: jobs, linesPerJob: outcomeOnly ? 4096 : 512, changes: a.flag("changes"), outcomeOnly: outcomeOnly)
        )
        let summary: BatchScorer.Summary
        let said = Console.Said(
            limit: 100, more: "threshold batch: more lines failed: each is on standard output as {\"line\": N, …}\n")
        do {
            summary = try scorer.run(
                read: { buffer in try readSome(fd, buffer) },
                write: { bytes in try writeAll(bytes) },
                failed: { f in said.err("threshold batch: line \(f.line): \(f.message)\n") })
        } catch let e as IOFailure {
            // A write failure is reported once, by `Console.finish`, with what stdio could not write after it.
            return e.what == .read ? a.fail("\(inputName): \(e.message)") : .couldNotRun
        } catch { return .couldNotRun }
        if summary.failed > 0 {
            let n = summary.lines - summary.blank
            return a.fail("\(summary.failed) of \(n) line\(n == 1 ? "" : "s") failed")
        }
        return .success
    }

    /// `--jobs N` (1 to 256), or `default`; nil after saying what is wrong with it.
    static func jobs(_ a: Arguments, default d: Int) -> Int? {
        guard let j = a.value("jobs") else { return d }
        guard let n = Int(j), (1...256).contains(n) else {
            _ = a.fail("`--jobs` must be a whole number from 1 to 256, not `\(j)`")
            return nil
        }
        return n
    }

    /// One thread per core the machine has online (at most 256, the most `--jobs` takes).
    static var defaultJobs: Int {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return Swift.max(1, Swift.min(256, Int(cores)))
    }

    struct IOFailure: Error {
        enum What { case read, write }
        var what: What
        var message: String
    }

    /// Whether two descriptors are the same regular file (device and inode).
    static func sameFile(_ a: Int32, _ b: Int32) -> Bool {
        var x = stat()
        var y = stat()
        guard fstat(a, &x) == 0, fstat(b, &y) == 0, (x.st_mode & S_IFMT) == S_IFREG else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// One `read(2)`, retried when interrupted.
    static func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IOFailure(what: .read, message: String(cString: strerror(errno)))
        }
    }

    /// Writes all the bytes to standard output (through stdio's buffer, shared with `Console`).
    static func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        if fwrite(p, 1, bytes.count, Console.standardOutput) != bytes.count {
            Console.noteWriteError()
            throw IOFailure(what: .write, message: String(cString: strerror(errno)))
        }
    }
}
