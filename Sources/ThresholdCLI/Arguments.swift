import ThresholdKit

/// A command's arguments read against its declaration (`Command`): positional arguments, `--flag`,
/// `--option VALUE` and `--option=VALUE`, and each choice checked against its choices.
struct Arguments {
    let command: Command
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    struct Problem: Error { var message: String }

    /// Anything not declared by `command` is an error, and so is a choice not among its choices.
    init(_ args: [String], for command: Command) throws(Problem) {
        self.command = command
        let valued = Set(command.options.filter(\.takesValue).map(\.name))
        let repeatable = Set(command.options.filter(\.repeatable).map(\.name))
        let booleans = Set(command.options.filter { !$0.takesValue }.map(\.name))
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositional || !a.hasPrefix("--") || a == "-" {
                if !onlyPositional, a.hasPrefix("-"), a != "-", a.count > 1 {
                    throw Problem(message: "unknown option `\(a)`")
                }
                positional.append(a)
                continue
            }
            if a == "--" {
                onlyPositional = true
                continue
            }
            var name = String(a.dropFirst(2))
            var value: String? = nil
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if booleans.contains(name) {
                if value != nil { throw Problem(message: "`--\(name)` takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard i < args.count else { throw Problem(message: "`--\(name)` needs a value") }
                    value = args[i]
                    i += 1
                }
                if let first = options[name]?.first, !repeatable.contains(name) {
                    // Only the last would count, silently: `--scenario a --scenario b` scored b alone.
                    throw Problem(
                        message: "`--\(name)` is given twice (`\(Limits.shown(first))`, then "
                            + "`\(Limits.shown(value ?? ""))`): give it once")
                }
                options[name, default: []].append(value ?? "")
            } else {
                let known = (valued.union(booleans)).sorted().map { "--\($0)" }
                let near = Suggestions.nearest(to: "--" + name, in: known).map { " (did you mean `\($0)`?)" } ?? ""
                throw Problem(message: "unknown option `--\(name)`\(near)")
            }
        }
        for option in command.options {
            guard case .choice(let choices, _) = option.kind, let v = value(option.name) else { continue }
            guard choices.contains(v) else {
                throw Problem(
                    message: "`--\(option.name)` must be one of \(choices.joined(separator: ", ")), not `\(v)`")
            }
        }
    }

    /// The last value given to `--name`.
    func value(_ name: String) -> String? { options[name]?.last }

    /// Every value given to `--name`, in order.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a choice (checked when the arguments were read), or its default.
    func choice(_ name: String) -> String {
        if let v = value(name) { return v }
        for option in command.options where option.name == name {
            if case .choice(_, let d) = option.kind { return d }
        }
        return ""
    }

    /// The format `--format` names (checked when the arguments were read), or the registry's default.
    func format<S, T>(_ registry: FormatRegistry<S, T>) -> RenderFormat<S, T> {
        registry.format(named: choice("format")) ?? registry.default
    }

    /// `threshold NAME: message`, then the command's help, on standard error.
    func usageError(_ message: String) -> Console.Exit { command.usageError(message) }

    /// `threshold NAME: message` on standard error.
    func fail(_ message: String) -> Console.Exit {
        Console.err("threshold \(command.name): \(message)\n")
        return .couldNotRun
    }
}
