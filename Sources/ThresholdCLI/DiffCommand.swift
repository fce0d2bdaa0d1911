import Foundation
import ThresholdKit

/// `threshold diff OLD NEW [SCENARIOS…]`: what a revision of a rule set does to cases. The work is in
/// `DiffRun`; this reads the rule sets (from files or `git:REV:path`), the worked cases and the lines.
enum DiffCommand {
    static let command = Command(
        name: "diff", synopsis: "OLD NEW [SCENARIOS…]",
        summary: "what a revision of a rule set changes: outcomes, causes, rule changes",
        overviewLabel: "diff OLD NEW [PATH…]",
        about: """
            Scores every case under two versions of a rule set and reports what the revision changes: the
            matrix of outcomes (old levels as rows, new levels as columns) and of each score's bands, the changed
            cases grouped by cause (rules that started or stopped firing, bands, advice, due time, with the
            rule-set changes behind them), the worked cases' expectations that would fail under NEW, and the
            semantic differences between the rule sets (reordering and reformatting show nothing).
            """,
        arguments: [
            HelpRow(
                "OLD, NEW",
                """
                rule set files, or git:REV:path for a file at a git revision (read with
                `git show`; its includes are read at the same revision)
                """),
            HelpRow(
                "SCENARIOS",
                """
                worked cases: .scenario, .json and .jsonl files, or folders (searched for
                .scenario files whose `rules` line names OLD or NEW, and .json files)
                """),
        ],
        options: [
            .value(
                "input", "FILE",
                help: """
                    JSON Lines referrals, streamed (`-` for standard input; standard input is read
                    when neither SCENARIOS nor --input is given and it is not a terminal)
                    """),
            .format(DiffFormats.registry),
            .choice(
                "fail-on", ["outcome", "any", "none"], breaksUsage: true,
                rows: [
                    HelpRow(
                        "--fail-on",
                        """
                        what makes the exit code 1: outcome (default) a changed outcome; any a change
                        of any kind (case, expectation or rule set); none never
                        """)
                ]),
            .value("jobs", "N", help: "score lines on N threads (default 1); the report is the same for every N"),
            .flag("all-ids", help: "list every case id of each group in text output (JSON and HTML always do)"),
        ],
        column: 18,
        footer: """
            Exit 0 when nothing counted as a change, 1 when something did, 2 when a rule set could not be
            loaded or a case could not be scored (the report is still written).
            """,
        run: run)

    static func run(_ a: Arguments) -> Console.Exit {
        guard a.positional.count >= 2 else { return a.usageError("name the old and the new rule set") }
        guard let jobs = BatchCommand.jobs(a, default: 1) else { return .couldNotRun }
        let oldArg = a.positional[0]
        let newArg = a.positional[1]
        guard let old = load(oldArg), let new = load(newArg) else { return .couldNotRun }

        let scenarioArgs = Array(a.positional.dropFirst(2))
        let files: [String]
        do {
            let found = try worked(scenarioArgs, rulePaths: [oldArg, newArg])
            files = found.files
            // A folder whose worked cases name other rule sets gave nothing, in silence: "0 cases scored".
            for (folder, skipped) in found.unmatched {
                Console.err(
                    "note: \(folder): none of its \(skipped) .scenario file\(skipped == 1 ? "" : "s") names "
                        + "\(oldArg) or \(newArg) in its `rules` line, so none was compared\n")
            }
        } catch let m as FileFinder.Missing {
            return a.fail("\(m.path): no such file or folder")
        } catch { return .couldNotRun }

        let run = DiffRun(old: old, new: new, oldLabel: oldArg, newLabel: newArg, options: .init(jobs: jobs))
        for path in files {
            switch FileSystemReader().read(path) {
            case .success(let text): run.addWorked(path: path, text: text)
            case .failure(let e): return a.fail("\(path): \(e.message)")
            }
        }
        var inputPath = a.value("input")
        if inputPath == nil, scenarioArgs.isEmpty, isatty(0) == 0 { inputPath = "-" }
        if let inputPath {
            var fd: Int32 = 0
            if inputPath != "-" {
                fd = open(inputPath, O_RDONLY)
                guard fd >= 0 else { return a.fail("\(inputPath): \(String(cString: strerror(errno)))") }
            }
            defer { if fd > 0 { close(fd) } }
            do {
                try run.addLines(
                    named: inputPath == "-" ? nil : inputPath, read: { buffer in try BatchCommand.readSome(fd, buffer) }
                )
            } catch let e
                as BatchCommand.IOFailure
            {
                return a.fail("\(inputPath == "-" ? "standard input" : inputPath): \(e.message)")
            } catch { return .couldNotRun }
        }

        let report = run.report()
        let format = a.format(DiffFormats.registry)
        Console.out(format.render(report, .init(allIDs: a.flag("all-ids"))))
        if report.scenarios == 0 && report.failureCount == 0 && (!scenarioArgs.isEmpty || a.value("input") != nil) {
            // Cases were named and none was compared: a revision would pass unseen. (Standard input read
            // because nothing was named may be empty: then the rule sets' changes alone were asked for.)
            return a.fail("no case was compared: no worked case or line was read for these rule sets")
        }
        if report.failureCount > 0 {
            Console.err(
                "threshold diff: \(report.failureCount) case\(report.failureCount == 1 ? "" : "s") could not be scored\n"
            )
            if format.name != "text" {
                for f in report.failures.prefix(10) { Console.err("threshold diff: \(DiffTextRenderer.describe(f))\n") }
            }
            return .couldNotRun
        }
        switch a.choice("fail-on") {
        case "none": return .success
        case "any":
            let any = !report.changed.isEmpty || !report.rulesetChanges.isEmpty || !report.failingExpectations.isEmpty
            return any ? .problemFound : .success
        default: return report.outcomeChanges > 0 ? .problemFound : .success
        }
    }

    /// A rule set from a file or `git:REV:path`; errors go to standard error.
    static func load(_ argument: String) -> RuleSet? {
        let loaded: RuleSetLoading.Loaded
        if let git = GitRevisionReader.parse(argument) {
            loaded = RuleSetLoading.load(git.path, reader: GitRevisionReader(revision: git.revision))
        } else {
            loaded = RuleSetLoading.load(argument)
        }
        guard let ruleSet = loaded.ruleSet else {
            Console.diagnostics(loaded.errors, sources: loaded.sources)
            if loaded.refusal == .fragment {
                Console.err("threshold diff: \(RuleSetLoading.Refusal.fragment.message(path: argument))\n")
            } else {
                Console.err("threshold diff: \(argument) could not be loaded; nothing was compared\n")
            }
            return nil
        }
        return ruleSet
    }

    /// The worked-case files: files named are taken as they are; in folders, `.json` files and the
    /// `.scenario` files whose `rules` line names one of the rule sets compared.
    static func worked(_ arguments: [String], rulePaths: [String]) throws -> (
        files: [String], unmatched: [(folder: String, skipped: Int)]
    ) {
        let targets = Set(
            rulePaths.map { GitRevisionReader.parse($0)?.path ?? $0 }.map { FileSystemReader().identity(of: $0) })
        var out: [String] = []
        var unmatched: [(folder: String, skipped: Int)] = []
        for argument in arguments {
            let found = try FileFinder.expand([argument], extensions: ["scenario", "json", "jsonl"])
            if found == [argument] {
                out.append(argument)
                continue
            }
            let before = out.count
            var skipped = 0
            for path in found {
                guard path.hasSuffix(".scenario") else {
                    out.append(path)
                    continue
                }
                guard case .success(let text) = FileSystemReader().read(path) else {
                    out.append(path)
                    continue
                }
                guard let rules = ScenarioFileLoader.rulesPath(of: path, text: text) else {
                    skipped += 1
                    continue
                }
                if targets.contains(FileSystemReader().identity(of: rules)) { out.append(path) } else { skipped += 1 }
            }
            if out.count == before && skipped > 0 { unmatched.append((argument, skipped)) }
        }
        return (out, unmatched)
    }
}
