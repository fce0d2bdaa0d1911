import ThresholdKit

/// A command of `threshold`, declared once: its name, what it takes, its help and what it runs. Its usage line,
/// its `--help` text, its row in `threshold --help` and the parsing of its arguments all come from here.
struct Command: Sendable {
    /// The word after `threshold`.
    var name: String
    /// The arguments after the name in the usage line, e.g. `RULES [SCENARIOS…]`.
    var synopsis: String
    /// `threshold NAME: message`, then the command's help, on standard error; exit 2.
    func usageError(_ message: String) -> Console.Exit {
        Console.err("threshold \(name): \(message)\n\n\(help)\n")
        return .couldNotRun
    }

    /// The command's row in `threshold --help`.
    var summary: String
    /// The words before the summary in `threshold --help`, when not the name and the synopsis.
    var overviewLabel: String? = nil
    /// Not listed in `threshold --help` (`bench-eval`, for bench/run.sh).
    var hidden = false
    /// Where the usage line goes on when an option starts a new line: under the arguments, or under the
    /// options after them.
    var usageWrap: UsageWrap = .underArguments
    /// What the command does: the paragraph under the usage line.
    var about: String
    /// Rows for the arguments, before the options' rows.
    var arguments: [HelpRow] = []
    var options: [Option] = []
    /// Where the rows' text starts, counted after their two-space indent.
    var column = 0
    /// What follows the rows.
    var footer: String? = nil
    var run: @Sendable (Arguments) -> Console.Exit

    enum UsageWrap: Sendable { case underArguments, underOptions }

    /// `usage: threshold NAME …` and its options, wrapped where an option asks.
    var usageLine: String {
        let head = "usage: threshold \(name) " + (synopsis.isEmpty ? "" : synopsis + " ")
        let indent = String(
            repeating: " ", count: usageWrap == .underOptions ? head.count : "usage: threshold \(name) ".count)
        var out = head
        var first = true
        for option in options {
            let fragment = option.usageFragment
            if fragment.isEmpty { continue }
            if option.breaksUsage {
                out = out.trimmingTrailingSpaces() + "\n" + indent
            } else if !first {
                out += " "
            }
            out += fragment.split(separator: "\n").joined(separator: "\n" + indent)
            first = false
        }
        return out.trimmingTrailingSpaces()
    }

    /// What `threshold help NAME` and `threshold NAME --help` print (without the last newline).
    var help: String {
        var out = usageLine + "\n\n" + about
        for row in arguments + options.flatMap(\.rows) { out += "\n" + row.text(column: column) }
        if let footer { out += "\n" + footer }
        return out
    }

    /// The command's row in `threshold --help`.
    var overviewRow: HelpRow { HelpRow(overviewLabel ?? name + (synopsis.isEmpty ? "" : " " + synopsis), summary) }
}

/// An option of a command: `--name`, a flag, or `--name VALUE`, declared once with its help.
struct Option: Sendable {
    enum Kind: Sendable {
        case flag
        /// Takes a value, shown as `value` in the usage and the help.
        case value(String)
        /// Takes one of `choices`; `default` when not given.
        case choice([String], default: String)
    }

    var name: String
    var kind: Kind
    /// May be given more than once (`--set A=1 --set B=2`).
    var repeatable = false
    /// The option in the usage line, when not `[--name VALUE]`; empty when another option's fragment shows it. A
    /// newline in it goes on under the arguments or options as the usage line's own breaks do.
    var usage: String? = nil
    /// The usage line starts a new line at this option.
    var breaksUsage = false
    /// The option's rows in the help. An option with none is described in the command's text.
    var rows: [HelpRow] = []

    /// A flag with one row of help (labelled `--name`), or none.
    static func flag(_ name: String, usage: String? = nil, help: String? = nil) -> Option {
        Option(name: name, kind: .flag, usage: usage, rows: help.map { [HelpRow("--" + name, $0)] } ?? [])
    }

    /// An option taking a value, with one row of help labelled `--name VALUE` (or `label`), or none.
    static func value(
        _ name: String, _ value: String, repeatable: Bool = false, usage: String? = nil, breaksUsage: Bool = false,
        label: String? = nil, help: String? = nil
    ) -> Option {
        Option(
            name: name, kind: .value(value), repeatable: repeatable, usage: usage, breaksUsage: breaksUsage,
            rows: help.map { [HelpRow(label ?? "--\(name) \(value)", $0)] } ?? [])
    }

    /// An option taking one of `choices`, the first the default; its help is `rows`.
    static func choice(_ name: String, _ choices: [String], breaksUsage: Bool = false, rows: [HelpRow]) -> Option {
        Option(
            name: name, kind: .choice(choices, default: choices[0]), breaksUsage: breaksUsage, rows: rows)
    }

    /// An option taking one of `choices`, the first the default, with one row of help labelled `--name a|b`.
    static func choice(_ name: String, _ choices: [String], help: String) -> Option {
        choice(name, choices, rows: [HelpRow("--\(name) \(choices.joined(separator: "|"))", help)])
    }

    /// `--format`: its choices the formats of a subject (the first the default), and its help a line per
    /// format from the registry, `NAME (default): what it gives`, under the label `--format a|b`.
    static func format<S, T>(_ registry: FormatRegistry<S, T>) -> Option {
        let lines = registry.formats.enumerated().map { i, f in
            f.name + (i == 0 ? " (default)" : "") + ": " + f.summary
        }
        let label = "--format " + registry.names.joined(separator: "|")
        return choice("format", registry.names, rows: [HelpRow(label, lines.joined(separator: "\n"), wrapped: true)])
    }

    /// The option with its fragment of the usage line written out.
    func usage(_ fragment: String) -> Option {
        var o = self
        o.usage = fragment
        return o
    }

    var takesValue: Bool {
        if case .flag = kind { return false }
        return true
    }

    /// `VALUE`, or the choices as `a|b|c`.
    var valueName: String? {
        switch kind {
        case .flag: return nil
        case .value(let v): return v
        case .choice(let choices, _): return choices.joined(separator: "|")
        }
    }

    var usageFragment: String {
        if let usage { return usage }
        return "[--\(name)" + (valueName.map { " " + $0 } ?? "") + "]" + (repeatable ? "…" : "")
    }
}

/// A row of help: a label (`--input FILE`, `RULES`) and its text, which goes on under the row's column.
struct HelpRow: Sendable {
    var label: String
    var text: String
    /// Whether `text` is wrapped to the help's width here (written as it is otherwise).
    var wrapped = false

    /// The width of the help (a line's last column).
    static let width = 100

    init(_ label: String, _ text: String, wrapped: Bool = false) {
        self.label = label
        self.text = text
        self.wrapped = wrapped
    }

    /// Each line of `text` broken at spaces to `width`, its continuation lines two spaces in.
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var out = ""
            var current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty, !current.allSatisfy({ $0 == " " }), current.count + 1 + word.count > width {
                    out += current + "\n"
                    current = "  "
                }
                if !current.isEmpty, !current.allSatisfy({ $0 == " " }) { current += " " }
                current += word
            }
            return out + current
        }.joined(separator: "\n")
    }

    /// The row indented by two spaces, its text from `column` on (on the next line when the label reaches it).
    func text(column: Int) -> String {
        let indent = String(repeating: " ", count: column + 2)
        let body = wrapped ? Self.wrap(text, width: Self.width - column - 2) : text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        let head =
            label.count < column
            ? "  " + label + String(repeating: " ", count: column - label.count) : "  " + label + "\n" + indent
        return head + lines.joined(separator: "\n" + indent)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
