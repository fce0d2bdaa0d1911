import ThresholdKit

/// Dispatches to the subcommands and answers `help` and `--version`.
enum Commands {
    static let version = "threshold 1.0.0"

    static let overview = """
        threshold: rule-based decision support for children's safeguarding front doors

        usage: threshold COMMAND [ARGUMENTS]

        commands:
          check PATH…               check rule sets and scenario files; print every error and warning
          score RULES [SCENARIOS…]  score scenarios (.scenario or .json) against a rule set, and explain
          test PATH…                run the expectations in .scenario files
          repl [RULES]              an interactive session: set facts, score, ask why, play what if
          batch RULES               JSON Lines in, JSON Lines out: one result per input line
          holidays CALENDAR|RULES --year Y  the holidays working days skip in a year
          serve RULES…              an HTTP JSON API (/v1) and the workbench in the browser
          diff OLD NEW [PATH…]      what a revision of a rule set changes: outcomes, causes, rule changes
          fmt [--write|--check] PATH…  lay out rule sets and scenario files in the canonical layout
          audit RULES DECISIONS…    recorded decisions against the rules: agreement, kappa, causes, sample
          lsp                       the Language Server Protocol on standard input and output, for editors
          help [COMMAND]            what a command does
          --version                 the version

        exit codes: 0 success, 1 a problem found (a failed expectation, an error in check), 2 could not run
        """

    static let table: [String: (usage: String, run: @Sendable ([String]) -> Console.Exit)] = [
        "check": (CheckCommand.usage, CheckCommand.run),
        "score": (ScoreCommand.usage, ScoreCommand.run),
        "test": (TestCommand.usage, TestCommand.run),
        "repl": (ReplCommand.usage, ReplCommand.run),
        "batch": (BatchCommand.usage, BatchCommand.run),
        "holidays": (HolidaysCommand.usage, HolidaysCommand.run),
        "serve": (ServeCommand.usage, ServeCommand.run),
        "diff": (DiffCommand.usage, DiffCommand.run),
        "fmt": (FmtCommand.usage, FmtCommand.run),
        "audit": (AuditCommand.usage, AuditCommand.run),
        "lsp": (LspCommand.usage, LspCommand.run),
        "bench-eval": (BenchCommand.usage, BenchCommand.run),  // hidden: bench/run.sh
        "bench-lsp": (BenchLspCommand.usage, BenchLspCommand.run),  // hidden: bench/lsp-bench.sh
    ]

    static func run(_ args: [String]) -> Console.Exit {
        guard let first = args.first else {
            Console.err(overview + "\n")
            return .couldNotRun
        }
        let rest = Array(args.dropFirst())
        switch first {
        case "--version", "version":
            Console.out(version + "\n")
            return .success
        case "help", "--help", "-h":
            guard let topic = rest.first else {
                Console.out(overview + "\n")
                return .success
            }
            guard let entry = table[topic] else {
                Console.err("threshold help: no command `\(topic)`\n\n\(overview)\n")
                return .couldNotRun
            }
            Console.out(entry.usage + "\n")
            return .success
        default:
            guard let entry = table[first] else {
                let near =
                    Suggestions.nearest(to: first, in: table.keys.sorted()).map { " (did you mean `\($0)`?)" } ?? ""
                Console.err("threshold: unknown command `\(first)`\(near)\n\n\(overview)\n")
                return .couldNotRun
            }
            if rest.contains("--help") || rest.contains("-h") {
                Console.out(entry.usage + "\n")
                return .success
            }
            return entry.run(rest)
        }
    }
}
