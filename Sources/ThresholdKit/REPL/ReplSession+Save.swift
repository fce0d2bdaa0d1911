/// `save FILE ID "title"`: appends the current facts, with the current outcome as expectations, to a
/// `.scenario` file. It never overwrites or corrupts: the whole new text is checked, then written to a
/// temporary file that replaces the old one in one step; on any problem the file is left as it was.
extension ReplSession {
    func saveCommand(_ rest: String) -> String {
        switch save(rest) {
        case .success(let message): return message
        case .failure(let p): return style.problem(p.message, hint: p.hint)
        }
    }

    func save(_ rest: String) -> Result<String, ReplProblem> {
        guard let rs = ruleSet, let rulesPath, let r = currentResult() else {
            return .failure(ReplProblem("no rule set is loaded"))
        }
        let usage = "write `save FILE ID \"title\"`, e.g. `save scenarios/mine.scenario amy_12 \"Amy, 12: neglect\"`"
        let words: [ReplCommandLine.Word]
        switch ReplCommandLine.words(rest) {
        case .failure(let p): return .failure(ReplProblem(p.message, hint: usage))
        case .success(let w): words = w
        }
        guard words.count >= 2 else { return .failure(ReplProblem("`save` needs a file and an id", hint: usage)) }
        let path = words[0].text
        let id = words[1].text
        // A quoted title is the whole title: text after it was taken into it (a review).
        if words.count > 3, words.dropFirst(2).contains(where: \.quoted) {
            return .failure(ReplProblem("the title is one text in double quotes, with nothing after it", hint: usage))
        }
        let title: String? = words.count > 2 ? words.dropFirst(2).map(\.text).joined(separator: " ") : nil
        guard path.hasSuffix(".scenario") else {
            return .failure(
                ReplProblem("`save` writes scenario files: `\(path)` does not end in .scenario", hint: usage))
        }
        guard !words[1].quoted, ScenarioWriter.isValidID(id) else {
            return .failure(
                ReplProblem(
                    "`\(id)` cannot be a scenario id",
                    hint:
                        "an id is a name: a letter or `_`, then letters, digits and `_`, not a reserved word such as `end`"
                ))
        }
        // The file as it is now (empty when new).
        var existing = ""
        if files.exists(path) {
            switch files.read(path) {
            case .success(let t): existing = t
            case .failure(let e): return .failure(ReplProblem("\(path): \(e.message); nothing was written"))
            }
        }
        let (syntax, diagnostics) = Parser.parseScenarios(SourceFile(path: path, text: existing))
        if diagnostics.contains(where: { $0.severity == .error }) {
            return .failure(
                ReplProblem(
                    "\(path) has errors, so nothing was written to it",
                    hint: "run `threshold check \(path)`, or save to another file"))
        }
        var text = existing
        if let rel = syntax.rulesPath {
            let named = Paths.join(Paths.directory(of: path), rel)
            guard files.identity(of: named) == files.identity(of: rulesPath) else {
                return .failure(
                    ReplProblem(
                        "\(path) holds scenarios for another rule set (`rules \"\(rel)\"`), not \(rulesPath); nothing was written",
                        hint: "save to a file for \(rulesPath), or a new file"))
            }
        } else if !syntax.scenarios.isEmpty {
            return .failure(
                ReplProblem(
                    "\(path) has scenarios but no `rules` line; nothing was written",
                    hint: "fix it with `threshold check \(path)`, or save to another file"))
        } else {
            let folder = files.absolute(Paths.directory(of: path).isEmpty ? "." : Paths.directory(of: path))
            let rel = Paths.relative(files.absolute(rulesPath), from: folder)
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += ScenarioWriter.rulesLine(rel)
        }
        let ids = syntax.scenarios.map(\.id.text)
        guard !ids.contains(id) else {
            return .failure(
                ReplProblem("\(path) already has a scenario `\(id)`; nothing was written", hint: "choose another id"))
        }
        if !text.hasSuffix("\n") { text += "\n" }
        text +=
            "\n" + ScenarioWriter(ruleSet: rs).block(id: id, title: title, facts: facts, given: Array(given), result: r)
        if let problem = check(text, path: path, id: id, against: r) { return .failure(problem) }
        if case .failure(let e) = files.replaceAtomically(path, with: text) {
            return .failure(ReplProblem("\(path): \(e.message); nothing was written, the file is as it was"))
        }
        let fired = r.fired.count
        return .success(
            "Saved scenario \(id) to \(path): \(count(given.count, "fact")); expects outcome \(rs.levels[r.outcome].name)"
                + (fired > 0 ? " and \(count(fired, "fired rule"))" : "") + ".\n"
                + style.dim("Run it with `threshold test \(path)`.") + "\n")
    }

    /// Reads the new text back: it must parse, fit the rule set, and give the same outcome and fired rules.
    func check(_ text: String, path: String, id: String, against r: ScoredResult) -> ReplProblem? {
        guard let rs = ruleSet, let scoring else { return ReplProblem("no rule set is loaded") }
        let (syntax, diagnostics) = Parser.parseScenarios(SourceFile(path: path, text: text))
        var compiler = ScenarioCompiler(ruleSet: rs)
        let saved = syntax.scenarios.last.map { compiler.scenario($0) }
        let errors = (diagnostics + compiler.diagnostics).filter { $0.severity == .error }
        guard errors.isEmpty, let saved, saved.id == id else {
            return ReplProblem(
                "the scenario could not be written correctly (\(errors.first?.message ?? "it did not read back")); nothing was written"
            )
        }
        let again = scoring.score(saved)
        guard again.outcome == r.outcome, again.evaluation.fired == r.evaluation.fired else {
            return ReplProblem("the scenario read back gives another result; nothing was written")
        }
        return nil
    }
}
