import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The workbench's rules editor: `GET /v1/rulesets/{name}/source` (the main rule file's text and its SHA-256),
/// `POST …/edit/check`, `…/edit/complete`, `…/edit/hover`, `…/edit/format` (the edited text through the language
/// service, and the worked cases scored under it against the loaded rules with the `diff` machinery), and
/// `POST …/edit/save` (only when `serve` runs with `--allow-edit`). The text edited is the rule file the rule set
/// was loaded from; its includes are read from disk. No text is ever logged.
extension APIService {
    /// The rule file's text and SHA-256 (of its bytes), and whether the text is its bytes (valid UTF-8: else
    /// the text has replacement characters where the file has other bytes), or nil when it cannot be read.
    static func source(_ path: String) -> (text: String, sha256: String, faithful: Bool)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let text = String(decoding: bytes, as: UTF8.self)
        return (text, SHA256.hex(SHA256.digest(bytes)), text.utf8.elementsEqual(bytes))
    }

    /// Refused for a file that is not UTF-8 text: the editor would change bytes it never showed (and `check`
    /// does not read such a file either).
    static func notUTF8(_ e: ServiceRuleSets.Entry) -> APIError {
        APIError(
            .rulesInvalid,
            "the rule file of \(e.name) is not valid UTF-8 text: the editor would change its bytes (`threshold check` says where)"
        )
    }

    /// The rule set's own files, as the editor names them (relative to the main rule file's folder, the main
    /// file first, then the files it includes in the order they were read), each with its path as read; only
    /// files inside that folder's tree.
    func editableFiles(_ e: ServiceRuleSets.Entry) -> [(name: String, path: String)] {
        let main = Paths.normalize(e.path)
        let folder = Paths.directory(of: main)
        var out = [(name: String(main.split(separator: "/").last ?? ""), path: main)]
        for file in e.ruleSet?.files ?? [] {
            let path = Paths.normalize(file)
            guard path != main, OverlayReader.isWithin(path, [folder.isEmpty ? "." : folder]),
                !out.contains(where: { $0.path == path })
            else { continue }
            out.append((folder.isEmpty ? path : Paths.relative(path, from: folder), path))
        }
        return out
    }

    /// The file an editor request names (`file`, one of `editableFiles`; the main file when absent), or the
    /// error to answer. Only a name from that list is taken: no path from a request is ever opened.
    func editTarget(
        _ e: ServiceRuleSets.Entry, _ name: String?, in files: [(name: String, path: String)]? = nil
    ) -> Result<(name: String, path: String), APIError> {
        let files = files ?? editableFiles(e)
        guard let name, !name.isEmpty else { return .success(files[0]) }
        guard let f = files.first(where: { $0.name == name }) else {
            return .failure(
                APIError(
                    .unknownFile,
                    "\"\(Limits.shown(name))\" is not a file of \(e.name): "
                        + files.prefix(20).map(\.name).joined(separator: ", "), field: "file"))
        }
        return .success(f)
    }

    func ruleSource(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        let files = editableFiles(e)
        let target: (name: String, path: String)
        switch editTarget(e, request.parameter("file"), in: files) {
        case .failure(let err): return error(err)
        case .success(let t): target = t
        }
        guard let (text, sha, faithful) = APIService.source(target.path) else {
            return error(APIError(.rulesUnwritable, "the rule file \(target.name) of \(e.name) cannot be read"))
        }
        guard faithful else { return error(APIService.notUTF8(e)) }
        return answer { w in
            w.object { w in
                w.member("name", e.name)
                w.member("file", target.name)
                w.member("text", text)
                w.member("sha256", sha)
                w.member("editable", configuration.allowEdit)
                w.array("files", files.map(\.name))
            }
        }
    }

    /// The body's `text` (and, when asked, its `line` and `character`), or the error to answer.
    private func editRequest(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry, position: Bool) -> Result<
        (String, LSPPosition, JSONValue, (name: String, path: String)), APIError
    > {
        let body: JSONValue
        switch jsonBody(request) {
        case .failure(let e): return .failure(e)
        case .success(let b): body = b
        }
        guard body.objectValue != nil else { return .failure(APIError(.notAnObject, "the body is not an object")) }
        guard let text = body["text"]?.stringValue else {
            return .failure(APIError(.missingMember, "the body needs \"text\", a string", field: "text"))
        }
        var at = LSPPosition(line: 0, character: 0)
        if position {
            for name in ["line", "character"] {
                guard let n = body[name]?.numberText.flatMap({ Int($0) }), n >= 0, n <= 1_000_000 else {
                    return .failure(
                        APIError(.missingMember, "the body needs \"\(name)\", a whole number from 0", field: name))
                }
                if name == "line" { at.line = n } else { at.character = n }
            }
        }
        if let given = body["file"], given != .null, given.stringValue == nil {
            return .failure(APIError(.missingMember, "\"file\" is a file of the rule set, a string", field: "file"))
        }
        switch editTarget(e, body["file"]?.stringValue) {
        case .failure(let err): return .failure(err)
        case .success(let target): return .success((text, at, body, target))
        }
    }

    /// A language service with the edited text open over the file it is of (`target`), and the main rule file's
    /// path (the rule set is its unit). An included file is edited with the main file open from disk, so that
    /// its names resolve in the rule set that includes it.
    private func editing(_ e: ServiceRuleSets.Entry, _ text: String, _ target: (name: String, path: String)) -> (
        LanguageService, main: String, edited: String
    ) {
        let service = LanguageService(workspaceFolders: ruleSets.caseFolders)
        let path = Paths.normalize(e.path)
        // Files are read only from the rule file's folder tree and the worked cases' folders: `include
        // "/etc/passwd"` in the editor is "outside the rule set's folder", the same whether or not it exists.
        let folder = Paths.directory(of: path)
        service.confinedTo = [folder.isEmpty ? "." : folder] + ruleSets.caseFolders
        if target.path != path, case .success(let main) = FileSystemReader().read(path) {
            service.open(path, text: main, version: 1)
        }
        service.open(target.path, text: text, version: 1)
        return (service, path, target.path)
    }

    func editCheck(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        let (text, target): (String, (name: String, path: String))
        switch editRequest(request, e, position: false) {
        case .failure(let err): return error(err)
        case .success(let r): (text, target) = (r.0, r.3)
        }
        let (service, path, edited) = editing(e, text, target)
        return answer { w in
            w.object { w in
                w.objects("diagnostics", service.diagnostics(edited) + elsewhere(service, path, edited)) { w, d in
                    w.member("severity", d.severity == 1 ? "error" : "warning")
                    w.member("code", d.code)
                    w.member("message", d.message)
                    writeRange(d.range, &w)
                }
                writeTokens(service.semanticTokens(edited), &w)
                let edited = service.unit(path).load.ruleSet
                w.member("compiles", edited != nil)
                w.key("cases")
                writeWorkedCases(e, service, &w)
                w.key("diff")
                if let old = e.ruleSet, let new = edited {
                    writeDiff(e, old, new, &w)
                } else {
                    w.null()
                }
            }
        }
    }

    /// The errors the edited text causes in the files it includes (removing a `define` an included file uses,
    /// say), each on the text's first line with the file and place it is at: the page shows only the edited
    /// file, and listed nothing ("No problems") while the rule set did not compile.
    private func elsewhere(_ service: LanguageService, _ path: String, _ edited: String) -> [LSPDiagnostic] {
        let folder = Paths.directory(of: path)
        var out: [LSPDiagnostic] = []
        for d in service.unit(path).load.diagnostics where d.severity == .error {
            guard let at = d.span?.start, at.file != edited, out.count < DiagnosticLimit.count else { continue }
            let file = folder.isEmpty ? at.file : Paths.relative(at.file, from: folder)
            out.append(
                LSPDiagnostic(
                    range: LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0)),
                    severity: 1, code: d.code.rawValue,
                    message: "in \(file):\(at.line):\(at.column): \(d.message)", related: [], fix: nil))
        }
        return out
    }

    /// `"tokens"`: the semantic tokens (the protocol's relative encoding, five numbers a token) each as
    /// `{"line", "character", "length", "type"}`.
    private func writeTokens(_ encoded: [Int], _ w: inout JSONWriter) {
        var line = 0
        var character = 0
        w.objects("tokens", stride(from: 0, to: encoded.count - 4, by: 5)) { w, i in
            line += encoded[i]
            character = encoded[i] == 0 ? character + encoded[i + 1] : encoded[i + 1]
            w.member("line", line)
            w.member("character", character)
            w.member("length", encoded[i + 2])
            w.member("type", SemanticTokenLegend.types[min(encoded[i + 3], SemanticTokenLegend.types.count - 1)])
        }
    }

    /// `"range": {"start": {"line", "character"}, "end": {…}}`.
    private func writeRange(_ r: LSPRange, _ w: inout JSONWriter) {
        w.object("range") { w in
            for (name, p) in [("start", r.start), ("end", r.end)] {
                w.object(name) { w in
                    w.member("line", p.line)
                    w.member("character", p.character)
                }
            }
        }
    }

    /// Each worked case's scenarios run against the edited text: passed, or failed and why.
    private func writeWorkedCases(_ e: ServiceRuleSets.Entry, _ service: LanguageService, _ w: inout JSONWriter) {
        let report = TestRunner(reader: service.reader).run(e.cases.map(\.path))
        let shown = Dictionary(e.cases.map { ($0.path, $0.id) }, uniquingKeysWith: { a, _ in a })
        w.array { w in
            for f in report.files {
                for s in f.scenarios {
                    w.object { w in
                        TestReportJSONRenderer.verdict(s, file: shown[f.path] ?? f.path, &w)
                        w.array("why", s.failures.lazy.map(\.message))
                    }
                }
            }
        }
    }

    /// The worked cases scored under the loaded rules and under the edited ones (`threshold diff`'s run): the
    /// outcome matrix (loaded levels by edited levels) and the cases whose result changed.
    private func writeDiff(_ e: ServiceRuleSets.Entry, _ old: RuleSet, _ new: RuleSet, _ w: inout JSONWriter) {
        let run = DiffRun(old: old, new: new, oldLabel: "loaded", newLabel: "edited")
        let reader = FileSystemReader()
        for c in e.cases {
            if case .success(let text) = reader.read(c.path) { run.addWorked(path: c.id, text: text) }
        }
        let report = run.report()
        w.object { w in
            w.member("scenarios", report.scenarios)
            w.member("outcome_changes", report.outcomeChanges)
            w.array("old_levels", report.old.levels)
            w.array("new_levels", report.new.levels)
            w.array("outcomes") { w in
                for row in report.outcomes { w.array(row) }
            }
            w.objects("changed", report.changed) { w, c in
                w.member("id", c.id)
                w.member("file", c.file)
                DiffJSONRenderer.transition(report.groups[c.group].cause, &w)
            }
        }
    }

    func editComplete(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        atPosition(request, e) { service, path, at, w in
            w.objects(service.completion(path, at)) { w, item in
                w.member("label", item.label)
                w.member("detail", item.detail)
                w.member("documentation", item.documentation)
            }
        }
    }

    func editHover(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        atPosition(request, e) { service, path, at, w in
            guard let h = service.hover(path, at) else { return w.null() }
            w.object { w in
                w.member("markdown", h.markdown)
                writeRange(h.range, &w)
            }
        }
    }

    /// A question about the edited text at a position (`{text, line, character}`): the text opened in a
    /// language service of its own, and the answer written by `result` as `{"result": …}`.
    private func atPosition(
        _ request: HTTPRequest, _ e: ServiceRuleSets.Entry,
        _ result: (LanguageService, String, LSPPosition, inout JSONWriter) -> Void
    ) -> HTTPResponse {
        let (text, at, target): (String, LSPPosition, (name: String, path: String))
        switch editRequest(request, e, position: true) {
        case .failure(let err): return error(err)
        case .success(let r): (text, at, target) = (r.0, r.1, r.3)
        }
        let (service, _, edited) = editing(e, text, target)
        return answer { w in result(service, edited, at, &w) }
    }

    func editFormat(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        let (text, target): (String, (name: String, path: String))
        switch editRequest(request, e, position: false) {
        case .failure(let err): return error(err)
        case .success(let r): (text, target) = (r.0, r.3)
        }
        let (formatted, errors): (String?, [Diagnostic])
        switch SourceFormatter.format(text, path: target.path) {
        case .formatted(let out): (formatted, errors) = (out, [])
        case .invalid(let ds, _): (formatted, errors) = (nil, ds.filter { $0.severity == .error })
        }
        return answer { w in
            w.object { w in
                w.member("text", formatted)
                w.key("errors")
                writeDiagnostics(errors, &w)
            }
        }
    }

    /// Held by a save from its check of the file's sha256 to its reload.
    static let saving = NSLock()

    /// Writes the edited text over the rule file: only with `--allow-edit`, only when the file is still the one
    /// loaded (`sha256`), atomically (a temporary file renamed over it), the previous text kept as
    /// `FILE.previous`; then the rule set is reloaded (on errors the old rules stay in use, as with `--watch`).
    /// Without `--allow-edit` every save is refused (403) before the rule set is even looked up.
    func editSave(_ request: HTTPRequest, _ parameters: [String]) -> HTTPResponse {
        guard configuration.allowEdit else {
            return error(
                APIError(.editNotAllowed, "this server does not save rules; start it with --allow-edit to allow it"))
        }
        return withEntry(parameters) { editSave(request, $0) }
    }

    private func editSave(_ request: HTTPRequest, _ e: ServiceRuleSets.Entry) -> HTTPResponse {
        let (text, body, target): (String, JSONValue, (name: String, path: String))
        switch editRequest(request, e, position: false) {
        case .failure(let err): return error(err)
        case .success(let r): (text, body, target) = (r.0, r.2, r.3)
        }
        guard let given = body["sha256"]?.stringValue else {
            return error(
                APIError(.missingMember, "the body needs \"sha256\", the file's as it was loaded", field: "sha256"))
        }
        // One save at a time, from the check of the file's sha256 to its reload: two saves of the same sha256 at
        // once both passed the check, and one was lost (found by an attack test).
        APIService.saving.lock()
        defer { APIService.saving.unlock() }
        guard let (current, sha, faithful) = APIService.source(target.path) else {
            return error(APIError(.rulesUnwritable, "the rule file \(target.name) of \(e.name) cannot be read"))
        }
        guard sha == given else {
            return error(
                APIError(
                    .sourceChanged, "the rule file changed on disk since it was loaded; reload it and edit again",
                    field: "sha256"))
        }
        guard faithful else { return error(APIService.notUTF8(e)) }
        // Only rules that load are written, read as the check reads them (includes only from the rule file's
        // folder): text with errors overwrote a working file (twice, and the backup was broken too), and an
        // `include` the check refused was read, from anywhere, by the reload after the save.
        let (service, path, _) = editing(e, text, target)
        let load = service.unit(path).load
        guard load.ruleSet != nil else {
            let errors = load.diagnostics.filter { $0.severity == .error }
            let first = errors.first.map { d in
                "; the first, "
                    + (d.span.map {
                        "\(Paths.relative($0.start.file, from: Paths.directory(of: path))):\($0.start.line): "
                    } ?? "")
                    + d.message
            }
            return error(
                APIError(
                    .rulesInvalid,
                    "not saved: the edited rules have \(errors.count) error\(errors.count == 1 ? "" : "s")\(first ?? ""); the file is unchanged",
                    field: "text"))
        }
        // Both through the one atomic write the command line and the REPL use (a temporary file renamed over
        // the target, a symbolic link kept, the permissions kept).
        let files = LocalReplFileSystem()
        let previous = target.path + ".previous"
        // The server's own file: a symbolic link in its place is replaced, never written through (it pointed the
        // old text at any file the server may write; found by an attack test).
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: previous)) != nil { unlink(previous) }
        guard case .success = files.replaceAtomically(previous, with: current) else {
            return error(APIError(.rulesUnwritable, "the rule file \(target.name) of \(e.name) could not be written"))
        }
        // The backup as private as the file (it was made 0644 whatever the file's mode).
        var info = stat()
        if stat(target.path, &info) == 0 { chmod(previous, info.st_mode & 0o777) }
        guard case .success = files.replaceAtomically(target.path, with: text) else {
            return error(APIError(.rulesUnwritable, "the rule file \(target.name) of \(e.name) could not be written"))
        }
        let reloaded = ruleSets.reload(e.name) ?? e
        return answer { w in
            w.object { w in
                w.member("sha256", SHA256.hex(SHA256.digest(Array(text.utf8))))
                w.member("file", target.name)
                w.member("previous", String(target.path.split(separator: "/").last ?? "") + ".previous")
                w.member("generation", reloaded.generation)
                w.key("errors")
                writeDiagnostics(reloaded.errors, &w)
            }
        }
    }
}
