/// The protocol's values as JSON, both ways.
enum LSPJSON {
    static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }

    static func position(_ p: LSPPosition) -> JSONValue {
        .object([("line", .int(p.line)), ("character", .int(p.character))])
    }

    static func range(_ r: LSPRange) -> JSONValue {
        .object([("start", position(r.start)), ("end", position(r.end))])
    }

    static func location(_ l: LSPLocation) -> JSONValue {
        .object([("uri", .string(DocumentURI.uri(l.path))), ("range", range(l.range))])
    }

    static func diagnostic(_ d: LSPDiagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("range", range(d.range)), ("severity", .int(d.severity)), ("code", .string(d.code)),
            ("source", .string("threshold")), ("message", .string(d.message)),
        ]
        if !d.related.isEmpty {
            members.append(
                (
                    "relatedInformation",
                    .array(
                        d.related.map { r in
                            .object([
                                ("location", location(LSPLocation(path: r.path, range: r.range))),
                                ("message", .string(r.message)),
                            ])
                        })
                ))
        }
        if let fix = d.fix {
            members.append(
                (
                    "data",
                    .object([
                        (
                            "fix",
                            .object([
                                ("title", .string(fix.title)), ("range", range(fix.range)),
                                ("newText", .string(fix.newText)),
                            ])
                        )
                    ])
                ))
        }
        return .object(members)
    }

    static func int(_ v: JSONValue?) -> Int? {
        guard let t = v?.numberText, let n = Int(t) else { return nil }
        return n
    }

    static func position(_ v: JSONValue?) -> LSPPosition? {
        guard let line = int(v?["line"]), let character = int(v?["character"]) else { return nil }
        return LSPPosition(line: line, character: character)
    }

    static func range(_ v: JSONValue?) -> LSPRange? {
        guard let s = position(v?["start"]), let e = position(v?["end"]) else { return nil }
        return LSPRange(start: s, end: e)
    }

    static func documentSymbol(_ s: LSPDocumentSymbol) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(s.name))]
        if let d = s.detail { members.append(("detail", .string(d))) }
        members += [("kind", .int(s.kind)), ("range", range(s.range)), ("selectionRange", range(s.selectionRange))]
        if !s.children.isEmpty { members.append(("children", .array(s.children.map(documentSymbol)))) }
        return .object(members)
    }

    static func completionItem(_ c: LSPCompletionItem) -> JSONValue {
        var members: [(String, JSONValue)] = [("label", .string(c.label)), ("kind", .int(c.kind))]
        if let d = c.detail { members.append(("detail", .string(d))) }
        if let doc = c.documentation, !doc.isEmpty { members.append(("documentation", .string(doc))) }
        return .object(members)
    }

    static func edits(_ byPath: [String: [(range: LSPRange, newText: String)]]) -> JSONValue {
        .object([
            (
                "changes",
                .object(
                    byPath.keys.sorted().map { path in
                        (DocumentURI.uri(path), .array((byPath[path] ?? []).map { textEdit($0.range, $0.newText) }))
                    })
            )
        ])
    }

    static func textEdit(_ r: LSPRange, _ text: String) -> JSONValue {
        .object([("range", range(r)), ("newText", .string(text))])
    }

    static func bytes(_ v: JSONValue) -> [UInt8] {
        var w = JSONWriter()
        w.value(v)
        return w.bytes
    }
}
