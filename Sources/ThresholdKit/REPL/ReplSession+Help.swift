/// `help` and `help COMMAND`.
extension ReplSession {
    /// One command's help: how it is written, one line, and more.
    struct Topic {
        var name: String
        var usage: String
        var summary: String
        var detail: String
    }

    /// The topics, in the order `help` lists them, from `repl-help.txt` (compiled into the binary).
    static let topics: [Topic] = parseTopics(String(decoding: PackageResources.repl_help_txt, as: UTF8.self))

    /// Reads the help file: `== NAME`, the usage, the summary, then the detail up to the next `==` (blank
    /// lines and `#` comments between topics are passed over).
    static func parseTopics(_ text: String) -> [Topic] {
        var topics: [Topic] = []
        var lines: [Substring] = []
        func finish() {
            while lines.last?.isEmpty == true { lines.removeLast() }
            guard let head = lines.first, head.hasPrefix("== "), lines.count >= 3 else { return }
            topics.append(
                Topic(
                    name: String(head.dropFirst(3)), usage: String(lines[1]), summary: String(lines[2]),
                    detail: lines.dropFirst(3).joined(separator: "\n")))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("== ") {
                finish()
                lines = []
            }
            if !lines.isEmpty || line.hasPrefix("== ") { lines.append(line) }
        }
        finish()
        return topics
    }

    /// Command names, in the order help lists them (for suggestions and completion).
    static let helpOrder: [String] = [
        "load", "reload", "open", "set", "unset", "facts", "advice", "score", "why", "why not", "what if",
        "ask", "save", "holidays", "reset", "help", "quit",
    ]

    func helpCommand(_ rest: String) -> String {
        let topic = rest.lowercased().split(separator: " ").joined(separator: " ")
        if topic.isEmpty {
            let width = Self.topics.map(\.usage.count).max() ?? 0
            var out = "Commands:\n"
            for t in Self.topics { out += "  \(t.usage.replPadded(to: width))  \(t.summary)\n" }
            out += "Lines starting with # are comments. `help COMMAND` says more.\n"
            out +=
                "The history keeps the commands typed, not the facts' values (`repl --history-values` keeps them).\n"
            if ruleSet == nil { out += "No rule set is loaded yet: start with `load FILE`.\n" }
            return out
        }
        let key =
            ["set": "=", "fact": "=", "exit": "quit", "why-not": "why not", "what-if": "what if", "what": "what if"][
                topic] ?? topic
        guard let t = Self.topics.first(where: { $0.name == key }) else {
            let near = Suggestions.nearest(to: topic, in: Self.helpOrder)
            return style.problem(
                "no command `\(topic)`", hint: near.map { "did you mean `\($0)`?" } ?? "`help` lists the commands")
        }
        return "\(t.usage)\n  \(t.summary)\n" + t.detail.split(separator: "\n").map { "  \($0)\n" }.joined()
    }
}
