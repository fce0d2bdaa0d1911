/// What an evaluation told which slots a scenario changed from their defaults (`Evaluator.evaluate(_:changed:)`)
/// may leave at its baseline: each definition, rule and advice (a *unit*: definitions first, then rules, then
/// advice) none of whose facts changed has the value it has over the facts' defaults, so it is not run.
///
/// A unit's facts are the ones it reads directly, through definitions and through scores (a score's items and
/// floors). A unit that reads the outcome (advice such as `outcome is at least red`) is always run.
extension EvaluationProgram {
    /// Per fact slot, the units that read it, as bits (bit u of row f: unit u reads fact f), a row keeping only
    /// its words that are not zero (`slotStart[f]..<slotStart[f + 1]` of `wordIndex` and `wordBits`); and the
    /// units always run, `words` words.
    struct UnitReads {
        var words: Int
        var slotStart: [Int32] = []
        var wordIndex: [Int32] = []
        var wordBits: [UInt64] = []
        var always: [UInt64]
        /// Every slot's row, whole (`words` words a slot), while they are made.
        private var slotUnits: [UInt64]

        init(_ rs: RuleSet) {
            let count = rs.definitions.count + rs.rules.count + rs.advice.count
            words = Swift.max(1, (count + 63) / 64)
            slotUnits = Array(repeating: 0, count: Swift.max(1, rs.facts.count * words))
            always = Array(repeating: 0, count: words)
            var unit = 0
            for d in rs.definitions {
                var reads = NodeReads(rs)
                switch d.body {
                case .condition(let b): reads.walk(b)
                case .number(let n): reads.walk(n)
                }
                add(unit, reads, rs)
                unit += 1
            }
            for r in rs.rules {
                add(unit, NodeReads(r.condition, in: rs), rs)
                unit += 1
            }
            for a in rs.advice {
                add(unit, NodeReads(a.condition, in: rs), rs)
                unit += 1
            }
            for f in 0..<rs.facts.count {
                slotStart.append(Int32(wordIndex.count))
                for k in 0..<words where slotUnits[f * words + k] != 0 {
                    wordIndex.append(Int32(k))
                    wordBits.append(slotUnits[f * words + k])
                }
            }
            slotStart.append(Int32(wordIndex.count))
        }

        private mutating func add(_ unit: Int, _ reads: NodeReads, _ rs: RuleSet) {
            let bit: UInt64 = 1 << UInt64(unit & 63)
            var facts = Set(reads.facts)
            var runAlways = reads.outcome
            for s in reads.scores {
                guard rs.scores.indices.contains(s) else {
                    runAlways = true
                    continue
                }
                facts.formUnion(rs.scores[s].factsRead)
            }
            for f in facts {
                guard f >= 0, f < rs.facts.count else {
                    runAlways = true
                    continue
                }
                slotUnits[f * words + (unit >> 6)] |= bit
            }
            if runAlways { always[unit >> 6] |= bit }
        }
    }

    /// Records each unit's value over the facts' defaults (the machine has run every step over them), for the
    /// units an evaluation leaves at their baseline.
    func recordUnitBaselines(_ machine: ProgramMachine) {
        let state = machine.state
        for d in 0..<definitionCount {
            code.definitionBaseBool[d] = state.definitionBools[d]
            code.definitionBaseNumber[d] = state.definitionNumbers[d]
            code.definitionBaseKnown[d] = state.definitionKnown[d]
        }
        for i in 0..<code.ruleCount { code.ruleBase[i] = machine.child(code.rules[i].condition) }
        for i in 0..<code.adviceCount { code.adviceBase[i] = machine.child(code.advice[i]) }
    }
}

extension ProgramMachine {
    /// Marks the units `changed` reaches (every unit when nil, or when it lists half the facts or more) in
    /// `state.touched`, and gives each definition it does not reach its baseline value, as computed (so
    /// `runAllSteps` and `ensure` leave it).
    func markTouched(_ changed: [Int]?) {
        let words = code.unitWords
        let touched = state.touched
        // With half the facts or more changed (a table, a case filled in), few units keep their baseline, and
        // marking them costs more than it saves: every unit runs.
        guard let changed, 2 * changed.count < code.factCount else {
            touched.update(repeating: ~0, count: words)
            return
        }
        touched.update(from: code.alwaysUnits, count: words)
        let start = code.slotStart
        let index = code.slotWordIndex
        let bits = code.slotWordBits
        changed.withUnsafeBufferPointer { changed in
            for f in changed where f >= 0 && f < code.factCount {
                for k in Int(start[f])..<Int(start[f + 1]) { touched[Int(index[k])] |= bits[k] }
            }
        }
        for d in 0..<code.definitionCount where !isTouched(d) {
            state.definitionBools[d] = code.definitionBaseBool[d]
            state.definitionNumbers[d] = code.definitionBaseNumber[d]
            state.definitionKnown[d] = code.definitionBaseKnown[d]
            state.stepDone[Int(code.definitionStep[d])] = state.evaluation
        }
    }

    /// Whether unit `u` is to be run (see `markTouched`).
    @inline(__always) func isTouched(_ u: Int) -> Bool { state.touched[u >> 6] & (1 << UInt64(u & 63)) != 0 }

    /// Rule `i`'s condition: run, or its baseline when no fact it reads changed.
    @inline(__always) func rule(_ i: Int) -> Tri {
        isTouched(code.definitionCount + i) ? child(code.rules[i].condition) : code.ruleBase[i]
    }

    /// Advice `i`'s condition: run, or its baseline when no fact it reads changed.
    @inline(__always) func advice(_ i: Int) -> Tri {
        isTouched(code.definitionCount + code.ruleCount + i) ? child(code.advice[i]) : code.adviceBase[i]
    }
}
