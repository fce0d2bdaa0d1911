import Foundation
@_spi(CLI) import ThresholdKit
import ThresholdServer

/// `threshold serve RULES…`: the decision API and the workbench over HTTP. The work is in `APIService`
/// (the library) and `HTTPServer`; this reads the options, applies the loopback rule and logs.
enum ServeCommand {
    static let command = Command(
        name: "serve", synopsis: "RULES…", summary: "an HTTP JSON API (/v1) and the workbench in the browser",
        usageWrap: .underOptions,
        about: """
            Serves the rule sets RULES over HTTP/1.1 with keep-alive: a JSON API under /v1 (score, batch,
            rulesets, whatif, whynot, next-questions), /health, /metrics, and the workbench at /.
            See docs/api.md.
            """,
        options: [
            .value(
                "host", "HOST", usage: "[--host 127.0.0.1]",
                help: """
                    the address to listen on (default 127.0.0.1, loopback only); any other
                    address needs a token. Loopback is judged by the address: 127.x.x.x, ::1
                    or localhost (a name such as 127.invalid is not loopback)
                    """),
            .value(
                "allowed-host", "NAME", repeatable: true, usage: "",
                help: """
                    also answer requests whose Host is NAME (or NAME:PORT; `*`: any); by default
                    only the --host value and, for loopback, 127.0.0.1, localhost and [::1],
                    each with or without the port, are answered; others get 421 (DNS rebinding)
                    """),
            .value(
                "port", "PORT", usage: "[--port 8080]",
                help: "the port (default 8080; 0 picks a free one, printed at start)"),
            .value(
                "token", "TOKEN",
                help: """
                    require `Authorization: Bearer TOKEN` on /v1 and /metrics (or set
                    THRESHOLD_TOKEN)
                    """),
            .value("cors", "ORIGIN", help: "allow browser calls from ORIGIN (none by default)"),
            .flag("watch", help: "reload rule files when they change; on errors the old rules stay in use"),
            .flag(
                "allow-edit",
                help: """
                    let the workbench's rules editor save a rule file (with the token; the
                    previous text kept as FILE.previous); without it, saves are refused (403)
                    """),
            .value(
                "cases", "FOLDER", repeatable: true, usage: "[--allowed-host NAME]… [--cases FOLDER]…",
                breaksUsage: true,
                help: """
                    where the workbench looks for worked cases (.scenario files); default: each
                    rule file's folder and the `scenarios` folder beside it
                    """),
            .value("max-body", "BYTES", help: "the largest request body (default 8388608)"),
            seconds("header-timeout", "from a request's first byte to the end of its head (default 10)"),
            seconds("body-timeout", "from the end of a request's head to the end of its body (default 10)"),
            .value(
                "request-timeout", "S",
                usage: """
                    [--request-timeout SECONDS] [--write-timeout SECONDS]
                    [--header-timeout SECONDS] [--body-timeout SECONDS] [--idle-timeout SECONDS]
                    """, breaksUsage: true, help: "sets both of the above"),
            seconds("idle-timeout", "a keep-alive connection may wait for its next request (default 30)"),
            .value(
                "write-timeout", "S", usage: "",
                help: """
                    seconds a response may wait for the client to read, in all (default 10);
                    each 64 KiB the client reads gives a second back
                    """),
            .value(
                "max-connections", "N", breaksUsage: true,
                help: "connections open at once (default 10000); beyond, 503 with Retry-After"),
            .value(
                "workers", "N",
                help: """
                    scoring threads (default: one per core), and as many again for /v1/batch,
                    so that a batch never holds a thread another request waits for
                    """),
            .value(
                "stream-buffer", "BYTES",
                help: """
                    bytes of a streamed answer (/v1/batch) that may wait for a slow reader
                    (default 1048576); beyond, its scoring pauses until the client reads
                    """),
            .value(
                "max-queue", "N",
                help: """
                    requests waiting for a scoring thread (default 256; as many again for
                    /v1/batch); beyond, 503 with Retry-After. /health and /metrics never wait
                    """),
            .value(
                "batch-lines", "N", breaksUsage: true,
                help: """
                    lines one /v1/batch request scores (default 10000); the answer then ends
                    with {"stopped": {"at_line": N, "reason": "line_limit", …}}
                    """),
            .value(
                "batch-seconds", "S", usage: "[--batch-seconds SECONDS]",
                help: """
                    seconds one /v1/batch request may score for (default 10); then it stops
                    the same way, with "reason": "time_limit"
                    """),
            .value(
                "exercise", "CASES", usage: "[--exercise CASES.scenario [--ratings FILE]]", breaksUsage: true,
                help: """
                    run a calibration exercise over the scenarios of CASES, one at a time, with
                    the first rule set: prints a join link for trainees (a random code that
                    opens only the exercise's trainee endpoints); the presenter's view is
                    /?exercise=presenter. See docs/audit.md
                    """),
            .value(
                "ratings", "FILE", usage: "",
                help: """
                    where ratings are appended as they come (default: CASES with
                    .ratings.jsonl for .scenario); an existing file is read back to resume
                    """),
        ],
        column: 23, footer: "Logs carry counts, timings and errors only: never facts or scenario ids.", run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard !a.positional.isEmpty else { return a.usageError("name at least one rule set to serve") }
        let host = a.value("host") ?? "127.0.0.1"
        let seconds = "a number of seconds from 0 to 3600"
        let inSeconds: (Double) -> Bool = { $0 > 0 && $0 <= 3600 }
        let timeout = a.value("request-timeout") ?? "10"
        guard let port: Int = number(a, "port", "8080", "a whole number from 0 to 65535", { (0...65535).contains($0) }),
            let maxBody: Int = number(
                a, "max-body", "8388608", "a whole number of bytes, at least 1024", { $0 >= 1024 }),
            let _: Double = number(a, "request-timeout", "10", seconds, inSeconds),
            let writeTimeout: Double = number(a, "write-timeout", "10", seconds, inSeconds),
            let maxConnections: Int = number(
                a, "max-connections", "10000", "a whole number from 1 to 1000000", { (1...1_000_000).contains($0) }),
            let headerTimeout: Double = number(a, "header-timeout", timeout, seconds, inSeconds),
            let bodyTimeout: Double = number(a, "body-timeout", timeout, seconds, inSeconds),
            let idleTimeout: Double = number(a, "idle-timeout", "30", seconds, inSeconds),
            let workers: Int = number(
                a, "workers", "0", "a whole number from 0 (one per core) to 1024", { (0...1024).contains($0) }),
            let maxQueue: Int = number(
                a, "max-queue", "256", "a whole number from 1 to 1000000", { (1...1_000_000).contains($0) }),
            let batchLines: Int = number(a, "batch-lines", "10000", "a whole number, at least 1", { $0 >= 1 }),
            let batchSeconds: Double = number(a, "batch-seconds", "10", seconds, inSeconds),
            let streamBuffer: Int = number(
                a, "stream-buffer", "1048576", "a whole number of bytes from 65536 to 1073741824",
                { (65536...1 << 30).contains($0) })
        else { return .couldNotRun }
        let allowedHosts = a.options["allowed-host"] ?? []
        if let bad = allowedHosts.first(where: { h in
            h.isEmpty
                || h.contains(where: { $0 == " " || $0 == "/" || $0.asciiValue.map { $0 < 33 || $0 > 126 } ?? true })
        }) {
            Console.err("threshold serve: `--allowed-host \(bad)` is not a host name (NAME or NAME:PORT, or *)\n")
            return .couldNotRun
        }
        let givenToken = a.value("token")
        let environmentToken = ProcessInfo.processInfo.environment["THRESHOLD_TOKEN"]
        if givenToken == "" {
            // `--token "$TOKEN"` with TOKEN unset would otherwise serve with no token at all.
            Console.err("threshold serve: --token is empty: give a token, or leave --token out\n")
            return .couldNotRun
        }
        if givenToken == nil, environmentToken == "" {
            Console.err("threshold serve: THRESHOLD_TOKEN is set but empty: no token is required\n")
        }
        let token: String?
        switch ServePolicy.decide(host: host, token: givenToken ?? environmentToken) {
        case .success(let t): token = t
        case .failure(let refusal):
            Console.err("threshold serve: \(refusal.message)\n")
            return .couldNotRun
        }
        var caseFolders = a.options["cases"] ?? []
        if caseFolders.isEmpty {
            for path in a.positional {
                let dir = Paths.directory(of: path).isEmpty ? "." : Paths.directory(of: path)
                caseFolders.append(dir)
                let beside = Paths.join(
                    Paths.directory(of: dir == "." ? "" : dir).isEmpty ? "." : Paths.directory(of: dir), "scenarios")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: beside, isDirectory: &isDir), isDir.boolValue {
                    caseFolders.append(beside)
                }
            }
        }
        var seen = Set<String>()
        caseFolders = caseFolders.filter { seen.insert(Paths.normalize($0)).inserted }
        let ruleSets = ServiceRuleSets(paths: a.positional, caseFolders: caseFolders)
        var broken = 0
        for e in ruleSets.all where e.ruleSet == nil {
            broken += 1
            Console.err("threshold serve: \(e.path) has \(e.errors.count) error\(e.errors.count == 1 ? "" : "s"):\n")
            Console.err(DiagnosticRenderer(sources: [:]).render(e.errors))
        }
        if broken == ruleSets.all.count && !a.flags.contains("watch") { return .couldNotRun }

        var exercise: Exercise?
        if let cases = a.value("exercise") {
            guard let rs = ruleSets.all.first?.ruleSet else {
                Console.err("threshold serve: an exercise needs the first rule set to load\n")
                return .couldNotRun
            }
            let base = cases.hasSuffix(".scenario") ? String(cases.dropLast(".scenario".count)) : cases
            do {
                exercise = try Exercise.open(
                    casesPath: cases, ratingsPath: a.value("ratings") ?? base + ".ratings.jsonl", ruleSet: rs)
            } catch {
                Console.err("threshold serve: \(error.message)\n")
                return .couldNotRun
            }
        } else if a.value("ratings") != nil {
            Console.err("threshold serve: `--ratings` goes with `--exercise CASES.scenario`\n")
            return .couldNotRun
        }
        let service = APIService(
            ruleSets: ruleSets,
            configuration: .init(
                token: token, corsOrigin: a.value("cors"), batchLines: batchLines, batchSeconds: batchSeconds,
                allowEdit: a.flag("allow-edit")),
            exercise: exercise)
        let server = HTTPServer(
            configuration: .init(
                host: host, port: port, limits: HTTPLimits(bodyBytes: maxBody),
                headerTimeout: headerTimeout, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout,
                writeTimeout: writeTimeout, maxConnections: maxConnections,
                workers: workers, maxQueue: maxQueue, allowedHosts: allowedHosts, streamBuffer: streamBuffer),
            service: service, log: { Console.err("threshold serve: \($0)\n") })
        let bound: Int
        do { bound = try server.bind() } catch {
            Console.err("threshold serve: \(error.message)\n")
            return .couldNotRun
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        Console.err(
            "threshold serve: \(ruleSets.all.count) rule set\(ruleSets.all.count == 1 ? "" : "s") ("
                + ruleSets.all.map(\.name).joined(separator: ", ") + "), "
                + ruleSets.all.reduce(0) { $0 + $1.cases.count }.description + " worked case files"
                + (token == nil ? "" : ", token required") + (a.flags.contains("watch") ? ", watching for changes" : "")
                + "\n")
        Console.out("listening on http://\(shown):\(bound)/\n")
        if let exercise {
            // A wildcard address is not a name the room can use: the first --allowed-host is, if given.
            let wildcard = host == "0.0.0.0" || host == "::"
            let name =
                wildcard ? (allowedHosts.first { $0 != "*" } ?? "HOST") : shown
            let origin = HostPolicy.hasPort(name) ? name : "\(name):\(bound)"
            Console.out(
                "exercise: \(exercise.caseCount) cases, ratings in \(exercise.ratingsPath)\n"
                    + "join link: http://\(origin)/join?code=\(exercise.code)\n"
                    + "presenter: http://\(shown):\(bound)/?exercise=presenter\n")
        }
        fflush(Console.standardOutput)
        if a.flags.contains("watch") { RuleWatcher.start(ruleSets, metrics: service.metrics) }
        server.run()
    }

    /// A time limit folded into `--request-timeout`'s usage line: help "seconds …".
    static func seconds(_ name: String, _ help: String) -> Option {
        .value(name, "S", usage: "", help: "seconds " + help)
    }

    /// `--name`'s value (`fallback` when it is not given) as a number that passes `valid`, or nil after saying
    /// on standard error that it must be `what`.
    static func number<T: LosslessStringConvertible>(
        _ a: Arguments, _ name: String, _ fallback: String, _ what: String, _ valid: (T) -> Bool
    ) -> T? {
        if let v = T(a.value(name) ?? fallback), valid(v) { return v }
        Console.err("threshold serve: `--\(name)` must be \(what)\n")
        return nil
    }
}

/// `--watch`: looks at the rule files' modification times every half second and reloads those changed.
enum RuleWatcher {
    static func start(_ ruleSets: ServiceRuleSets, metrics: ServiceMetrics) {
        let thread = Thread {
            while true {
                usleep(500_000)
                for (name, errors) in ruleSets.reloadChanged() {
                    metrics.recordReload(failed: errors > 0)
                    if errors == 0 {
                        Console.err("threshold serve: reloaded \(name)\n")
                    } else {
                        Console.err(
                            "threshold serve: \(name) has \(errors) error\(errors == 1 ? "" : "s"); the old rules stay in use\n"
                        )
                        if let e = ruleSets.entry(name) {
                            Console.err(DiagnosticRenderer(sources: [:]).render(e.errors))
                        }
                    }
                }
            }
        }
        thread.start()
    }
}
