/// A literal: an atom assumed to evaluate to yes (`positive`) or to no. Under Kleene logic both need the
/// variable to be known (except `is known` tests).
struct Literal: Sendable {
    var atom: Atom
    var positive: Bool
    /// The atom's place, and the place of the literal value it compares with (if any).
    var span: SourceSpan
    var literalSpan: SourceSpan?
    /// True when the text at `span` says the opposite of the atom (`x != v`).
    var textIsNegation = false

    /// Whether the text at `span`, as written, is what this literal assumes.
    var assumesText: Bool { positive != textIsNegation }
}

/// The ways a condition can be yes (or no), as a disjunction of conjunctions of literals. Exact under Kleene
/// logic: `a and b` is yes exactly when both are yes, no when either is no; `not a` is yes when `a` is no;
/// `at least N of` is yes when N items are yes, no when more than `count - N` items are no.
/// Expansion is capped: nil means "too many cases to say", and the analysis then stays silent.
struct SatisfyingCases {
    typealias Conjunction = [Literal]
    /// At most this many conjunctions, and literals per conjunction.
    var limit = 256
    var width = 128

    func yes(_ f: Formula) -> [Conjunction]? { cases(f, true) }
    func no(_ f: Formula) -> [Conjunction]? { cases(f, false) }

    private func cases(_ f: Formula, _ want: Bool) -> [Conjunction]? {
        switch f.kind {
        case .constant(let b): return b == want ? [[]] : []
        case .atom(let a):
            return [
                [
                    Literal(
                        atom: a, positive: want, span: f.span, literalSpan: f.literalSpan,
                        textIsNegation: f.textIsNegation)
                ]
            ]
        case .not(let x): return cases(x, !want)
        case .and(let xs): return want ? all(xs, true) : any(xs, false)
        case .or(let xs): return want ? any(xs, true) : all(xs, false)
        case .count(let mode, let xs):
            let n = xs.count
            switch mode {
            case .atLeast(let k): return want ? atLeast(k, of: xs, true) : atLeast(n - k + 1, of: xs, false)
            case .atMost(let k): return want ? atLeast(n - k, of: xs, false) : atLeast(k + 1, of: xs, true)
            case .all: return want ? all(xs, true) : any(xs, false)
            case .any: return want ? any(xs, true) : all(xs, false)
            case .none: return want ? all(xs, false) : any(xs, true)
            }
        }
    }

    /// Every item has the wanted result: the product of their cases.
    private func all(_ xs: [Formula], _ want: Bool) -> [Conjunction]? {
        var acc: [Conjunction] = [[]]
        for x in xs {
            guard let c = cases(x, want) else { return nil }
            guard let p = product(acc, c) else { return nil }
            acc = p
            if acc.isEmpty { return [] }
        }
        return acc
    }

    /// Some item has the wanted result: the union of their cases.
    private func any(_ xs: [Formula], _ want: Bool) -> [Conjunction]? {
        var acc: [Conjunction] = []
        for x in xs {
            guard let c = cases(x, want) else { return nil }
            acc += c
            if acc.count > limit { return nil }
        }
        return acc
    }

    /// At least `k` of the items have the wanted result.
    private func atLeast(_ k: Int, of xs: [Formula], _ want: Bool) -> [Conjunction]? {
        if k <= 0 { return [[]] }
        if k > xs.count { return [] }
        guard SatisfyingCases.binomial(xs.count, k, cap: limit) <= limit else { return nil }
        var acc: [Conjunction] = []
        for subset in SatisfyingCases.subsets(of: xs.count, size: k) {
            guard let c = all(subset.map { xs[$0] }, want) else { return nil }
            acc += c
            if acc.count > limit { return nil }
        }
        return acc
    }

    private func product(_ a: [Conjunction], _ b: [Conjunction]) -> [Conjunction]? {
        if a.count * b.count > limit { return nil }
        var out: [Conjunction] = []
        out.reserveCapacity(a.count * b.count)
        for x in a {
            for y in b {
                if x.count + y.count > width { return nil }
                out.append(x + y)
            }
        }
        return out
    }

    /// n choose k, stopping once it passes `cap`.
    static func binomial(_ n: Int, _ k: Int, cap: Int) -> Int {
        guard k >= 0, k <= n else { return 0 }
        let k = min(k, n - k)
        var r = 1
        for i in 0..<k {
            r = r * (n - i) / (i + 1)
            if r > cap { return cap + 1 }
        }
        return r
    }

    /// The index sets of size `k` from `0..<n`, in lexicographic order.
    static func subsets(of n: Int, size k: Int) -> [[Int]] {
        guard k > 0, k <= n else { return k == 0 ? [[]] : [] }
        var out: [[Int]] = []
        var current = Array(0..<k)
        while true {
            out.append(current)
            var i = k - 1
            while i >= 0 && current[i] == n - k + i { i -= 1 }
            if i < 0 { return out }
            current[i] += 1
            for j in (i + 1)..<k { current[j] = current[j - 1] + 1 }
        }
    }
}
