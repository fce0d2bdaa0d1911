/// Scenarios read by `ScenarioInput.load`, with their diagnostics and sources.
public struct ScenarioInputLoad: Sendable {
    public var scenarios: [Scenario] = []
    public var diagnostics: [Diagnostic] = []
    public var sources: [String: SourceFile] = [:]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads scenarios to score from `.scenario` and `.json` files, checked against one given rule set.
public enum ScenarioInput {
    public static func load(_ paths: [String], against ruleSet: RuleSet, reader: SourceReader = FileSystemReader())
        -> ScenarioInputLoad
    {
        var out = ScenarioInputLoad()
        for path in paths {
            let text: String
            switch reader.read(path) {
            case .success(let t): text = t
            case .failure(let e):
                out.diagnostics.append(.error(.unreadable, "\(path): \(e.message)", at: nil))
                continue
            }
            if Self.isJSON(path) {
                loadJSON(path, text, ruleSet, &out)
            } else {
                let file = SourceFile(path: path, text: text)
                out.sources[path] = file
                let (syntax, diags) = Parser.parseScenarios(file)
                out.diagnostics += diags
                var compiler = ScenarioCompiler(ruleSet: ruleSet)
                for s in syntax.scenarios { out.scenarios.append(compiler.scenario(s, in: file)) }
                out.diagnostics += compiler.diagnostics
            }
        }
        out.diagnostics = DiagnosticLimit.apply(out.diagnostics)  // as `check` shows them
        return out
    }

    /// A JSON file holds one scenario object, an array of them, or one per line (JSON Lines).
    /// Whether a scenario file is read as JSON (`.json`, `.jsonl`, in any case) rather than scenario text.
    public static func isJSON(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".json") || lower.hasSuffix(".jsonl")
    }

    static func loadJSON(_ path: String, _ text: String, _ ruleSet: RuleSet, _ out: inout ScenarioInputLoad) {
        let decoder = JSONScenarioDecoder(ruleSet: ruleSet)
        var taken = 0
        func take(_ v: JSONValue, line: Int, id: String, item: Int?) {
            taken += 1
            if taken > Limits.scenariosPerFile {
                if taken == Limits.scenariosPerFile + 1 {
                    out.diagnostics.append(
                        .error(
                            .tooManyScenarios,
                            "this file has more than \(Limits.scenariosPerFile) scenarios, the limit",
                            at: SourceSpan(SourceLocation(file: path, line: line, column: 1)),
                            hint: "split the scenarios into several files"))
                }
                return
            }
            switch decoder.decode(v, defaultID: id) {
            case .success(let s): out.scenarios.append(s)
            case .failure(let f):
                out.diagnostics.append(
                    .error(
                        .badJson, (item.map { "item \($0) of the array: " } ?? "") + f.message,
                        at: SourceSpan(SourceLocation(file: path, line: line, column: 1))))
            }
        }
        let base = Paths.directory(of: path).isEmpty ? path : String(path.split(separator: "/").last ?? Substring(path))
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        JSONScenarioDocuments.each(in: text, stem: stem) { document, line, id, item in
            switch document {
            case .success(let v): take(v, line: line, id: id, item: item)
            case .failure(let e):
                out.diagnostics.append(
                    .error(
                        .badJson, "invalid JSON: \(e.message)",
                        at: SourceSpan(SourceLocation(file: path, line: line, column: e.column))))
            }
        }
    }
}
