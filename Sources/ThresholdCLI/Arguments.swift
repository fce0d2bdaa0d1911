import ThresholdKit

/// A small argument reader: positional arguments, `--flag`, `--option VALUE` and `--option=VALUE`.
struct Arguments {
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    struct Problem: Error { var message: String }

    /// `valued` lists options that take a value; `booleans` lists flags. Anything else is an error.
    init(_ args: [String], valued: Set<String>, booleans: Set<String> = []) throws {
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
                options[name, default: []].append(value ?? "")
            } else {
                let known = (valued.union(booleans)).sorted().map { "--\($0)" }
                let near = Suggestions.nearest(to: "--" + name, in: known).map { " (did you mean `\($0)`?)" } ?? ""
                throw Problem(message: "unknown option `--\(name)`\(near)")
            }
        }
    }

    func value(_ name: String) -> String? { options[name]?.last }

    /// The value of an option restricted to `choices`, or the default.
    func choice(_ name: String, _ choices: [String], default d: String) throws -> String {
        guard let v = value(name) else { return d }
        guard choices.contains(v) else {
            throw Problem(message: "`--\(name)` must be one of \(choices.joined(separator: ", ")), not `\(v)`")
        }
        return v
    }
}
