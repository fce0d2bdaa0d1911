import Foundation

/// The arrays a counterfactual search (`Search`) fills in, kept from one search to the next so that a search
/// does not make and free a dozen arrays (and the server's default answer runs one per request). A search takes
/// a set from `SearchBuffers.pool` when it starts, resets what it reads (sizes and contents, keeping the
/// capacity), and gives the set back when it ends (`Search.recycle`). What a search finds never depends on
/// what a set held before: every array is reset before it is read.
struct SearchBuffers {
    var options: [[FactValue]?] = []
    var counts: [Int] = []
    var effects: [UInt64] = []
    var effectStart: [Int] = []
    var probed: [Int] = []
    var uncounted: [Int] = []
    var order: [Int] = []
    var work: FactVector = []
    var moverCosts: [Int] = []
    var moversKnown: [Bool] = []
    var aloneMovers: [FactSet] = []
    var comboBits: [UInt64] = []
    var lowBits: [UInt64] = []
    var pairMoves: [Int: Bool] = [:]

    /// The sets not in use, for any rule set (a set is resized to the search's facts and rules).
    static let pool = Pool()

    /// `array` as `count` copies of `value`, in the storage it has.
    @inline(__always) static func reset<T>(_ array: inout [T], to value: T, count: Int) {
        if array.count == count {
            for i in array.indices { array[i] = value }
        } else {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(value, count: count))
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

        /// Keeps a set for the next search (or lets it go when enough are kept).
        func give(_ buffers: consuming SearchBuffers) {
            lock.lock()
            defer { lock.unlock() }
            if idle.count < maxIdle { idle.append(buffers) }
        }
    }
}
