import ThresholdKit

/// `threshold test PATH…`: run the `expect` clauses of scenario files and report.
enum TestCommand {
    static let usage = """
        usage: threshold test PATH… [--format text|junit|json|html] [--coverage [--verbose]] [--filter PATTERN]

        Runs the `expect` clauses of .scenario files (folders are searched recursively). Each file is scored
        against the rule set its `rules` line names; each distinct rule set is loaded once.
          --format text|junit|json  text (default): PASS/FAIL per scenario, and for each failure the clauses
                                    that failed (expected, and what happened) and a brief explanation of the
                                    result; the last line is "N passed, N failed".
                                    junit: JUnit XML for CI (a testsuite per file, a testcase per scenario).
                                    json: one JSON document with every result, failure and a summary.
                                    html: one self-contained HTML page: counts, a table of scenarios with
                                    their outcomes, each failure expanded, and coverage as a chart.
          --coverage                also report, per rule set, the rules never fired, bands never reached,
                                    advice never given and facts never given a value, with percentages;
                                    in text, the PASS lines are left out (failures are still shown)
          --verbose                 with --coverage: the PASS lines too
          --filter PATTERN          only scenarios whose id or title contains PATTERN (ignoring case)

        Exit 0 when every expectation holds (also when no scenario ran: a note says why), 1 when one fails,
        2 when a file could not be loaded (its errors go to standard error; the other files still run).
        """

    static func run(_ args: [String]) -> Console.Exit {
        let a: Arguments
        let format: String
        do {
            a = try Arguments(args, valued: ["format", "filter"], booleans: ["coverage", "verbose"])
            format = try a.choice("format", ["text", "junit", "json", "html"], default: "text")
        } catch let p as Arguments.Problem {
            Console.err("threshold test: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        guard !a.positional.isEmpty else {
            Console.err("threshold test: name at least one .scenario file or folder\n\n\(usage)\n")
            return .couldNotRun
        }
        let files: [String]
        do { files = try FileFinder.expand(a.positional, extensions: ["scenario"]) } catch let m as FileFinder.Missing {
            Console.err("threshold test: \(m.path): no such file or folder\n")
            return .couldNotRun
        } catch { return .couldNotRun }

        let coverage = a.flags.contains("coverage")
        let report = TestRunner(filter: a.value("filter")).run(files)
        let diagnostics = report.diagnostics
        if !diagnostics.isEmpty { Console.diagnostics(diagnostics, sources: report.sources) }
        switch format {
        case "junit":
            Console.out(TestReportJUnitRenderer().render(report))
        case "html":
            Console.out(HTMLTestReportRenderer().render(report))
        case "json":
            Console.out(TestReportJSONRenderer(coverage: coverage).render(report) + "\n")
        default:
            let passes = !coverage || a.flags.contains("verbose")
            Console.out(TestReportTextRenderer(coverage: coverage, passes: passes).render(report))
        }
        if format != "text", let note = report.emptyRunNote { Console.err("threshold test: note: \(note)\n") }
        if !report.unloadable.isEmpty {
            let n = report.unloadable.count
            Console.err(
                "threshold test: \(n) file\(n == 1 ? "" : "s") could not be loaded; \(n == 1 ? "its" : "their") scenarios did not run\n"
            )
        }
        return Console.Exit(rawValue: report.exitStatus) ?? .couldNotRun
    }
}
