/// Exact decimal arithmetic over numbers that may be ranges (a score's total with unknown items): the node
/// semantics of numbers (see `NodeSemantics`); `ProgramMachine` does the same over its opcodes.
extension NodeSemantics {
    func num(_ node: NumNode) -> NumRange? {
        switch node {
        case .constant(let c): return NumRange(c)
        case .fact(let slot):
            if case .number(let n)? = inputs.readFact(slot) { return NumRange(n) }
            return nil
        case .definition(let i): return inputs.readDefinitionNumber(i)
        case .scoreTotal(let i): return inputs.readScoreRange(i)
        case .domainTotal(let i, let d): return inputs.readDomainRange(score: i, domain: d)
        case .negate(let x):
            guard let v = num(x), let lo = ExactNumber.zero.subtracting(v.hi),
                let hi = ExactNumber.zero.subtracting(v.lo)
            else { return nil }
            return NumRange(lo: lo, hi: hi)
        case .arith(let op, let a, let b):
            guard let x = num(a), let y = num(b) else { return nil }
            return Evaluator.arith(op, x, y)
        case .daysBetween(let a, let b):
            guard let x = time(a), let y = time(b) else { return nil }
            let days = floorDiv(y, CivilDateTime.minutesPerDay) - floorDiv(x, CivilDateTime.minutesPerDay)
            return NumRange(ExactNumber(Int(days)))
        case .yearsBetween(let a, let b):
            guard let x = time(a), let y = time(b) else { return nil }
            let da = CivilDate(daysSinceEpoch: Int32(clamping: floorDiv(x, CivilDateTime.minutesPerDay)))
            let db = CivilDate(daysSinceEpoch: Int32(clamping: floorDiv(y, CivilDateTime.minutesPerDay)))
            return NumRange(ExactNumber(CivilDate.yearsBetween(da, db)))
        }
    }

    @inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { Evaluator.floorDiv(a, b) }
}

extension Evaluator {
    /// Division rounding towards minus infinity (`b` is not 0).
    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Interval arithmetic; nil (unknown) on overflow or division by zero.
    static func arith(_ op: ArithOp, _ x: NumRange, _ y: NumRange) -> NumRange? {
        switch op {
        case .add:
            guard let lo = x.lo.adding(y.lo), let hi = x.hi.adding(y.hi) else { return nil }
            return NumRange(lo: lo, hi: hi)
        case .sub:
            guard let lo = x.lo.subtracting(y.hi), let hi = x.hi.subtracting(y.lo) else { return nil }
            return NumRange(lo: lo, hi: hi)
        case .mul, .div:
            if op == .div, y.lo <= .zero, y.hi >= .zero { return nil }
            var lo = ExactNumber.max
            var hi = ExactNumber.min
            for k in 0..<4 {
                let a = k < 2 ? x.lo : x.hi
                let b = k & 1 == 0 ? y.lo : y.hi
                guard let v = op == .mul ? a.multiplied(by: b) : a.divided(by: b) else { return nil }
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            return NumRange(lo: lo, hi: hi)
        }
    }
}
