/// `check` over many files: loads each rule set and scenario file once, collects every diagnostic once.
public enum FileSetChecker {
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        public var sources: [String: SourceFile]
        /// The rule sets that loaded without errors, by path.
        var ruleSets: [String: RuleSet]
    }

    /// `lint` adds analysis warnings for each compiled rule set (see `RuleLinter`).
    ///
    /// ```swift
    /// let paths = ["rules/mash.rules", "scenarios/child.scenario"]
    /// let report = FileSetChecker.check(paths, lint: RuleLinter.lint)
    /// let errors = report.diagnostics.filter { $0.severity == .error }
    /// print(DiagnosticJSONRenderer().render(files: paths, diagnostics: report.diagnostics))
    /// ```
    public static func check(
        _ paths: [String], reader: SourceReader = FileSystemReader(),
        lint: ((RuleSet, [String: SourceFile]) -> [Diagnostic])? = nil
    ) -> Report {
        var diagnostics: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        var sources: [String: SourceFile] = [:]
        var ruleSets: [String: RuleSet] = [:]
        var cache: [String: RuleSetLoad] = [:]
        func add(_ ds: [Diagnostic]) {
            for d in ds where !seen.contains(d) {
                seen.insert(d)
                diagnostics.append(d)
            }
        }
        for path in paths {
            if path.hasSuffix(".scenario") {
                let out = ScenarioFileLoader.load(path, reader: reader, ruleSets: &cache)
                sources.merge(out.sources) { a, _ in a }
                add(out.diagnostics)
            } else {
                let key = reader.identity(of: path)
                let out = cache[key] ?? RuleSetCompiler.load(path, reader: reader)
                cache[key] = out
                sources.merge(out.sources) { a, _ in a }
                add(out.diagnostics)
                if let rs = out.ruleSet {
                    ruleSets[path] = rs
                    if let lint { add(lint(rs, out.sources)) }
                }
            }
        }
        return Report(diagnostics: diagnostics, sources: sources, ruleSets: ruleSets)
    }
}
