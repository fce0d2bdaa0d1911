/// Exact decimal arithmetic over numbers that may be ranges (a score's total with unknown items).
extension Evaluator {
    func num(_ node: NumNode) -> NumRange? {
        switch node {
        case .constant(let c): return NumRange(c)
        case .fact(let slot):
            if case .number(let n)? = facts[slot] { return NumRange(n) }
            return nil
        case .definition(let i): return definitionNumbers[i]
        case .scoreTotal(let i): return scoreStates[i].range
        case .domainTotal(let i, let d): return scoreStates[i].domains[d]
        case .negate(let x):
            guard let v = num(x), let lo = ExactNumber.zero.subtracting(v.hi), let hi = ExactNumber.zero.subtracting(v.lo) else { return nil }
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

    @inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
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
            var lo: ExactNumber?, hi: ExactNumber?
            for a in [x.lo, x.hi] {
                for b in [y.lo, y.hi] {
                    guard let v = op == .mul ? a.multiplied(by: b) : a.divided(by: b) else { return nil }
                    lo = lo.map { Swift.min($0, v) } ?? v
                    hi = hi.map { Swift.max($0, v) } ?? v
                }
            }
            guard let lo, let hi else { return nil }
            return NumRange(lo: lo, hi: hi)
        }
    }

    /// Adds, saturating at the ends (an unbounded item keeps the range open).
    @inline(__always) static func saturating(_ a: ExactNumber, _ b: ExactNumber) -> ExactNumber {
        if let s = a.adding(b) { return s }
        return b < .zero ? .min : .max
    }

    func evaluateScore(_ i: Int) {
        let score = ruleSet.scores[i]
        var st = scoreStates[i]
        var total = ExactNumber.zero, lo = ExactNumber.zero, hi = ExactNumber.zero
        for d in st.domains.indices { st.domains[d] = NumRange(.zero); st.domainTotals[d] = .zero }
        for (k, item) in score.items.enumerated() {
            var known = ExactNumber.zero, low = ExactNumber.zero, high = ExactNumber.zero
            switch item.kind {
            case .when(let w, let cond):
                let t = bool(cond)
                st.items[k] = t
                if t == .yes { known = w; low = w; high = w }
                else if t == .unknown { if w < .zero { low = w } else { high = w } }
            case .add(let value, let cap, let bounds):
                if let v = num(value) {
                    st.items[k] = .yes
                    known = cap.map { Swift.min(v.lo, $0) } ?? v.lo
                    low = known
                    high = cap.map { Swift.min(v.hi, $0) } ?? v.hi
                } else {
                    st.items[k] = .unknown
                    low = (bounds.min.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? .min
                    high = (bounds.max.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? (cap ?? .max)
                }
            }
            total = Evaluator.saturating(total, known)
            lo = Evaluator.saturating(lo, low)
            hi = Evaluator.saturating(hi, high)
            if let d = item.domain {
                st.domainTotals[d] = Evaluator.saturating(st.domainTotals[d], known)
                st.domains[d] = NumRange(lo: Evaluator.saturating(st.domains[d].lo, low), hi: Evaluator.saturating(st.domains[d].hi, high))
            }
        }
        st.total = total
        st.range = NumRange(lo: lo, hi: hi)
        st.bandBeforeFloors = score.bandIndex(for: total)
        st.band = st.bandBeforeFloors
        st.floor = nil
        // Floors read the score's own items only through facts, so evaluate them after the total.
        scoreStates[i] = st
        var minBand = score.bandIndex(for: lo), maxBand = score.bandIndex(for: hi)
        for (f, floor) in score.floors.enumerated() {
            let t = bool(floor.condition)
            st.floors[f] = t
            if t == .yes {
                if floor.band > st.band { st.band = floor.band; st.floor = f }
                minBand = Swift.max(minBand, floor.band)
                maxBand = Swift.max(maxBand, floor.band)
            } else if t == .unknown {
                maxBand = Swift.max(maxBand, floor.band)
            }
        }
        st.minBand = minBand
        st.maxBand = maxBand
        scoreStates[i] = st
    }
}
