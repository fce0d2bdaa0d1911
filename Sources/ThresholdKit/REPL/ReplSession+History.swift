/// What the command history keeps of a line. The history file outlives the session, and the facts typed are
/// about a child: by default it keeps the commands and the facts' names, not their values.
extension ReplSession {
    /// The line to keep in the history for `line`, or nil to keep nothing. With `keepingValues`
    /// (`threshold repl --history-values`) the line is kept as typed. Otherwise:
    /// - `age = 4` is kept as `age =`, `set age = 4` as `set age =` and `set age 4` as `set age`;
    /// - `what if age = 16, homeless = yes` as `what if age =, homeless =`;
    /// - `save FILE ID "title"` as `save FILE ID` (a title may describe the child);
    /// - comments, lines typed during `ask` (the caller does not pass those) and lines that are no command (a
    ///   value typed on its own, a note) are not kept;
    /// - every other command (`why not red`, `facts county`, `open FILE ID`, a fact's name alone) as typed.
    public func historyEntry(for line: String, keepingValues: Bool) -> String? {
        let trimmed = line.trimmingCharacters(in: " \t\r")
        if trimmed.isEmpty { return nil }
        if keepingValues { return trimmed }
        if trimmed.hasPrefix("#") { return nil }
        if let name = ReplCommandLine.assignedName(trimmed),
            ruleSet?.factIndex[name] != nil || Self.commands[name.lowercased()] == nil
        {
            return name + " ="
        }
        let (command, rest) = Self.command(trimmed)
        let head = String(trimmed.prefix(trimmed.count - rest.count)).trimmingCharacters(in: " \t")
        switch command {
        case "set":
            if let name = ReplCommandLine.assignedName(rest) { return "\(head) \(name) =" }
            let name = rest.split(separator: " ", maxSplits: 1).first.map(String.init)
            return name.map { "\(head) \($0)" } ?? head
        case "what if":
            let names = ReplCommandLine.assignments(rest).map { ReplCommandLine.assignedName($0) ?? "" }
            return head + (names.isEmpty ? "" : " " + names.map { $0 + " =" }.joined(separator: ", "))
        case "save":
            guard case .success(let words) = ReplCommandLine.words(rest) else { return head }
            return ([head] + words.prefix(2).filter { !$0.quoted }.map(\.text)).joined(separator: " ")
        default:
            if Self.commands[command] != nil { return trimmed }
            if let rs = ruleSet, rs.factIndex[trimmed] != nil { return trimmed }
            return nil
        }
    }
}
