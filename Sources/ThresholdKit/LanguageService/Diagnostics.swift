/// A diagnostic in the protocol's terms: a `check` diagnostic placed in one document.
struct LSPDiagnostic: Equatable {
    var range: LSPRange
    /// 1 error, 2 warning (the protocol's `DiagnosticSeverity`).
    var severity: Int
    var code: String
    /// The message, then the hint as `help: …` on a line of its own.
    var message: String
    var related: [(path: String, range: LSPRange, message: String)]
    /// The fix a code action offers, when the diagnostic carries one.
    var fix: Fix?

    struct Fix: Equatable {
        var title: String
        var range: LSPRange
        var newText: String
    }

    static func == (a: LSPDiagnostic, b: LSPDiagnostic) -> Bool {
        a.range == b.range && a.severity == b.severity && a.code == b.code && a.message == b.message
            && a.fix == b.fix && a.related.count == b.related.count
            && zip(a.related, b.related).allSatisfy {
                $0.path == $1.path && $0.range == $1.range && $0.message == $1.message
            }
    }
}

extension LanguageService {
    /// Every error and warning `check --strict` gives that points into the document at `path` (in its
    /// rule sets, or in its scenario file), in the order `check` lists them.
    func diagnostics(_ path: String) -> [LSPDiagnostic] {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return [] }
        let from = units(for: p)
        if let cached = diagnosticCache[p], cached.units.count == from.count,
            zip(cached.units, from).allSatisfy({ $0 === $1 })
        {
            return cached.diagnostics
        }
        let result = computeDiagnostics(p, lines: lines)
        diagnosticCache[p] = (from, result)
        return result
    }

    /// The diagnostics `check` gives in files that the open documents' rule sets read but the editor has not
    /// opened (an error in an included calendar is shown on the calendar), by path: only files that have some,
    /// each in the order `check` lists them. Kept until the units or the open documents change.
    func unopenedDiagnostics() -> [String: [LSPDiagnostic]] {
        let open = documents.keys.sorted()
        var from: [AnalysisUnit] = []
        for d in open { for u in units(for: d) where !from.contains(where: { $0 === u }) { from.append(u) } }
        if let cached = unopenedCache, cached.open == open, cached.units.count == from.count,
            zip(cached.units, from).allSatisfy({ $0 === $1 })
        {
            return cached.diagnostics
        }
        var found: [String: [Diagnostic]] = [:]
        var seen = Set<Diagnostic>()
        for u in from {
            for d in u.diagnostics {
                guard let file = d.span?.start.file, documents[file] == nil, seen.insert(d).inserted else { continue }
                found[file, default: []].append(d)
            }
        }
        var result: [String: [LSPDiagnostic]] = [:]
        for (file, ds) in found {
            guard let lines = lines(of: file) else { continue }
            result[file] = ds.map { convert($0, lines: lines) }
        }
        unopenedCache = (open, from, result)
        return result
    }

    private func computeDiagnostics(_ p: String, lines: LineIndex) -> [LSPDiagnostic] {
        var found: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        func add(_ d: Diagnostic, top: String) {
            let here = d.span.map { $0.start.file == p } ?? (top == p)
            if here, seen.insert(d).inserted { found.append(d) }
        }
        if p.hasSuffix(".scenario") {
            var cache: [String: RuleSetLoad] = [:]
            if let r = rulesPath(ofScenario: p) {
                let u = unit(r)
                cache[reader.identity(of: r)] = u.load
            }
            let out = ScenarioFileLoader.load(p, reader: reader, ruleSets: &cache)
            for d in out.diagnostics { add(d, top: p) }
        } else {
            for u in units(containing: p) {
                for d in u.diagnostics { add(d, top: u.top) }
            }
        }
        return found.map { convert($0, lines: lines) }
    }

    func convert(_ d: Diagnostic, lines: LineIndex) -> LSPDiagnostic {
        let range =
            d.span.map { lines.range(of: $0) }
            ?? LSPRange(start: LSPPosition(line: 0, character: 0), end: LSPPosition(line: 0, character: 0))
        var message = d.message
        if let hint = d.hint { message += "\nhelp: " + hint }
        var related: [(String, LSPRange, String)] = []
        for n in d.notes {
            if let s = n.span, let l = self.lines(of: s.start.file) {
                related.append((s.start.file, l.range(of: s), n.message))
            } else {
                message += "\nnote: " + n.message
            }
        }
        return LSPDiagnostic(
            range: range, severity: d.severity == .error ? 1 : 2, code: d.code.rawValue, message: message,
            related: related, fix: CodeActions.fix(for: d, range: range, lines: lines))
    }
}
