/// How serious a finding is.
public enum Severity: String, Sendable, Comparable {
    case warning, error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// A related place mentioned by a diagnostic (for example the first declaration of a duplicate).
public struct DiagnosticNote: Hashable, Sendable {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, at span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}

/// One finding about a source file: a value, collected and rendered by the caller, never printed here.
public struct Diagnostic: Hashable, Sendable {
    public var severity: Severity
    /// A short stable code, e.g. `undeclared-name`, for scripts and tests.
    public var code: String
    public var message: String
    public var span: SourceSpan?
    /// What to do about it ("did you mean `danger_now`?", "declare the fact with `fact …`").
    public var hint: String?
    public var notes: [DiagnosticNote]

    public init(_ severity: Severity, _ code: String, _ message: String, at span: SourceSpan?,
                hint: String? = nil, notes: [DiagnosticNote] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.hint = hint
        self.notes = notes
    }

    public static func error(_ code: String, _ message: String, at span: SourceSpan?, hint: String? = nil,
                             notes: [DiagnosticNote] = []) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, hint: hint, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at span: SourceSpan?, hint: String? = nil,
                               notes: [DiagnosticNote] = []) -> Diagnostic {
        Diagnostic(.warning, code, message, at: span, hint: hint, notes: notes)
    }
}

/// Collects diagnostics up to a cap, so one broken file cannot flood the screen.
public struct DiagnosticBag: Sendable {
    public static let defaultLimit = 100
    public private(set) var items: [Diagnostic] = []
    public private(set) var dropped = 0
    public let limit: Int

    public init(limit: Int = DiagnosticBag.defaultLimit) { self.limit = limit }

    public mutating func add(_ d: Diagnostic) {
        if items.count < limit { items.append(d) } else { dropped += 1 }
    }

    public mutating func add(contentsOf ds: [Diagnostic]) { for d in ds { add(d) } }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }
    public var warningCount: Int { items.filter { $0.severity == .warning }.count }

    /// Diagnostics in a stable order: by file, line, column, then as found.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            let la = a.element.span?.start, lb = b.element.span?.start
            switch (la, lb) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
