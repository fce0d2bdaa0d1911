/// The limits on input, each far beyond any real rule set or referral, that keep a hostile or broken file
/// from taking unbounded memory, time or stack. Each is enforced with a message saying which limit was
/// reached (docs/language.md, "Limits").
public enum Limits {
    /// A rules, scenario or JSON file read from disk (`FileSystemReader`).
    static let fileBytes = 16 << 20
    /// A line of a rules or scenario file (the lexer).
    static let lineBytes = 64 << 10
    /// `given` facts in one scenario (`.scenario`), or facts in one JSON scenario object.
    static let factsPerScenario = 10_000
    /// Scenarios in one `.scenario` or JSON file.
    static let scenariosPerFile = 100_000
    /// Files in a chain of `include`s (`SourceLoader.maxIncludeDepth`).
    static let includeDepth = 64
    /// Brackets and `not`s nested in one expression (`Parser.maxDepth`).
    static let nestingDepth = 100
    /// Arrays and objects nested in one JSON document (`JSONReader.maxDepth`).
    static let jsonDepth = 512
    /// A JSON scenario's `id` (`threshold batch`, `threshold serve`, JSON files), which every result repeats.
    public static let scenarioIDBytes = 1_024
    /// A line of `threshold batch` input (`LineBlocking.maxLineBytes` of `BatchScorer.Options`, its default).
    public static let batchLineBytes = 16 << 20
    /// Files and folders looked at under an editor's workspace folders (`threshold lsp`).
    static let workspaceFiles = 20_000
    /// One message of the Language Server Protocol (`LSPServer`), its `Content-Length`.
    static let lspMessageBytes = 64 << 20

    /// The longest name (of a fact, a key, a path) quoted whole in a message; longer ones are cut.
    public static let shownNameCharacters = 200
    /// The longest name (in bytes) for which "did you mean …?" is worked out: no name in a rule set is this
    /// long, and the work grows with the length (an 8 MiB fact name cost seconds).
    static let suggestedNameBytes = 256

    /// The longest message, hint or note of a diagnostic, in characters; a longer one (a name of 60,000
    /// characters quoted three times came to 180 KB) is cut, with a word of how long it was.
    static let messageCharacters = 4_000

    /// A diagnostic's text as it is kept: whole up to `messageCharacters`, else its start and how much was cut.
    static func shownMessage(_ text: String) -> String {
        guard text.utf8.count > messageCharacters else { return text }
        let all = text.count
        guard all > messageCharacters else { return text }
        return String(text.prefix(messageCharacters)) + "… (cut: \(all) characters in all)"
    }

    /// `name` as quoted in a message: whole up to `shownNameCharacters`, else its start and "…".
    public static func shown(_ name: String) -> String {
        guard name.utf8.count > shownNameCharacters else { return name }
        var out = ""
        for (k, c) in name.enumerated() {
            if k == shownNameCharacters { return out + "…" }
            out.append(c)
        }
        return out
    }

    /// "16 MB", "64 KB": a byte limit as people read it.
    static func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? "\(n >> 20) MB" : "\(n >> 10) KB"
    }

    /// The first line of `bytes` longer than `limit`: its number (1-based) and length.
    static func longLine(_ bytes: [UInt8], limit: Int = lineBytes) -> (line: Int, length: Int)? {
        guard bytes.count > limit else { return nil }
        var line = 1
        var start = 0
        for (k, b) in bytes.enumerated() where b == 0x0A {
            if k - start > limit { return (line, k - start) }
            line += 1
            start = k + 1
        }
        return bytes.count - start > limit ? (line, bytes.count - start) : nil
    }
}
