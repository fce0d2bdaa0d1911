/// The Language Server Protocol (3.17) over `LanguageService`: bytes in, bytes out. JSON-RPC 2.0 with
/// `Content-Length` framing; no reading, no writing, no threads (`threshold lsp` is the loop that feeds it).
///
/// ```swift
/// let server = LSPServer()
/// let body = Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.utf8)
/// let reply = server.receive(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
/// // write `reply` to the client; stop when `server.exitCode` is set
/// ```
///
/// Messages that arrive together are handled in order, after their `$/cancelRequest`s: a request cancelled
/// before it was reached is answered with `RequestCancelled`. Diagnostics are published once per batch, for
/// every document opened or edited in it and every other open document whose diagnostics changed.
public final class LSPServer {
    let service = LanguageService()
    private var framer = MessageFramer()
    private var initialized = false
    private var shuttingDown = false
    private var published: [String: [LSPDiagnostic]] = [:]
    private var dirty = false
    /// Documents opened or edited since diagnostics were last published: theirs are published even when unchanged,
    /// so each version of a document gets its diagnostics.
    private var touched = Set<String>()
    /// Set by `exit`: 0 after `shutdown`, 1 without it.
    public private(set) var exitCode: Int32?

    public init() {}

    /// Handles every whole message in `bytes` (with any bytes held from before) and returns the framed replies.
    public func receive(_ bytes: [UInt8]) -> [UInt8] {
        framer.append(bytes)
        var bodies: [[UInt8]] = []
        var out: [UInt8] = []
        loop: while true {
            switch framer.next() {
            case .message(let b): bodies.append(b)
            case .incomplete: break loop
            case .badHeader(let why):
                out += MessageFramer.frame(
                    LSPJSON.bytes(Self.error(id: .null, code: -32700, "unreadable header: \(why)")))
            }
        }
        var messages: [JSONValue?] = bodies.map { try? JSONReader.parse(bytes: $0) }
        // Cancellations first: a request cancelled before it is reached is not run.
        var cancelled = Set<String>()
        for m in messages {
            if let m, m["method"]?.stringValue == "$/cancelRequest", let id = m["params"]?["id"] {
                cancelled.insert(id.description)
            }
        }
        for i in messages.indices {
            if exitCode != nil { break }
            guard let m = messages[i] else {
                out += frame(Self.error(id: .null, code: -32700, "the message is not JSON"))
                continue
            }
            messages[i] = nil
            for reply in handle(m, cancelled: cancelled) { out += frame(reply) }
        }
        if dirty, exitCode == nil {
            dirty = false
            for n in publishDiagnostics() { out += frame(n) }
        }
        return out
    }

    private func frame(_ v: JSONValue) -> [UInt8] { MessageFramer.frame(LSPJSON.bytes(v)) }

    static func error(id: JSONValue, code: Int, _ message: String) -> JSONValue {
        .object([
            ("jsonrpc", .string("2.0")), ("id", id),
            ("error", .object([("code", .int(code)), ("message", .string(message))])),
        ])
    }

    static func result(id: JSONValue, _ v: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", v)])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    struct Failure: Error {
        var code: Int
        var message: String
        static func invalidParams(_ m: String) -> Failure { Failure(code: -32602, message: m) }
    }

    /// One message in, its replies (a response, notifications) out.
    func handle(_ m: JSONValue, cancelled: Set<String>) -> [JSONValue] {
        guard case .object = m, let method = m["method"]?.stringValue else {
            if let id = m["id"], m["result"] != nil || m["error"] != nil {
                _ = id  // a response to something we asked: nothing to do
                return []
            }
            return [Self.error(id: m["id"] ?? .null, code: -32600, "not a request or notification")]
        }
        let id = m["id"]
        if let id {
            switch id {
            case .number, .string: break
            default: return [Self.error(id: .null, code: -32600, "a request's id is a number or a string")]
            }
        }
        let params = m["params"] ?? .null
        guard let id else {
            // Before `initialize`, notifications are dropped (the protocol's rule), `exit` apart: a document
            // opened then is not read, and no diagnostics go out before the server has said what it can do.
            if initialized || method == "exit" { notify(method, params) }
            return []
        }
        if cancelled.contains(id.description) { return [Self.error(id: id, code: -32800, "cancelled")] }
        if method == "initialize" {
            if initialized { return [Self.error(id: id, code: -32600, "the server is already initialized")] }
            return [Self.result(id: id, initialize(params))]
        }
        guard initialized else { return [Self.error(id: id, code: -32002, "the server is not initialized")] }
        if shuttingDown { return [Self.error(id: id, code: -32600, "the server is shutting down")] }
        if method == "shutdown" {
            shuttingDown = true
            return [Self.result(id: id, .null)]
        }
        var before: [JSONValue] = []
        var after: [JSONValue] = []
        if let token = params["workDoneToken"],
            ["textDocument/references", "textDocument/rename", "textDocument/codeLens"].contains(method)
        {
            before.append(
                Self.notification(
                    "$/progress",
                    .object([
                        ("token", token), ("value", .object([("kind", .string("begin")), ("title", .string(method))])),
                    ])))
            after.append(
                Self.notification(
                    "$/progress", .object([("token", token), ("value", .object([("kind", .string("end"))]))])))
        }
        do {
            let result = try request(method, params)
            return before + [Self.result(id: id, result)] + after
        } catch let f as Failure {
            return before + [Self.error(id: id, code: f.code, f.message)] + after
        } catch {
            return before + [Self.error(id: id, code: -32603, "internal error")] + after
        }
    }

    // MARK: Lifecycle and documents

    func initialize(_ params: JSONValue) -> JSONValue {
        initialized = true
        var folders: [String] = []
        if case .array(let fs)? = params["workspaceFolders"] {
            folders = fs.compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) }
        }
        if folders.isEmpty, let root = params["rootUri"]?.stringValue.flatMap(DocumentURI.path) { folders = [root] }
        if folders.isEmpty, let root = params["rootPath"]?.stringValue, root.hasPrefix("/") { folders = [root] }
        service.workspaceFolders = folders.map(Paths.normalize)
        let legend = JSONValue.object([
            ("tokenTypes", .array(SemanticTokenLegend.types.map(JSONValue.string))),
            ("tokenModifiers", .array(SemanticTokenLegend.modifiers.map(JSONValue.string))),
        ])
        let capabilities = JSONValue.object([
            (
                "textDocumentSync",
                .object([
                    ("openClose", .bool(true)), ("change", .int(2)), ("save", .object([("includeText", .bool(false))])),
                ])
            ),
            ("hoverProvider", .bool(true)),
            (
                "completionProvider",
                .object([("triggerCharacters", .array([" ", "(", "=", ","].map(JSONValue.string)))])
            ),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("documentSymbolProvider", .bool(true)),
            ("foldingRangeProvider", .bool(true)),
            ("semanticTokensProvider", .object([("legend", legend), ("full", .bool(true))])),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
            ("documentFormattingProvider", .bool(true)),
        ])
        return .object([
            ("capabilities", capabilities),
            ("serverInfo", .object([("name", .string("threshold")), ("version", .string("1.0.0"))])),
        ])
    }

    func notify(_ method: String, _ params: JSONValue) {
        switch method {
        case "exit":
            exitCode = shuttingDown ? 0 : 1
        case "textDocument/didOpen":
            let doc = params["textDocument"]
            guard let path = doc?["uri"]?.stringValue.flatMap(DocumentURI.path), let text = doc?["text"]?.stringValue
            else { return }
            service.open(path, text: text, version: LSPJSON.int(doc?["version"]) ?? 0)
            touched.insert(Paths.normalize(path))
            dirty = true
        case "textDocument/didChange":
            guard let path = params["textDocument"]?["uri"]?.stringValue.flatMap(DocumentURI.path),
                service.document(path) != nil, case .array(let changes)? = params["contentChanges"]
            else { return }
            var edits: [(range: LSPRange?, text: String)] = []
            for c in changes {
                guard let text = c["text"]?.stringValue else { continue }
                if let r = c["range"] {
                    guard let range = LSPJSON.range(r) else { continue }
                    edits.append((range, text))
                } else {
                    edits.append((nil, text))
                }
            }
            service.change(path, version: LSPJSON.int(params["textDocument"]?["version"]) ?? 0, edits: edits)
            touched.insert(Paths.normalize(path))
            dirty = true
        case "textDocument/didClose":
            guard let path = params["textDocument"]?["uri"]?.stringValue.flatMap(DocumentURI.path) else { return }
            service.close(path)
            dirty = true
        case "textDocument/didSave":
            guard let path = params["textDocument"]?["uri"]?.stringValue.flatMap(DocumentURI.path) else { return }
            service.fileChanged(path)
            dirty = true
        case "workspace/didChangeWatchedFiles":
            guard case .array(let changes)? = params["changes"] else { return }
            for c in changes { if let p = c["uri"]?.stringValue.flatMap(DocumentURI.path) { service.fileChanged(p) } }
            dirty = true
        default: break  // `initialized`, `$/cancelRequest` (handled before), `$/setTrace`, and anything unknown
        }
    }

    /// `textDocument/publishDiagnostics` for each open document whose diagnostics changed, and for each file that
    /// the open documents' rule sets include, not open itself, whose diagnostics changed (an error in an included
    /// file shows where it is, as `check` says it); an empty list for each file that had some and is no longer
    /// either.
    func publishDiagnostics() -> [JSONValue] {
        var out: [JSONValue] = []
        var now: [String: [LSPDiagnostic]] = [:]
        for path in service.documents.keys { now[path] = service.diagnostics(path) }
        for (path, ds) in service.unopenedDiagnostics() where now[path] == nil { now[path] = ds }
        for path in now.keys.sorted() {
            let ds = now[path] ?? []
            if published[path] == ds, !touched.contains(path) { continue }
            published[path] = ds
            var members: [(String, JSONValue)] = [("uri", .string(DocumentURI.uri(path)))]
            if let v = service.document(path)?.version { members.append(("version", .int(v))) }
            members.append(("diagnostics", .array(ds.map(LSPJSON.diagnostic))))
            out.append(Self.notification("textDocument/publishDiagnostics", .object(members)))
        }
        for path in published.keys.sorted() where now[path] == nil {
            published[path] = nil
            out.append(
                Self.notification(
                    "textDocument/publishDiagnostics",
                    .object([("uri", .string(DocumentURI.uri(path))), ("diagnostics", .array([]))])))
        }
        touched = []
        return out
    }

    // MARK: Requests

    private func document(_ params: JSONValue) throws -> String {
        guard let path = params["textDocument"]?["uri"]?.stringValue.flatMap(DocumentURI.path) else {
            throw Failure.invalidParams("textDocument.uri is missing or not a file URI")
        }
        return path
    }

    private func position(_ params: JSONValue) throws -> (String, LSPPosition) {
        let path = try document(params)
        guard let p = LSPJSON.position(params["position"]) else { throw Failure.invalidParams("position is missing") }
        return (path, p)
    }

    func request(_ method: String, _ params: JSONValue) throws -> JSONValue {
        switch method {
        case "textDocument/hover":
            let (path, p) = try position(params)
            guard let h = service.hover(path, p) else { return .null }
            return .object([
                ("contents", .object([("kind", .string("markdown")), ("value", .string(h.markdown))])),
                ("range", LSPJSON.range(h.range)),
            ])
        case "textDocument/completion":
            let (path, p) = try position(params)
            return .object([
                ("isIncomplete", .bool(false)),
                ("items", .array(service.completion(path, p).map(LSPJSON.completionItem))),
            ])
        case "textDocument/definition":
            let (path, p) = try position(params)
            return service.definition(path, p).map(LSPJSON.location) ?? .null
        case "textDocument/references":
            let (path, p) = try position(params)
            let include = params["context"]?["includeDeclaration"]?.boolValue ?? true
            return .array(service.references(path, p, includeDeclaration: include).map(LSPJSON.location))
        case "textDocument/documentSymbol":
            return .array(service.documentSymbols(try document(params)).map(LSPJSON.documentSymbol))
        case "textDocument/foldingRange":
            return .array(
                service.foldingRanges(try document(params)).map {
                    .object([
                        ("startLine", .int($0.startLine)), ("endLine", .int($0.endLine)), ("kind", .string("region")),
                    ])
                })
        case "textDocument/semanticTokens/full":
            return .object([("data", .array(service.semanticTokens(try document(params)).map(JSONValue.int)))])
        case "textDocument/prepareRename":
            let (path, p) = try position(params)
            return service.prepareRename(path, p).map(LSPJSON.range) ?? .null
        case "textDocument/rename":
            let (path, p) = try position(params)
            guard let newName = params["newName"]?.stringValue else {
                throw Failure.invalidParams("newName is missing")
            }
            switch service.rename(path, p, to: newName) {
            case .refused(let why): throw Failure(code: -32803, message: why)  // RequestFailed
            case .edits(let e): return LSPJSON.edits(e)
            }
        case "textDocument/codeAction":
            let path = try document(params)
            guard let range = LSPJSON.range(params["range"]) else { throw Failure.invalidParams("range is missing") }
            return .array(codeActions(path, range))
        case "textDocument/codeLens":
            return .array(
                service.codeLenses(try document(params)).map {
                    .object([
                        ("range", LSPJSON.range($0.range)),
                        ("command", .object([("title", .string($0.title)), ("command", .string(""))])),
                    ])
                })
        case "textDocument/formatting":
            let path = try document(params)
            guard let doc = service.document(path) else { return .array([]) }
            let text: String
            switch SourceFormatter.format(doc.text, path: path) {
            case .formatted(let t): text = t
            case .invalid(let errors, _):
                // Said, as `threshold fmt` says it (an empty answer read as "already formatted"). RequestFailed.
                let first = errors.first.map { e in
                    "; the first, " + (e.span.map { "line \($0.start.line): " } ?? "") + e.message.withVisibleControls
                }
                throw Failure(
                    code: -32803,
                    message:
                        "not formatted: the file has \(errors.count) syntax error\(errors.count == 1 ? "" : "s")\(first ?? "")"
                )
            }
            guard text != doc.text else { return .array([]) }
            let end = doc.lines.position(ofByte: doc.lines.bytes.count)
            return .array([LSPJSON.textEdit(LSPRange(start: LSPPosition(line: 0, character: 0), end: end), text)])
        default:
            throw Failure(code: -32601, message: "no method `\(Limits.shown(method))`")
        }
    }

    /// Quick fixes for the diagnostics in the range that carry one.
    func codeActions(_ path: String, _ range: LSPRange) -> [JSONValue] {
        let p = Paths.normalize(path)
        return service.diagnostics(p).compactMap { d in
            guard let fix = d.fix, d.range.start <= range.end, range.start <= d.range.end else { return nil }
            return .object([
                ("title", .string(fix.title)), ("kind", .string("quickfix")),
                ("diagnostics", .array([LSPJSON.diagnostic(d)])), ("isPreferred", .bool(true)),
                ("edit", LSPJSON.edits([p: [(fix.range, fix.newText)]])),
            ])
        }
    }
}
