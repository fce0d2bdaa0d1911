/// A set of numbers bounded below and above (each bound inclusive or strict, or absent), minus a few
/// excluded points. Whole-number variables keep their bounds on whole numbers.
struct Interval: Sendable, Equatable {
    struct Bound: Sendable, Equatable {
        var value: ExactNumber
        var strict: Bool
    }

    var lo: Bound?
    var hi: Bound?
    var excluded: [ExactNumber] = []
    var integer: Bool

    init(lo: ExactNumber?, hi: ExactNumber?, integer: Bool) {
        self.lo = lo.map { Bound(value: $0, strict: false) }
        self.hi = hi.map { Bound(value: $0, strict: false) }
        self.integer = integer
        normalize()
    }

    /// True when no number satisfies every bound.
    var isEmpty: Bool {
        guard let lo, let hi else { return false }
        if lo.value > hi.value { return true }
        if lo.value == hi.value { return lo.strict || hi.strict || excluded.contains(lo.value) }
        return false
    }

    /// The single value the interval allows, if it allows exactly one.
    var point: ExactNumber? {
        guard let lo, let hi, !isEmpty, lo.value == hi.value else { return nil }
        return lo.value
    }

    /// Narrows to the numbers `x` with `x op c`.
    mutating func constrain(_ op: CompareOp, _ c: ExactNumber) {
        switch op {
        case .eq:
            raise(Bound(value: c, strict: false))
            lower(Bound(value: c, strict: false))
        case .ne: if !excluded.contains(c) { excluded.append(c) }
        case .lt: lower(Bound(value: c, strict: true))
        case .le: lower(Bound(value: c, strict: false))
        case .gt: raise(Bound(value: c, strict: true))
        case .ge: raise(Bound(value: c, strict: false))
        }
        normalize()
    }

    func constrained(_ op: CompareOp, _ c: ExactNumber) -> Interval {
        var copy = self
        copy.constrain(op, c)
        return copy
    }

    /// Whether every number in the interval satisfies `x op c`.
    func all(_ op: CompareOp, _ c: ExactNumber) -> Bool {
        if isEmpty { return true }
        switch op {
        case .eq: return point == c
        case .ne: return constrained(.eq, c).isEmpty
        default: return constrained(op.inverse, c).isEmpty
        }
    }

    /// Whether no number in the interval satisfies `x op c`.
    func none(_ op: CompareOp, _ c: ExactNumber) -> Bool { constrained(op, c).isEmpty }

    private mutating func raise(_ b: Bound) {
        guard let lo else {
            lo = b
            return
        }
        if b.value > lo.value || (b.value == lo.value && b.strict) { self.lo = b }
    }

    private mutating func lower(_ b: Bound) {
        guard let hi else {
            hi = b
            return
        }
        if b.value < hi.value || (b.value == hi.value && b.strict) { self.hi = b }
    }

    /// Whole-number intervals: strict bounds become inclusive whole bounds; an excluded end moves inward.
    private mutating func normalize() {
        guard integer else { return }
        if let b = lo {
            var v = b.value.ceiling
            if b.strict, v == b.value { v = v.adding(.one) ?? v }
            lo = Bound(value: v, strict: false)
        }
        if let b = hi {
            var v = b.value.floor
            if b.strict, v == b.value { v = v.subtracting(.one) ?? v }
            hi = Bound(value: v, strict: false)
        }
        // Trim excluded end points (`x != 0` on a count is `x >= 1`).
        var changed = true
        while changed {
            changed = false
            if let b = lo, excluded.contains(b.value), let next = b.value.adding(.one),
                hi.map({ next <= $0.value }) ?? true
            {
                lo = Bound(value: next, strict: false)
                changed = true
            }
            if let b = hi, excluded.contains(b.value), let prev = b.value.subtracting(.one),
                lo.map({ prev >= $0.value }) ?? true
            {
                hi = Bound(value: prev, strict: false)
                changed = true
            }
        }
    }

    /// How the interval reads: "0 to 25", "at least 3", "below 5".
    var description: String {
        switch (lo, hi) {
        case (let l?, let h?) where l.value == h.value && !l.strict && !h.strict: return "\(l.value)"
        case (let l?, let h?): return "\(l.strict ? "above " : "")\(l.value) to \(h.strict ? "below " : "")\(h.value)"
        case (let l?, nil): return l.strict ? "above \(l.value)" : "at least \(l.value)"
        case (nil, let h?): return h.strict ? "below \(h.value)" : "at most \(h.value)"
        case (nil, nil): return "any number"
        }
    }
}

extension ExactNumber {
    /// The largest whole number not above this one (saturating at the ends of the range).
    var floor: ExactNumber {
        let r = units % ExactNumber.scale
        if r == 0 { return self }
        let (v, overflow) = (units - r).subtractingReportingOverflow(units < 0 ? ExactNumber.scale : 0)
        return overflow ? self : ExactNumber(units: v)
    }

    /// The smallest whole number not below this one (saturating at the ends of the range).
    var ceiling: ExactNumber {
        let r = units % ExactNumber.scale
        if r == 0 { return self }
        let (v, overflow) = (units - r).addingReportingOverflow(units > 0 ? ExactNumber.scale : 0)
        return overflow ? self : ExactNumber(units: v)
    }
}
