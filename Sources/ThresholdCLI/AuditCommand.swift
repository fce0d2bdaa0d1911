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
    static let usage = """
        usage: threshold audit RULES DECISIONS… [--format text|json|html] [--min-group N] [--fail-below K]
                               [--sample N --seed S --sample-out FILE]

        Scores each recorded decision's facts against the rule set and compares the rules' answer with the
        level the front door recorded: the agreement matrix (recorded by the rules' answer), exact agreement,
        Cohen's kappa unweighted and linearly weighted over the ordered levels with 95% intervals, how often
        the rules give a higher or a lower level; the same per team and per practitioner; the disagreements
        grouped by cause (the rules, the cap and the facts that gave the rules' answer, with their sources);
        the decisions the rules leave provisional, with the questions unanswered; the distribution of
        outcomes; and timeliness (decided_at after the recorded level's due time). No decision's facts are
        printed, except in the dip sample.
          DECISIONS         JSON Lines ({"id", "facts": {…}, "recorded", "by", "team", "received",
                            "decided_at"} a line) or CSV (a header row of fact names and recorded, id, by,
                            team, received, decided_at; values in the fact's own syntax; an empty cell is
                            unknown); `-` for standard input. Bad rows are named on standard error, with
                            their file and line, and skipped.
          --format          text (default), json (one object: docs/audit.md), html (a self-contained page)
          --min-group N     report a team or a practitioner only with at least N decisions (default 10)
          --fail-below K    exit 1 when exact agreement is below K (a share from 0 to 1, e.g. 0.8)
          --sample N        a dip sample of N decisions, stratified by cell of the matrix, chosen with
          --seed S          the seed S (default 1), written as a .scenario file (the recorded level as a
          --sample-out FILE comment, the rules' answer as expectations) to FILE, which must not exist
        Exit 0, or 1 when agreement is below --fail-below; 2 on bad arguments, an unreadable file or a rule
        set with errors.
        """

    static func run(_ args: [String]) -> Console.Exit {
        let a: Arguments
        let format: String
        do {
            a = try Arguments(
                args, valued: ["format", "min-group", "fail-below", "sample", "seed", "sample-out"])
            format = try a.choice("format", ["text", "json", "html"], default: "text")
        } catch let p as Arguments.Problem {
            return fail(p.message, usage: true)
        } catch { return .couldNotRun }
        guard a.positional.count >= 2 else {
            return fail("name the rule set and at least one decisions file", usage: true)
        }
        var minGroup = 10
        if let v = a.value("min-group") {
            guard let n = Int(v), n >= 1 else { return fail("`--min-group` must be a whole number from 1, not `\(v)`") }
            minGroup = n
        }
        var failBelow: Double?
        if let v = a.value("fail-below") {
            guard let k = Double(v), k >= 0, k <= 1 else {
                return fail("`--fail-below` must be a share from 0 to 1 (0.8 for 80%), not `\(v)`")
            }
            failBelow = k
        }
        var sampleSize = 0
        if let v = a.value("sample") {
            guard let n = Int(v), (1...100_000).contains(n) else {
                return fail("`--sample` must be a whole number from 1 to 100000, not `\(v)`")
            }
            sampleSize = n
        }
        var seed: UInt64 = 1
        if let v = a.value("seed") {
            guard let s = UInt64(v) else { return fail("`--seed` must be a whole number from 0, not `\(v)`") }
            seed = s
        }
        let sampleOut = a.value("sample-out")
        if sampleSize > 0, sampleOut == nil { return fail("`--sample` needs `--sample-out FILE` to write it to") }
        if sampleOut != nil, sampleSize == 0 { return fail("`--sample-out` needs `--sample N`") }
        if let out = sampleOut, access(out, F_OK) == 0 {
            return fail("\(out) already exists; the sample is never written over a file")
        }

        let rulesPath = a.positional[0]
        guard let ruleSet = Console.loadRuleSet(rulesPath, command: "audit") else { return .couldNotRun }
        let run = AuditRun(
            ruleSet: ruleSet, options: .init(minGroup: minGroup, sampleSize: sampleSize, seed: seed))
        run.onSkip = { s in Console.err("threshold audit: \(s.description); skipped\n") }
        for path in a.positional.dropFirst() {
            let name = path == "-" ? "standard input" : path
            var fd: Int32 = 0
            if path != "-" {
                fd = open(path, O_RDONLY)
                guard fd >= 0 else { return fail("\(path): \(String(cString: strerror(errno)))") }
            }
            defer { if fd > 0 { close(fd) } }
            do { try run.addFile(name, read: { buffer in try BatchCommand.readSome(fd, buffer) }) } catch let e
                as BatchCommand.IOFailure
            {
                return fail("\(name): \(e.message)")
            } catch { return .couldNotRun }
            if let f = run.fileFailure { return fail(f) }
        }

        let report = run.report()
        switch format {
        case "json": Console.out(AuditJSONRenderer().render(report))
        case "html": Console.out(AuditHTMLRenderer().render(report))
        default: Console.out(AuditTextRenderer().render(report))
        }
        if report.skipped > 0 {
            Console.err("threshold audit: \(report.skipped) row\(report.skipped == 1 ? "" : "s") skipped\n")
        }
        if let out = sampleOut {
            let text = AuditSampleWriter().render(report, rulesPath: relativeRules(rulesPath, from: out))
            guard write(text, to: out) else { return .couldNotRun }
            Console.err("threshold audit: \(report.sampled) decisions sampled to \(out)\n")
        }
        if let k = failBelow, let agreement = report.overall.agreement, agreement < k { return .problemFound }
        return .success
    }

    static func fail(_ message: String, usage: Bool = false) -> Console.Exit {
        Console.err("threshold audit: \(message)\n" + (usage ? "\n\(AuditCommand.usage)\n" : ""))
        return .couldNotRun
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
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
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
