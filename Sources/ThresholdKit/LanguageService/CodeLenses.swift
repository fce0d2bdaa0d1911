/// A code lens: a line of text above a place (not a command: it only shows).
struct LSPCodeLens: Equatable {
    var range: LSPRange
    var title: String
}

extension LanguageService {
    /// Above each scenario, its result (passed, or failed and why); above each rule, the worked cases it fires
    /// in ("fires in N of M worked cases").
    func codeLenses(_ path: String) -> [LSPCodeLens] {
        let p = Paths.normalize(path)
        guard let lines = lines(of: p) else { return [] }
        if p.hasSuffix(".scenario") {
            let report = TestRunner(reader: reader).run([p])
            guard let syntax = scenarioSyntax(p) else { return [] }
            var byLine: [Int: TestReport.ScenarioResult] = [:]
            for f in report.files { for s in f.scenarios { if let l = s.line { byLine[l] = s } } }
            return syntax.scenarios.compactMap { s in
                let line = s.span.start.line
                guard let r = byLine[line] else { return nil }
                let title =
                    r.failures.isEmpty
                    ? "passed (\(r.expectationCount) expectation\(r.expectationCount == 1 ? "" : "s"))"
                    : "failed: " + r.failures.map(\.message).joined(separator: "; ")
                return LSPCodeLens(range: lines.range(of: s.id.span), title: title)
            }
        }
        var out: [LSPCodeLens] = []
        var seen = Set<String>()
        for u in units(containing: p) where u.load.ruleSet != nil {
            for o in u.index.occurrences where o.isDeclaration && o.key.space == .rule && o.span.start.file == p {
                guard seen.insert(o.key.name).inserted, let f = firings(of: o.key.name, in: p) else { continue }
                out.append(
                    LSPCodeLens(range: lines.range(of: o.span), title: "fires in \(f.fires) of \(f.of) worked cases"))
            }
        }
        return out.sorted { $0.range.start < $1.range.start }
    }
}

extension LanguageService {
    /// How many worked cases a rule declared in `file` fires in, over every rule set that includes the file (a
    /// fragment's rule counts in each), and how many worked cases there are; nil when no rule set compiles.
    func firings(of rule: String, in file: String) -> (fires: Int, of: Int)? {
        var fires = 0
        var of = 0
        var any = false
        for u in units(containing: file) where u.load.ruleSet != nil {
            any = true
            let w = worked(u)
            fires += w.fires[rule] ?? 0
            of += w.count
        }
        return any ? (fires, of) : nil
    }
}
