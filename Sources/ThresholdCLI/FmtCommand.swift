import ThresholdKit

/// `threshold fmt [--write | --check] PATH…`: the canonical layout of rule sets and scenario files.
enum FmtCommand {
    static let usage = """
        usage: threshold fmt [--write | --check] PATH…

        Lays out .rules and .scenario files in one canonical layout (docs/language.md, "Layout"); folders are
        searched recursively. Comments are kept and only whitespace changes, so a rule set means what it meant.
        Prints the formatted text to standard output.
          --write  rewrite each file that would change, in place and atomically; unchanged files are not touched
          --check  print nothing but the names of the files that would change; exit 1 when there are any
        A file with syntax errors is not formatted: its errors are printed as `check` prints them, and the exit
        status is 2.
        """

    static func run(_ args: [String]) -> Console.Exit {
        let parsed: Arguments
        do { parsed = try Arguments(args, valued: [], booleans: ["write", "check"]) } catch let p as Arguments.Problem {
            Console.err("threshold fmt: \(p.message)\n\n\(usage)\n")
            return .couldNotRun
        } catch { return .couldNotRun }
        let write = parsed.flags.contains("write")
        let check = parsed.flags.contains("check")
        guard !(write && check) else {
            Console.err("threshold fmt: give --write or --check, not both\n\n\(usage)\n")
            return .couldNotRun
        }
        guard !parsed.positional.isEmpty else {
            Console.err("threshold fmt: name at least one file or folder\n\n\(usage)\n")
            return .couldNotRun
        }
        let files: [String]
        do { files = try FileFinder.expand(parsed.positional, extensions: ["rules", "scenario"]) } catch let m
            as FileFinder.Missing
        {
            Console.err("threshold fmt: \(m.path): no such file or folder\n")
            return .couldNotRun
        } catch { return .couldNotRun }
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
