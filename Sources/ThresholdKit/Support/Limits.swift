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
    /// A line of `threshold batch` input (`BatchScorer.Options.maxLineBytes`, its default).
    public static let batchLineBytes = 16 << 20

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
