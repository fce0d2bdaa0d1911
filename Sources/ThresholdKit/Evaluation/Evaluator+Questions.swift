extension Evaluator {
    /// A condition that reads facts only (no definition, score or outcome, as the compiler checks for
    /// `asked when`), evaluated against `input` without running any step. The evaluator keeps no hold on
    /// `input` afterwards, and what it had evaluated before is left as it was. (The node-tree walk: the
    /// explanation and the search ask the flat program, `askedWhen`, which tests check against this.)
    func factCondition(_ node: BoolNode, _ input: FactVector) -> Tri {
        guard input.count >= ruleSet.facts.count else { return .unknown }
        let saved = facts
        facts = input
        let t = bool(node)
        facts = saved
        return t
    }

    /// Whether fact `slot` has an `asked when` (from the flat program's table: no copy of the declaration).
    func hasAskedWhen(fact slot: Int) -> Bool {
        slot >= 0 && slot < program.factCount && program.code.askedWhen[slot] >= 0
    }

    /// Whether score `s` is a tool with an `asked when`.
    func hasAskedWhen(tool s: Int) -> Bool {
        s >= 0 && s < program.scoreCount && program.code.toolAskedWhen[s] >= 0
    }

    /// Fact `slot`'s `asked when` over `input` (yes when it has none), answered by the flat program: as
    /// `AskedWhen.fact`, for one condition (the search asks each once).
    func askedWhen(fact slot: Int, _ input: FactVector) -> Tri {
        guard slot >= 0, slot < program.factCount else { return .yes }
        return askedWhen(program.code.askedWhen[slot], input)
    }

    /// Score `s`'s tool's `asked when` over `input` (yes when it has none), answered by the flat program.
    func askedWhen(tool s: Int, _ input: FactVector) -> Tri {
        guard s >= 0, s < program.scoreCount else { return .yes }
        return askedWhen(program.code.toolAskedWhen[s], input)
    }

    /// The condition at `op` over `input` (yes for -1, none; unknown when `input` lacks a slot for some fact).
    private func askedWhen(_ op: Int32, _ input: FactVector) -> Tri {
        AskedWhen.answer(op, complete: input.count >= program.factCount) { op in
            input.withUnsafeBufferPointer { p in p.baseAddress.map { machine($0).bool(op) } ?? .unknown }
        }
    }

    /// Runs `body` with the `asked when` conditions answered over `input` by the flat program (the same answers
    /// as `factCondition`, without walking the node trees). The evaluator's state is left as it was: these
    /// conditions run no step.
    func withAskedWhen<T>(_ input: UnsafeBufferPointer<FactValue?>, _ body: (AskedWhen) -> T) -> T {
        let (facts, scores) = (program.factCount, program.scoreCount)
        guard input.count >= facts, let base = input.baseAddress else {
            // A machine that is never run (every condition is unknown): it needs a pointer all the same.
            var none: FactValue? = nil
            return withUnsafePointer(to: &none) {
                withUnsafePointer(to: machine($0)) {
                    body(AskedWhen(machine: $0, complete: false, facts: facts, scores: scores))
                }
            }
        }
        return withUnsafePointer(to: machine(base)) {
            body(AskedWhen(machine: $0, complete: true, facts: facts, scores: scores))
        }
    }
}

/// The `asked when` conditions of one fact vector (`Evaluator.withAskedWhen`): yes for a question or tool
/// without one; unknown for each when the vector lacks a slot for some fact (as `Evaluator.factCondition`).
/// The machine is read in place, through a pointer valid for `withAskedWhen`'s body: it holds the program's
/// tables by value, a few hundred bytes a copy (a copy was made per condition asked).
struct AskedWhen {
    fileprivate let machine: UnsafePointer<ProgramMachine>
    /// Whether the vector has a slot for every fact (else the machine is never run).
    fileprivate let complete: Bool
    /// The rule set's numbers of facts and of scores.
    fileprivate let facts: Int
    fileprivate let scores: Int

    /// Fact `f`'s own `asked when`. (Out of line: its callers keep their answers, and stay small.)
    @inline(never) func fact(_ f: Int) -> Tri {
        answer(f >= 0 && f < facts ? machine.pointee.code.askedWhen[f] : -1)
    }

    /// Score `s`'s tool's `asked when`. (Out of line, as `fact`.)
    @inline(never) func tool(_ s: Int) -> Tri {
        answer(s >= 0 && s < scores ? machine.pointee.code.toolAskedWhen[s] : -1)
    }

    /// The condition at `op`, run on this vector's machine.
    @inline(__always) private func answer(_ op: Int32) -> Tri {
        AskedWhen.answer(op, complete: complete) { machine.pointee.bool($0) }
    }

    /// What an `asked when` at `op` answers, for a vector and for one condition alike: yes for none (-1), unknown
    /// when the vector lacks a slot for some fact (nothing is run), else what `run` finds.
    @inline(__always) static func answer(_ op: Int32, complete: Bool, _ run: (Int32) -> Tri) -> Tri {
        if op < 0 { return .yes }
        return complete ? run(op) : .unknown
    }
}
