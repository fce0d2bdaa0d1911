/// Renders diagnostics for scripts: `threshold check --format json` writes one JSON document (compact, one line):
/// ```
/// {"files":["rules/a.rules"],"errors":1,"warnings":0,
///  "diagnostics":[{"file":"rules/a.rules","line":7,"column":13,"severity":"error","code":"undeclared-name",
///                  "message":"…","hint":"did you mean `danger_now`?",
///                  "notes":[{"message":"first declared here","file":"rules/a.rules","line":3,"column":6}]}]}
/// ```
/// `file`, `line` and `column` are null for a finding about no place (and in a note without one); `hint` is
/// null when there is none. Diagnostics are in the order `check` prints them.
///
/// ```swift
/// let report = FileSetChecker.check(["rules/mash.rules"], lint: RuleLinter.lint)
/// let json = DiagnosticJSONRenderer().render(files: ["rules/mash.rules"], diagnostics: report.diagnostics)
/// ```
public struct DiagnosticJSONRenderer {
    public init() {}

    public func render(files: [String], diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return JSONWriter.document { w in
            w.array("files", files)
            w.member("errors", errors)
            w.member("warnings", diagnostics.count - errors)
            w.array("diagnostics") { w in
                for d in diagnostics { write(d, to: &w) }
            }
        }
        .text
    }

    func write(_ d: Diagnostic, to w: inout JSONWriter) {
        w.object { w in
            Self.place(d.span, &w)
            w.member("severity", d.severity.rawValue)
            w.member("code", d.code.rawValue)
            w.member("message", d.message)
            w.member("hint", d.hint)
            w.objects("notes", d.notes) { w, n in
                w.member("message", n.message)
                Self.place(n.span, &w)
            }
        }
    }

    /// `"file"`, `"line"` and `"column"` of where `span` starts, each `null` when there is no span (the
    /// test report's and the service's diagnostics write the same members).
    static func place(_ span: SourceSpan?, _ w: inout JSONWriter) {
        w.member("file", span?.start.file)
        w.member("line", span?.start.line)
        w.member("column", span?.start.column)
    }
}
