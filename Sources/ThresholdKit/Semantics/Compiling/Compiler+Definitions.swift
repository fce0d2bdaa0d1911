/// Definitions, compiled on first use so they may appear in any order; a cycle is reported once, naming it.
extension Compiler {
    func definitionIndex(_ use: Name) -> Int? {
        switch definitionState[use.text] {
        case .done(let i): return i
        case .failed: return nil
        case .visiting:
            reportCycle(at: use)
            return nil
        case nil:
            guard let decl = defineDecls[use.text] else { return nil }
            definitionState[decl.name.text] = .visiting
            compiling.append(decl.name.text)
            let (typed, got) = collectingReads { compile(decl.body, Context(allowOutcome: false)) }
            compiling.removeLast()
            if case .failed = definitionState[decl.name.text] { return nil }
            let body: DefinitionBody
            switch typed {
            case .bool(let b): body = .condition(b)
            case .num(let n): body = .number(n)
            case .invalid:
                definitionState[decl.name.text] = .failed
                return nil
            case .word(let w):
                undeclared(w)
                definitionState[decl.name.text] = .failed
                return nil
            case let other:
                error("bad-definition", "a definition names a yes/no or numeric expression; `\(decl.name.text)` is \(other.phrase)",
                      at: decl.body.span, hint: hintForCondition(other))
                definitionState[decl.name.text] = .failed
                return nil
            }
            let index = definitions.count
            definitions.append(RuleSet.Definition(name: decl.name.text, body: body, span: decl.name.span,
                                                  factsRead: got.facts.sorted()))
            reads.scores.formUnion(got.scores)
            definitionState[decl.name.text] = .done(index)
            steps.append(.definition(index))
            return index
        }
    }

    /// Reports the cycle that `use` closes, marking every member failed so it is reported once.
    func reportCycle(at use: Name) {
        guard let from = compiling.firstIndex(of: use.text) else { return }
        let cycle = Array(compiling[from...]) + [use.text]
        error("definition-cycle", "cycle: \(cycle.map { "`\($0)`" }.joined(separator: " → "))", at: use.span,
              hint: "a definition or score cannot depend on itself; break the cycle")
        for name in compiling[from...] {
            if defineDecls[name] != nil { definitionState[name] = .failed }
            if scoreDecls[name] != nil { scoreState[name] = .failed }
        }
    }
}
