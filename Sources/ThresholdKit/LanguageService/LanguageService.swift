import Foundation

/// The language service behind `threshold lsp`: the documents an editor has open, and what the language knows
/// about them (diagnostics, definitions, references, hover, completion, …), in the protocol's positions. No
/// sockets, no terminal: `LSPServer` speaks the protocol over it, and tests call it directly.
///
/// Rule sets are loaded through an overlay of the open documents, so unsaved edits and includes resolve. A
/// fragment (a file without a `ruleset` header) is checked through the rule sets in the workspace that include
/// it, as `check` checks it; one that no rule set includes is checked for syntax alone.
final class LanguageService {
    private(set) var documents: [String: OpenDocument] = [:]
    /// Folders searched for rule sets and scenario files (the editor's workspace folders).
    var workspaceFolders: [String]
    private var units: [String: AnalysisUnit] = [:]
    private var rootFlags: [String: Bool] = [:]
    private var listing: (rules: [String], scenarios: [String])?
    private var workedCases: [String: RuleFirings] = [:]
    /// Parsed scenario files and the rule set each names, until the file changes (an edit, a save, a file event).
    private var scenarios: [String: (syntax: ScenarioFileSyntax, rulesPath: String?)] = [:]
    /// Each document's diagnostics, with the units they came from (held, so that they are compared by identity):
    /// still good while those units are the current ones.
    var diagnosticCache: [String: (units: [AnalysisUnit], diagnostics: [LSPDiagnostic])] = [:]
    /// The diagnostics of files the open documents' rule sets read but the editor has not opened, with the open
    /// documents and the units they came from (`unopenedDiagnostics`).
    var unopenedCache: (open: [String], units: [AnalysisUnit], diagnostics: [String: [LSPDiagnostic]])?

    init(workspaceFolders: [String] = []) {
        self.workspaceFolders = workspaceFolders.map(Paths.normalize)
    }

    /// When set, files are read from disk only inside these folders (the server's rules editor: the rule
    /// set's folder), so that text sent to it cannot read, or ask about, any other file on the server.
    var confinedTo: [String]?

    var reader: OverlayReader { OverlayReader(overlay: documents.mapValues(\.text), confinedTo: confinedTo) }

    // MARK: Documents

    func open(_ path: String, text: String, version: Int) {
        let p = Paths.normalize(path)
        documents[p] = OpenDocument(path: p, text: text, version: version)
        if let l = listing, !l.rules.contains(p), !l.scenarios.contains(p) { listing = nil }
        invalidate(p)
    }

    /// Applies `didChange` edits in order (a nil range replaces the whole text).
    func change(_ path: String, version: Int, edits: [(range: LSPRange?, text: String)]) {
        let p = Paths.normalize(path)
        guard var doc = documents[p] else { return }
        for e in edits { doc.apply(e.range, e.text) }
        doc.version = version
        documents[p] = doc
        invalidate(p)
    }

    func close(_ path: String) {
        let p = Paths.normalize(path)
        documents[p] = nil
        invalidate(p)
    }

    /// A file changed on disk (saved, or changed by another program).
    func fileChanged(_ path: String) {
        listing = nil
        scenarios = [:]
        diagnosticCache = [:]
        unopenedCache = nil
        invalidate(Paths.normalize(path))
    }

    private func invalidate(_ path: String) {
        rootFlags[path] = nil
        scenarios[path] = nil
        diagnosticCache[path] = nil
        units = units.filter { !$0.value.paths.contains(path) && $0.key != path }
        workedCases = [:]
    }

    func document(_ path: String) -> OpenDocument? { documents[Paths.normalize(path)] }

    /// The text and line index of a file: the open document's, or the file's on disk.
    func lines(of path: String) -> LineIndex? {
        if let d = documents[path] { return d.lines }
        if case .success(let t) = reader.read(path) { return LineIndex(t) }
        return nil
    }

    // MARK: The workspace

    /// The `.rules` and `.scenario` files under the workspace folders (hidden folders and `.build*` skipped), and
    /// the open documents.
    func files() -> (rules: [String], scenarios: [String]) {
        if let listing { return listing }
        var rules = Set<String>()
        var scenarios = Set<String>()
        let fm = FileManager.default
        for folder in workspaceFolders {
            guard
                let e = fm.enumerator(
                    at: URL(fileURLWithPath: folder), includingPropertiesForKeys: nil,
                    options: [.skipsHiddenFiles, .skipsPackageDescendants])
            else { continue }
            var seen = 0
            while let url = e.nextObject() as? URL {
                seen += 1
                if seen > Limits.workspaceFiles { break }
                let name = url.lastPathComponent
                if name.hasPrefix(".build") || name == "node_modules" {
                    e.skipDescendants()
                    continue
                }
                if name.hasSuffix(".rules") { rules.insert(Paths.normalize(url.path)) }
                if name.hasSuffix(".scenario") { scenarios.insert(Paths.normalize(url.path)) }
            }
        }
        for p in documents.keys {
            if p.hasSuffix(".rules") { rules.insert(p) }
            if p.hasSuffix(".scenario") { scenarios.insert(p) }
        }
        let l = (rules.sorted(), scenarios.sorted())
        listing = l
        return l
    }

    /// True when the file starts with a `ruleset` header (its first token).
    func isRuleSet(_ path: String) -> Bool {
        if let f = rootFlags[path] { return f }
        var flag = false
        if case .success(let text) = reader.read(path) {
            var lexer = Lexer(file: SourceFile(path: path, text: text))
            flag = lexer.next().isWord("ruleset")
        }
        rootFlags[path] = flag
        return flag
    }

    /// The loaded, checked and indexed rule set whose top file is `path` (cached until one of its files changes).
    func unit(_ path: String) -> AnalysisUnit {
        if let u = units[path] { return u }
        let u = AnalysisUnit(top: path, reader: reader)
        units[path] = u
        return u
    }

    /// The rule sets a `.rules` file belongs to: itself when it is one; otherwise the workspace's rule sets that
    /// include it, or, when none does, the fragment on its own.
    func units(containing path: String) -> [AnalysisUnit] {
        if isRuleSet(path) { return [unit(path)] }
        let including = files().rules.filter { $0 != path && isRuleSet($0) }.map(unit).filter {
            $0.paths.contains(path)
        }
        return including.isEmpty ? [unit(path)] : including
    }

    /// A scenario file parsed (from the overlay), and the rule set its `rules` line names, resolved.
    func scenario(_ path: String) -> (syntax: ScenarioFileSyntax, rulesPath: String?)? {
        if let s = scenarios[path] { return s }
        guard case .success(let text) = reader.read(path) else { return nil }
        let syntax = Parser.parseScenarios(SourceFile(path: path, text: text)).0
        let s = (syntax, syntax.rulesPath.map { Paths.join(Paths.directory(of: path), $0) })
        scenarios[path] = s
        return s
    }

    /// The rule set a `.scenario` file names on its `rules` line.
    func rulesPath(ofScenario path: String) -> String? { scenario(path)?.rulesPath ?? nil }

    /// The units a document's names resolve in: for a scenario file, its rule set's.
    func units(for path: String) -> [AnalysisUnit] {
        if path.hasSuffix(".scenario") {
            guard let r = rulesPath(ofScenario: path) else { return [] }
            return [unit(r)]
        }
        return units(containing: path)
    }

    /// The parsed scenario file (from the overlay).
    func scenarioSyntax(_ path: String) -> ScenarioFileSyntax? { scenario(path)?.syntax }

    /// The scenario files of the workspace scored against one of `units`.
    func scenarioFiles(for units: [AnalysisUnit]) -> [String] {
        let tops = Set(units.map(\.top))
        return files().scenarios.filter { s in rulesPath(ofScenario: s).map { tops.contains($0) } ?? false }
    }

    /// The index of a unit's rule set with the uses in `scenarios` added.
    func index(_ unit: AnalysisUnit, scenarios: [String]) -> SymbolIndex {
        var index = unit.index
        for s in scenarios {
            if let syntax = scenarioSyntax(s) { index.add(scenarios: syntax) }
        }
        return index
    }

    /// The worked cases (scenarios in the workspace's scenario files) scored against a unit's rule set.
    func worked(_ unit: AnalysisUnit) -> RuleFirings {
        if let w = workedCases[unit.top] { return w }
        let w = RuleFirings(unit: unit, scenarioFiles: scenarioFiles(for: [unit]), reader: reader)
        workedCases[unit.top] = w
        return w
    }
}

/// One rule set (or a lone fragment) loaded through the overlay: its syntax, its check, its lint, its index.
final class AnalysisUnit {
    let top: String
    let loaded: SourceLoader.Loaded
    let load: RuleSetLoad
    /// Every error and warning `check --strict` gives for it (lint warnings when it compiles).
    let diagnostics: [Diagnostic]
    let index: SymbolIndex
    let paths: Set<String>

    init(top: String, reader: SourceReader) {
        self.top = top
        loaded = SourceLoader.load(top, reader: reader)
        load = RuleSetCompiler.compile(loaded)
        var ds = load.diagnostics
        if let rs = load.ruleSet { ds += RuleLinter.lint(rs, sources: load.sources) }
        var seen = Set<Diagnostic>()
        diagnostics = ds.filter { seen.insert($0).inserted }
        index = SymbolIndex(rules: loaded.files)
        paths = Set(loaded.sources.keys).union([top])
    }
}
