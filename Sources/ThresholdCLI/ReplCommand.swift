import Foundation
import ThresholdKit

/// `threshold repl [RULES]`: an interactive session. The session itself (commands, answers) is
/// `ReplSession` in the library; this reads lines (with libedit on a terminal), prints the answers, and keeps
/// the history.
enum ReplCommand {
    static let command = Command(
        name: "repl", synopsis: "[RULES]", summary: "an interactive session: set facts, score, ask why, play what if",
        about: """
            An interactive session on a rule set: set facts one at a time, score them, ask why and why not,
            try what if, be asked the questions that matter, and save the case as a scenario.
            Type `help` in the session for its commands; `quit` or Ctrl-D leaves.
            """,
        arguments: [HelpRow("RULES", "the rule set to load at the start (or use `load FILE` in the session)")],
        options: [
            .flag("echo", help: "print each line read after a prompt, so a piped session reads as a transcript"),
            .flag(
                "history-values",
                help: "keep the facts' values in the history too (by default it keeps `age =`, not `age = 4`)"),
        ],
        column: 9,
        footer: """
            With a terminal: line editing, history (in ~/.threshold_history, or $XDG_STATE_HOME/threshold/history,
            readable only by you: the commands typed, not the values), tab completion, colour (unless NO_COLOR is
            set). Piped: no prompt, no colour.
            """,
        run: run)

    /// An answer wrapped to the terminal's width at word boundaries (`TextWrapper`); as it is when piped. Its
    /// control characters are made visible (an answer quotes what was typed and the rule set's own text),
    /// all but the session's own colours when it has them.
    static func wrapped(_ text: String, colour: Bool) -> String {
        let text = colour ? text.withVisibleControlsKeepingColours : text.withVisibleControls
        return TerminalWidth.current().map { TextWrapper.wrap(text, width: $0) } ?? text
    }

    static func run(_ parsed: Arguments) -> Console.Exit {
        guard parsed.positional.count <= 1 else { return parsed.usageError("name at most one rule set") }
        let terminal = isatty(0) != 0 && isatty(1) != 0
        let colour = terminal && Console.colorAllowed
        let session = ReplSession(color: colour)
        if let rules = parsed.positional.first {
            let reply = session.load(rules)
            guard session.ruleSet != nil else {
                // Coloured when the session is (its diagnostics made visible by their renderer).
                if colour {
                    Console.errPainted(reply.text.withVisibleControlsKeepingColours)
                } else {
                    Console.err(reply.text)
                }
                return .couldNotRun
            }
            Console.out(wrapped(reply.text, colour: colour))
        }
        if terminal {
            Console.out("Type `help` for the commands, `quit` or Ctrl-D to leave.\n")
        }
        let editor = LineEditors.make(terminal: terminal) { line in
            session.completesFileName(line) ? .fileNames : .words(session.completions(for: line))
        }
        defer { editor.close() }
        let echo = parsed.flag("echo") && !terminal
        while true {
            fflush(Console.standardOutput)
            let prompt = session.prompt
            switch editor.readLine(prompt: prompt) {
            case .interrupted:
                continue
            case .tooLong(let limit):
                Console.out("error: a line longer than \(limit / 1024) KiB was not read\n")
            case .end:
                _ = session.endOfInput()
                if terminal { Console.out("\n") }
                return .success
            case .line(let line):
                if echo { Console.out(prompt + line.withVisibleControls + "\n") }
                // Answers to `ask` are values: never kept.
                if !session.isInterviewing,
                    let entry = session.historyEntry(for: line, keepingValues: parsed.flag("history-values"))
                {
                    editor.remember(entry)
                }
                let reply = session.handle(line)
                Console.out(wrapped(reply.text, colour: colour))
                if reply.quit { return .success }
            }
        }
    }
}
