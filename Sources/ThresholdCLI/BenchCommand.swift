import Foundation
@_spi(Bench) import ThresholdKit

/// `threshold bench-eval RULES` (hidden, for bench/run.sh): times evaluation in process, on one thread.
enum BenchCommand {
    static let command = Command(
        name: "bench-eval", synopsis: "RULES", summary: "times evaluation in process, on one thread", hidden: true,
        about: """
            Times, on one thread, scoring N scenarios (default 2000000; rates are the fastest of three rounds of N/3),
            cycling over a pool of scenarios:
            P (default 1024) random but reproducible ones, or those in FILE.jsonl (bad lines are skipped).
            Prints one JSON object: outcome_per_s (Evaluator.outcomeLevel), evaluate_per_s (Evaluator.evaluate),
            full_per_s (evaluate, explain and write the result object, as `threshold batch` does), and the average result size.
            """,
        options: [
            .value("n", "N"), .value("pool", "P"), .value("input", "FILE.jsonl"),
            .flag("schema", help: "print the rule set's facts as JSON Lines instead (for bench/generate.py)"),
            .flag("outcomes", help: "print each pool scenario's outcome level, one per line, instead"),
            .value(
                "phase", "P", usage: "",
                help: """
                    time only outcome, evaluate or full (for profiling); or changes: the counterfactual
                    search alone (Counterfactuals.changes, as `score` and the server's default answer run it),
                    over at most 1,000 pool scenarios scored beforehand, n/40 calls; prints changes_per_s
                    """),
            .flag(
                "load", usage: "",
                help: "time loading and checking the rule set instead (RuleSetCompiler.load; no lint)"),
        ],
        column: 13, run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard let path = a.positional.first else {
            Console.err("\(command.help)\n")
            return .couldNotRun
        }
        guard let n = Int(a.value("n") ?? "2000000"), n > 0 else {
            Console.err("threshold bench-eval: `--n` must be a positive whole number\n")
            return .couldNotRun
        }
        let loadStart = now()
        guard let rs = Console.loadRuleSet(path, command: "bench-eval") else { return .couldNotRun }
        let loadSeconds = now() - loadStart
        if a.flag("schema") {
            Console.out(BenchScenarios.schema(rs))
            return .success
        }
        if a.flag("load") {
            // Load and check again twice more (warm file cache); report the fastest, and the first.
            var best = loadSeconds
            for _ in 0..<2 {
                let t = now()
                let out = RuleSetCompiler.load(path)
                best = min(best, now() - t)
                if out.ruleSet == nil { return .couldNotRun }
            }
            Console.out(
                "{\"rules\":\(rs.rules.count),\"facts\":\(rs.facts.count),\"load_s\":\(best),\"first_load_s\":\(loadSeconds)}\n"
            )
            return .success
        }

        // Each scenario's facts, with the slots it gave when read from a file (as `threshold batch` passes them).
        var pool: [FactVector]
        var changed: [[Int]?]
        if let file = a.value("input") {
            let input = ScenarioInput.load([file], against: rs)
            pool = input.scenarios.map(\.facts)
            changed = input.scenarios.map(\.given)
            if pool.isEmpty {
                // Say why (a file over the size limit, a bad line), not only that nothing was read.
                Console.diagnostics(input.diagnostics, sources: input.sources)
                Console.err("threshold bench-eval: \(file): no scenarios\n")
                return .couldNotRun
            }
        } else {
            pool = BenchScenarios.random(rs, count: max(1, Int(a.value("pool") ?? "") ?? 1024))
            changed = Array(repeating: nil, count: pool.count)
        }
        if a.flag("outcomes") {
            let ev = Evaluator(rs)
            Console.out(pool.map { rs.levels[ev.outcomeLevel($0)].name + "\n" }.joined())
            return .success
        }
        let phase = a.value("phase") ?? "all"
        if phase == "changes" { return changes(rs, pool, n: n) }
        let ev = Evaluator(rs)
        var check = 0
        let outcome =
            phase != "all" && phase != "outcome"
            ? 0 : timed(n) { i in check &+= ev.outcomeLevel(pool[i % pool.count], changed: changed[i % pool.count]) }
        let evaluate =
            phase != "all" && phase != "evaluate"
            ? 0
            : timed(n) { i in
                check &+= ev.evaluate(pool[i % pool.count], changed: changed[i % pool.count]).outcome
            }
        var writer = BenchResultWriter(rs)  // explains and writes as each thread of `threshold batch` does
        var bytes = 0
        var results = 0
        let fullN = phase != "all" && phase != "full" ? 0 : max(1, n / 4)
        let full = timed(fullN) { i in
            bytes += writer.write(ev.evaluate(pool[i % pool.count], changed: changed[i % pool.count]))
            results += 1
        }
        Console.out(
            figures([
                "rules": rs.rules.count, "facts": rs.facts.count, "scores": rs.scores.count, "pool": pool.count, "n": n,
                "outcome_per_s": outcome, "evaluate_per_s": evaluate, "full_per_s": full,
                "full_bytes_per_result": bytes / max(1, results), "check": check,
            ]))
        return .success
    }

    /// The counterfactual search alone, over results scored beforehand.
    static func changes(_ rs: RuleSet, _ pool: [FactVector], n: Int) -> Console.Exit {
        let scoring = Scoring(rs)
        let results = pool.prefix(1000).map { scoring.score($0) }
        var found = 0
        let rate = timed(max(1, n / 40)) { i in
            found &+= Counterfactuals.changes(for: results[i % results.count], scoring: scoring).count
        }
        Console.out(figures(["pool": results.count, "changes_per_s": rate, "check": found]))
        return .success
    }

    /// One JSON object of whole numbers, in the order given, and a newline: what bench/run.sh reads.
    static func figures(_ members: KeyValuePairs<String, Int>) -> String {
        var out = JSONWriter()
        out.beginObject()
        for (name, value) in members {
            out.key(name)
            out.int(value)
        }
        out.endObject()
        return out.text + "\n"
    }

    /// Runs `body` for 0..<n after a short warm-up, in three rounds of n/3; the rate per second of the
    /// fastest round (on a shared machine the others measure the neighbours too).
    static func timed(_ n: Int, _ body: (Int) -> Void) -> Int {
        if n == 0 { return 0 }
        for i in 0..<min(n, 10_000) { body(i) }
        let rounds = 3
        let per = max(1, n / rounds)
        var best = 0.0
        var i = 0
        for _ in 0..<rounds {
            let start = now()
            for _ in 0..<per {
                body(i)
                i += 1
            }
            best = max(best, Double(per) / max(1e-9, now() - start))
        }
        return Int(best)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
