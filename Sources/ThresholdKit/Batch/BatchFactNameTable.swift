/// Fact names by the hash of their bytes (open addressing; a bucket keeps the full hash, and names are
/// compared byte for byte). All names sit in one buffer, so a lookup does no reference counting.
///
/// Bounds: `buckets` holds `mask + 1` entries (a power of two at least three times the names, so a probe
/// always meets an empty bucket and ends), and every index is `& mask`. `text` holds every name's bytes;
/// a bucket's `offset + count` is within it (set once, here, from the names copied). A lookup compares
/// `count` bytes only after checking the name given has that same count, and its word loads are at
/// offsets `k` with `k + 8 <= count` (`0` and `count - 8` when `count >= 8`; four-byte loads at `0` and
/// `count - 4` when `4 <= count < 8`).
final class FactNameTable {
    private struct Bucket {
        var hash: UInt64
        var slot: Int32
        var offset: Int32
        var count: Int32
    }

    private let text: UnsafeMutablePointer<UInt8>
    private let buckets: UnsafeMutablePointer<Bucket>
    private let mask: Int
    /// How many names (slots) there are.
    let count: Int
    /// Per slot, where its name is in `text` and how long it is; a count of -1 for a name `takeName` must
    /// not take (one with a byte a plain string cannot hold, or declared twice).
    private let names: UnsafeMutablePointer<(offset: Int32, count: Int32)>

    init(_ factNames: [String]) {
        let names = factNames.map { Array($0.utf8) }
        var size = 16
        while size < names.count * 3 { size *= 2 }
        mask = size - 1
        let total = names.reduce(0) { $0 + $1.count }
        count = names.count
        self.names = .allocate(capacity: Swift.max(1, names.count))
        self.names.initialize(repeating: (0, -1), count: Swift.max(1, names.count))
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(1, total))
        buckets = UnsafeMutablePointer<Bucket>.allocate(capacity: size)
        buckets.initialize(repeating: Bucket(hash: 0, slot: -1, offset: 0, count: 0), count: size)
        var offset = 0
        for (slot, name) in names.enumerated() {
            name.withUnsafeBufferPointer { n in
                if let base = n.baseAddress { (text + offset).initialize(from: base, count: n.count) }
                let h = FactNameTable.hash(n)
                var b = Int(truncatingIfNeeded: h) & mask
                while buckets[b].slot >= 0 {
                    // A name declared twice: the first keeps it.
                    if buckets[b].hash == h && equal(buckets[b], n) { return }
                    b = (b + 1) & mask
                }
                buckets[b] = Bucket(hash: h, slot: Int32(slot), offset: Int32(offset), count: Int32(n.count))
                if n.allSatisfy(ByteReader.isPlain) {
                    self.names[slot] = (Int32(offset), Int32(n.count))
                }
            }
            offset += name.count
        }
    }

    deinit {
        text.deallocate()
        buckets.deallocate()
        names.deallocate()
    }

    /// A quick hash of a name: its length and its first and last eight bytes, mixed (names that differ
    /// only in the middle share a bucket chain and are told apart by comparing bytes).
    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8, let p = bytes.baseAddress {
            // In bounds: n >= 8, so bytes 0..<8 and n-8..<n are the name's.
            let first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            let last = UnsafeRawPointer(p + (n - 8)).loadUnaligned(as: UInt64.self)
            h ^= first
            h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
            h ^= last
        } else {
            for b in bytes { h = (h << 8) | UInt64(b) }
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    @inline(__always) private func equal(_ bucket: Bucket, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = name.count
        guard Int(bucket.count) == n, let p = name.baseAddress else { return n == 0 && bucket.count == 0 }
        return sameBytes(UnsafeRawPointer(text + Int(bucket.offset)), UnsafeRawPointer(p), n)
    }

    /// True when fact `slot`'s name may be taken by `takeName` (it is plain and its own).
    func canTake(_ slot: Int) -> Bool { slot >= 0 && slot < count && names[slot].count >= 0 }

    /// Takes `"name"` (fact `slot`'s name between quotes) when the reader is at exactly that: the key
    /// `ByteReader.plainString` would read and `slot(_:)` would find as `slot`. False, taking nothing, otherwise.
    /// In bounds: `slot < count`; the quotes and the name are read only after `i + n + 2 <= bytes.count`.
    @inline(__always) func takeName(_ slot: Int, _ r: inout ByteReader) -> Bool {
        guard slot < count else { return false }
        let name = names[slot]
        let n = Int(name.count)
        guard n >= 0, let p = r.bytes.baseAddress, r.i + n + 2 <= r.bytes.count, p[r.i] == 0x22, p[r.i + n + 1] == 0x22,
            sameBytes(UnsafeRawPointer(text + Int(name.offset)), UnsafeRawPointer(p + r.i + 1), n)
        else { return false }
        r.i += n + 2
        return true
    }

    /// How many of the facts declared after a key `takeDeclaredAfter` tries.
    static let declaredTries = 4

    /// Takes the name of one of the `declaredTries` facts declared after fact `previous` (from the first fact
    /// when `previous` is `count`, no key yet) when the reader is at exactly that name between quotes, as
    /// `takeName` does; returns its slot, or nil, taking nothing. (Out of line: the guess before it, taken on
    /// most keys, stays small.)
    @inline(never) func takeDeclaredAfter(_ previous: Int, _ r: inout ByteReader) -> Int? {
        let first = previous >= count ? 0 : previous + 1
        for slot in first..<Swift.min(count, first + FactNameTable.declaredTries) where takeName(slot, &r) {
            return slot
        }
        return nil
    }

    func slot(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = FactNameTable.hash(name)
        var b = Int(truncatingIfNeeded: h) & mask
        while true {
            let bucket = buckets[b]
            if bucket.slot < 0 { return nil }
            if bucket.hash == h && equal(bucket, name) { return Int(bucket.slot) }
            b = (b + 1) & mask
        }
    }
}
