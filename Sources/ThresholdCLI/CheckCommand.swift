import ThresholdKit

/// `threshold check PATH…`: load rule sets and scenario files, print every error and warning.
enum CheckCommand {
    static let command = Command(
        name: "check", synopsis: "PATH…",
        summary: "check rule sets and scenario files; print every error and warning",
        about: """
            Loads rule sets (.rules) and scenario files (.scenario); folders are searched recursively.
            Prints every error and warning with its place. Exit 1 on any error (with --strict, on any warning too).
            A file without a `ruleset` header is a fragment: on its own only its syntax is checked.
            """,
        options: [
            .flag("strict"),
            .format(DiagnosticFormats.registry),
        ],
        column: 20, run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard !a.positional.isEmpty else { return a.usageError("name at least one file or folder") }
        guard let files = FileFinder.expand(a.positional, extensions: ["rules", "scenario"], for: a) else {
            return .couldNotRun
        }
        if files.isEmpty {
            // As `fmt` and `test` say it: "checked 0 files" alone would read as a clean rule set.
            Console.err("note: no .rules or .scenario files found\n")
        }
        let report = FileSetChecker.check(files, lint: RuleLinter.lint)
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        let findings = DiagnosticFormats.Findings(files: files, report: report)
        Console.out(
            a.format(DiagnosticFormats.registry).render(
                findings, .init(color: Console.colorAllowed && Console.stdoutIsTerminal)))
        if errors > 0 || (a.flag("strict") && warnings > 0) { return .problemFound }
        return .success
    }
}
