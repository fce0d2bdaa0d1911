/// What a node's meaning reads: facts, definitions' values, scores' results and the outcome. Both
/// interpreters provide it: the node-tree walker (`Evaluator`, from its tree state) and the flat program's
/// machine (`ProgramMachine`, from its own state, for a node without an opcode of its own), so each node kind's
/// meaning is written once, in `NodeSemantics`.
protocol NodeInputs {
    func readFact(_ slot: Int) -> FactValue?
    func readDefinitionCondition(_ i: Int) -> Tri
    func readDefinitionNumber(_ i: Int) -> NumRange?
    /// A score's lowest and highest possible band (equal once the score is settled), and the bands between
    /// them that no answer gives (`Evaluation.ScoreState.gaps`).
    func readScoreBands(_ i: Int) -> (min: Int, max: Int, gaps: UInt64)
    func readScoreRange(_ i: Int) -> NumRange
    func readDomainRange(score: Int, domain: Int) -> NumRange
    func readOutcome() -> Int
}

/// The meaning of every node kind: Kleene three-valued evaluation of conditions (and, in
/// `Evaluator+Numbers.swift`, exact decimal interval arithmetic), over what `inputs` reads.
struct NodeSemantics<Inputs: NodeInputs> {
    let inputs: Inputs

    @inline(__always) init(_ inputs: Inputs) { self.inputs = inputs }

    @inline(__always) private func fact(_ slot: Int) -> FactValue? { inputs.readFact(slot) }

    func bool(_ node: BoolNode) -> Tri {
        switch node {
        case .constant(let t): return t
        case .fact(let slot):
            if case .bool(let b)? = fact(slot) { return b ? .yes : .no }
            return .unknown
        case .definition(let i): return inputs.readDefinitionCondition(i)
        case .not(let x): return bool(x).negated
        case .and(let items): return Tri.junction(decidedBy: .no, items.count) { bool(items[$0]) }
        case .or(let items): return Tri.junction(decidedBy: .yes, items.count) { bool(items[$0]) }
        case .compareNum(let op, let a, let b):
            guard let x = num(a), let y = num(b) else { return .unknown }
            return op.test(x, y)
        case .betweenNum(let v, let lo, let hi):
            guard let x = num(v), let l = num(lo), let h = num(hi) else { return .unknown }
            return CompareOp.ge.test(x, l) && CompareOp.le.test(x, h)
        case .compareTime(let op, let a, let b):
            guard let x = time(a), let y = time(b) else { return .unknown }
            return Tri(op.holds(x, y))
        case .compareBool(let equal, let a, let b):
            let x = bool(a)
            let y = bool(b)
            if x == .unknown || y == .unknown { return .unknown }
            return Tri((x == y) == equal)
        case .optionIs(let slot, let value, let equal):
            guard case .option(let v)? = fact(slot) else { return .unknown }
            return Tri((v == value) == equal)
        case .optionIn(let slot, let mask):
            guard case .option(let v)? = fact(slot) else { return .unknown }
            return Tri(v < 64 && mask & (1 << UInt64(v)) != 0)
        case .setHas(let slot, let bit):
            guard case .options(let m)? = fact(slot) else { return .unknown }
            return Tri(m & bit != 0)
        case .setIs(let slot, let mask, let equal):
            guard case .options(let m)? = fact(slot) else { return .unknown }
            return Tri((m == mask) == equal)
        case .textIs(let slot, let s, let equal):
            guard case .text(let t)? = fact(slot) else { return .unknown }
            return Tri((t == s) == equal)
        case .compareLevel(let op, let a, let b):
            guard let x = level(a), let y = level(b) else { return .unknown }
            return Tri(op.holds(x, y))
        case .scoreBand(let i, let test, let band):
            let s = inputs.readScoreBands(i)
            return test.test(band: band, min: s.min, max: s.max, gaps: s.gaps)
        case .isKnown(let slot, let known):
            return Tri((fact(slot) != nil) == known)
        case .isKnownNum(let n, let known):
            return Tri((num(n) != nil) == known)
        case .isKnownBool(let b, let known):
            return Tri((bool(b) != .unknown) == known)
        case .count(let mode, let items):
            var yes = 0
            var unknown = 0
            for item in items {
                switch bool(item) {
                case .yes: yes += 1
                case .unknown: unknown += 1
                case .no: break
                }
            }
            return Evaluator.count(mode, yes: yes, unknown: unknown, total: items.count)
        }
    }

    func level(_ s: LevelSource) -> Int? {
        switch s {
        case .constant(let l): return l
        case .outcome: return inputs.readOutcome()
        case .fact(let slot):
            if case .level(let l)? = fact(slot) { return l }
            return nil
        }
    }

    func time(_ t: TimeNode) -> Int64? {
        switch t {
        case .constant(let m): return m
        case .fact(let slot, _):
            switch fact(slot) {
            case .dateTime(let d)?: return d.minutesSinceEpoch
            case .date(let d)?: return Int64(d.daysSinceEpoch) * CivilDateTime.minutesPerDay
            default: return nil
            }
        }
    }
}

/// The node-tree walker: the node semantics over the evaluator's tree state (`facts`, `definitionBools`,
/// `definitionNumbers`, `scoreStates`, `outcome`), for `condition(_:)`.
extension Evaluator: NodeInputs {
    func bool(_ node: BoolNode) -> Tri { NodeSemantics(self).bool(node) }
    func num(_ node: NumNode) -> NumRange? { NodeSemantics(self).num(node) }

    func readFact(_ slot: Int) -> FactValue? { facts[slot] }
    func readDefinitionCondition(_ i: Int) -> Tri { definitionBools[i] }
    func readDefinitionNumber(_ i: Int) -> NumRange? { definitionNumbers[i] }
    func readScoreBands(_ i: Int) -> (min: Int, max: Int, gaps: UInt64) {
        (scoreStates[i].minBand, scoreStates[i].maxBand, scoreStates[i].gaps)
    }
    func readScoreRange(_ i: Int) -> NumRange { scoreStates[i].range }
    func readDomainRange(score: Int, domain: Int) -> NumRange { scoreStates[score].domains[domain] }
    func readOutcome() -> Int { outcome }

    /// `at least N of`, `at most N of`, `all of`, `any of`, `none of` over counts of yes and unknown items.
    static func count(_ mode: CountMode, yes: Int, unknown: Int, total: Int) -> Tri {
        switch mode {
        case .atLeast(let n):
            if yes >= n { return .yes }
            if yes + unknown < n { return .no }
            return .unknown
        case .atMost(let n):
            if yes + unknown <= n { return .yes }
            if yes > n { return .no }
            return .unknown
        case .all: return count(.atLeast(total), yes: yes, unknown: unknown, total: total)
        case .any: return count(.atLeast(1), yes: yes, unknown: unknown, total: total)
        case .none: return count(.atMost(0), yes: yes, unknown: unknown, total: total)
        }
    }
}
