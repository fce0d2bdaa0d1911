/// The score objects a renderer last wrote, with the states they were written from (see
/// `JSONResultRenderer.write(_:to:memo:)`). It belongs to the renderer: `threshold batch` keeps one per thread and
/// hands it to the renderer with each result.
struct ScoreJSONMemo {
    /// The rule set the objects are of (a memo met with another rule set starts again).
    private var ruleSet: RuleSet?
    /// Per score, where its key starts in `keys`: total, range, bands, floor and domain totals, as whole
    /// units (`keyStart[i + 1] - keyStart[i]` values).
    private var keyStart: [Int] = [0]
    private var keys: [Int64] = []
    /// Per score, whether a key and an object are kept.
    private var kept: [Bool] = []
    /// Per score, the object written for its key, from its member name (`"cce":{…}`).
    private var objects: [[UInt8]] = []
    /// How many score objects were copied (for tests and curiosity).
    private(set) var copies = 0

    init() {}

    /// Forgets everything kept unless it is of `ruleSet`.
    mutating func use(_ ruleSet: RuleSet) {
        guard self.ruleSet !== ruleSet else { return }
        self.ruleSet = ruleSet
        keyStart = ruleSet.scores.reduce(into: [0]) { starts, score in
            starts.append(starts[starts.count - 1] + 10 + score.domains.count)
        }
        keys = Array(repeating: 0, count: keyStart[keyStart.count - 1])
        kept = Array(repeating: false, count: ruleSet.scores.count)
        objects = Array(repeating: [], count: ruleSet.scores.count)
    }

    /// Writes score `i`'s object when `states[i]` is the state it was last written from; false otherwise.
    /// (States are read in place: a copy would retain their arrays.)
    /// Bounds: `i < kept.count` (one per score of the memo's rule set) and `fits` (`i < states.count`, and the
    /// state's key as long as the one kept) are checked first, so `k[first + n]` stays in score `i`'s keys.
    mutating func copy(
        _ i: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ shown: ShownScore,
        _ w: inout JSONByteSink
    ) -> Bool {
        guard i < kept.count, kept[i], ScoreJSONMemo.fits(states, i, keyStart[i + 1] - keyStart[i]) else {
            return false
        }
        let first = keyStart[i]
        let same = keys.withUnsafeBufferPointer { k in
            var same = true
            ScoreJSONMemo.key(states, i, shown) { n, v in if k[first + n] != v { same = false } }
            return same
        }
        guard same else { return false }
        objects[i].withUnsafeBufferPointer { w.fragment(encoded: $0) }
        copies += 1
        return true
    }

    /// Keeps `object` as score `i`'s object for `states[i]`.
    mutating func keep(
        _ i: Int, _ states: UnsafeBufferPointer<Evaluation.ScoreState>, _ shown: ShownScore,
        _ object: UnsafeBufferPointer<UInt8>
    ) {
        guard i < kept.count, ScoreJSONMemo.fits(states, i, keyStart[i + 1] - keyStart[i]) else { return }
        let first = keyStart[i]
        keys.withUnsafeMutableBufferPointer { k in ScoreJSONMemo.key(states, i, shown) { n, v in k[first + n] = v } }
        objects[i].removeAll(keepingCapacity: true)
        objects[i].append(contentsOf: object)
        kept[i] = true
    }

    /// True when score `i`'s state has the key length the memo keeps for it.
    @inline(__always) private static func fits(_ s: UnsafeBufferPointer<Evaluation.ScoreState>, _ i: Int, _ length: Int)
        -> Bool
    {
        i < s.count && 10 + s[i].domainTotals.count == length
    }

    /// Everything the score object shows, in order: `put(n, value)` for the key's n-th value.
    @inline(__always) private static func key(
        _ s: UnsafeBufferPointer<Evaluation.ScoreState>, _ i: Int, _ shown: ShownScore,
        _ put: (Int, Int64) -> Void
    ) {
        put(0, s[i].total.units)
        put(1, s[i].range.lo.units)
        put(2, s[i].range.hi.units)
        put(3, Int64(shown.band))
        put(4, Int64(bitPattern: shown.couldReach))
        put(5, Int64(s[i].floor ?? -1))
        put(6, Int64(s[i].bandBeforeFloors))
        // The status follows from the answers but for a tool not for this child's age: keep it as well.
        put(7, Int64(shown.answered) << 1 | (shown.status == .notApplicable ? 1 : 0))
        put(8, Int64(s[i].band))
        put(9, Int64(s[i].maxBand))
        s[i].domainTotals.withUnsafeBufferPointer { d in for k in 0..<d.count { put(10 + k, d[k].units) } }
    }
}
