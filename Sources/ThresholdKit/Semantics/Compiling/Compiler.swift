/// Checks a loaded rule set and compiles it into a `RuleSet`. One pass collects declarations into
/// symbol tables; definitions and scores are compiled on demand (so they may appear in any order and
/// cycles are found); rules and advice are compiled last.
final class Compiler {
    var diagnostics: [Diagnostic] = []
    let sources: [String: SourceFile]

    // Symbol tables, filled by `collect`.
    var facts: [RuleSet.Fact] = []
    var factSlots: [String: Int] = [:]
    var levels: [RuleSet.Level] = []
    var levelSlots: [String: Int] = [:]
    var defineDecls: [String: DefineDecl] = [:]
    var scoreDecls: [String: ScoreDecl] = [:]
    var valueNames: [String: SourceSpan] = [:]  // facts, definitions and scores share one namespace
    var ruleDecls: [RuleDecl] = []
    var capDecls: [CapDecl] = []
    var adviseDecls: [AdviseDecl] = []
    var declarationOrder: [Declaration] = []

    // Compiled on demand.
    enum State {
        case visiting
        case done(Int)
        case failed
    }
    /// How many "did you mean" suggestions were worked out (see `suggestion`).
    private var suggestionsWorkedOut = 0
    /// The most definitions and scores compiled one inside another (see `onDemand`).
    static let nestingLimit = 64
    var definitionState: [String: State] = [:]
    var scoreState: [String: State] = [:]
    var definitions: [RuleSet.Definition] = []
    var scores: [RuleSet.Score] = []
    var steps: [RuleSet.Step] = []
    /// Where the compiled nodes came from, kept beside `definitions` and `scores` (see `NodeSite`).
    var sites = RuleSet.Sites()
    /// The chain of definitions and scores being compiled, for naming a cycle.
    var compiling: [String] = []

    /// What the expression being compiled reads; saved and restored around nested compiles.
    var reads = Reads()
    struct Reads {
        var facts = Set<Int>()
        var scores = Set<Int>()
    }

    init(sources: [String: SourceFile]) { self.sources = sources }

    func error(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, hint: String? = nil,
        notes: [DiagnosticNote] = []
    ) {
        diagnostics.append(.error(code, message, at: span, hint: hint, notes: notes))
    }

    func warning(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, hint: String? = nil,
        notes: [DiagnosticNote] = []
    ) {
        diagnostics.append(.warning(code, message, at: span, hint: hint, notes: notes))
    }

    /// The source text a span covers (for quoting an expression in a message).
    func text(_ span: SourceSpan) -> String {
        let t = sources[span.start.file]?.text(of: span) ?? ""
        return t.isEmpty ? "this" : t
    }

    /// Runs `body` with a fresh read set, returning what it read.
    func collectingReads<T>(_ body: () -> T) -> (T, Reads) {
        let saved = reads
        reads = Reads()
        let value = body()
        let got = reads
        reads = saved
        return (value, got)
    }

    func declare(_ name: Name, in table: inout [String: SourceSpan], what: String) -> Bool {
        if let first = table[name.text] {
            error(
                .duplicateName, "`\(name.text)` is declared twice", at: name.span,
                hint: "rename one of them: all included files share one namespace",
                notes: [DiagnosticNote("`\(name.text)` is first declared here", at: first)])
            return false
        }
        table[name.text] = name.span
        return true
    }

    /// "did you mean `x`?" for a name, among candidates; worked out for the first `DiagnosticLimit.count` only
    /// (no more are shown): working out each one against every name made a file of thousands of unknown names
    /// quadratic (4,000 took 6 s; found by an attack test).
    func suggestion(_ name: String, _ candidates: @autoclosure () -> [String]) -> String? {
        guard suggestionsWorkedOut < DiagnosticLimit.count else { return nil }
        suggestionsWorkedOut += 1
        return Suggestions.nearest(to: name, in: candidates()).map { "did you mean `\($0)`?" }
    }
}
