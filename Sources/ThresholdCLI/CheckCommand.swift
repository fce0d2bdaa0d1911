import ThresholdKit

/// `threshold check PATH…`: load rule sets and scenario files, print every error and warning.
enum CheckCommand {
    static let usage = """
        usage: threshold check PATH… [--strict] [--format text|json]

        Loads rule sets (.rules) and scenario files (.scenario); folders are searched recursively.
        Prints every error and warning with its place. Exit 1 on any error (with --strict, on any warning too).
        A file without a `ruleset` header is a fragment: on its own only its syntax is checked.
          --format text|json  text (default): `file:line:column: error[code]: message`, the line and a caret;
                              json: one object with each finding's file, line, column, severity, code,
                              message, hint and notes (docs/language.md §2.10 lists the codes)
        """

    static func run(_ args: [String]) -> Console.Exit {
        let parsed: Arguments
        let format: String
        do {
            parsed = try Arguments(args, valued: ["format"], booleans: ["strict"])
            format = try parsed.choice("format", ["text", "json"], default: "text")
        } catch let p as Arguments.Problem {
            Console.err("threshold check: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        guard !parsed.positional.isEmpty else {
            Console.err("threshold check: name at least one file or folder\n\n\(usage)\n")
            return .couldNotRun
        }
        let files: [String]
        do { files = try FileFinder.expand(parsed.positional, extensions: ["rules", "scenario"]) } catch let m
            as FileFinder.Missing
        {
            Console.err("threshold check: \(m.path): no such file or folder\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        let report = FileSetChecker.check(files, lint: RuleLinter.lint)
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        if format == "json" {
            Console.out(DiagnosticJSONRenderer().render(files: files, diagnostics: report.diagnostics))
        } else {
            Console.diagnostics(report.diagnostics, sources: report.sources, toStdout: true)
            Console.out(
                "checked \(files.count) file\(files.count == 1 ? "" : "s"): \(DiagnosticRenderer.summary(errors: errors, warnings: warnings))\n"
            )
        }
        if errors > 0 || (parsed.flags.contains("strict") && warnings > 0) { return .problemFound }
        return .success
    }
}
