/// Definitions, compiled on first use so they may appear in any order; a cycle is reported once, naming it.
extension Compiler {
    func definitionIndex(_ use: Name) -> Int? {
        guard let decl = defineDecls[use.text] else { return nil }
        return onDemand(use, state: \.definitionState) {
            let (typed, got) = collectingReads { compile(decl.body, Context(allowOutcome: false)) }
            let body: DefinitionBody
            let site: NodeSite
            if let b = typed.asBool {
                (body, site) = (.condition(b.node), b.site)
            } else if let n = typed.asNumber {
                (body, site) = (.number(n.node), n.site)
            } else {
                reportUnwanted(typed) {
                    error(
                        .badDefinition,
                        "a definition names a yes/no or numeric expression; `\(decl.name.text)` is \($0.phrase)",
                        at: decl.body.span, hint: hintForCondition($0))
                }
                return nil
            }
            reads.scores.formUnion(got.scores)
            definitions.append(
                RuleSet.Definition(
                    name: decl.name.text, body: body, span: decl.name.span, factsRead: got.facts.sorted()))
            sites.definitions.append(site)
            steps.append(.definition(definitions.count - 1))
            return definitions.count - 1
        }
    }

    /// Compiles a definition or score the first time it is used: `compile` returns its index, or nil after
    /// reporting an error. A use while it is being compiled closes a cycle, which is reported once.
    func onDemand(_ use: Name, state: ReferenceWritableKeyPath<Compiler, [String: State]>, compile: () -> Int?) -> Int?
    {
        switch self[keyPath: state][use.text] {
        case .done(let i): return i
        case .failed: return nil
        case .visiting:
            reportCycle(at: use)
            return nil
        case nil:
            // One used before it is written is compiled inside the one that uses it: 2,000 of them in turn, each
            // using the next, overflowed the stack (found by an attack test).
            guard compiling.count < Compiler.nestingLimit else {
                error(
                    .badDefinition,
                    "`\(use.text)` is used through more than \(Compiler.nestingLimit) definitions and scores in turn, "
                        + "each written before the one it uses",
                    at: use.span, hint: "write each definition before the ones that use it")
                self[keyPath: state][use.text] = .failed
                return nil
            }
            self[keyPath: state][use.text] = .visiting
            compiling.append(use.text)
            let index = compile()
            compiling.removeLast()
            if case .failed = self[keyPath: state][use.text] { return nil }  // a cycle through it was reported
            self[keyPath: state][use.text] = index.map { State.done($0) } ?? .failed
            return index
        }
    }

    /// Reports the cycle that `use` closes, marking every member failed so it is reported once.
    func reportCycle(at use: Name) {
        guard let from = compiling.firstIndex(of: use.text) else { return }
        let cycle = Array(compiling[from...]) + [use.text]
        error(
            .definitionCycle, "cycle: \(cycle.map { "`\($0)`" }.joined(separator: " → "))", at: use.span,
            hint: "a definition or score cannot depend on itself; break the cycle")
        for name in compiling[from...] {
            if defineDecls[name] != nil { definitionState[name] = .failed }
            if scoreDecls[name] != nil { scoreState[name] = .failed }
        }
    }
}
