/// Loads a `.rules` file and everything it includes: each file once, in a fixed order, with include
/// cycles and unreadable files reported as diagnostics.
struct SourceLoader {
    struct Loaded: Sendable {
        /// Parsed files in load order: the top file first, then its includes depth first, each once.
        var files: [RulesFileSyntax]
        /// Every source file read, by display path (for rendering diagnostics).
        var sources: [String: SourceFile]
        var diagnostics: [Diagnostic]
        /// True when the top file has no `ruleset` header: a fragment meant to be included.
        var isFragment: Bool
        /// `sha256:` + the digest of the files' bytes, in load order.
        var fingerprint: String
    }

    /// Far deeper than any real rule set; it keeps a chain of includes from exhausting the stack.
    static let maxIncludeDepth = Limits.includeDepth

    let reader: SourceReader
    var files: [RulesFileSyntax] = []
    var sources: [String: SourceFile] = [:]
    var diagnostics: [Diagnostic] = []
    var loaded: Set<String> = []
    var stack: [(identity: String, path: String)] = []
    var hasher = SHA256Hasher()

    init(reader: SourceReader = FileSystemReader()) { self.reader = reader }

    static func load(_ path: String, reader: SourceReader = FileSystemReader()) -> Loaded {
        var loader = SourceLoader(reader: reader)
        loader.visit(Paths.normalize(path), from: nil)
        let fragment = loader.files.first?.header == nil
        let digest = SHA256.hex(loader.hasher.finalize())
        return Loaded(
            files: loader.files, sources: loader.sources, diagnostics: loader.diagnostics,
            isFragment: fragment, fingerprint: "sha256:" + digest)
    }

    mutating func visit(_ path: String, from include: IncludeDecl?) {
        let id = reader.identity(of: path)
        if let at = stack.firstIndex(where: { $0.identity == id }) {
            let cycle = stack[at...].map(\.path) + [path]
            diagnostics.append(
                .error(
                    .includeCycle, "include cycle: \(cycle.joined(separator: " → "))",
                    at: include?.span,
                    hint: "remove one of these includes; shared declarations belong in a fragment that both include"))
            return
        }
        if loaded.contains(id) { return }
        if stack.count >= SourceLoader.maxIncludeDepth {
            diagnostics.append(
                .error(
                    .includeTooDeep, "includes nest more than \(SourceLoader.maxIncludeDepth) files deep",
                    at: include?.span,
                    hint: "include the shared fragments from the top file instead of from each other"))
            return
        }
        loaded.insert(id)
        let text: String
        switch reader.read(path) {
        case .success(let t): text = t
        case .failure(let e):
            if let include {
                diagnostics.append(
                    .error(
                        .includeUnreadable, "cannot include `\(include.path)`: \(path) \(e.message)",
                        at: include.span, hint: "include paths are relative to the including file"))
            } else {
                diagnostics.append(.error(.unreadable, "\(path): \(e.message)", at: nil))
            }
            return
        }
        let file = SourceFile(path: path, text: text)
        sources[path] = file
        hasher.update(file.bytes)
        let (syntax, diags) = Parser.parseRules(file)
        diagnostics += diags
        if include != nil, let header = syntax.header {
            diagnostics.append(
                .error(
                    .includedRuleset, "an included file cannot have its own `ruleset` header", at: header.span,
                    hint: "move the shared declarations into a fragment (a file without a header) and include that"))
        }
        files.append(syntax)
        stack.append((id, path))
        let dir = Paths.directory(of: path)
        for inc in syntax.includes {
            visit(Paths.join(dir, inc.path), from: inc)
        }
        stack.removeLast()
    }
}
