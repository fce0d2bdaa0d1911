/// `load FILE`, `reload` and `open FILE [ID]`.
extension ReplSession {
    /// `load FILE`: loads a rule set, replacing the current one; the facts start afresh.
    func loadCommand(_ rest: String) -> String {
        guard case .success(let words) = ReplCommandLine.words(rest), words.count == 1, let path = words.first?.text
        else {
            return style.problem("write `load FILE`", hint: "e.g. `load rules/camden-mash.rules`")
        }
        let hadFacts = !given.isEmpty
        switch compile(path) {
        case .failure(let f): return f.message
        case .success(let (rs, warnings)):
            install(rs, path: path)
            facts = rs.defaultFacts()
            given = []
            var out = warnings + "Loaded \(describe(rs)) from \(path).\n"
            if hadFacts { out += "The facts set before were cleared (`reload` keeps them).\n" }
            return out
        }
    }

    /// `reload`: loads the rule set again from disk, keeping the facts that still fit it.
    func reloadCommand(_ rest: String) -> String {
        guard rest.isEmpty else {
            return style.problem("`reload` takes nothing after it", hint: "to load another rule set, write `load FILE`")
        }
        guard let path = rulesPath, let old = ruleSet else { return style.problem("no rule set is loaded") }
        switch compile(path) {
        case .failure(let f):
            return f.message + "The rule set loaded before is still in use, with its facts.\n"
        case .success(let (rs, warnings)):
            var kept: [Int] = []
            var dropped: [String] = []
            var newFacts = rs.defaultFacts()
            for slot in given.sorted() {
                let name = old.facts[slot].name
                let text = old.format(facts[slot], of: slot)
                guard let newSlot = rs.factIndex[name] else {
                    dropped.append("\(name) (no longer a fact)")
                    continue
                }
                switch FactAssignment.value(text, for: newSlot, ruleSet: rs) {
                case .success(let v):
                    newFacts[newSlot] = v
                    kept.append(newSlot)
                case .failure(let f): dropped.append("\(name) = \(text) (\(f.message))")
                }
            }
            let before = currentResult().map { old.levels[$0.outcome].name }
            install(rs, path: path)
            facts = newFacts
            given = Set(kept)
            var out = warnings + "Reloaded \(describe(rs)) from \(path); \(count(kept.count, "fact")) kept.\n"
            if !dropped.isEmpty { out += "Dropped: " + dropped.joined(separator: "; ") + "\n" }
            if let r = currentResult() {
                let now = rs.levels[r.outcome].name
                out += "Outcome: \(outcomeLine(r))" + (before.map { $0 != now ? " (was \($0))" : "" } ?? "") + "\n"
            }
            return out
        }
    }

    /// `open FILE [ID]`: takes the facts of a scenario, checked against the current rule set.
    func openCommand(_ rest: String) -> String {
        guard let rs = ruleSet else { return style.problem("no rule set is loaded") }
        guard case .success(let words) = ReplCommandLine.words(rest), (1...2).contains(words.count) else {
            return style.problem(
                "write `open FILE` or `open FILE ID`",
                hint: "e.g. `open scenarios/camden/islington-jtai-2019.scenario mathew`")
        }
        let path = words[0].text
        let text: String
        switch files.read(path) {
        case .success(let t): text = t
        case .failure(let e): return style.problem("\(path): \(e.message)")
        }
        let file = SourceFile(path: path, text: text)
        let (syntax, parseDiagnostics) = Parser.parseScenarios(file)
        let renderer = DiagnosticRenderer(sources: [path: file], color: style.color, codes: false)
        if parseDiagnostics.contains(where: { $0.severity == .error }) {
            return renderer.render(parseDiagnostics) + "Nothing was opened: fix the file first.\n"
        }
        guard let first = syntax.scenarios.first else { return style.problem("\(path) has no scenarios") }
        var chosen = first
        if words.count == 2 {
            let id = words[1].text
            let ids = syntax.scenarios.map(\.id.text)
            guard let s = syntax.scenarios.first(where: { $0.id.text == id }) else {
                let near = Suggestions.nearest(to: id, in: ids).map { "did you mean `\($0)`? " } ?? ""
                return style.problem(
                    "no scenario `\(id)` in \(path)", hint: near + "its scenarios are: " + ids.joined(separator: ", "))
            }
            chosen = s
        }
        var compiler = ScenarioCompiler(ruleSet: rs)
        let (newFacts, newGiven) = compiler.facts(chosen.given)
        if compiler.diagnostics.contains(where: { $0.severity == .error }) {
            let shown = 5
            let more = compiler.diagnostics.count - shown
            return renderer.render(Array(compiler.diagnostics.prefix(shown)))
                + (more > 0 ? "… and \(more) more like these.\n" : "")
                + "Nothing was opened: the scenario does not fit the loaded rule set; the facts are as they were.\n"
        }
        var out = ""
        if let rel = syntax.rulesPath, let current = rulesPath,
            files.identity(of: Paths.join(Paths.directory(of: path), rel)) != files.identity(of: current)
        {
            out +=
                "note: \(path) is written for \(rel); its facts are checked against the loaded rule set, \(current).\n"
        }
        facts = newFacts
        given = Set(newGiven)
        out +=
            "Opened scenario \(chosen.id.text)" + (chosen.title.map { ": \($0)" } ?? "")
            + " (\(count(newGiven.count, "fact")) given).\n"
        if let r = currentResult() { out += "Outcome: \(outcomeLine(r))\n" }
        return out
    }

    /// Loads and checks a rule set: the rule set and its warnings rendered, or its errors rendered.
    func compile(_ path: String) -> Result<(RuleSet, String), ReplFailure> {
        let out = RuleSetCompiler.load(path, reader: files)
        let renderer = DiagnosticRenderer(sources: out.sources, color: style.color, codes: false)
        guard let rs = out.ruleSet, !out.hasErrors else {
            var message = renderer.render(out.diagnostics.filter { $0.severity == .error })
            if out.isFragment {
                message += style.problem(
                    "\(path) is a fragment (it has no `ruleset` header)", hint: "load the rule set that includes it")
            } else if out.diagnostics.isEmpty {
                message += style.problem("\(path) cannot be loaded")
            } else if out.diagnostics.contains(where: { $0.span != nil }) {
                let n = out.diagnostics.filter { $0.severity == .error }.count
                message += "\(path) has \(count(n, "error")); it was not loaded.\n"
            }
            return .failure(ReplFailure(message))
        }
        return .success((rs, renderer.render(out.diagnostics)))
    }

    func install(_ rs: RuleSet, path: String) {
        ruleSet = rs
        rulesPath = path
        scoring = Scoring(rs)
        interview = nil
    }

    /// `"Camden MASH front door" 2019.1 (38 facts, 5 levels, 26 rules)`.
    func describe(_ rs: RuleSet) -> String {
        var parts = [count(rs.facts.count, "fact"), count(rs.levels.count, "level"), count(rs.rules.count, "rule")]
        if !rs.scores.isEmpty { parts.append(count(rs.scores.count, "score")) }
        if !rs.advice.isEmpty { parts.append("\(rs.advice.count) advice") }
        return "\"\(rs.name)\"" + (rs.version.map { " \($0)" } ?? "") + " (" + parts.joined(separator: ", ") + ")"
    }

    /// "1 fact", "3 facts".
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// A command's failure, already rendered for the user.
struct ReplFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
