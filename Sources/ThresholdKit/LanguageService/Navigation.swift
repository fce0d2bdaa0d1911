/// A place in a file, in the protocol's terms.
struct LSPLocation: Equatable {
    var path: String
    var range: LSPRange
}

extension LanguageService {
    /// The symbol written at a position, with the units its name resolves in.
    func symbol(at path: String, _ position: LSPPosition) -> (occurrence: Occurrence, units: [AnalysisUnit])? {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return nil }
        let (line, column) = lines.location(of: position)
        if p.hasSuffix(".scenario") {
            guard let u = units(for: p).first else { return nil }
            let index = self.index(u, scenarios: [p])
            return index.occurrence(in: p, line: line, column: column).map { ($0, [u]) }
        }
        let us = units(containing: p)
        for u in us {
            if let o = u.index.occurrence(in: p, line: line, column: column) {
                return (o, us.filter { $0.index.declarations[o.key] != nil || $0 === u })
            }
        }
        return nil
    }

    func location(_ span: SourceSpan) -> LSPLocation? {
        guard let l = lines(of: span.start.file) else { return nil }
        return LSPLocation(path: span.start.file, range: l.range(of: span))
    }

    /// Go to definition: where the name at the position is declared.
    func definition(_ path: String, _ position: LSPPosition) -> LSPLocation? {
        guard let (o, units) = symbol(at: path, position) else { return nil }
        if o.key.space == .scenario { return location(o.span) }
        for u in units {
            if let d = u.index.declaration(o.key) { return location(d.span) }
        }
        return nil
    }

    /// Every occurrence of the symbol at the position, across the rule sets' files and the workspace's scenario
    /// files scored against them, in file and line order.
    func references(_ path: String, _ position: LSPPosition, includeDeclaration: Bool = true) -> [LSPLocation] {
        guard let (o, units) = symbol(at: path, position) else { return [] }
        return occurrences(of: o.key, in: units, from: Paths.normalize(path))
            .filter { includeDeclaration || !$0.isDeclaration }
            .compactMap { location($0.span) }
    }

    func occurrences(of key: SymbolKey, in units: [AnalysisUnit], from path: String) -> [Occurrence] {
        if key.space == .scenario {
            guard let s = scenarioSyntax(path) else { return [] }
            var i = SymbolIndex(rules: [])
            i.add(scenarios: s)
            return i.occurrences(of: key)
        }
        var scenarios = scenarioFiles(for: units)
        if path.hasSuffix(".scenario"), !scenarios.contains(path) { scenarios.append(path) }
        var seen = Set<SourceLocation>()
        var out: [Occurrence] = []
        for u in units {
            for o in index(u, scenarios: scenarios).occurrences(of: key) where seen.insert(o.span.start).inserted {
                out.append(o)
            }
        }
        return out.sorted { $0.span.start < $1.span.start }
    }

    /// The range of the name a rename would change, or nil when there is no renameable name there.
    func prepareRename(_ path: String, _ position: LSPPosition) -> LSPRange? {
        guard let (o, _) = symbol(at: path, position) else { return nil }
        return location(o.span)?.range
    }

    enum RenameResult: Equatable {
        case edits([String: [(range: LSPRange, newText: String)]])
        case refused(String)

        static func == (a: RenameResult, b: RenameResult) -> Bool {
            switch (a, b) {
            case (.refused(let x), .refused(let y)): return x == y
            case (.edits(let x), .edits(let y)):
                return x.keys.sorted() == y.keys.sorted()
                    && x.keys.allSatisfy { k in
                        x[k]?.map(\.range) == y[k]?.map(\.range) && x[k]?.map(\.newText) == y[k]?.map(\.newText)
                    }
            default: return false
            }
        }
    }

    /// Renames the symbol at the position everywhere it occurs, scenario files included; refuses a name that is
    /// not an identifier, is reserved, or is already declared in the same namespace.
    func rename(_ path: String, _ position: LSPPosition, to newName: String) -> RenameResult {
        guard let (o, units) = symbol(at: path, position) else { return .refused("there is no name to rename here") }
        guard CodeActions.isIdentifier(newName) else {
            return .refused("`\(newName)` is not a name: use letters, digits and _")
        }
        guard !Keywords.reserved.contains(newName) else { return .refused("`\(newName)` is a reserved word") }
        var newKey = o.key
        if let dot = o.key.name.firstIndex(of: "."), o.key.space == .band || o.key.space == .domain {
            newKey.name = o.key.name[..<dot] + "." + newName
        } else {
            newKey.name = newName
        }
        if newKey == o.key { return .edits([:]) }
        for u in units {
            if let clash = u.index.declaration(newKey) {
                let at = clash.span.start
                return .refused("`\(newName)` is already declared at \(at.file):\(at.line):\(at.column)")
            }
        }
        if o.key.space == .scenario, let s = scenarioSyntax(Paths.normalize(path)),
            s.scenarios.contains(where: { $0.id.text == newName })
        {
            return .refused("scenario `\(newName)` is already declared in this file")
        }
        var edits: [String: [(range: LSPRange, newText: String)]] = [:]
        for occ in occurrences(of: o.key, in: units, from: Paths.normalize(path)) {
            if let l = location(occ.span) { edits[l.path, default: []].append((l.range, newName)) }
        }
        return .edits(edits)
    }
}
