/// Tab completion: the words that could come next on a line, from the session's commands and rule set.
extension ReplSession {
    /// Characters that separate the words completion works on.
    static let completionBreaks: Set<Character> = [" ", "\t", "=", "(", ")", ","]

    /// The candidates for the word being typed at the end of `line` (the words that start with it), sorted.
    public func completions(for line: String) -> [String] {
        let word = Self.currentWord(line)
        let before = String(line.dropLast(word.count))
        return candidates(before: before).filter { $0.hasPrefix(word) }.sorted()
    }

    /// True when the word being typed at the end of `line` is a file name (after `load`, `open`, `save`).
    public func completesFileName(_ line: String) -> Bool {
        guard interview == nil else { return false }
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        let ended = line.last == " "
        let index = ended ? words.count : words.count - 1
        guard let first = words.first.map({ $0.lowercased() }), ["load", "open", "save"].contains(first) else {
            return false
        }
        return index == 1
    }

    /// The trailing run of characters that are not separators.
    static func currentWord(_ line: String) -> String {
        String(line.reversed().prefix { !completionBreaks.contains($0) }.reversed())
    }

    func candidates(before: String) -> [String] {
        let rs = ruleSet
        let factNames = rs?.facts.map(\.name) ?? []
        if let i = interview, let rs, rs.facts.indices.contains(i.slot) {
            return values(for: i.slot, rs) + ["skip", "stop"]
        }
        let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        // After `FACT =` (or `FACT=`, `FACT = (a,`), the fact's values.
        if let slot = assignedSlot(before) { return rs.map { values(for: slot, $0) } ?? [] }
        guard let first = words.first?.lowercased() else {
            return [
                "load", "reload", "open", "set", "unset", "facts", "advice", "score", "why", "what", "ask", "save",
                "reset", "help",
                "quit",
            ] + factNames
        }
        switch first {
        case "why":
            if words.count == 1 { return ["not"] + (rs?.rules.map(\.name) ?? []) }
            if words.count == 2, words[1] == "not" {
                return (rs?.levels.map(\.name) ?? []) + (rs?.rules.map(\.name) ?? [])
            }
            return []
        case "what":
            if words.count == 1 { return ["if"] }
            return factNames
        case "unset": return factNames
        case "set": return words.count == 1 ? factNames : []
        case "help": return words.count == 1 ? Self.helpOrder.filter { !$0.contains(" ") } : []
        case "open":
            guard words.count == 2 else { return [] }
            return scenarioIDs(in: words[1])
        default: return []
        }
    }

    /// The fact whose value is being typed: the last `NAME =` on the line, with no value finished after it.
    func assignedSlot(_ before: String) -> Int? {
        guard let rs = ruleSet, let eq = before.lastIndex(of: "=") else { return nil }
        let after = before[before.index(after: eq)...]
        // A finished value ends the assignment, unless a set is still open.
        let openSet = after.contains("(") && !after.contains(")")
        if !openSet && after.trimmingCharacters(in: " \t") != "" { return nil }
        let head = before[..<eq].trimmingCharacters(in: " \t")
        let name = String(head.reversed().prefix { !Self.completionBreaks.contains($0) }.reversed())
        return rs.factIndex[name]
    }

    /// The values a fact can be written with.
    func values(for slot: Int, _ rs: RuleSet) -> [String] {
        switch rs.facts[slot].type {
        case .yesNo: return ["yes", "no", "unknown"]
        case .oneOf(let v), .someOf(let v): return v + ["unknown"]
        case .level: return rs.levels.map(\.name) + ["unknown"]
        default: return ["unknown"]
        }
    }

    /// The ids of the scenarios in a file (for `open FILE ID`).
    func scenarioIDs(in path: String) -> [String] {
        guard case .success(let text) = files.read(path) else { return [] }
        return Parser.parseScenarios(SourceFile(path: path, text: text)).0.scenarios.map(\.id.text)
    }
}
