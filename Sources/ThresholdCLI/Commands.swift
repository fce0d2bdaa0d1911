import ThresholdKit

/// Dispatches to the subcommands and answers `help` and `--version`.
enum Commands {
    static let version = "threshold 1.0.0"

    /// Every command by its name, in the order `threshold --help` lists them, each built only when asked for:
    /// building all of them, with their help (each `--format`'s lines from its registry), took a tenth of a
    /// `batch` run's start-up. A new command is one line here.
    static let table: [(name: String, make: @Sendable () -> Command)] = [
        ("check", { CheckCommand.command }), ("score", { ScoreCommand.command }), ("test", { TestCommand.command }),
        ("repl", { ReplCommand.command }), ("batch", { BatchCommand.command }),
        ("holidays", { HolidaysCommand.command }), ("serve", { ServeCommand.command }),
        ("diff", { DiffCommand.command }), ("fmt", { FmtCommand.command }), ("audit", { AuditCommand.command }),
        ("lsp", { LspCommand.command }), ("bench-eval", { BenchCommand.command }),
        ("bench-lsp", { BenchLspCommand.command }),
    ]

    /// Every command, built: for `help` and an unknown command's suggestions.
    static let all: [Command] = table.compactMap { command(named: $0.name) }

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

    /// The command called `name`, and only that one built. (An entry whose command is called otherwise finds
    /// nothing: the tests ask for every name `help` lists.)
    static func command(named name: String) -> Command? {
        guard let found = table.first(where: { $0.name == name })?.make(), found.name == name else { return nil }
        return found
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
