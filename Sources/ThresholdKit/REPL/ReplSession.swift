/// What the session answers to one line: the text to show, and whether the session is over.
public struct ReplReply: Sendable, Equatable {
    public var text: String
    public var quit: Bool

    init(_ text: String = "", quit: Bool = false) {
        self.text = text
        self.quit = quit
    }
}

/// An interactive session on one rule set: the facts of a referral, set and changed one at a time, and the
/// commands that score and explain them. A pure command interpreter: a line in, a reply out, no terminal.
/// Piped input and a terminal get the same answers; the command line adds prompts, history and colour.
///
/// ```swift
/// let session = ReplSession()
/// _ = session.load("rules/mash.rules")
/// print(session.handle("age = 4").text)
/// print(session.handle("why").text)
/// ```
public final class ReplSession {
    let files: ReplFileSystem
    var style: ReplStyle

    /// The loaded rule set (nil until `load`).
    public internal(set) var ruleSet: RuleSet?
    /// The path the rule set was loaded from, as the user wrote it.
    var rulesPath: String?
    var scoring: Scoring?
    /// The facts, one slot per fact of `ruleSet`; nil is unknown. Defaults apply until changed.
    var facts: FactVector = []
    /// The slots set in this session (an explicit `unknown` counts), for `save`.
    var given: Set<Int> = []
    /// The interview in progress (`ask`): while set, lines are answers.
    var interview: ReplInterview?

    public init(files: ReplFileSystem = LocalReplFileSystem(), color: Bool = false) {
        self.files = files
        self.style = ReplStyle(color: color)
    }

    /// The prompt a terminal shows before the next line.
    public var prompt: String {
        if let i = interview, let rs = ruleSet, i.slot < rs.facts.count { return "  \(rs.facts[i.slot].name)? " }
        return "threshold> "
    }

    /// True while `ask` is waiting for an answer.
    public var isInterviewing: Bool { interview != nil }

    /// Answers one line of input.
    public func handle(_ line: String) -> ReplReply {
        let line = line.hasSuffix("\r") ? String(line.dropLast()) : line
        if interview != nil { return answer(line) }
        let trimmed = line.trimmingCharacters(in: " \t")
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return ReplReply() }
        if let name = ReplCommandLine.assignedName(trimmed),
            ruleSet?.factIndex[name] != nil || Self.commands[name.lowercased()] == nil
        {
            return needingRules { setFact(trimmed) }
        }
        let (name, rest) = Self.command(trimmed)
        guard let command = Self.commands[name] else { return ReplReply(unknownCommand(name, trimmed)) }
        if command.needsRules, ruleSet == nil {
            return ReplReply(style.problem("no rule set is loaded", hint: "load one first: `load rules/NAME.rules`"))
        }
        return command.run(self, rest)
    }

    /// Loads the rule set at `path`, as the session's `load` command does (the path is quoted as needed).
    public func load(_ path: String) -> ReplReply {
        let word = path.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) ? ValueConverter.quote(path) : path
        return handle("load " + word)
    }

    /// The end of input (Ctrl-D or the end of a piped script).
    public func endOfInput() -> ReplReply {
        interview = nil
        return ReplReply(quit: true)
    }

    /// Splits a line into its command (one word, or `why not`, `what if`) and the rest.
    static func command(_ line: String) -> (String, String) {
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let first = parts.first.map(String.init)?.lowercased() ?? ""
        var rest = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: " \t") : ""
        for (a, b) in [("why", "not"), ("what", "if")] where first == a {
            let more = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if more.first.map({ $0.lowercased() }) == b {
                rest = more.count > 1 ? String(more[1]).trimmingCharacters(in: " \t") : ""
                return ("\(a) \(b)", rest)
            }
        }
        return (first, rest)
    }

    /// A command of the session: whether it needs a rule set, and what it does with the rest of the line.
    struct Command: Sendable {
        var needsRules: Bool
        var run: @Sendable (ReplSession, String) -> ReplReply
    }

    /// The commands that answer with text alone, by name.
    static let textCommands: [String: @Sendable (ReplSession) -> (String) -> String] = [
        "load": { $0.loadCommand }, "reload": { $0.reloadCommand }, "open": { $0.openCommand },
        "unset": { $0.unsetCommand }, "facts": { $0.factsCommand }, "advice": { $0.adviceCommand },
        "score": { $0.scoreCommand }, "why": { $0.whyCommand }, "why not": { $0.whyNotCommand },
        "what if": { $0.whatIfCommand }, "ask": { $0.askCommand }, "save": { $0.saveCommand },
        "reset": { $0.resetCommand }, "holidays": { $0.holidaysCommand }, "help": { $0.helpCommand },
    ]

    /// Every command by name: those above, `set` (its reply more than text) and the ways to leave.
    /// Only `load` and `help` (and leaving) work before a rule set is loaded.
    static let commands: [String: Command] = {
        var all: [String: Command] = [
            "set": Command(needsRules: true) { s, rest in s.setCommand(rest) },
            "quit": Command(needsRules: false) { _, _ in ReplReply(quit: true) },
        ]
        all["exit"] = all["quit"]
        for (name, text) in textCommands {
            all[name] = Command(needsRules: name != "load" && name != "help") { s, rest in ReplReply(text(s)(rest)) }
        }
        return all
    }()

    /// Runs `body` when a rule set is loaded; otherwise says to load one.
    func needingRules(_ body: () -> String) -> ReplReply {
        guard ruleSet != nil else {
            return ReplReply(style.problem("no rule set is loaded", hint: "load one first: `load rules/NAME.rules`"))
        }
        return ReplReply(body())
    }

    /// A first word that is no command: the nearest command, or a fact's value when it names a fact.
    func unknownCommand(_ name: String, _ line: String) -> String {
        if let rs = ruleSet, let slot = rs.factIndex[line] {
            return "\(line) = \(rs.format(facts[slot], of: slot))\n" + style.dim("  (to change it: `\(line) = VALUE`)")
                + "\n"
        }
        if name == "what" || name == "why" {
            return style.problem(
                "`\(line)` is not a command",
                hint: name == "what"
                    ? "write `what if FACT = VALUE, …`" : "write `why`, `why RULE` or `why not LEVEL|RULE`")
        }
        let names = Self.helpOrder
        if let near = Suggestions.nearest(to: name, in: names) {
            return style.problem(
                "unknown command `\(name)`", hint: "did you mean `\(near)`? (`help` lists the commands)")
        }
        if let rs = ruleSet, let near = rs.suggestedFacts(for: name).first {
            return style.problem(
                "unknown command `\(name)`", hint: "to set the fact `\(near)`, write `\(near) = VALUE`")
        }
        return style.problem("unknown command `\(name)`", hint: "`help` lists the commands")
    }

    // MARK: Shared helpers

    /// The current facts scored and explained.
    func currentResult() -> ScoredResult? {
        guard let scoring else { return nil }
        return scoring.score(facts)
    }

    /// `red (Red): MASH team, within 24 hours`, with the level's name highlighted.
    func outcomeLine(_ r: ScoredResult) -> String {
        let line = TextResultRenderer().outcomeLine(r)
        let name = r.ruleSet.levels[r.outcome].name
        guard style.color, line.hasPrefix(name) else { return line }
        return style.level(name) + line.dropFirst(name.count)
    }

    /// A fact named by the user, or a message with the nearest fact's name.
    func factSlot(_ name: String) -> Result<Int, ReplProblem> {
        guard let rs = ruleSet else { return .failure(ReplProblem("no rule set is loaded")) }
        if let slot = rs.factIndex[name] { return .success(slot) }
        return .failure(
            ReplProblem(
                "`\(name)` is not a fact of this rule set",
                hint: Suggestions.didYouMean(rs.suggestedFacts(for: name)) ?? "`facts WORD` finds the facts about WORD")
        )
    }
}

/// A mistake in a command: what was wrong and what to do.
struct ReplProblem: Error {
    var message: String
    var hint: String?
    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
