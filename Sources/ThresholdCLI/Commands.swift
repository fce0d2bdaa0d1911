import ThresholdKit

/// Dispatches to the subcommands and answers `help` and `--version`.
enum Commands {
    static let version = "threshold 1.0.0"

    /// Every command, in the order `threshold --help` lists them. A new command is one line here.
    /// Every command's name, in the order `help` lists them.
    static let names = [
        "check", "score", "test", "repl", "batch", "holidays", "serve", "diff", "fmt", "audit", "lsp", "bench-eval",
        "bench-lsp",
    ]

    /// Every command, built (with its help) on first use: for `help` and an unknown command's suggestions.
    static let all: [Command] = names.compactMap(command(named:))

    static let overview: String = {
        let rows =
            all.filter { !$0.hidden }.map(\.overviewRow) + [
                HelpRow("help [COMMAND]", "what a command does"), HelpRow("--version", "the version"),
            ]
        let listed = rows.map { "  " + $0.label + String(repeating: " ", count: max(2, 26 - $0.label.count)) + $0.text }
        return """
            threshold: rule-based decision support for children's safeguarding front doors

            usage: threshold COMMAND [ARGUMENTS]

            commands:
            \(listed.joined(separator: "\n"))

            exit codes: 0 success, 1 a problem found (a failed expectation, an error in check), 2 could not run
            """
    }()

    /// The command called `name`, and only that one built: building all of them, with their help (each
    /// `--format`'s lines from its registry), took a tenth of a `batch` run's start-up.
    static func command(named name: String) -> Command? {
        let found: Command? =
            switch name {
            case "check": CheckCommand.command
            case "score": ScoreCommand.command
            case "test": TestCommand.command
            case "repl": ReplCommand.command
            case "batch": BatchCommand.command
            case "holidays": HolidaysCommand.command
            case "serve": ServeCommand.command
            case "diff": DiffCommand.command
            case "fmt": FmtCommand.command
            case "audit": AuditCommand.command
            case "lsp": LspCommand.command
            case "bench-eval": BenchCommand.command
            case "bench-lsp": BenchLspCommand.command
            default: nil
            }
        // (A case whose command is called otherwise finds nothing: the tests ask for every name `help` lists.)
        return found?.name == name ? found : nil
    }

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
            guard let topic = rest.first, topic != "help" else {
                Console.out(overview + "\n")
                return .success
            }
            guard let command = command(named: topic) else {
                Console.err("threshold help: no command `\(topic)`\n\n\(overview)\n")
                return .couldNotRun
            }
            Console.out(command.help + "\n")
            return .success
        default:
            guard let command = command(named: first) else {
                let names = all.map(\.name).sorted()
                let near = Suggestions.nearest(to: first, in: names).map { " (did you mean `\($0)`?)" } ?? ""
                Console.err("threshold: unknown command `\(first)`\(near)\n\n\(overview)\n")
                return .couldNotRun
            }
            // Before `--` only: after it, `-h` is a file's name.
            let options = rest.prefix { $0 != "--" }
            if options.contains("--help") || options.contains("-h") {
                Console.out(command.help + "\n")
                return .success
            }
            let arguments: Arguments
            do { arguments = try Arguments(rest, for: command) } catch { return command.usageError(error.message) }
            return command.run(arguments)
        }
    }
}
