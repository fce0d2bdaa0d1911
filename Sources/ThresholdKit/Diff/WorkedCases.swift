/// Worked cases in a diff: each scenario of a `.scenario` or JSON file is checked and scored under both
/// versions (its `rules` line is not followed: the two versions are the ones being compared), and its
/// expectations are checked under the new one. A fact only the other version declares is left out for
/// the version that lacks it; an expectation that names something the new version lacks fails there.
enum WorkedCases {
    static func scenarios(_ path: String, _ text: String, _ run: DiffRun) {
        let file = SourceFile(path: path, text: text)
        let (syntax, diagnostics) = Parser.parseScenarios(file)
        for d in diagnostics where d.severity == .error { run.fail(failure(d, path, nil)) }
        let oldExplainer = Explainer(run.old)
        let newExplainer = Explainer(run.new)
        let oldChecker = ExpectationChecker(run.old)
        let newChecker = ExpectationChecker(run.new)
        for s in syntax.scenarios {
            var oc = ScenarioCompiler(ruleSet: run.old)
            var nc = ScenarioCompiler(ruleSet: run.new)
            let (oldFacts, _) = oc.facts(given(s, run.old, other: run.new))
            let (newFacts, _) = nc.facts(given(s, run.new, other: run.old))
            let oldErrors = oc.diagnostics.filter { $0.severity == .error }
            let newErrors = nc.diagnostics.filter { $0.severity == .error }
            for d in oldErrors { run.fail(failure(d, path, .old)) }
            for d in newErrors { run.fail(failure(d, path, .new)) }
            guard oldErrors.isEmpty, newErrors.isEmpty else { continue }
            // The slots it gives under old (the new version's missing facts among them are counted).
            let oldGiven = s.given.compactMap { run.old.factIndex[$0.name.text] }
            let (x, y) = run.addWorked(
                old: Scenario(id: s.id.text, facts: oldFacts, given: oldGiven),
                new: Scenario(id: s.id.text, facts: newFacts),
                file: path)
            guard !s.expectations.isEmpty else { continue }
            let oldResult = oldExplainer.explain(x, scenarioID: s.id.text)
            let newResult = newExplainer.explain(y, scenarioID: s.id.text)
            for e in s.expectations {
                let written = file.text(of: e.span)
                let before = nc.diagnostics.count
                let oe = oc.expectation(e)
                let ne = nc.expectation(e)
                let passedOld = oe.map { oldChecker.passes($0, oldResult) } ?? false
                let message: String
                if let ne {
                    let check = newChecker.check(
                        LocatedExpectation(expectation: ne, span: e.span, text: written), against: newResult)
                    if check.passed { continue }
                    message = check.message
                } else {
                    message =
                        nc.diagnostics.dropFirst(before).first.map(\.message) ?? "cannot be read under the new version"
                }
                run.expectationFails(
                    .init(
                        scenario: s.id.text, file: path, line: e.span.start.line, expectation: written,
                        passedUnderOld: passedOld, message: message))
            }
        }
    }

    /// The facts the scenario gives that this version declares, or that neither does (those are errors).
    static func given(_ s: ScenarioSyntax, _ rs: RuleSet, other: RuleSet) -> [GivenFact] {
        s.given.filter { rs.factIndex[$0.name.text] != nil || other.factIndex[$0.name.text] == nil }
    }

    /// A JSON file holds one scenario object, an array of them, or one per line.
    static func json(_ path: String, _ text: String, _ run: DiffRun) {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        let oldDecoder = DiffScenarioDecoder(run.old, other: run.new)
        let newDecoder = DiffScenarioDecoder(run.new, other: run.old)
        let oldExplainer = Explainer(run.old)
        let newExplainer = Explainer(run.new)
        let oldChecker = ExpectationChecker(run.old)
        let newChecker = ExpectationChecker(run.new)
        func take(_ v: JSONValue, line: Int, id: String) {
            let (a, _) = oldDecoder.decode(v, defaultID: id)
            let (b, problem) = newDecoder.decode(v, defaultID: id)
            let x: Scenario
            let y: Scenario
            switch a {
            case .success(let s): x = s
            case .failure(let f):
                run.fail(DiffFailure(line: line, version: .old, message: f.message, file: path))
                return
            }
            switch b {
            case .success(let s): y = s
            case .failure(let f):
                run.fail(DiffFailure(line: line, version: .new, message: f.message, file: path))
                return
            }
            let (ex, ey) = run.addWorked(old: x, new: y, file: path)
            if let problem {
                run.expectationFails(
                    .init(
                        scenario: x.id, file: path, line: line, expectation: "expect", passedUnderOld: true,
                        message: problem))
            }
            guard !y.expectations.isEmpty else { return }
            let oldResult = oldExplainer.explain(ex, scenarioID: x.id)
            let newResult = newExplainer.explain(ey, scenarioID: y.id)
            for (i, e) in y.expectations.enumerated() {
                let check = newChecker.check(e, against: newResult)
                if check.passed { continue }
                let same = x.expectations.indices.contains(i) ? x.expectations[i] : nil
                let passedOld = same.map { oldChecker.passes($0.expectation, oldResult) } ?? false
                run.expectationFails(
                    .init(
                        scenario: y.id, file: path, line: line, expectation: e.text, passedUnderOld: passedOld,
                        message: check.message))
            }
        }
        JSONScenarioDocuments.each(in: text, stem: stem) { document, line, id, _ in
            switch document {
            case .success(let v): take(v, line: line, id: id)
            case .failure(let error):
                run.fail(
                    DiffFailure(
                        line: line, version: nil, message: "invalid JSON at column \(error.column): \(error.message)",
                        file: path))
            }
        }
    }

    static func failure(_ d: Diagnostic, _ path: String, _ version: DiffFailure.Version?) -> DiffFailure {
        DiffFailure(line: d.span?.start.line, version: version, message: d.message, file: path)
    }
}
