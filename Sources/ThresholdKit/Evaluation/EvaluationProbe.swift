/// Single rules and caps asked over one fact vector, for an analysis that changes a few facts of an evaluation
/// it already has and asks only what those facts can move (the counterfactual search): where the outcome
/// depends on every rule and cap, a change of one fact can only move the rules and caps that read it.
/// Definitions and scores are computed on first use, each once per probe, as for `outcomeLevel`.
///
/// The probe and its questions are inlined where they are asked: the machine is over 300 bytes, and a question
/// asked through a call copied it whole first.
struct EvaluationProbe {
    private let machine: ProgramMachine

    fileprivate init(_ machine: ProgramMachine) { self.machine = machine }

    /// Rule `r`'s condition.
    @inline(__always) func rule(_ r: Int) -> Tri { machine.child(machine.code.rules[r].condition) }

    /// Whether cap `c` holds (see `CapState`).
    @inline(__always) func capHolds(_ c: Int) -> Bool { machine.capState(c).holds }

    /// Whether cap `c`'s `when` is no.
    @inline(__always) func capWhenNo(_ c: Int) -> Bool { machine.capState(c) == .no }

    /// Whether cap `c` holds or could hold once what is unknown is answered: its `when` is not no and its
    /// `unless` not yes. Kleene logic is monotone, so when it cannot with some facts unknown, no values of them
    /// make it hold.
    @inline(__always) func capMayHold(_ c: Int) -> Bool {
        let s = machine.capState(c)
        return s != .no && s != .released
    }
}

extension Evaluator {
    /// Runs `body` with a probe over `input` (a short vector is read as padded with unknowns). The evaluator
    /// keeps no hold on `input` (the caller may change it in place afterwards); what `condition(_:)` reads is
    /// computed again when next asked.
    @inline(__always) func probing<T>(_ input: FactVector, _ body: (EvaluationProbe) -> T) -> T {
        if input.count < program.factCount {
            return probing(input + Array(repeating: nil, count: program.factCount - input.count), body)
        }
        state.begin()
        state.changedScores = -1
        treeStateStale = true
        return input.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else {
                var none: FactValue? = nil
                return withUnsafePointer(to: &none) { body(probe($0)) }
            }
            return body(probe(base))
        }
    }

    @inline(__always) private func probe(_ facts: UnsafePointer<FactValue?>) -> EvaluationProbe {
        EvaluationProbe(
            ProgramMachine(
                codePointer: program.codePointer, state: state, facts: facts, program: Unmanaged.passUnretained(program)
            ))
    }
}
