@testable import ThresholdKit

/// The evaluator's original score algorithm, on the node trees: saturating sums item by item, then bands and
/// floors. Reads definitions and other scores from `ev`'s tree state; `condition` evaluates the items' and
/// floors' conditions (`ev.bool` for a walker whose state is set by hand, `ev.condition` after `evaluate`).
enum ScoreReference {
    static func state(
        _ score: RuleSet.Score, _ ev: Evaluator, condition: (BoolNode) -> Tri
    ) -> Evaluation.ScoreState {
        func saturating(_ a: ExactNumber, _ b: ExactNumber) -> ExactNumber {
            if let s = a.adding(b) { return s }
            return b < .zero ? .min : .max
        }
        var st = Evaluation.ScoreState()
        st.domains = Array(repeating: NumRange(.zero), count: score.domains.count)
        st.domainTotals = Array(repeating: .zero, count: score.domains.count)
        var total = ExactNumber.zero
        var lo = ExactNumber.zero
        var hi = ExactNumber.zero
        for item in score.items {
            var known = ExactNumber.zero
            var low = ExactNumber.zero
            var high = ExactNumber.zero
            switch item.kind {
            case .when(let w, let cond):
                let t = condition(cond)
                st.items.append(t)
                if t == .yes {
                    known = w
                    low = w
                    high = w
                } else if t == .unknown {
                    if w < .zero { low = w } else { high = w }
                }
            case .add(let value, let cap, let bounds):
                if let v = ev.num(value) {
                    st.items.append(.yes)
                    known = cap.map { Swift.min(v.lo, $0) } ?? v.lo
                    low = known
                    high = cap.map { Swift.min(v.hi, $0) } ?? v.hi
                } else {
                    st.items.append(.unknown)
                    low = (bounds.min.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? .min
                    high = (bounds.max.map { m in cap.map { Swift.min(m, $0) } ?? m }) ?? (cap ?? .max)
                }
            }
            total = saturating(total, known)
            lo = saturating(lo, low)
            hi = saturating(hi, high)
            if let d = item.domain {
                st.domainTotals[d] = saturating(st.domainTotals[d], known)
                st.domains[d] = NumRange(lo: saturating(st.domains[d].lo, low), hi: saturating(st.domains[d].hi, high))
            }
        }
        st.total = total
        st.range = NumRange(lo: lo, hi: hi)
        st.bandBeforeFloors = score.bandIndex(for: total)
        st.band = st.bandBeforeFloors
        var minBand = score.bandIndex(for: lo)
        var maxBand = score.bandIndex(for: hi)
        for (f, floor) in score.floors.enumerated() {
            let t = condition(floor.condition)
            st.floors.append(t)
            if t == .yes {
                if floor.band > st.band {
                    st.band = floor.band
                    st.floor = f
                }
                minBand = Swift.max(minBand, floor.band)
                maxBand = Swift.max(maxBand, floor.band)
            } else if t == .unknown {
                maxBand = Swift.max(maxBand, floor.band)
            }
        }
        st.minBand = minBand
        st.maxBand = maxBand
        return st
    }
}
