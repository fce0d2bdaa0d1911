/// Caps a change cannot make hold. A cap holds only when its `when` is yes. When the evaluation found its `when`
/// no, and no `is known` test is in it (`OutcomeParts.shutCaps`), Kleene logic is monotone: answering what is
/// unknown never undoes a no. So a change of facts its `when` does not read leaves it no, and so does a change
/// of a fact with which it is no even while that fact is unknown. Such a cap is left out of the levels a change
/// could reach (`OutcomeParts.reachable`, `pairCanReach`, `mayReach`), which otherwise count every cap that
/// reads a changed fact, even one that reads it only in its `unless`. What is left out could never have given
/// a change; what is tried and counted is as before.
extension Search {
    /// The levels of the caps that read `slot` and could hold with it changed alone.
    @inline(__always) mutating func holdable(_ slot: Int) -> LevelSet {
        if parts.shutCaps == 0 { return parts.reads.capLevels[slot] }
        let stuck = stuck(slot)
        return parts.reads.capLevels(parts.reads.capReadBits[slot] & ~stuck)
    }

    /// The levels of the caps that read `a` or `b` and could hold with both changed. A cap whose `when` reads
    /// both, and that neither leaves no alone, might hold with both: it is kept.
    @inline(__always) mutating func holdable(_ a: Int, _ b: Int) -> LevelSet {
        if parts.shutCaps == 0 { return parts.reads.capLevels[a] | parts.reads.capLevels[b] }
        // What `stuck` finds first, then the tables: held across `stuck` (which may probe), `reads` was
        // retained and released on each call.
        let stuckBoth = stuck(a) & stuck(b)
        let reads = parts.reads
        let shut = stuckBoth & ~(reads.capWhenBits[a] & reads.capWhenBits[b])
        return reads.capLevels((reads.capReadBits[a] | reads.capReadBits[b]) & ~shut)
    }

    /// The caps of `OutcomeParts.shutCaps` that stay shut whatever value `slot` is given alone (bits, as
    /// `CounterfactualReads.capReadBits`): those whose `when` does not read it, and those whose `when` is no with
    /// it unknown (in the evaluation for an unknown fact; one probe for a known one). Found once a search, and
    /// the look-up inlines.
    @inline(__always) mutating func stuck(_ slot: Int) -> UInt64 {
        let found = buffers.stuck[slot]
        return found & Self.stuckFound != 0 ? found & ~Self.stuckFound : findStuck(slot)
    }

    /// `stuck`, the first time (out of line).
    @inline(never) private mutating func findStuck(_ slot: Int) -> UInt64 {
        let shut = parts.shutCaps
        var stuck = shut & ~parts.reads.capWhenBits[slot]
        let asked = shut & parts.reads.capWhenBits[slot]
        if asked != 0 {
            if base[slot] == nil {
                stuck |= asked
            } else {
                stuck |= probing(unknown: slot) { p in
                    var no: UInt64 = 0
                    var bits = asked
                    while bits != 0 {
                        let c = bits.trailingZeroBitCount
                        bits &= bits - 1
                        if p.capWhenNo(c) { no |= 1 << UInt64(c) }
                    }
                    return no
                }
            }
        }
        buffers.stuck[slot] = stuck | Self.stuckFound
        return stuck
    }

    /// Marks an entry of `SearchBuffers.stuck` as found (the caps use bits 0 to 62).
    static let stuckFound: UInt64 = 1 << 63
}
