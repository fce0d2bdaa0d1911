import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `threshold batch RULES`: JSON Lines in (stdin or `--input FILE`), one result object per line out.
/// The work is in `BatchScorer`; this reads and writes the bytes and reports bad lines on stderr.
enum BatchCommand {
    static let usage = """
        usage: threshold batch RULES [--input FILE] [--jobs N] [--changes]

        Scores JSON Lines against the rule set RULES: each input line is a scenario object
        ({"id": …, "facts": {…}}) or a bare facts object; each output line is the result object
        (the same as `score --format json`), in input order. A scenario without an id is named line-N.
          --input FILE   read FILE instead of standard input
          --jobs N       score on N threads (default: one per core; --jobs 1 for one thread);
                         the output is byte for byte the same for every N
          --changes      fill each result's "changes" with counterfactuals (slower; empty by default)
        A bad line (invalid JSON, unknown fact, wrong type) gives {"line": N, "error": "…"} on stdout and a
        message on stderr, and the batch goes on. Blank lines are skipped (no output) but counted in line
        numbers. Exit 2 if any line failed, otherwise 0.
        """

    static func run(_ args: [String]) -> Console.Exit {
        let a: Arguments
        do { a = try Arguments(args, valued: ["input", "jobs"], booleans: ["changes"]) } catch let p
            as Arguments.Problem
        {
            Console.err("threshold batch: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        guard a.positional.count == 1, let rulesPath = a.positional.first else {
            Console.err("threshold batch: name one rule set to score against\n\n\(usage)\n")
            return .couldNotRun
        }
        var jobs = defaultJobs
        if let j = a.value("jobs") {
            guard let n = Int(j), (1...256).contains(n) else {
                Console.err("threshold batch: `--jobs` must be a whole number from 1 to 256, not `\(j)`\n")
                return .couldNotRun
            }
            jobs = n
        }
        var fd: Int32 = 0
        let inputName = a.value("input") ?? "standard input"
        if let path = a.value("input"), path != "-" {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                Console.err("threshold batch: \(path): \(String(cString: strerror(errno)))\n")
                return .couldNotRun
            }
        }
        defer { if fd > 0 { close(fd) } }
        guard let ruleSet = Console.loadRuleSet(rulesPath, command: "batch") else { return .couldNotRun }

        let scorer = BatchScorer(ruleSet: ruleSet, options: .init(jobs: jobs, changes: a.flags.contains("changes")))
        let summary: BatchScorer.Summary
        do {
            summary = try scorer.run(
                read: { buffer in try readSome(fd, buffer) },
                write: { bytes in try writeAll(bytes) },
                failed: { f in Console.err("threshold batch: line \(f.line): \(f.message)\n") })
        } catch let e as IOFailure {
            Console.err("threshold batch: \(e.what == .read ? inputName : "standard output"): \(e.message)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        if summary.failed > 0 {
            Console.err(
                "threshold batch: \(summary.failed) of \(summary.lines - summary.blank) line\(summary.lines - summary.blank == 1 ? "" : "s") failed\n"
            )
            return .couldNotRun
        }
        return .success
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
            throw IOFailure(what: .write, message: String(cString: strerror(errno)))
        }
    }
}
