import ThresholdKit

/// `threshold fmt [--write | --check] PATH…`: the canonical layout of rule sets and scenario files.
enum FmtCommand {
    static let command = Command(
        name: "fmt", synopsis: "[--write | --check] PATH…",
        summary: "lay out rule sets and scenario files in the canonical layout",
        overviewLabel: "fmt [--write|--check] PATH…",
        about: """
            Lays out .rules and .scenario files in one canonical layout (docs/language.md, "Layout"); folders are
            searched recursively. Comments are kept and only whitespace changes, so a rule set means what it meant.
            Prints the formatted text to standard output.
            """,
        options: [
            .flag(
                "write", usage: "",
                help: "rewrite each file that would change, in place and atomically; unchanged files are not touched"),
            .flag(
                "check", usage: "",
                help: "print nothing but the names of the files that would change; exit 1 when there are any"),
        ],
        column: 9,
        footer: """
            A file with syntax errors is not formatted: its errors are printed as `check` prints them, and the exit
            status is 2.
            """,
        run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        let write = a.flag("write")
        let check = a.flag("check")
        guard !(write && check) else { return a.usageError("give --write or --check, not both") }
        guard !a.positional.isEmpty else { return a.usageError("name at least one file or folder") }
        guard let files = FileFinder.expand(a.positional, extensions: ["rules", "scenario"], for: a) else {
            return .couldNotRun
        }
        if files.isEmpty {
            // As `test` says of a folder without worked cases: silence would read as "all formatted".
            Console.err("note: no .rules or .scenario files found\n")
        }
        let fileSystem = LocalReplFileSystem()
        var exit = Console.Exit.success
        for path in files {
            let text: String
            switch fileSystem.read(path) {
            case .success(let t): text = t
            case .failure(let e):
                Console.err("threshold fmt: \(path): \(e.message)\n")
                exit = .couldNotRun
                continue
            }
            switch SourceFormatter.format(text, path: path) {
            case .invalid(let errors, let file):
                Console.diagnostics(errors, sources: [path: file])
                exit = .couldNotRun
            case .formatted(let formatted):
                if check {
                    if formatted != text {
                        Console.out(path + "\n")
                        if exit == .success { exit = .problemFound }
                    }
                } else if write {
                    guard formatted != text else { continue }
                    if case .failure(let e) = fileSystem.replaceAtomically(path, with: formatted) {
                        Console.err("threshold fmt: \(path): \(e.message)\n")
                        exit = .couldNotRun
                    }
                } else {
                    Console.out(formatted)
                }
            }
        }
        return exit
    }
}
