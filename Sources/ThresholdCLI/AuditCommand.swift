import Foundation
@_spi(CLI) import ThresholdKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `threshold audit RULES DECISIONS…`: recorded decisions compared with the rules. The work is in
/// `AuditRun`; this reads the files, writes the report and the dip sample.
enum AuditCommand {
    static let command = Command(
        name: "audit", synopsis: "RULES DECISIONS…",
        summary: "recorded decisions against the rules: agreement, kappa, causes, sample",
        about: """
            Scores each recorded decision's facts against the rule set and compares the rules' answer with the
            level the front door recorded: the agreement matrix (recorded by the rules' answer), exact agreement,
            Cohen's kappa unweighted and linearly weighted over the ordered levels with 95% intervals, how often
            the rules give a higher or a lower level; the same per team and per practitioner; the disagreements
            grouped by cause (the rules, the cap and the facts that gave the rules' answer, with their sources);
            the decisions the rules leave provisional, with the questions unanswered; the distribution of
            outcomes; and timeliness (decided_at after the recorded level's due time). No decision's facts are
            printed, except in the dip sample.
            """,
        arguments: [
            HelpRow(
                "DECISIONS",
                """
                JSON Lines ({"id", "facts": {…}, "recorded", "by", "team", "received",
                "decided_at"} a line) or CSV (a header row of fact names and recorded, id, by,
                team, received, decided_at; values in the fact's own syntax; an empty cell is
                unknown); `-` for standard input. Bad rows are skipped, and named on standard
                error with their file and line (the first 100; then a count); a decision read
                before (the same id and by) is counted once.
                """)
        ],
        options: [
            .format(AuditFormats.registry),
            .value(
                "min-group", "N", help: "report a team or a practitioner only with at least N decisions (default 10)"),
            .value(
                "fail-below", "K",
                help: "exit 1 when exact agreement is below K (0 to 1, e.g. 0.8) or a row was skipped"),
            .value(
                "sample", "N", usage: "[--sample N --seed S --sample-out FILE]", breaksUsage: true,
                help: "a dip sample of N decisions, stratified by cell of the matrix, chosen with"),
            .value(
                "seed", "S", usage: "",
                help: "the seed S (default 1), written as a .scenario file (the recorded level as a"),
            .value(
                "sample-out", "FILE", usage: "",
                help: "comment, the rules' answer as expectations) to FILE, which must not exist"),
        ],
        column: 18,
        footer: """
            Exit 0, or 1 when agreement is below --fail-below (or a row was skipped); 2 on bad arguments, an
            unreadable or empty file, no decision read, or a rule set with errors.
            """,
        run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard a.positional.count >= 2 else {
            return a.usageError("name the rule set and at least one decisions file")
        }
        var minGroup = 10
        if let v = a.value("min-group") {
            guard let n = Int(v), n >= 1 else {
                return a.fail("`--min-group` must be a whole number from 1, not `\(v)`")
            }
            minGroup = n
        }
        var failBelow: Double?
        if let v = a.value("fail-below") {
            guard let k = Double(v), k >= 0, k <= 1 else {
                return a.fail("`--fail-below` must be a share from 0 to 1 (0.8 for 80%), not `\(v)`")
            }
            failBelow = k
        }
        var sampleSize = 0
        if let v = a.value("sample") {
            guard let n = Int(v), (1...100_000).contains(n) else {
                return a.fail("`--sample` must be a whole number from 1 to 100000, not `\(v)`")
            }
            sampleSize = n
        }
        var seed: UInt64 = 1
        if let v = a.value("seed") {
            guard let s = UInt64(v) else { return a.fail("`--seed` must be a whole number from 0, not `\(v)`") }
            seed = s
        }
        let sampleOut = a.value("sample-out")
        if sampleSize > 0, sampleOut == nil { return a.fail("`--sample` needs `--sample-out FILE` to write it to") }
        if sampleOut != nil, sampleSize == 0 { return a.fail("`--sample-out` needs `--sample N`") }
        if sampleOut == "-" {
            // The report is on standard output; a file named `-` would be a surprise (an attack test found one).
            return a.fail("`--sample-out -`: the report is on standard output; name a file for the sample")
        }
        if let out = sampleOut, access(out, F_OK) == 0 {
            return a.fail("\(out) already exists; the sample is never written over a file")
        }
        if let out = sampleOut {
            // Found before the work, not after the report is printed.
            let folder = Paths.directory(of: out).isEmpty ? "." : Paths.directory(of: out)
            guard access(folder, W_OK) == 0 else {
                return a.fail("\(out): cannot write in \(folder): \(String(cString: strerror(errno)))")
            }
        }

        let rulesPath = a.positional[0]
        guard let ruleSet = Console.loadRuleSet(rulesPath, command: "audit") else { return .couldNotRun }
        let run = AuditRun(
            ruleSet: ruleSet, options: .init(minGroup: minGroup, sampleSize: sampleSize, seed: seed))
        let said = Console.Said(limit: 100, more: "threshold audit: more rows skipped: not each is said here\n")
        run.onSkip = { s in said.err("threshold audit: \(s.description); skipped\n") }
        for path in a.positional.dropFirst() {
            let name = path == "-" ? "standard input" : path
            var fd: Int32 = 0
            if path != "-" {
                fd = open(path, O_RDONLY)
                guard fd >= 0 else { return a.fail("\(path): \(String(cString: strerror(errno)))") }
            }
            defer { if fd > 0 { close(fd) } }
            do { try run.addFile(name, read: { buffer in try BatchCommand.readSome(fd, buffer) }) } catch let e
                as BatchCommand.IOFailure
            {
                return a.fail("\(name): \(e.message)")
            } catch { return .couldNotRun }
            if let f = run.fileFailure { return a.fail(f) }
        }

        let report = run.report()
        guard report.decisions > 0 else {
            // Nothing to measure agreement on: not a pass.
            let one = a.positional.count == 2
            return a.fail(
                report.skipped > 0
                    ? "no decision was read: every row of the file\(one ? "" : "s") was skipped (\(report.skipped))"
                    : "no decision was read: the file\(one ? " holds" : "s hold") only a header")
        }
        Console.out(a.format(AuditFormats.registry).render(report, .init()))
        if report.skipped > 0 {
            Console.err("threshold audit: \(report.skipped) row\(report.skipped == 1 ? "" : "s") skipped\n")
        }
        if let out = sampleOut {
            let text = AuditSampleWriter().render(report, rulesPath: relativeRules(rulesPath, from: out))
            guard write(text, to: out) else { return .couldNotRun }
            Console.err("threshold audit: \(report.sampled) decisions sampled to \(out)\n")
        }
        if let k = failBelow {
            if let agreement = report.overall.agreement, agreement < k { return .problemFound }
            // A gate on part of the decisions is not a pass.
            if report.skipped > 0 {
                Console.err(
                    "threshold audit: --fail-below: rows were skipped, so the agreement is of part of the file\n")
                return .problemFound
            }
        }
        return .success
    }

    /// The rules' path as the sample file's `rules` line gives it: relative to the sample's folder.
    static func relativeRules(_ rules: String, from out: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute: (String) -> String = { $0.hasPrefix("/") ? Paths.normalize($0) : Paths.join(cwd, $0) }
        return Paths.relative(absolute(rules), from: Paths.directory(of: absolute(out)))
    }

    /// Writes a new file (never over an existing one); false, with the reason on standard error, if it cannot.
    static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            Console.err("threshold audit: \(path): \(String(cString: strerror(errno)))\n")
            return false
        }
        defer { close(fd) }
        var text = text
        return text.withUTF8 { buf in
            guard let base = buf.baseAddress else { return true }  // nothing to write
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, base + done, buf.count - done)
                if n <= 0 {
                    Console.err("threshold audit: \(path): \(String(cString: strerror(errno)))\n")
                    return false
                }
                done += n
            }
            return true
        }
    }
}
