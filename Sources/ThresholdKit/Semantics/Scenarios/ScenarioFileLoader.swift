/// What loading a `.scenario` file gives: its rule set, checked scenarios, diagnostics and sources.
struct ScenarioFileLoad: Sendable {
    var path: String
    var rulesPath: String?
    var ruleSet: RuleSet?
    var scenarios: [Scenario]
    var diagnostics: [Diagnostic]
    var sources: [String: SourceFile]
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads a `.scenario` file: parses it, loads the rule set its `rules` line names, and checks each scenario.
public enum ScenarioFileLoader {
    /// The rule set a `.scenario` file names on its `rules` line, resolved against the file's folder; nil
    /// when it names none.
    public static func rulesPath(of path: String, text: String) -> String? {
        let (syntax, _) = Parser.parseScenarios(SourceFile(path: path, text: text))
        return syntax.rulesPath.map { Paths.join(Paths.directory(of: path), $0) }
    }

    /// `ruleSets` caches rule sets by path so a suite loads each distinct rule set once.
    static func load(
        _ path: String, reader: SourceReader = FileSystemReader(),
        ruleSets: inout [String: RuleSetLoad]
    ) -> ScenarioFileLoad {
        var out = ScenarioFileLoad(
            path: path, rulesPath: nil, ruleSet: nil, scenarios: [], diagnostics: [], sources: [:])
        let text: String
        switch reader.read(path) {
        case .success(let t): text = t
        case .failure(let e):
            out.diagnostics.append(.error(.unreadable, "\(path): \(e.message)", at: nil))
            return out
        }
        let file = SourceFile(path: path, text: text)
        out.sources[path] = file
        let (syntax, parseDiagnostics) = Parser.parseScenarios(file)
        out.diagnostics += parseDiagnostics
        guard let rel = syntax.rulesPath, let rulesSpan = syntax.rulesSpan else {
            out.diagnostics.append(
                .error(
                    .noRules, "the scenario file does not name its rule set",
                    at: SourceSpan(SourceLocation(file: path, line: 1, column: 1)),
                    hint: "start the file with `rules \"../rules/NAME.rules\"` (relative to this file)"))
            return out
        }
        let rulesPath = Paths.join(Paths.directory(of: path), rel)
        out.rulesPath = rulesPath
        let key = reader.identity(of: rulesPath)
        let loaded = ruleSets[key] ?? RuleSetCompiler.load(rulesPath, reader: reader)
        let firstLoad = ruleSets[key] == nil
        ruleSets[key] = loaded
        out.sources.merge(loaded.sources) { a, _ in a }
        guard let ruleSet = loaded.ruleSet else {
            if loaded.sources[rulesPath] == nil,
                let unread = loaded.diagnostics.first(where: { $0.code == .unreadable && $0.span == nil })
            {
                // The rule set's own file could not be read (most often: no such file): said here, at the
                // `rules` line, not as "it has errors" followed by an error with no place.
                out.diagnostics.append(
                    .error(
                        .rulesUnusable, "cannot score against `\(rel)`: \(unread.message)", at: rulesSpan,
                        hint: "the `rules` path is relative to this scenario file"))
                return out
            }
            let why = loaded.isFragment ? "it is a fragment (it has no `ruleset` header)" : "it has errors"
            out.diagnostics.append(
                .error(
                    .rulesUnusable, "cannot score against `\(rel)`: \(why)", at: rulesSpan,
                    hint: loaded.isFragment
                        ? "name a rule set file, one that starts with `ruleset`"
                        : "fix the rule set's errors, listed with this one"))
            if firstLoad { out.diagnostics += loaded.diagnostics.filter { $0.severity == .error } }
            return out
        }
        out.ruleSet = ruleSet
        var compiler = ScenarioCompiler(ruleSet: ruleSet)
        var ids: [String: SourceSpan] = [:]
        for s in syntax.scenarios {
            if let first = ids[s.id.text] {
                out.diagnostics.append(
                    .error(
                        .duplicateScenario, "scenario `\(s.id.text)` is declared twice in this file", at: s.id.span,
                        notes: [DiagnosticNote("first declared here", at: first)]))
                continue
            }
            ids[s.id.text] = s.id.span
            out.scenarios.append(compiler.scenario(s, in: file))
        }
        out.diagnostics += compiler.diagnostics
        return out
    }
}
