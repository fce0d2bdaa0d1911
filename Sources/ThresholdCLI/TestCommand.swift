import ThresholdKit

/// `threshold test PATH…`: run the `expect` clauses of scenario files and report.
enum TestCommand {
    static let command = Command(
        name: "test", synopsis: "PATH…", summary: "run the expectations in .scenario files",
        about: """
            Runs the `expect` clauses of .scenario files (folders are searched recursively). Each file is scored
            against the rule set its `rules` line names; each distinct rule set is loaded once.
            """,
        options: [
            .format(TestReportFormats.registry),
            .flag(
                "coverage", usage: "[--coverage [--verbose]]",
                help: """
                    also report, per rule set, the rules never fired, bands never reached,
                    advice never given and facts never given a value, with percentages;
                    in text, the PASS lines are left out (failures are still shown)
                    """),
            .flag("verbose", usage: "", help: "with --coverage: the PASS lines too"),
            .value("filter", "PATTERN", help: "only scenarios whose id or title contains PATTERN (ignoring case)"),
        ],
        column: 26,
        footer: """

            Exit 0 when every expectation holds (also when no scenario ran: a note says why), 1 when one fails,
            2 when a file could not be loaded (its errors go to standard error; the other files still run).
            """,
        run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard !a.positional.isEmpty else { return a.usageError("name at least one .scenario file or folder") }
        // JSON scenarios name no rule set, so they cannot be tested on their own.
        if let json = a.positional.first(where: {
            ScenarioInput.isJSON($0)
        }) {
            return a.fail(
                "\(json): `threshold test` runs .scenario files, which name their rule set; score JSON scenarios with "
                    + "the rules: `threshold score RULES \(json)`")
        }
        guard let files = FileFinder.expand(a.positional, extensions: ["scenario"], for: a) else {
            return .couldNotRun
        }
        let format = a.format(TestReportFormats.registry)
        let coverage = a.flag("coverage")
        let report = TestRunner(filter: a.value("filter")).run(files)
        let diagnostics = report.diagnostics
        if !diagnostics.isEmpty { Console.diagnostics(diagnostics, sources: report.sources) }
        Console.out(format.render(report, .init(coverage: coverage, passes: !coverage || a.flag("verbose"))))
        if format.name != "text", let note = report.emptyRunNote { _ = a.fail("note: \(note)") }
        if !report.unloadable.isEmpty {
            let n = report.unloadable.count
            _ = a.fail(
                "\(n) file\(n == 1 ? "" : "s") could not be loaded; \(n == 1 ? "its" : "their") scenarios did not run")
        }
        return Console.Exit(rawValue: report.exitStatus) ?? .couldNotRun
    }
}
