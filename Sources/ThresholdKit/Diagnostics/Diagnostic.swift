/// How serious a finding is.
public enum Severity: String, Sendable, Comparable {
    case warning, error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// A related place mentioned by a diagnostic (for example the first declaration of a duplicate).
public struct DiagnosticNote: Hashable, Sendable {
    public var message: String
    public var span: SourceSpan?

    init(_ message: String, at span: SourceSpan? = nil) {
        self.message = Limits.shownMessage(message)
        self.span = span
    }
}

/// One finding about a source file: a value, collected and rendered by the caller, never printed here.
public struct Diagnostic: Hashable, Sendable {
    public var severity: Severity
    /// A short stable code, e.g. `undeclared-name`, for scripts and tests.
    public var code: DiagnosticCode
    public var message: String
    public var span: SourceSpan?
    /// What to do about it ("did you mean `danger_now`?", "declare the fact with `fact …`").
    public var hint: String?
    public var notes: [DiagnosticNote]

    init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, at span: SourceSpan?,
        hint: String? = nil, notes: [DiagnosticNote] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = Limits.shownMessage(message)
        self.span = span
        self.hint = hint.map(Limits.shownMessage)
        self.notes = notes
    }

    static func error(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, hint: String? = nil,
        notes: [DiagnosticNote] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, hint: hint, notes: notes)
    }

    static func warning(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, hint: String? = nil,
        notes: [DiagnosticNote] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: span, hint: hint, notes: notes)
    }
}

/// The most diagnostics one load reports, so one broken file cannot flood the screen.
enum DiagnosticLimit {
    static let count = 100

    /// The first `count` diagnostics, errors first kept in order, and a last one saying how many were left out.
    static func apply(_ ds: [Diagnostic]) -> [Diagnostic] {
        guard ds.count > count else { return ds }
        var kept = Array(ds.prefix(count))
        kept.append(
            .error(
                .tooManyDiagnostics, "\(ds.count - count) more errors and warnings were found and are not shown",
                at: nil, hint: "fix the ones above and check again"))
        return kept
    }
}
