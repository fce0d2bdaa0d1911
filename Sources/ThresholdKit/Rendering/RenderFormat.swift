/// One output format of a subject (a result, a test report, a diff, diagnostics, an audit, holidays): the name
/// `--format` takes and how it writes the subject, with the settings the subject's renderers read.
///
/// ```swift
/// let format = TestReportFormats.registry.format(named: "junit") ?? TestReportFormats.registry.default
/// print(format.render(report, .init(coverage: false)), terminator: "")
/// ```
public struct RenderFormat<Subject, Settings>: Sendable {
    public let name: String
    /// What it gives, in a phrase: the command's help for `--format` lists it after the name.
    public let summary: String
    let write: @Sendable (Subject, Settings) -> String

    init(_ name: String, _ summary: String, _ write: @escaping @Sendable (Subject, Settings) -> String) {
        self.name = name
        self.summary = summary
        self.write = write
    }

    public func render(_ subject: Subject, _ settings: Settings) -> String { write(subject, settings) }

    /// A format for people at a terminal: what it writes has its control characters made visible
    /// (`withVisibleControls`), since it quotes the rule set's and the scenarios' own text, and an escape
    /// sequence there must not clear the screen or retitle the window of whoever reads it.
    static func forPeople(
        _ name: String, _ summary: String, _ write: @escaping @Sendable (Subject, Settings) -> String
    ) -> RenderFormat {
        RenderFormat(name, summary) { subject, settings in write(subject, settings).withVisibleControls }
    }
}

/// The formats of one subject, in the order `--format` lists them; the first is the default. A command's
/// `--format` choices, its usage, its help and the error for an unknown format come from here.
public struct FormatRegistry<Subject, Settings>: Sendable {
    public let formats: [RenderFormat<Subject, Settings>]

    init(_ formats: [RenderFormat<Subject, Settings>]) { self.formats = formats }

    public var names: [String] { formats.map(\.name) }
    public var `default`: RenderFormat<Subject, Settings> { formats[0] }
    public func format(named name: String) -> RenderFormat<Subject, Settings>? { formats.first { $0.name == name } }
}
