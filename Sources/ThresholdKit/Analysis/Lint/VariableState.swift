/// The results a condition can have over a set of fact values: a subset of {no, unknown, yes}.
struct TriSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let no = TriSet(rawValue: 1)
    static let unknown = TriSet(rawValue: 2)
    static let yes = TriSet(rawValue: 4)
    static let any: TriSet = [.no, .unknown, .yes]

    init(rawValue: UInt8) { self.rawValue = rawValue }
    init(_ t: Tri) { self = t == .yes ? .yes : (t == .no ? .no : .unknown) }

    var members: [Tri] { [Tri.no, .unknown, .yes].filter { contains(TriSet($0)) } }

    /// Every result of `f(a, b)` for `a` in self and `b` in other (the analysis forgets how they are related).
    /// Walks the three values in place: no array is made (this is the linter's innermost loop).
    func combined(with other: TriSet, _ f: (Tri, Tri) -> Tri) -> TriSet {
        var out: TriSet = []
        for a in TriSet.all where contains(TriSet(a)) {
            for b in TriSet.all where other.contains(TriSet(b)) { out.insert(TriSet(f(a, b))) }
        }
        return out
    }

    /// The three values, in the order `members` gives them.
    private static let all: [Tri] = [.no, .unknown, .yes]

    /// The results of `not` over these results.
    var negated: TriSet {
        var out: TriSet = []
        if contains(.yes) { out.insert(.no) }
        if contains(.no) { out.insert(.yes) }
        if contains(.unknown) { out.insert(.unknown) }
        return out
    }
}

/// What one variable can be, given the literals assumed so far: unknown (if still allowed), or a known value
/// in `values`.
struct VariableState: Sendable {
    enum Values: Sendable {
        case bool(yes: Bool, no: Bool)
        case number(Interval)
        case option(Set<Int>)
        /// A `some of` set: the values it must hold, the values it may hold, sets it is known not to be.
        case options(must: UInt64, may: UInt64, not: [UInt64])
        case text(equals: String?, excluded: Set<String>, contradiction: Bool)
    }

    var mayBeKnown = true
    var mayBeUnknown: Bool
    var values: Values

    init(_ info: VariableInfo) {
        mayBeUnknown = info.canBeUnknown
        switch info.kind {
        case .bool: values = .bool(yes: true, no: true)
        case .number(let lo, let hi, let integer): values = .number(Interval(lo: lo, hi: hi, integer: integer))
        case .option(let n): values = .option(Set(0..<max(0, n)))
        case .options(let n):
            values = .options(must: 0, may: n >= 64 ? .max : (UInt64(1) << UInt64(max(0, n))) - 1, not: [])
        case .text: values = .text(equals: nil, excluded: [], contradiction: false)
        }
    }

    /// True when no known value is left.
    var valuesEmpty: Bool {
        switch values {
        case .bool(let y, let n): return !y && !n
        case .number(let i): return i.isEmpty
        case .option(let s): return s.isEmpty
        case .options(let must, let may, let not): return must & ~may != 0 || (must == may && not.contains(must))
        case .text(let eq, let excluded, let contradiction):
            return contradiction || eq.map { excluded.contains($0) } ?? false
        }
    }

    /// True when the variable can have no value at all, known or unknown: the assumptions contradict.
    var isEmpty: Bool { !mayBeUnknown && (!mayBeKnown || valuesEmpty) }

    /// Assumes that `test` evaluates to `result` (yes or no).
    mutating func assume(_ test: Test, _ result: Bool) {
        if test == .isKnown {
            if result { mayBeUnknown = false } else { mayBeKnown = false }
            return
        }
        mayBeUnknown = false
        switch (test, values) {
        case (.isTrue, .bool(let y, let n)):
            values = .bool(yes: y && result, no: n && !result)
        case (.compare(let op, let c), .number(var i)):
            i.constrain(result ? op : op.inverse, c)
            values = .number(i)
        case (.oneOf(let s), .option(let allowed)):
            values = .option(result ? allowed.intersection(s) : allowed.subtracting(s))
        case (.has(let v), .options(var must, var may, let not)):
            guard v < 64 else { break }
            if result { must |= 1 << UInt64(v) } else { may &= ~(1 << UInt64(v)) }
            values = .options(must: must, may: may, not: not)
        case (.setEquals(let m), .options(var must, var may, var not)):
            if result {
                must |= m
                may &= m
            } else {
                not.append(m)
            }
            values = .options(must: must, may: may, not: not)
        case (.textEquals(let s), .text(var eq, var excluded, var contradiction)):
            if result {
                if let e = eq, e != s { contradiction = true }
                eq = s
            } else {
                excluded.insert(s)
            }
            values = .text(equals: eq, excluded: excluded, contradiction: contradiction)
        default:
            break
        }
    }

    /// The results `test` can have for the values still allowed.
    func evaluate(_ test: Test) -> TriSet {
        let known = mayBeKnown && !valuesEmpty
        if test == .isKnown {
            var out: TriSet = []
            if known { out.insert(.yes) }
            if mayBeUnknown { out.insert(.no) }
            return out
        }
        var out: TriSet = mayBeUnknown ? .unknown : []
        guard known else { return out }
        switch (test, values) {
        case (.isTrue, .bool(let y, let n)):
            if y { out.insert(.yes) }
            if n { out.insert(.no) }
        case (.compare(let op, let c), .number(let i)):
            if i.all(op, c) { out.insert(.yes) } else if i.none(op, c) { out.insert(.no) } else { out.formUnion(.any) }
        case (.oneOf(let s), .option(let allowed)):
            if allowed.isSubset(of: s) {
                out.insert(.yes)
            } else if allowed.isDisjoint(with: s) {
                out.insert(.no)
            } else {
                out.formUnion([.yes, .no])
            }
        case (.has(let v), .options(let must, let may, _)) where v < 64:
            let bit: UInt64 = 1 << UInt64(v)
            if must & bit != 0 {
                out.insert(.yes)
            } else if may & bit == 0 {
                out.insert(.no)
            } else {
                out.formUnion([.yes, .no])
            }
        case (.setEquals(let m), .options(let must, let may, let not)):
            if must == m && may == m {
                out.insert(.yes)
            } else if must & ~m != 0 || m & ~may != 0 || not.contains(m) {
                out.insert(.no)
            } else {
                out.formUnion([.yes, .no])
            }
        case (.textEquals(let s), .text(let eq, let excluded, _)):
            if eq == s {
                out.insert(.yes)
            } else if eq != nil || excluded.contains(s) {
                out.insert(.no)
            } else {
                out.formUnion([.yes, .no])
            }
        default:
            out.formUnion(.any)
        }
        return out
    }
}
