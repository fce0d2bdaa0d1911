/// A conjunction of literals, as what each variable can still be. Variables are independent here, so a
/// conjunction is satisfiable exactly when every variable keeps some value: contradictions are always
/// between literals on one variable.
struct Constraints {
    let variables: VariableTable
    private(set) var states: [Variable: VariableState] = [:]

    init(_ variables: VariableTable) { self.variables = variables }

    func state(_ v: Variable) -> VariableState { states[v] ?? VariableState(variables.info(v)) }

    /// Assumes a literal; false when its variable is left with no possible value.
    @discardableResult
    mutating func assume(_ l: Literal) -> Bool {
        var s = state(l.atom.variable)
        s.assume(l.atom.test, l.positive)
        states[l.atom.variable] = s
        return !s.isEmpty
    }

    /// The results a condition can have under these assumptions (an over-approximation: correlations between
    /// parts of the condition are forgotten, so "only yes" is certain).
    func evaluate(_ f: Formula) -> TriSet {
        switch f.kind {
        case .constant(let b): return b ? .yes : .no
        case .atom(let a): return state(a.variable).evaluate(a.test)
        case .not(let x): return evaluate(x).negated
        case .and(let xs):
            var acc: TriSet = .yes
            for x in xs {
                acc = acc.combined(with: evaluate(x)) { $0 && $1 }
                if acc == .no { return acc }
            }
            return acc
        case .or(let xs):
            var acc: TriSet = .no
            for x in xs {
                acc = acc.combined(with: evaluate(x)) { $0 || $1 }
                if acc == .yes { return acc }
            }
            return acc
        case .count(let mode, let xs):
            // The possible (yes, unknown) counts, item by item (long lists are not worth it: any result).
            if xs.count > 64 { return .any }
            // A pair (yes, unknown) is the number `yes * width + unknown`; `seen` marks the pairs of the next
            // item's list while it is built (and is cleared again after), so no pair is hashed or boxed.
            let width = xs.count + 1
            var seen = [Bool](repeating: false, count: width * width)
            var counts = [0]
            var next: [Int] = []
            for x in xs {
                let r = evaluate(x)
                next.removeAll(keepingCapacity: true)
                for c in counts {
                    if r.contains(.no), !seen[c] {
                        seen[c] = true
                        next.append(c)
                    }
                    if r.contains(.yes), !seen[c + width] {
                        seen[c + width] = true
                        next.append(c + width)
                    }
                    if r.contains(.unknown), !seen[c + 1] {
                        seen[c + 1] = true
                        next.append(c + 1)
                    }
                }
                for c in next { seen[c] = false }
                swap(&counts, &next)
            }
            var out: TriSet = []
            for c in counts {
                out.insert(TriSet(Evaluator.count(mode, yes: c / width, unknown: c % width, total: xs.count)))
            }
            return out
        }
    }

    /// Whether the formula is yes in every case these assumptions allow.
    func surelyYes(_ f: Formula) -> Bool { evaluate(f) == .yes }
}

/// Why a conjunction of literals can never hold: the fewest of its literals that contradict each other
/// (with the declared type of their variable).
struct Conflict: Sendable {
    var literals: [Literal]
    var variable: Variable
}

extension Constraints {
    /// The first contradiction in a conjunction, or nil when it can hold.
    static func conflict(in conjunction: [Literal], _ variables: VariableTable) -> Conflict? {
        var store = Constraints(variables)
        for (i, l) in conjunction.enumerated() where !store.assume(l) {
            let v = l.atom.variable
            var alone = Constraints(variables)
            if !alone.assume(l) { return Conflict(literals: [l], variable: v) }
            let earlier = conjunction[..<i].filter { $0.atom.variable == v }
            for p in earlier {
                var pair = Constraints(variables)
                pair.assume(p)
                if !pair.assume(l) { return Conflict(literals: [p, l], variable: v) }
            }
            return Conflict(literals: earlier + [l], variable: v)
        }
        return nil
    }
}
