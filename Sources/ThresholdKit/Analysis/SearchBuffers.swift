import Foundation

/// The arrays a counterfactual search (`Search`) fills in, kept from one search to the next so that a search
/// does not make and free a dozen arrays (and the server's default answer runs one per request). A search takes
/// a set from `SearchBuffers.pool` when it starts, resets what it reads (sizes and contents, keeping the
/// capacity), and gives the set back when it ends (`Search.recycle`). What a search finds never depends on
/// what a set held before: every array is reset, or (`aloneMovers`) each entry written, before it is read.
struct SearchBuffers {
    /// Facts some rule reads, unknown ones first (those whose question may apply), then known ones, each in
    /// declaration order.
    var order: [Int] = []
    /// The facts for probing (`Search+Outcomes`): each change is made in place and undone after.
    var work: FactVector = []
    /// Per fact, its candidate values, best first, once asked for (`Search.values`).
    var options: [[FactValue]?] = []
    /// How many candidate values each fact has, once counted (-1: not yet).
    var counts: [Int] = []
    /// What each candidate value of a fact does to the rules that read it, and to the caps, for the first values
    /// asked about (see `ruleEffect`, `capEffect`), in one buffer: per fact, from `effectStart[slot]` (-1: none
    /// yet), two words for each value, the rules' then the caps'; `probed[2 * slot]` and
    /// `probed[2 * slot + 1]` say how many of each are filled in (the caps at least as many as the rules).
    var effects: [UInt64] = []
    var effectStart: [Int] = []
    var probed: [Int] = []
    /// Per fact, once found (bit 63 set): the caps it cannot make hold alone (`Search.stuck`).
    var stuck: [UInt64] = []
    /// The arrays of the last search's `OutcomeParts`, for the next one's.
    var parts = OutcomeParts.Storage()
    /// Per `asked when` condition, whether it is no for this search's facts (`MayApply`).
    var askedNo: [Int8] = []
    /// Facts whose candidates the single-change search did not try, not yet counted in `evaluations`.
    var uncounted: [Int] = []
    /// Per rule, once found (`moverCosts` not -1): the facts that can move it alone (as bits: the pair search
    /// tests them for every pair of facts and every rule that matters; read in place, not copied), and what
    /// finding them costs in evaluations; `moversKnown` once that is counted (where the search before issue 25
    /// first needed them: see `learnMovers`). Reset when the pair search first needs them (`preparePairs`), but
    /// for `aloneMovers`, only sized: a rule's entry is written (`findMovers`) before it is read.
    var moverCosts: [Int] = []
    var moversKnown: [Bool] = []
    var aloneMovers: [FactSet] = []
    /// Per fact, once asked for (bit 63 set when every value is in): what its candidate values give, as bits of
    /// a grid of (the most severe rule that reads it and fires, the lowest cap that reads it and holds)
    /// (`combos`), and of the lowest cap alone (`lows`); see `Search+Pairs.swift`. Reset when the pair search
    /// first needs them.
    var comboBits: [UInt64] = []
    /// Per fact, how many of its values `comboBits` holds (`Search.gives` takes them a value at a time; without
    /// bit 63, `combos` makes them all).
    var comboDone: [Int] = []
    var lowBits: [UInt64] = []
    /// For the pair being tried (`Search.pair`), per value of its second fact (up to 64): the most severe level of
    /// the rules that read it and not the first that fire with that value (-1: none, or the rules do not
    /// matter), and the lowest of such caps that hold (`Int.max`: none). Made at 64 when first needed; written
    /// for a pair's values before they are read.
    var columnBest: [Int] = []
    var columnHeld: [Int] = []
    /// The pair search's bits for a level (`Search.pairs`, `PairFilter`, `PairColumns`): per fact, its position
    /// among the level's facts (-1: none); per position, the rules it moves alone, those that read it, and
    /// whether a cap reads it; per rule and word of positions, the facts that move it alone and those that read
    /// it; per word, the facts a cap reads and those that move some rule alone. Reset per level.
    var position: [Int] = []
    var filterAlone: [UInt64] = []
    var filterRead: [UInt64] = []
    var throughCaps: [Bool] = []
    var columnAlone: [UInt64] = []
    var columnRead: [UInt64] = []
    var columnCaps: [UInt64] = []
    var columnAnyAlone: [UInt64] = []
    /// Per word of the level's facts (by position): those that cannot give the level with a fact that cannot
    /// either (`Search.isHopeless`). Made when the level's first row needs it.
    var unhelpful: [UInt64] = []
    /// Whether a pair of facts can move a rule, keyed by rule and both slots as one number.
    var pairMoves = PairMoveCache()

    /// The sets not in use, for any rule set (a set is resized to the search's facts and rules).
    static let pool = Pool()

    /// `array` as `count` copies of `value`, in the storage it has.
    @inline(__always) static func reset<T>(_ array: inout [T], to value: T, count: Int) {
        if array.count == count {
            array.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
        } else {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(value, count: count))
        }
    }

    /// `facts` into `work`, in its storage when it has their size.
    static func copy(_ facts: FactVector, into work: inout FactVector) {
        guard work.count == facts.count else {
            work = facts
            return
        }
        work.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = facts[i] }
        }
    }

    /// Sets not in use, a few at most (one per thread searching at once is enough).
    ///
    /// `@unchecked Sendable`: its one mutable property, `idle`, is read and written only while `lock` is held,
    /// and a set it hands out is moved out of it (a value, in one search's hands).
    final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var idle: [SearchBuffers] = []
        private let maxIdle = 8

        /// A set no one else is using (empty when none is idle).
        func take() -> SearchBuffers {
            lock.lock()
            defer { lock.unlock() }
            return idle.popLast() ?? SearchBuffers()
        }

        /// Keeps a set for the next search (or lets it go when enough are kept), moved out of `buffers` (left
        /// empty): not copied, which would retain each array, and then release each again.
        func give(_ buffers: inout SearchBuffers) {
            lock.lock()
            defer { lock.unlock() }
            guard idle.count < maxIdle else { return }
            idle.append(SearchBuffers())
            swap(&idle[idle.count - 1], &buffers)
        }
    }
}

/// Whether a pair of facts can move a rule (`Search.pairMove`), keyed by rule and both slots as one number: an
/// open-addressing table whose entries belong to the search that wrote them (`generation`), so that a new search
/// empties it by counting one up, keeping the storage. A memo only: what the search finds never depends on it.
struct PairMoveCache {
    private var keys: [Int] = []
    private var values: [Bool] = []
    private var stamps: [UInt32] = []
    private var generation: UInt32 = 1
    private var count = 0
    private var mask = 0

    /// Forgets every entry (keeps the storage).
    mutating func removeAll() {
        count = 0
        generation &+= 1
        if generation == 0 {
            for i in stamps.indices { stamps[i] = 0 }
            generation = 1
        }
    }

    @inline(__always) private static func start(_ key: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(key: Int) -> Bool? {
        if keys.isEmpty { return nil }
        var i = Self.start(key, mask)
        while stamps[i] == generation {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Adds an entry for a key not in the table.
    mutating func insert(_ key: Int, _ value: Bool) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Self.start(key, mask)
        while stamps[i] == generation { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        stamps[i] = generation
        count += 1
    }

    /// Twice the room (at least 256), the entries of this generation put in again.
    private mutating func grow() {
        let old = (keys: keys, values: values, stamps: stamps)
        let size = max(256, 2 * keys.count)
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: false, count: size)
        stamps = Array(repeating: 0, count: size)
        mask = size - 1
        let live = generation
        generation = 1
        count = 0
        for i in old.keys.indices where old.stamps[i] == live { insert(old.keys[i], old.values[i]) }
    }
}
