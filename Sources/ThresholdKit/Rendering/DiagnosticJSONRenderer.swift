/// Renders diagnostics for scripts: `threshold check --format json` writes one JSON document (compact, one line):
/// ```
/// {"files":["rules/a.rules"],"errors":1,"warnings":0,
///  "diagnostics":[{"file":"rules/a.rules","line":7,"column":13,"severity":"error","code":"undeclared-name",
///                  "message":"…","hint":"did you mean `danger_now`?",
///                  "notes":[{"message":"first declared here","file":"rules/a.rules","line":3,"column":6}]}]}
/// ```
/// `file`, `line` and `column` are null for a finding about no place (and in a note without one); `hint` is
/// null when there is none. Diagnostics are in the order `check` prints them.
public struct DiagnosticJSONRenderer {
    public init() {}

    public func render(files: [String], diagnostics: [Diagnostic]) -> String {
        var w = JSONWriter()
        let errors = diagnostics.filter { $0.severity == .error }.count
        w.beginObject()
        w.key("files")
        w.beginArray()
        for f in files { w.string(f) }
        w.endArray()
        w.key("errors")
        w.int(errors)
        w.key("warnings")
        w.int(diagnostics.count - errors)
        w.key("diagnostics")
        w.beginArray()
        for d in diagnostics { write(d, to: &w) }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    public func write(_ d: Diagnostic, to w: inout JSONWriter) {
        w.beginObject()
        place(d.span, &w)
        w.key("severity")
        w.string(d.severity.rawValue)
        w.key("code")
        w.string(d.code.rawValue)
        w.key("message")
        w.string(d.message)
        w.key("hint")
        if let h = d.hint { w.string(h) } else { w.null() }
        w.key("notes")
        w.beginArray()
        for n in d.notes {
            w.beginObject()
            w.key("message")
            w.string(n.message)
            place(n.span, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    private func place(_ span: SourceSpan?, _ w: inout JSONWriter) {
        w.key("file")
        if let s = span { w.string(s.start.file) } else { w.null() }
        w.key("line")
        if let s = span { w.int(s.start.line) } else { w.null() }
        w.key("column")
        if let s = span { w.int(s.start.column) } else { w.null() }
    }
}
